"""Working copies through the back office: an edit of a published record is kept as its draft;
visitors read the live version until a publisher approves (``publishing/revisions.py``,
``backoffice/drafts.py``)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from org.models import Division
from programmes.models import Leg, LegPartner, ScheduleChange
from publishing.models import Review, Revision
from publishing.roles import EDITORS, PUBLISHERS
from tests.factories import DivisionFactory
from tests.helpers import admin_form_data, admin_url, restore_url, staff_member
from tests.programmes.factories import LegFactory, LegPartnerFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return signed_in(staff_member(EDITORS, username="editor"))


@pytest.fixture
def publisher():
    return signed_in(staff_member(PUBLISHERS, username="publisher"))


@pytest.fixture
def leg():
    return LegFactory(theme_en="Reconciliation in practice", period_quarter=3)


def save(client, obj, step: str | None = None, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = admin_form_data(client.get(url), **changes)
    if step:
        data[step] = "1"
    return client.post(url, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_editors_edit_of_a_published_leg_leaves_the_live_leg_as_it_was(editor, leg, client):
    response = save(
        editor,
        leg,
        theme_en="A new theme",
        period_quarter="4",
        status=Leg.Status.POSTPONED,
        change_note_en="The host asked for a later quarter.",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    live = Leg.objects.get(pk=leg.pk)
    assert (live.theme_en, live.period_quarter, live.status, live.sequence) == (
        "Reconciliation in practice",
        3,
        Leg.Status.PLANNED,
        leg.sequence,
    )
    assert not ScheduleChange.objects.filter(leg=leg).exists()
    revision = Revision.objects.get(object_id=leg.pk)
    assert revision.content["record"]["theme_en"] == "A new theme"
    assert any("draft of the published record" in text for text in messages_of(response))
    page = client.get(leg.get_absolute_url()).content.decode()
    assert "Reconciliation in practice" in page and "A new theme" not in page


def test_the_change_page_shows_the_draft_with_what_it_changes(editor, leg):
    save(editor, leg, theme_en="A new theme")
    page = editor.get(admin_url(Leg, "change", leg.pk))
    html = page.content.decode()
    assert page.context["adminform"].form.initial["theme_en"] == "A new theme"
    assert "You are editing a draft of this published record." in html
    assert "“Reconciliation in practice” → “A new theme”" in html
    assert 'name="_discard"' in html


def test_a_draft_says_so_when_the_live_version_changed_since_it_was_started(editor, leg):
    save(editor, leg, theme_en="A new theme")
    page = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "draft-live-changed" not in page
    Leg.objects.filter(pk=leg.pk).update(host_country_en="Thailand")  # a scheduled go-live, say
    page = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "The published version has changed since this draft was started" in page
    assert "Thailand" in page  # the copy shows the live change with the draft's own


def test_a_second_edit_updates_the_draft_and_the_publisher_approves_it(editor, publisher, leg):
    save(editor, leg, theme_en="A new theme")
    save(editor, leg, host_country_en="Thailand")
    assert Revision.objects.get(object_id=leg.pk).number == 2
    assert Leg.objects.get(pk=leg.pk).theme_en == "Reconciliation in practice"
    response = save(publisher, leg, "_approve")
    assert response.status_code == 302
    live = Leg.objects.get(pk=leg.pk)
    assert (live.theme_en, live.host_country_en) == ("A new theme", "Thailand")
    assert live.is_published
    assert not Revision.objects.filter(object_id=leg.pk).exists()
    assert live.history.first().history_change_reason == "Approved and published"


def test_a_schedule_change_goes_public_with_its_note_only_on_approval(editor, publisher, leg):
    save(
        editor,
        leg,
        period_quarter="4",
        status=Leg.Status.POSTPONED,
        change_note_en="The host asked for a later quarter.",
    )
    assert Leg.objects.get(pk=leg.pk).sequence == leg.sequence
    save(publisher, leg, "_approve")
    live = Leg.objects.get(pk=leg.pk)
    assert (live.period_quarter, live.status, live.sequence) == (
        4,
        Leg.Status.POSTPONED,
        leg.sequence + 1,
    )
    change = ScheduleChange.objects.get(leg=leg)
    assert (change.note, change.period_quarter) == ("The host asked for a later quarter.", 3)


def test_discarding_the_draft_keeps_the_live_version(editor, leg):
    save(editor, leg, theme_en="A new theme")
    response = save(editor, leg, "_discard")
    assert response.status_code == 302
    assert not Revision.objects.filter(object_id=leg.pk).exists()
    assert Leg.objects.get(pk=leg.pk).theme_en == "Reconciliation in practice"
    html = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "A new theme" not in html


def test_a_new_partner_in_a_published_legs_draft_appears_only_on_approval(
    editor, publisher, leg, client, django_capture_on_commit_callbacks
):
    url = admin_url(Leg, "change", leg.pk)
    data = admin_form_data(editor.get(url))
    data["partners-TOTAL_FORMS"] = "1"
    data["partners-0-name_en"] = "United Nations Development Programme"
    data["partners-0-role"] = LegPartner.Role.PARTNER
    data["partners-0-order"] = "0"
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert not LegPartner.objects.filter(leg=leg).exists()
    assert "United Nations Development Programme" in editor.get(url).content.decode()
    assert (
        "United Nations Development Programme"
        not in client.get(leg.get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):  # the page cache learns on commit
        response = save(publisher, leg, "_approve")
    partner = LegPartner.objects.get(leg=leg)
    assert partner.is_published
    assert any("Published with it" in text for text in messages_of(response))
    assert (
        "United Nations Development Programme"
        in client.get(leg.get_absolute_url()).content.decode()
    )


def test_the_editor_submits_the_draft_and_the_publisher_sends_it_back(editor, publisher, leg):
    save(editor, leg, theme_en="A new theme")
    save(editor, leg, "_submit_for_review", review_comment="New theme from the host.")
    row = Review.objects.get(object_id=leg.pk)
    assert row.state == Review.State.IN_REVIEW
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert 'name="_send_back"' in html and 'name="_approve"' in html
    save(publisher, leg, "_send_back", review_comment="Use the host's own words.")
    assert Review.objects.get(object_id=leg.pk).state == Review.State.SENT_BACK
    assert Revision.objects.filter(object_id=leg.pk).exists()
    assert Leg.objects.get(pk=leg.pk).theme_en == "Reconciliation in practice"


def test_approving_a_leg_publishes_its_draft_partners(publisher):
    leg = LegFactory(draft=True)
    partner = LegPartnerFactory(leg=leg, draft=True)
    save(publisher, leg, "_approve")
    assert LegPartner.objects.get(pk=partner.pk).is_published


def test_an_edit_of_a_published_division_is_a_draft(editor):
    division = DivisionFactory(summary_en="As published.")
    save(editor, division, summary_en="A new summary.")
    assert Division.objects.get(pk=division.pk).summary_en == "As published."


def test_preview_shows_the_draft_on_the_public_design_and_visitors_the_live_leg(
    editor, leg, client
):
    save(editor, leg, theme_en="A new theme")
    preview = editor.get(admin_url(Leg, "preview", leg.pk))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "A new theme" in html and "Reconciliation in practice" not in html
    assert "no-store" in preview["Cache-Control"]
    assert "A new theme" not in client.get(leg.get_absolute_url()).content.decode()
    assert client.get(admin_url(Leg, "preview", leg.pk)).status_code == 302  # to sign in


def test_restoring_an_old_version_of_a_published_leg_is_a_draft_for_review(editor, publisher, leg):
    save(editor, leg, theme_en="Second theme")
    save(publisher, leg, "_approve")
    first = Leg.history.model.objects.filter(id=leg.pk).order_by("history_date").first()
    url = restore_url(Leg, leg.pk, first.history_id)
    response = editor.post(url, admin_form_data(editor.get(url)))
    assert response.status_code == 302
    assert Leg.objects.get(pk=leg.pk).theme_en == "Second theme"  # live: unchanged
    draft = Revision.objects.get(object_id=leg.pk).content["record"]
    assert draft["theme_en"] == "Reconciliation in practice"


def test_approve_and_publish_with_lao_reviewed_in_one_press(editor, publisher, leg):
    from translations.state import LaoState, lao_state

    save(editor, leg, theme_en="A new theme", theme_lo="ຫົວຂໍ້ໃໝ່")
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert 'name="_approve_with_lao"' in html
    save(publisher, leg, "_approve_with_lao")
    live = Leg.objects.get(pk=leg.pk)
    assert live.theme_lo == "ຫົວຂໍ້ໃໝ່" and lao_state(live) == LaoState.REVIEWED


def test_a_child_waiting_for_its_own_review_is_listed_apart_and_published_only_if_ticked(
    editor, publisher
):
    leg = LegFactory(draft=True)
    waiting = LegPartnerFactory(leg=leg, draft=True, name_en="Waiting partner")
    plain = LegPartnerFactory(leg=leg, draft=True, name_en="Plain partner")
    save(editor, waiting, "_submit_for_review")
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "Waiting for their own review" in html and "Waiting partner" in html
    save(publisher, leg, "_approve")
    assert LegPartner.objects.get(pk=plain.pk).is_published
    assert not LegPartner.objects.get(pk=waiting.pk).is_published
    other = LegFactory(draft=True)
    ticked = LegPartnerFactory(leg=other, draft=True)
    save(editor, ticked, "_submit_for_review")
    save(publisher, other, "_approve", review_include=f"programmes.legpartner.{ticked.pk}")
    assert LegPartner.objects.get(pk=ticked.pk).is_published


def test_an_appointment_added_after_the_publisher_opened_the_post_refuses_the_approval(publisher):
    from org.models import StaffRole
    from tests.factories import AppointmentFactory, StaffRoleFactory

    role = StaffRoleFactory(draft=True)
    url = admin_url(StaffRole, "change", role.pk)
    data = admin_form_data(publisher.get(url))
    AppointmentFactory(role=role, draft=True)  # an editor adds a holder meanwhile
    data["_approve"] = "1"
    response = publisher.post(url, data)
    assert any("changed after you opened the page" in text for text in messages_of(response))
    assert not StaffRole.objects.get(pk=role.pk).is_published


def test_deleting_a_published_record_forgets_its_draft(editor, publisher, leg):
    save(editor, leg, theme_en="A new theme")
    response = publisher.post(admin_url(Leg, "delete", leg.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Revision.objects.filter(object_id=leg.pk).exists()


def test_approving_with_lao_reviewed_reviews_the_lao_of_the_schedule_change_too(
    editor, publisher, leg
):
    from translations.state import LaoState, lao_state

    save(
        editor,
        leg,
        period_quarter="4",
        change_note_en="The host asked for the fourth quarter.",
        change_note_lo="ເຈົ້າພາບຂໍໄຕມາດທີ 4.",
    )
    save(publisher, leg, "_approve_with_lao")
    change = ScheduleChange.objects.get(leg=leg)
    assert (change.note_lo, lao_state(change)) == ("ເຈົ້າພາບຂໍໄຕມາດທີ 4.", LaoState.REVIEWED)
