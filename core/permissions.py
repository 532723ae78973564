"""Who may do what to a kind of record, named once: Django's permission for an action on a model
(``get_permission_codename``: ``org.publish_division``), asked of a person or used to find the
people who hold it. Each content model declares its ``publish_<model>`` permission
(``core/publication.py``); the secretariat's roles hand them out (``publishing/roles.py``)."""

from django.contrib.auth import get_permission_codename, get_user_model
from django.db import models

# Whose permissions a query reads: the database's (django-axes's backend, before it, holds none).
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def permission_name(action: str, model: type[models.Model] | models.Model) -> str:
    """``<app_label>.<codename>`` of ``action`` (view, add, change, delete, publish) on ``model``,
    as ``user.has_perm`` takes it."""
    opts = model._meta
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def may(user, action: str, model: type[models.Model] | models.Model) -> bool:
    return user.has_perm(permission_name(action, model))


def may_publish(user, model: type[models.Model] | models.Model) -> bool:
    """Whether ``user`` publishes, unpublishes and deletes published records of ``model``, and
    reviews their Lao."""
    return may(user, "publish", model)


def publishers(model: type[models.Model]) -> models.QuerySet:
    """The active people who may publish ``model``'s records (superusers among them)."""
    return get_user_model().objects.with_perm(
        permission_name("publish", model), backend=PERMISSIONS_BACKEND
    )
