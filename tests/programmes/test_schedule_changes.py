"""Schedule changes explain themselves: a change of a leg's schedule or status needs a public
note; the leg keeps its earlier schedules, shows them, and its calendar event is replaced;
lapsed tentative periods are flagged in the back office."""

import datetime

import icalendar
import pytest

from programmes.models import Leg, ScheduleChange, TrainingProgramme
from publishing.roles import EDITORS, PUBLISHERS, VIEWERS
from tests.helpers import LEG_3, admin_form_data, admin_url, restore_url
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


def change_leg(client, **changes):
    leg = Leg.objects.get(number=3)
    page = client.get(admin_url(Leg, "change", leg.pk))
    return client.post(admin_url(Leg, "change", leg.pk), admin_form_data(page, **changes))


NEW_DATES = {
    "date_precision": "day",
    "period_year": "",
    "period_quarter": "",
    "start_date": "2027-03-15",
    "end_date": "2027-03-19",
}


def test_a_schedule_change_needs_a_public_note(admin_client, seeded):
    response = change_leg(admin_client, **NEW_DATES)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_note_en"]
    assert Leg.objects.get().period_year == 2021


def test_a_schedule_change_with_only_the_lao_note_asks_for_the_english_one(admin_client, seeded):
    response = change_leg(admin_client, **NEW_DATES, change_note_lo="ເລື່ອນໄປເດືອນມີນາ.")
    (error,) = response.context["adminform"].form.errors["change_note_en"]
    assert "give the note in English too" in error and "say why" not in error


def test_a_date_that_is_not_on_the_calendar_gets_one_error_not_two(admin_client, seeded):
    response = change_leg(
        admin_client, **{**NEW_DATES, "start_date": "31/04/2027"}, change_note_en="Moved."
    )
    form = response.context["adminform"].form
    assert form.errors["start_date"] == ["There is no such day: April 2027 has 30 days."]
    assert "Required when" not in str(form.errors)  # not beside it, nor above the form


def test_a_status_change_needs_a_note_too(admin_client, seeded):
    response = change_leg(admin_client, status="postponed")
    assert response.context["adminform"].form.errors["change_note_en"]


def test_other_changes_need_no_note(admin_client, seeded):
    assert change_leg(admin_client, venue_en="Vientiane").status_code == 302
    assert not ScheduleChange.objects.exists()


def test_the_public_page_shows_the_new_schedule_and_the_earlier_one_with_its_note(
    client, admin_client, seeded, django_capture_on_commit_callbacks
):
    response = change_leg(
        admin_client,
        **NEW_DATES,
        change_note_en="The leg was rescheduled after the pandemic.",
        change_note_lo="ໄລຍະນີ້ໄດ້ຖືກເລື່ອນ.",
    )
    assert response.status_code == 302
    # The leg is published: the change is its working copy, public only once approved.
    assert not ScheduleChange.objects.exists()
    assert Leg.objects.get().sequence == 0
    assert "15 March 2027" not in client.get(LEG_3).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        assert change_leg(admin_client, _approve="Save, approve and publish").status_code == 302
    change = ScheduleChange.objects.get()
    assert (change.date_precision, change.period_year, change.period_quarter) == (
        "quarter",
        2021,
        3,
    )
    leg = Leg.objects.get()
    assert leg.sequence == 1

    html = client.get(LEG_3).content.decode()
    assert "15 March 2027 to 19 March 2027, tentative" in html
    assert "Was: Third quarter of 2021, tentative (Planned)" in html
    assert "The leg was rescheduled after the pandemic." in html
    assert "Last updated:" in html
    # The Lao note is a draft translation until a publisher reviews it (translations).
    lao = client.get(LEG_3.replace("/en/", "/lo/")).content.decode()
    assert "ໄລຍະນີ້ໄດ້ຖືກເລື່ອນ." not in lao
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        mark_lao_reviewed(change, reason="Lao reviewed")
    lao = client.get(LEG_3.replace("/en/", "/lo/")).content.decode()
    assert "ໄລຍະນີ້ໄດ້ຖືກເລື່ອນ." in lao

    (event,) = icalendar.Calendar.from_ical(client.get(LEG_3 + "calendar.ics").content).walk(
        "VEVENT"
    )
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.date(2027, 3, 15)


