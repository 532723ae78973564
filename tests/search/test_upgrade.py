"""A database from before the search app (or one restored from such a backup) finds what it holds
once ``migrate`` has run: an empty index is built after migrating, a filled one is left alone."""

import io

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from search.models import SearchEntry
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


def migrated() -> None:
    """What ``migrate`` sends once it has applied the migrations."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def test_an_empty_index_is_built_after_migrate_when_visitors_may_read_records(seeded):
    assert SearchEntry.objects.count() == 0
    out = io.StringIO()
    call_command("migrate", stdout=out)  # nothing to apply: what follows the migrations runs
    assert titles("External Partners Division") == ["External Partners Division"]
    assert f"Search index built: {SearchEntry.objects.count()} entries." in out.getvalue()


def test_an_index_with_entries_is_left_as_it_is(seeded):
    migrated()
    SearchEntry.objects.filter(title="External Partners Division").delete()
    kept = SearchEntry.objects.count()
    migrated()
    assert SearchEntry.objects.count() == kept
    assert titles("External Partners Division") == []


def test_an_empty_database_gets_no_entries():
    migrated()
    assert SearchEntry.objects.count() == 0
