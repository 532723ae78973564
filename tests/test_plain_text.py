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


# -- Text normalised at the edge (core/plaintext.py normalise_text) ---------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "External\u00a0Partners Division",  # a no-break space, pasted from a word processor
        "External Partners Division\u200b",  # a zero-width space at the end
        "External\u202fPartners\u2009Division",  # narrow and thin spaces
        "\ufeffExternal Partners\u00ad Division",  # a byte-order mark and a soft hyphen
    ],
)
def test_a_name_that_reads_the_same_as_another_is_refused_as_the_same_name(
    admin_client, seeded, typed
):
    from core.admin_urls import admin_url

    department = Department.objects.get()
    before = Division.objects.count()
    page = admin_client.get(admin_url(Division, "add"))
    data = admin_form_data(page, department=department.pk, name_en=typed, slug="another")
    response = admin_client.post(admin_url(Division, "add"), data)
    assert response.status_code == 200
    assert "name_en" in response.context["adminform"].form.errors
    assert Division.objects.count() == before


def test_names_are_stored_normalised_with_lao_tone_marks_after_their_vowel(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    # ກ + tone mark MAI EK + vowel sign II: typed in that order on some Lao keyboards.
    typed = "General\u00a0Affairs\u200b Division"
    response = post_change(admin_client, division, name_en=typed, name_lo="ກ\u0ec8\u0eb5 ກອງ")
    assert response.status_code == 302, response.context["adminform"].form.errors
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"
    assert division.name_lo == "ກ\u0eb5\u0ec8 ກອງ"  # vowel, then tone mark


def test_a_multi_line_text_keeps_a_zero_width_space_but_not_other_invisible_characters(seeded):
    from core.plaintext import normalise_text

    assert normalise_text("ສະບາຍດີ\u200bທຸກຄົນ\u200d", multi_line=True) == "ສະບາຍດີ\u200bທຸກຄົນ"
    assert normalise_text("ສະບາຍດີ\u200bທຸກຄົນ", multi_line=False) == "ສະບາຍດີທຸກຄົນ"
    assert normalise_text("e\u0301", multi_line=False) == "\u00e9"  # NFC
    assert normalise_text("ນ\u0ec9\u0eb3", multi_line=False) == "ນ\u0ec9\u0eb3"  # tone before AM


def test_an_import_stores_text_normalised(seeded, tmp_path):
    import io
    import json

    from django.core.management import call_command

    from tests.helpers import command_output

    data = json.loads(command_output("export_records"))
    entry = next(e for e in data["divisions"] if e["key"].endswith("general-affairs"))
    entry["name_en"] = "General\u00a0Affairs Division\u200b"
    (tmp_path / "records.json").write_text(json.dumps(data), "utf-8")
    call_command("import_records", str(tmp_path / "records.json"), stdout=io.StringIO())
    assert Division.objects.get(slug="general-affairs").name_en == "General Affairs Division"
