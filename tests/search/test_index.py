"""The search index holds what visitors may read, and follows every publishing step."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from org.models import Department, Division
from publishing.approval import approve
from publishing.review import unpublish
from publishing.revisions import edit_working_copy
from publishing.roles import EDITORS, PUBLISHERS
from publishing.scheduling import publish_scheduled
from search.indexing import rebuild
from search.models import SearchEntry
from tests.factories import AppointmentFactory, DivisionFactory, StaffRoleFactory
from tests.helpers import staff_member
from tests.programmes.factories import LegFactory, LegPartnerFactory, TrainingProgrammeFactory
from tests.search.conftest import titles
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher():
    return staff_member(PUBLISHERS, username="publisher")


def test_a_lao_search_finds_a_word_inside_a_longer_lao_run(seeded):
    programme = TrainingProgrammeFactory(
        title_en="Training of trainers", title_lo="ໂຄງການການຝຶກອົບຮົມ ຄູຝຶກ"
    )
    assert mark_lao_reviewed(programme, reason="Lao reviewed")
    rebuild()
    assert titles("ການຝຶກອົບຮົມ", "lo") == ["ໂຄງການການຝຶກອົບຮົມ ຄູຝຶກ"]
    # and the seed's programme, whose ໂຄງການຝຶກອົບຮົມ ICU splits otherwise, once its Lao is read
    seeded_programme = type(programme).objects.exclude(pk=programme.pk).get()
    assert mark_lao_reviewed(seeded_programme, reason="Lao reviewed")
    rebuild()
    assert str(seeded_programme.title_lo) in titles("ການຝຶກອົບຮົມ", "lo")
    assert titles("ການຝຶກອົບຮົມ", "en") == []


def test_an_english_search_finds_other_forms_of_a_word(seeded):
    TrainingProgrammeFactory(title_en="Exchange programme for young diplomats")
    rebuild()
    assert "Exchange programme for young diplomats" in titles("programmes")
    assert "Exchange programme for young diplomats" in titles("Diplomat")
    if connection.vendor == "postgresql":  # Snowball's English stemmer, beyond plurals
        assert "Exchange programme for young diplomats" in titles("exchanging")


def test_drafts_and_what_only_a_draft_shows_are_never_found(seeded):
    department = Department.objects.get()
    DivisionFactory(department=department, name_en="Zanzibar Liaison Division", draft=True)
    hidden_parent = DivisionFactory(department=department, name_en="Quiet Division", draft=True)
    StaffRoleFactory(department=None, division=hidden_parent, title_en="Zanzibar Officer")
    rebuild()
    assert titles("Zanzibar") == []
    assert titles("Quiet") == []


def test_lao_not_yet_reviewed_is_never_found_and_its_english_is(seeded):
    division = Division.objects.get(slug="external-partners")
    division.name_lo = "ພະແນກທົດລອງໃໝ່"
    division.save()
    rebuild()
    assert titles("ທົດລອງ", "lo") == []
    assert titles("External Partners Division", "lo") == ["External Partners Division"]
    assert mark_lao_reviewed(division, reason="Lao reviewed")
    rebuild()
    assert titles("ທົດລອງ", "lo") == ["ພະແນກທົດລອງໃໝ່"]


def test_the_index_follows_a_publish_and_an_unpublish(seeded, committed, publisher):
    department = Department.objects.get()
    division = DivisionFactory(department=department, name_en="Maritime Division", draft=True)
    role = StaffRoleFactory(
        department=None, division=division, title_en="Maritime Officer", draft=True
    )
    rebuild()
    assert titles("maritime") == []
    with committed():
        approve(division, by=publisher)  # and the draft post shown under it, to every depth
    assert sorted(titles("maritime")) == [
        "Maritime Division",
        str(role.title) + " (Maritime Division)",
    ]
    with committed():
        unpublish(Division.objects.get(pk=division.pk), by=publisher)
    assert titles("maritime") == []


def test_unpublishing_a_parent_hides_what_is_shown_under_it(seeded, committed):
    rebuild()
    assert titles("Desk Officer") or titles("Director")
    before = SearchEntry.objects.count()
    with committed():
        department = Department.objects.get()
        department.publication_status = "draft"
        department.save()
    assert titles("Director") == [] and titles("Division") == []
    assert SearchEntry.objects.count() < before


def test_saving_a_draft_of_a_published_record_changes_nothing_visitors_find(seeded, committed):
    editor = staff_member(EDITORS, username="editor")
    rebuild()
    found = titles("External Partners")
    division = Division.objects.get(slug="external-partners")

    def rename(record):
        record.name_en = "Outer Space Division"
        record.save()

    # The save inside the working copy's savepoint is noted, and indexed again after the commit:
    # from the committed rows, which hold the live version.
    with committed():
        edit_working_copy(division, rename, by=editor)
    assert titles("Outer Space") == []
    assert titles("External Partners") == found


def test_a_row_shown_with_a_record_is_found_with_it_and_followed(seeded, committed):
    leg = LegFactory(theme_en="Ocean governance")
    with committed():
        partner = LegPartnerFactory(leg=leg, name_en="Bluewater Institute")
    assert titles("Bluewater") == [leg.full_title_with_theme()]
    with committed():
        partner.delete()
    assert titles("Bluewater") == []


def test_an_entry_links_to_the_records_page_in_its_language(seeded):
    rebuild()
    urls = {
        language: SearchEntry.objects.get(
            record_type="org.division",
            record_id=Division.objects.get(slug="external-partners").pk,
            language=language,
        ).url
        for language in ("en", "lo")
    }
    assert urls == {
        "en": "/en/divisions/external-partners/",
        "lo": "/lo/divisions/external-partners/",
    }


def test_the_index_follows_a_scheduled_publish(seeded, committed, publisher):
    department = Department.objects.get()
    division = DivisionFactory(department=department, name_en="Timetabled Division", draft=True)
    rebuild()
    at = timezone.now() + datetime.timedelta(days=1)
    with committed():
        approve(division, by=publisher, go_live_at=at)
    assert titles("Timetabled") == []
    with committed():
        publish_scheduled(now=at + datetime.timedelta(minutes=1))
    assert titles("Timetabled") == ["Timetabled Division"]


def test_a_person_in_post_is_found_with_the_date_in_the_readers_words(seeded):
    AppointmentFactory(
        person__name_en="Somphone Sample",
        person__name_lo="ສົມພອນ ຕົວຢ່າງ",
        role=StaffRoleFactory(department=Department.objects.get(), title_en="Adviser"),
        start_date=datetime.date(2027, 2, 1),
    )
    rebuild()
    (english,) = titles("Somphone")
    assert english.endswith("from 1 February 2027")
    assert "2027-02-01" not in english
