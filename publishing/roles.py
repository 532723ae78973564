"""The secretariat's roles, as Django groups with exactly the permissions each needs.

- Secretariat viewers: see everything in the back office, change nothing.
- Secretariat editors: create and change content, delete drafts; cannot publish, unpublish or
  delete published records, and cannot touch user accounts.
- Secretariat publishers: editors who may also publish, unpublish and delete.

``ensure_roles`` creates the groups and sets their permissions to exactly these, so running it
again after a new model or permission brings them up to date. It runs after every ``migrate``
(a ``post_migrate`` receiver) and as the ``ensure_roles`` command.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from core.contributions import content_models

VIEWERS = "Secretariat viewers"
EDITORS = "Secretariat editors"
PUBLISHERS = "Secretariat publishers"


def _permissions(actions: tuple[str, ...]) -> list[Permission]:
    wanted = []
    for model in content_models():
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            codename = get_permission_codename(action, model._meta)
            permission = Permission.objects.filter(
                content_type=content_type, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
    return wanted


def role_permissions() -> dict[str, list[Permission]]:
    return {
        VIEWERS: _permissions(("view",)),
        EDITORS: _permissions(("view", "add", "change", "delete")),
        PUBLISHERS: _permissions(("view", "add", "change", "delete", "publish")),
    }


def ensure_roles() -> dict[str, int]:
    """Create the three groups and give each exactly its permissions; returns the counts."""
    counts = {}
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    # Once, after the last app with models has migrated and every permission exists.
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if with_models and sender is with_models[-1]:
        ensure_roles()
