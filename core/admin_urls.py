"""The back office's address of a record or of a model's page, built once from Django's own
naming of admin URLs (``admin_urlname``: ``admin:<app_label>_<model_name>_<view>``)."""

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse


def admin_url(model: type[models.Model] | models.Model, view: str, *args) -> str:
    """The address of ``view`` (changelist, add, change, history, simple_history, or one a model
    admin adds, like deleted) for ``model``; ``args`` are the keys in the address."""
    return reverse(admin_urlname(model._meta, view), args=[quote(arg) for arg in args])


def change_url(obj: models.Model) -> str:
    """The record's page in the back office."""
    return admin_url(obj, "change", obj.pk)
