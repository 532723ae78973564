"""Migrations that move what existing databases hold to where the code now keeps it.

Moving a model from one app to another without losing a row: the new app's first migration
declares the model, then takes over the old app's table (renamed, with its rows, keys and
constraints) where a database has one, or creates it where it does not (a new database). The
old content type is renamed with it, so permissions, groups, admin log entries and generic
relations keep pointing at the same rows.

Used by the migrations that moved the review workflow's records out of the former ``site`` app
(``publishing``, ``backoffice``) and ``SeedRecord`` out of ``org`` (``records``); and, for
``org`` and ``programmes`` 0014, the publish permissions' names given by ``Publishable.Meta``."""

from django.db import migrations

from core.permissions import permission_name


def adopt_table(*, app_label: str, model_name: str, old_app_label: str, old_table: str):
    """A ``RunPython`` operation: rename ``old_table`` to the model's own table if it exists,
    else create the table; then rename the model's old content type to the new app."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        tables = schema_editor.connection.introspection.table_names()
        if old_table in tables:
            schema_editor.alter_db_table(model, old_table, model._meta.db_table)
        elif model._meta.db_table not in tables:
            schema_editor.create_model(model)
        move_content_type(apps, schema_editor, model._meta.model_name, old_app_label, app_label)

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        schema_editor.alter_db_table(model, model._meta.db_table, old_table)
        move_content_type(apps, schema_editor, model._meta.model_name, app_label, old_app_label)

    return migrations.RunPython(forwards, backwards)


def drop_table_if_present(table: str):
    """A ``RunPython`` operation: drop a table left behind by a model that moved away, in a
    database whose new table was created rather than adopted."""

    def forwards(apps, schema_editor):
        if table in schema_editor.connection.introspection.table_names():
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def move_content_type(apps, schema_editor, model_name: str, from_label: str, to_label: str) -> None:
    """Rename a model's content type to its new app, keeping its id (and so its permissions,
    their grants and every row that points at it). A content type already under the new label
    was made by a ``migrate`` run in between (``post_migrate`` creates one for each model it
    sees), with nothing granted or pointing at it yet: it gives way to the one being moved."""
    content_type = apps.get_model("contenttypes", "ContentType")
    moving = content_type.objects.filter(app_label=from_label, model=model_name).first()
    if moving is None:
        return
    made = content_type.objects.filter(app_label=to_label, model=model_name).first()
    if made is not None:
        # Plain statements, not the ORM's delete(): its cascade would read every table the
        # migration state names, one of which (the moved model's old table) is gone.
        permission = apps.get_model("auth", "Permission")._meta.db_table
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {permission} WHERE content_type_id = %s", [made.pk])  # noqa: S608
            cursor.execute(f"DELETE FROM {content_type._meta.db_table} WHERE id = %s", [made.pk])  # noqa: S608
    moving.app_label = to_label
    moving.save(update_fields=["app_label"])


def name_publish_permissions(app_label: str):
    """A ``RunPython`` function: name the app's existing ``publish_<model>`` rows as Django
    names the ones it makes now (``Publishable.Meta.default_permissions``).

    The codenames stay, so the rows and the groups holding them are kept (Django only adds the
    permissions that are missing); only the names, written by hand until now, would differ from
    a new database's ("Can publish staff role")."""

    def forwards(apps, schema_editor):
        permission = apps.get_model("auth", "Permission")
        db = schema_editor.connection.alias
        for model in apps.get_app_config(app_label).get_models():
            opts = model._meta
            if "publish" not in opts.default_permissions:
                continue
            label, codename = permission_name("publish", model).split(".")
            permission.objects.using(db).filter(
                content_type__app_label=label,
                content_type__model=opts.model_name,
                codename=codename,
            ).update(name=f"Can publish {opts.verbose_name_raw}")

    return forwards
