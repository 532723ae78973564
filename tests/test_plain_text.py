"""Text fields hold plain text: one-line fields no control characters at all, multi-line fields
line breaks and tabs only. The back office says so beside the field and changes nothing."""

import pytest

from core.admin_urls import change_url
from core.publication import Publication
from org.models import Department, Division
from programmes.models import Leg, ScheduleChange
from tests.helpers import admin_form_data, errors_of

pytestmark = pytest.mark.django_db


def post_change(client, obj, **changes):
    address = change_url(obj)
    return client.post(address, admin_form_data(client.get(address), **changes))


@pytest.mark.parametrize(
    ("value", "character"),
    [
        ("General\x07Affairs", "U+0007"),
        ("General\nAffairs", "U+000A"),
        ("General\tAffairs", "U+0009"),
        ("General\x1bAffairs", "U+001B"),
        ("General\x7fAffairs", "U+007F"),
        ("General\x85Affairs", "U+0085"),
        ("General\u2028Affairs", "U+2028"),
        ("General\u2029Affairs", "U+2029"),
    ],
)
def test_a_control_character_in_a_one_line_field_is_a_field_error(
    admin_client, seeded, value, character
):
    division = Division.objects.get(slug="general-affairs")
    response = post_change(admin_client, division, name_en=value)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["name_en"]
    assert f"remove the character {character} at position 8" in errors["name_en"][0]
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"


def test_a_line_break_in_a_legs_theme_is_a_field_error(admin_client, seeded):
    leg = Leg.objects.get()
    response = post_change(admin_client, leg, theme_en="Peace\r\nand reconciliation")
    assert "theme_en" in response.context["adminform"].form.errors
    leg.refresh_from_db()
    assert "\n" not in leg.theme_en


def test_a_multi_line_field_keeps_line_breaks_and_tabs_with_windows_line_ends_made_plain(
    admin_client, seeded
):
    department = Department.objects.get()
    # A draft, edited in place: the text as stored, not publication, is the point.
    Department.objects.update(publication_status=Publication.DRAFT)
    response = post_change(admin_client, department, summary_en="First.\r\n\tSecond.\r\nThird.")
    assert response.status_code == 302, response.context["adminform"].form.errors
    department.refresh_from_db()
    assert department.summary_en == "First.\n\tSecond.\nThird."


@pytest.mark.parametrize("character", ["\x0b", "\x0c", "\r", "\x1f", "\x9b", "\u2028"])
def test_other_control_characters_in_a_multi_line_field_are_a_field_error(
    admin_client, seeded, character
):
    department = Department.objects.get()
    before = department.summary_en
    response = post_change(admin_client, department, summary_en=f"First.{character}Second.")
    errors = response.context["adminform"].form.errors
    assert (
        "may hold line breaks and tabs but no other control characters" in errors["summary_en"][0]
    )
    department.refresh_from_db()
    assert department.summary_en == before


def test_the_error_is_in_lao_on_the_lao_back_office(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    admin_client.cookies["django_language"] = "lo"
    response = post_change(admin_client, division, name_lo="ພະແນກ\x07")
    assert "ຕົວອັກສອນ U+0007" in response.context["adminform"].form.errors["name_lo"][0]


def test_a_control_character_in_a_change_note_is_a_field_error(admin_client, seeded):
    leg = Leg.objects.get()
    response = post_change(admin_client, leg, status="postponed", change_note_en="Moved\x07.")
    assert "change_note_en" in response.context["adminform"].form.errors
    assert not ScheduleChange.objects.exists()


def test_a_change_notes_windows_line_ends_are_made_plain(admin_client, seeded):
    leg = Leg.objects.get()
    # The seeded leg is published: its schedule change (and note) is recorded when approved.
    response = post_change(
        admin_client, leg, status="postponed", change_note_en="Moved.\r\nLater.", _approve="1"
    )
    assert response.status_code == 302
    assert ScheduleChange.objects.get().note_en == "Moved.\nLater."


def test_a_lone_surrogate_is_refused_by_the_model(seeded):
    division = Division.objects.get(slug="general-affairs")
    division.name_en = "General \ud800Affairs"
    division.summary_en = "Half a character: \udfff."
    errors = errors_of(division)
    assert "U+D800 at position 9" in errors["name_en"][0]
    assert "U+DFFF at position 19" in errors["summary_en"][0]


def test_a_schedule_changes_note_is_checked_too(seeded):
    change = ScheduleChange(leg=Leg.objects.get(), note_en="Moved\x1b[2J.", **_schedule())
    assert "U+001B at position 6" in errors_of(change)["note_en"][0]


def _schedule() -> dict:
    return Leg.objects.get().schedule_values()
