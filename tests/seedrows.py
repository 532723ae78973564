"""The seed, loaded once per worker and copied into each test that asks for it.

``load_seed`` runs the record loader over the seed file: about a tenth of a second, and some
three hundred tests start from it. So each worker runs it once, in a transaction it rolls back,
keeping the rows it wrote; the ``seeded`` fixture then inserts those rows as they were, one
statement per table, inside the test's own transaction (rolled back after the test, as any).

The rows are copied column by column, below the ORM: no ``save()``, no signals, no
modeltranslation rewriting of field names. A reference to a row the seed did not write (a
``SeedRecord``'s content type) is kept by its natural key and looked up again at each copy: a
transactional test empties the database, and the content types made again after it have other
keys. PostgreSQL's sequences are moved past the copied keys, so a record a test creates next gets
a key of its own.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


@dataclass(frozen=True)
class TableRows:
    model: type[models.Model]
    fields: tuple[models.Field, ...]
    # Each row's values; a reference to a row the load did not write is its natural key.
    rows: tuple[tuple, ...]


def _outside_references(model, written: set) -> dict[int, type[models.Model]]:
    """Column positions of ``model`` that refer to rows of a model the load did not write and
    that has natural keys (content types), with that model."""
    return {
        position: field.related_model
        for position, field in enumerate(model._meta.concrete_fields)
        if field.is_relation
        and field.related_model not in written
        and hasattr(field.related_model._default_manager, "get_by_natural_key")
    }


def _tables() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _keys(model) -> set:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - names from the models
        return {row[0] for row in cursor.fetchall()}


def _read(model, keys: set) -> tuple[tuple, ...]:
    fields = tuple(model._meta.concrete_fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    position = [f.column for f in fields].index(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 - names from the models
        return tuple(row for row in cursor.fetchall() if row[position] not in keys)


def _swap(rows, references: dict[int, type[models.Model]], *, to_natural: bool) -> tuple:
    """``rows`` with each outside reference turned into its natural key, or back into a key."""
    if not references:
        return tuple(rows)
    swapped = []
    for row in rows:
        row = list(row)
        for position, model in references.items():
            if row[position] is None:
                continue
            manager = model._default_manager
            row[position] = (
                manager.get(pk=row[position]).natural_key()
                if to_natural
                else manager.get_by_natural_key(*row[position]).pk
            )
        swapped.append(tuple(row))
    return tuple(swapped)


def rows_written_by(load) -> list[TableRows]:
    """The rows ``load()`` adds to any table, read in a transaction that is then rolled back."""
    with transaction.atomic():
        before = {model: _keys(model) for model in _tables()}
        load()
        rows = {model: _read(model, keys) for model, keys in before.items()}
        written = {model for model, found in rows.items() if found}
        tables = [
            TableRows(
                model,
                tuple(model._meta.concrete_fields),
                _swap(rows[model], _outside_references(model, written), to_natural=True),
            )
            for model in rows
            if model in written
        ]
        transaction.set_rollback(True)
    return tables


def insert(tables: list[TableRows]) -> None:
    """Write the rows back as they were read, in one transaction (a savepoint inside a test's):
    foreign keys are checked at its commit, so the order of the tables does not matter, in a
    transactional test too."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            names = ", ".join(connection.ops.quote_name(f.column) for f in table.fields)
            marks = ", ".join(["%s"] * len(table.fields))
            # JSON read back as a Python value needs the driver's adapter; read as its text
            # (SQLite), it goes back as it came, like every other column.
            adapt = [isinstance(f, models.JSONField) for f in table.fields]
            written = {t.model for t in tables}
            references = _outside_references(table.model, written)
            rows = [
                [
                    f.get_db_prep_save(v, connection)
                    if json and not isinstance(v, str | None)
                    else v
                    for f, v, json in zip(table.fields, row, adapt, strict=True)
                ]
                for row in _swap(table.rows, references, to_natural=False)
            ]
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table.model._meta.db_table)} "  # noqa: S608
                f"({names}) VALUES ({marks})",
                rows,
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            cursor.execute(statement)
