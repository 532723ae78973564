"""``rebuild_search_index``: the index made again, or on a failure left as it was."""

import pytest
from django.core.management import CommandError, call_command

from org.models import Division
from search.models import SearchEntry
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


def test_the_command_builds_the_index_of_what_visitors_may_read(seeded, capsys):
    assert SearchEntry.objects.count() == 0
    call_command("rebuild_search_index")
    written = SearchEntry.objects.count()
    assert f"Search index rebuilt: {written} entries." in capsys.readouterr().out
    assert titles("External Partners Division") == ["External Partners Division"]
    # once per record visitors may read and language
    assert written == 2 * SearchEntry.objects.filter(language="en").count()


def test_a_failure_leaves_the_index_as_it_was_and_says_so(seeded):
    call_command("rebuild_search_index")
    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "title", "url"))
    # A slug no address can hold, written below the forms' checks (as a broken import might).
    Division.objects.filter(slug="external-partners").update(slug="no such slug!")
    with pytest.raises(CommandError, match="not rebuilt, and is as it was: NoReverseMatch"):
        call_command("rebuild_search_index")
    assert list(SearchEntry.objects.order_by("pk").values_list("pk", "title", "url")) == before
