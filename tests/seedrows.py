"""The seed, loaded once per worker and copied into each test that asks for it.

``load_seed`` runs the record loader over the seed file: about a tenth of a second, and some
three hundred tests start from it. So each worker runs it once, in a transaction it rolls back,
keeping the rows it wrote; the ``seeded`` fixture then inserts those rows as they were, one
statement per table, inside the test's own transaction (rolled back after the test, as any).

The rows are copied column by column, below the ORM: no ``save()``, no signals, no
modeltranslation rewriting of field names. PostgreSQL's sequences are moved past the copied keys,
so a record a test creates next gets a key of its own.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


@dataclass(frozen=True)
class TableRows:
    model: type[models.Model]
    fields: tuple[models.Field, ...]
    rows: tuple[tuple, ...]


def _tables() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _keys(model) -> set:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - names from the models
        return {row[0] for row in cursor.fetchall()}


def _read(model, keys: set) -> TableRows:
    fields = tuple(model._meta.concrete_fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 - names from the models
        position = [f.column for f in fields].index(pk)
        rows = tuple(row for row in cursor.fetchall() if row[position] not in keys)
    return TableRows(model, fields, rows)


def rows_written_by(load) -> list[TableRows]:
    """The rows ``load()`` adds to any table, read in a transaction that is then rolled back."""
    with transaction.atomic():
        before = {model: _keys(model) for model in _tables()}
        load()
        written = [_read(model, keys) for model, keys in before.items()]
        transaction.set_rollback(True)
    return [table for table in written if table.rows]


def insert(tables: list[TableRows]) -> None:
    """Write the rows back as they were read (foreign keys are checked at commit, so the order
    of the tables does not matter)."""
    with connection.cursor() as cursor:
        for table in tables:
            names = ", ".join(connection.ops.quote_name(f.column) for f in table.fields)
            marks = ", ".join(["%s"] * len(table.fields))
            # JSON read back as a Python value needs the driver's adapter; read as its text
            # (SQLite), it goes back as it came, like every other column.
            adapt = [isinstance(f, models.JSONField) for f in table.fields]
            rows = [
                [
                    f.get_db_prep_save(v, connection)
                    if json and not isinstance(v, str | None)
                    else v
                    for f, v, json in zip(table.fields, row, adapt, strict=True)
                ]
                for row in table.rows
            ]
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table.model._meta.db_table)} "  # noqa: S608
                f"({names}) VALUES ({marks})",
                rows,
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            cursor.execute(statement)