def test_under_the_programme_an_existing_legs_schedule_is_changed_only_on_its_own_page(
    admin_client, seeded
):
    programme = TrainingProgramme.objects.get()
    page = admin_client.get(admin_url(TrainingProgramme, "change", programme.pk))
    formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "legs"
    )
    assert formset.forms[0].fields["period_year"].disabled


def test_the_admin_warns_about_a_lapsed_tentative_period(admin_client, seeded):
    listing = admin_client.get(admin_url(Leg, "changelist")).content.decode()
    assert "tentative period has passed without confirmation" in listing
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert (
        "This leg’s tentative period (Third quarter of 2021) has passed without confirmation"
        in page.replace("&#x27;", "’").replace("'", "’")
    )


def test_no_warning_once_the_leg_is_recorded_as_held(admin_client, seeded):
    Leg.objects.update(status="held")
    assert (
        "without confirmation"
        not in admin_client.get(admin_url(Leg, "changelist")).content.decode()
    )


def test_restoring_an_earlier_schedule_is_a_schedule_change_with_its_note(admin_client, seeded):
    # The leg is published: each schedule change is public history once approved.
    approve = {"_approve": "Save, approve and publish"}
    change_leg(admin_client, **NEW_DATES, change_note_en="Moved to March 2027.", **approve)
    leg = Leg.objects.get()
    first = leg.history.earliest("history_date")
    form = admin_client.get(restore_url(Leg, leg.pk, first.history_id))
    without_note = admin_client.post(
        restore_url(Leg, leg.pk, first.history_id), admin_form_data(form)
    )
    assert without_note.status_code == 200
    assert without_note.context["adminform"].form.errors["change_note_en"]
    restored = admin_client.post(
        restore_url(Leg, leg.pk, first.history_id),
        admin_form_data(form, change_note_en="Back to the original plan.", **approve),
    )
    assert restored.status_code == 302
    leg.refresh_from_db()
    assert (leg.period_year, leg.period_quarter, leg.sequence) == (2021, 3, 2)
    assert ScheduleChange.objects.count() == 2


def test_only_publishers_delete_a_public_change_note(member):
    from programmes.services import save_leg_with_schedule_change

    change = save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="A public note.")
    assert member(EDITORS).get(admin_url(ScheduleChange, "delete", change.pk)).status_code == 403
    assert member(PUBLISHERS).get(admin_url(ScheduleChange, "delete", change.pk)).status_code == 200


def test_adding_a_leg_asks_for_no_change_note(admin_client, seeded):
    adding = admin_client.get(admin_url(Leg, "add")).content.decode()
    changing = admin_client.get(admin_url(Leg, "change", Leg.objects.get(number=3).pk))

    assert 'name="change_note_en"' not in adding
    assert 'name="change_note_en"' in changing.content.decode()


def test_viewers_cannot_restore_an_earlier_change_note(member):
    from programmes.services import save_leg_with_schedule_change

    change = save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="First note.")
    change.note_en = "A newer note."
    change.save()
    first = change.history.earliest("history_date")
    viewer = member(VIEWERS)
    url = restore_url(ScheduleChange, change.pk, first.history_id)
    assert viewer.post(url, admin_form_data(viewer.get(url))).status_code == 403
    change.refresh_from_db()
    assert change.note_en == "A newer note."


def test_editors_cannot_bring_back_a_deleted_change_note(member):
    from programmes.services import save_leg_with_schedule_change

    change = save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="A public note.")
    pk, first = change.pk, change.history.earliest("history_date").history_id
    change.delete()
    editor = member(EDITORS)
    url = restore_url(ScheduleChange, pk, first)
    assert editor.post(url, admin_form_data(editor.get(url))).status_code == 403
    assert not ScheduleChange.objects.filter(pk=pk).exists()
