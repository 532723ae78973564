"""Editorial workflow: roles, drafts and preview, history with restore, schedule change notes."""

import datetime
import re

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from config.roles import EDITORS, PUBLISHERS, VIEWERS
from org.models import Department, Division, Mandate, RelatedBody, StaffRole
from programmes.models import Leg, LegPartner, ScheduleChange, TrainingProgramme
from tests.factories import DivisionFactory, MandateFactory, StaffRoleFactory
from tests.helpers import admin_form_data, admin_url, restore_url, staff_member
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db

LEG_3 = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/"


@pytest.fixture
def member(client, seeded):
    """Sign in a staff member holding one of the secretariat's roles."""

    def sign_in(role: str):
        client.force_login(
            staff_member(role, username=role.split()[-1], password="a-long-passphrase-for-tests")
        )
        return client

    return sign_in


def actions_offered(client, model) -> set[str]:
    response = client.get(admin_url(model, "changelist"))
    if response.context["action_form"] is None:
        return set()
    return {
        value for value, _label in response.context["action_form"].fields["action"].choices if value
    }


# -- Roles -----------------------------------------------------------------------------------------


def test_the_three_roles_exist_with_exactly_their_permissions(db):
    call_command("ensure_roles", verbosity=0)
    call_command("ensure_roles", verbosity=0)  # idempotent
    codes = {
        group.name: {p.codename for p in group.permissions.all()} for group in Group.objects.all()
    }
    assert set(codes) == {VIEWERS, EDITORS, PUBLISHERS}
    assert codes[VIEWERS] == {c for c in codes[PUBLISHERS] if c.startswith("view_")}
    assert "change_division" in codes[EDITORS] and "publish_division" not in codes[EDITORS]
    assert codes[PUBLISHERS] - codes[EDITORS] == {
        c for c in codes[PUBLISHERS] if c.startswith("publish_")
    }
    assert not any(c.endswith("_user") or c.endswith("_group") for c in codes[PUBLISHERS])


def test_viewers_see_everything_and_change_nothing(member):
    client = member(VIEWERS)
    division = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "changelist")).status_code == 200
    page = client.get(admin_url(Division, "change", division.pk))
    assert page.status_code == 200
    assert (
        client.post(admin_url(Division, "change", division.pk), {"name_en": "Changed"}).status_code
        == 403
    )
    assert client.get(admin_url(Division, "add")).status_code == 403
    assert client.get(admin_url(Division, "delete", division.pk)).status_code == 403
    assert client.get(admin_url(Division, "history", division.pk)).status_code == 200
    assert not actions_offered(client, Division)
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"


def test_editors_create_drafts_and_change_content(member):
    client = member(EDITORS)
    page = client.get(admin_url(Division, "add"))
    assert "publication_status" not in page.context["adminform"].form.fields
    data = admin_form_data(
        page,
        department=Department.objects.get().pk,
        name_en="Protocol Division",
        slug="protocol",
        order=6,
    )
    assert client.post(admin_url(Division, "add"), data).status_code == 302
    assert Division.objects.get(slug="protocol").publication_status == "draft"

    published = Division.objects.get(slug="general-affairs")
    page = client.get(admin_url(Division, "change", published.pk))
    response = client.post(
        admin_url(Division, "change", published.pk),
        admin_form_data(page, summary_en="Runs the office."),
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.summary_en == "Runs the office."


def test_editors_cannot_publish_unpublish_or_delete_what_is_published(member):
    client = member(EDITORS)
    assert actions_offered(client, Division) == set()
    published = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "delete", published.pk)).status_code == 403
    response = client.post(
        admin_url(Division, "changelist"),
        {"action": "unpublish", "_selected_action": [published.pk]},
    )
    published.refresh_from_db()
    assert published.is_published
    assert response.status_code in (200, 302)


