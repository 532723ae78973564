"""Every publishable model has its ``publish_<model>`` permission from one place,
``Publishable.Meta``; the migrations that moved it there keep the rows (and the groups and people
holding them) that existing databases have."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from core.publication import Publishable

pytestmark = pytest.mark.django_db

PUBLISHABLE = sorted(
    (model for model in apps.get_models() if issubclass(model, Publishable)),
    key=lambda model: model._meta.label,
)
MOVED_IN = "0014_publish_permission_from_publishable"


def label(model) -> str:
    return model._meta.label


def test_the_apps_have_publishable_models():
    assert len(PUBLISHABLE) >= 11


@pytest.mark.parametrize("model", PUBLISHABLE, ids=label)
def test_every_publishable_model_has_a_publish_permission(model):
    opts = model._meta
    assert opts.default_permissions == ("add", "change", "delete", "view", "publish")
    assert not opts.permissions, "the publish permission comes from Publishable.Meta"
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model),
        codename=f"publish_{opts.model_name}",
    )
    assert permission.name == f"Can publish {opts.verbose_name_raw}"


@pytest.mark.parametrize("app_label", ["org", "programmes"])
def test_the_migration_keeps_each_publish_permission_and_gives_it_the_new_name(app_label):
    migration = importlib.import_module(f"{app_label}.migrations.{MOVED_IN}")
    model = next(m for m in PUBLISHABLE if m._meta.app_label == app_label)
    permission = Permission.objects.get(codename=f"publish_{model._meta.model_name}")
    Permission.objects.filter(pk=permission.pk).update(name="Can publish, as named by hand")
    group = Group.objects.create(name="Publishers of an existing database")
    group.permissions.add(permission)

    operation = migration.Migration.operations[-1]
    operation.code(apps, SimpleNamespace(connection=connection))

    kept = Permission.objects.get(pk=permission.pk)
    assert kept.name == f"Can publish {model._meta.verbose_name_raw}"
    assert list(group.permissions.all()) == [kept]
