"""Models that moved between apps keep their rows: the review workflow's records (from the
former ``site`` app to ``publishing`` and ``backoffice``) and ``SeedRecord`` (from ``org`` to
``records``). Each new app's first migration takes over the old table where a database has it
(``core/migration_moves.py``); here each is undone back to the old layout and applied again,
with rows, content types, permissions and groups checked on both sides."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from backoffice.models import SessionGeneration
from publishing.models import Review, StaffPreferences
from records.models import SeedRecord
from tests.factories import DivisionFactory
from tests.helpers import staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def migrate(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


def latest(app_label: str) -> tuple[str, str]:
    graph = MigrationExecutor(connection).loader.graph
    return next(node for node in graph.leaf_nodes() if node[0] == app_label)


@pytest.fixture
def rows():
    editor = staff_member()
    division = DivisionFactory()
    kind = ContentType.objects.get_for_model(division)
    review = Review.objects.create(
        content_type=kind, object_id=division.pk, title="x", state="in_review", submitted_by=editor
    )
    StaffPreferences.objects.create(user=editor, language="lo")
    SessionGeneration.objects.create(user=editor, number=3)
    SeedRecord.objects.create(key="divisions:x", content_type=kind, object_id=division.pk)
    group = Group.objects.create(name="Readers of reviews")
    group.permissions.add(Permission.objects.get(codename="view_review"))
    return review


MOVES = [
    ("publishing", "review", "site", "site_review"),
    ("publishing", "staffpreferences", "site", "site_staffpreferences"),
    ("backoffice", "sessiongeneration", "site", "site_sessiongeneration"),
    ("records", "seedrecord", "org", "org_seedrecord"),
]


def stored_rows(table: str) -> list[dict]:
    """The table's rows, each by column name (a column added since the move is not in the old
    layout; SQLite may rebuild a table with its columns in another order)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (names from MOVES)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def kept(rows: list[dict], before: list[dict]) -> bool:
    """Every row of ``before`` is in ``rows``, in each of the columns ``rows`` has."""
    return len(rows) == len(before) and all(
        row == {name: old[name] for name in row} for row, old in zip(rows, before, strict=True)
    )


def test_moved_models_keep_their_rows_content_types_and_permissions(rows):
    # One round trip for all four (each costs a few seconds of migrations).
    kinds = {model: ContentType.objects.get(app_label=app, model=model) for app, model, *_ in MOVES}
    before = {model: stored_rows(f"{app}_{model}") for app, model, *_ in MOVES}
    assert all(before.values())

    migrate(("publishing", None), ("backoffice", None), ("records", None))  # the old layout
    for app, model, old_app, old_table in MOVES:
        assert old_table in tables() and f"{app}_{model}" not in tables()
        assert ContentType.objects.get(pk=kinds[model].pk).app_label == old_app
        assert kept(stored_rows(old_table), before[model])

    migrate(*(latest(app) for app in ("publishing", "backoffice", "records", "org")))
    for app, model, _old_app, old_table in MOVES:
        assert f"{app}_{model}" in tables() and old_table not in tables()
        assert stored_rows(f"{app}_{model}") == before[model]
        assert ContentType.objects.get(pk=kinds[model].pk).app_label == app
    assert Group.objects.get(name="Readers of reviews").permissions.get().codename == "view_review"


def test_a_new_database_gets_each_moved_table_once():
    assert {"publishing_review", "backoffice_sessiongeneration", "records_seedrecord"} <= tables()
    assert not {"site_review", "site_sessiongeneration", "org_seedrecord"} & tables()


def test_a_move_undone_in_two_steps_keeps_the_moved_content_type(rows):
    # `migrate org 0012` gives org its SeedRecord back in the migration state, and the
    # post_migrate that follows creates an org.seedrecord content type; undoing records'
    # migration then meets it.
    moved = ContentType.objects.get(app_label="records", model="seedrecord")
    migrate(("org", "0012_history_keeps_whole_review_comments"))
    ContentType.objects.create(app_label="org", model="seedrecord")

    migrate(("records", None))
    assert ContentType.objects.get(app_label="org", model="seedrecord").pk == moved.pk

    migrate(latest("records"), latest("org"))
    assert ContentType.objects.get(app_label="records", model="seedrecord").pk == moved.pk
    assert stored_rows("records_seedrecord")