def test_editors_may_delete_their_drafts(member):
    client = member(EDITORS)
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    assert client.get(admin_url(Division, "delete", draft.pk)).status_code == 200
    assert client.post(admin_url(Division, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not Division.objects.filter(pk=draft.pk).exists()


def test_editors_and_publishers_cannot_manage_users(member):
    for role in (EDITORS, PUBLISHERS):
        client = member(role)
        assert client.get("/admin/auth/user/").status_code == 403
        assert client.get("/admin/auth/group/").status_code == 403


def test_publishers_publish_unpublish_and_delete(member):
    client = member(PUBLISHERS)
    assert actions_offered(client, Division) >= {"publish", "unpublish", "delete_selected"}
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    client.post(
        admin_url(Division, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_published
    client.post(
        admin_url(Division, "changelist"), {"action": "unpublish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert not draft.is_published
    published = Division.objects.get(slug="general-affairs")
    assert client.get(admin_url(Division, "delete", published.pk)).status_code == 200


# -- Drafts and preview ----------------------------------------------------------------------------


def test_visitors_see_no_draft_and_no_link_to_one(client, seeded):
    department = Department.objects.get()
    draft_division = DivisionFactory(department=department, name_en="Draft Division", draft=True)
    StaffRoleFactory(department=department, title_en="Draft Adviser", draft=True)
    MandateFactory(department=department, title_en="A draft mandate", draft=True)
    carried = Mandate.objects.get(slug="cooperation-with-partners")
    carried.divisions.add(draft_division)
    for path in ["/en/", "/en/structure/", "/en/mandates/", "/sitemap.xml"]:
        html = client.get(path).content.decode()
        assert "Draft Division" not in html and draft_division.slug not in html, path
        assert "Draft Adviser" not in html and "A draft mandate" not in html, path
    assert client.get(draft_division.get_absolute_url()).status_code == 404


def test_legs_of_a_draft_programme_and_draft_legs_are_not_shown(
    client, seeded, django_capture_on_commit_callbacks
):
    leg = Leg.objects.get()
    draft_leg = LegFactory(programme=leg.programme, number=4, theme_en="Draft theme", draft=True)
    assert "Draft theme" not in client.get("/en/programmes/").content.decode()
    assert client.get(draft_leg.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):  # the change makes cached pages stale
        programme = TrainingProgramme.objects.get()
        programme.publication_status = "draft"
        programme.save()
    assert "Reconciliation Models" not in client.get("/en/programmes/").content.decode()
    assert client.get(LEG_3).status_code == 404
    assert not icalendar.Calendar.from_ical(client.get("/en/programmes/calendar.ics").content).walk(
        "VEVENT"
    )
    assert LEG_3 not in client.get("/sitemap.xml").content.decode()


def test_a_draft_partner_and_a_draft_parent_body_are_not_shown(client, seeded):
    LegPartner.objects.update(publication_status="draft")
    assert "Co-Proponent 2" not in client.get(LEG_3).content.decode()
    RelatedBody.objects.filter(slug="permanent-mission-to-asean").update(publication_status="draft")
    html = client.get("/en/related-bodies/").content.decode()
    assert "#body-permanent-mission-to-asean" not in html
    assert "ASEAN-IPR Lao PDR" in html


def test_staff_preview_a_draft_on_the_public_design_without_caching_it(
    client, admin_client, seeded
):
    draft = DivisionFactory(
        department=Department.objects.get(), name_en="Draft Division", draft=True
    )
    preview = admin_client.get(draft.get_absolute_url() + "?preview=1")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<h1>Draft Division</h1>" in html
    assert 'class="preview-banner"' in html and '<meta name="robots" content="noindex">' in html
    assert preview["Cache-Control"] == "private, no-store"
    structure = admin_client.get("/en/structure/?preview=1").content.decode()
    assert "Draft Division" in structure
    # Visitors still do not see it, and cannot ask for a preview.
    assert "Draft Division" not in client.get("/en/structure/").content.decode()
    asked = client.get("/en/structure/?preview=1")
    assert (asked.status_code, asked["Location"]) == (302, "/en/structure/")


def test_the_admin_offers_a_preview_of_each_record(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    html = admin_client.get(admin_url(Division, "change", division.pk)).content.decode()
    assert 'href="/en/divisions/general-affairs/?preview=1"' in html
    mandate = Mandate.objects.get(slug="cooperation-with-partners")
    html = admin_client.get(admin_url(Mandate, "change", mandate.pk)).content.decode()
    assert 'href="/en/mandates/?preview=1#mandate-cooperation-with-partners"' in html


# -- History ---------------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_and_what_and_can_be_restored(
    admin_client, admin_user, seeded
):
    division = Division.objects.get(slug="general-affairs")
    page = admin_client.get(admin_url(Division, "change", division.pk))
    admin_client.post(
        admin_url(Division, "change", division.pk),
        admin_form_data(page, name_en="Administration Division"),
    )
    history = list(division.history.order_by("history_date"))
    assert [h.name_en for h in history] == ["General Affairs Division", "Administration Division"]
    assert history[-1].history_user == admin_user

    listing = admin_client.get(admin_url(Division, "history", division.pk)).content.decode()
    assert "General Affairs Division" in listing and "Administration Division" in listing
    assert re.search(r"name_en|Name \[en\]", listing)

    original = history[0]
    restore = reverse("admin:org_division_simple_history", args=[division.pk, original.history_id])
    form = admin_client.get(restore)
    assert form.status_code == 200
    response = admin_client.post(restore, admin_form_data(form))
    assert response.status_code == 302
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"
    assert division.history.count() == 3  # restoring is itself a recorded change


def test_changes_made_outside_the_admin_are_kept_too(seeded):
    role = StaffRole.objects.get(title_en="Technical Officer")
    role.headcount = 20
    role.save()
    assert [h.headcount for h in role.history.order_by("history_date")] == [None, 20]


# -- Schedule changes explain themselves ------------------------------------------------------------


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


def test_a_status_change_needs_a_note_too(admin_client, seeded):
    response = change_leg(admin_client, status="postponed")
    assert response.context["adminform"].form.errors["change_note_en"]


def test_other_changes_need_no_note(admin_client, seeded):
    assert change_leg(admin_client, venue_en="Vientiane").status_code == 302
    assert not ScheduleChange.objects.exists()


def test_the_public_page_shows_the_new_schedule_and_the_earlier_one_with_its_note(
    client, admin_client, seeded
):
    response = change_leg(
        admin_client,
        **NEW_DATES,
        change_note_en="The leg was rescheduled after the pandemic.",
        change_note_lo="ໄລຍະນີ້ໄດ້ຖືກເລື່ອນ.",
    )
    assert response.status_code == 302
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


# -- Restoring versions respects the same permissions -------------------------------------------------


def test_viewers_cannot_restore_a_version(member):
    division = Division.objects.get(slug="general-affairs")
    division.name_en = "Renamed"
    division.save()
    first = division.history.earliest("history_date")
    client = member(VIEWERS)
    form = client.get(restore_url(Division, division.pk, first.history_id))
    assert form.status_code == 200
    assert (
        client.post(
            restore_url(Division, division.pk, first.history_id), admin_form_data(form)
        ).status_code
        == 403
    )
    division.refresh_from_db()
    assert division.name_en == "Renamed"


def test_editors_restoring_a_version_do_not_change_its_publication(member):
    division = Division.objects.get(slug="general-affairs")
    published_version = division.history.earliest("history_date")
    division.publication_status = "draft"
    division.save()
    client = member(EDITORS)
    form = client.get(restore_url(Division, division.pk, published_version.history_id))
    assert (
        client.post(
            restore_url(Division, division.pk, published_version.history_id), admin_form_data(form)
        ).status_code
        == 302
    )
    division.refresh_from_db()
    assert division.publication_status == "draft"


def test_editors_cannot_publish_by_posting_the_field(member):
    client = member(EDITORS)
    draft = DivisionFactory(department=Department.objects.get(), draft=True)
    page = client.get(admin_url(Division, "change", draft.pk))
    client.post(
        admin_url(Division, "change", draft.pk),
        admin_form_data(page, publication_status="published"),
    )
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_only_publishers_bring_back_a_deleted_record(member):
    division = Division.objects.get(slug="general-affairs")
    pk, version = division.pk, division.history.earliest("history_date").history_id
    division.delete()
    editor = member(EDITORS)
    form = editor.get(restore_url(Division, pk, version))
    assert editor.post(restore_url(Division, pk, version), admin_form_data(form)).status_code == 403
    assert not Division.objects.filter(pk=pk).exists()


def test_only_publishers_delete_a_public_change_note(member):
    from programmes.services import save_leg_with_schedule_change

    change = save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="A public note.")
    assert member(EDITORS).get(admin_url(ScheduleChange, "delete", change.pk)).status_code == 403
    assert member(PUBLISHERS).get(admin_url(ScheduleChange, "delete", change.pk)).status_code == 200


def test_restoring_an_earlier_schedule_is_a_schedule_change_with_its_note(admin_client, seeded):
    change_leg(admin_client, **NEW_DATES, change_note_en="Moved to March 2027.")
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
        admin_form_data(form, change_note_en="Back to the original plan."),
    )
    assert restored.status_code == 302
    leg.refresh_from_db()
    assert (leg.period_year, leg.period_quarter, leg.sequence) == (2021, 3, 2)
    assert ScheduleChange.objects.count() == 2


def test_structured_data_names_no_draft_parent(client, seeded):
    RelatedBody.objects.filter(slug="ministry-of-foreign-affairs").update(
        publication_status="draft"
    )
    html = client.get("/en/").content.decode()
    assert "parentOrganization" not in html
    assert "(MOFA)" not in html  # the "Part of" fact names the body only while it is published
