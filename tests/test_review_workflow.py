"""The review workflow in the back office: editors submit drafts for review with a comment;
publishers approve (publishing the record and its draft inline rows) or send it back with a
comment the editor sees on the record. Every step is a version in the record's history."""

import re

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client

from core.publication import Publishable
from programmes.models import Leg, LegPartner
from publishing import approval, review
from publishing.models import Review
from publishing.roles import EDITORS, PUBLISHERS
from publishing.step_form import COMMENT_FIELD
from tests.factories import (
    DepartmentFactory,
    DivisionFactory,
    MandateFactory,
    StaffRoleFactory,
)
from tests.helpers import admin_form_data, admin_url, list_step, staff_member
from tests.programmes.factories import LegFactory, LegPartnerFactory
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_user():
    return staff_member(EDITORS, username="editor")


@pytest.fixture
def publisher_user():
    return staff_member(PUBLISHERS, username="publisher")


@pytest.fixture
def editor(editor_user):
    return signed_in(editor_user)


@pytest.fixture
def publisher(publisher_user):
    return signed_in(publisher_user)


@pytest.fixture
def leg():
    return LegFactory(draft=True, theme_en="Reconciliation in practice")


def take_step(client, obj, step: str, **changes):
    """GET the record's change form, then POST it with the step's button pressed."""
    url = admin_url(type(obj), "change", obj.pk)
    page = client.get(url)
    return client.post(url, admin_form_data(page, **{step: "1", **changes}))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def reasons(obj) -> list[str]:
    return [
        version.history_change_reason
        for version in obj.history.order_by("history_date", "history_id")
        if version.history_change_reason
    ]


def test_an_editor_submits_a_draft_for_review_with_a_comment(editor, leg):
    response = take_step(editor, leg, "_submit_for_review", review_comment="Dates from the host.")
    assert response.status_code == 302
    assert response["Location"] == admin_url(Leg, "change", leg.pk)
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"
    row = Review.objects.get(object_id=leg.pk)
    assert (row.state, row.comment, row.submitted_by.username) == (
        "in_review",
        "Dates from the host.",
        "editor",
    )


def test_submitting_says_so_in_the_message(editor, leg):
    response = take_step(editor, leg, "_submit_for_review")
    assert any(text.startswith("Submitted for review") for text in messages_of(response))


def test_saving_a_draft_says_it_was_saved_as_draft(editor, leg):
    page = editor.get(admin_url(Leg, "change", leg.pk))
    response = editor.post(admin_url(Leg, "change", leg.pk), admin_form_data(page))
    assert any(text.startswith("Saved as draft") for text in messages_of(response))


def test_the_change_page_shows_who_submitted_it_and_their_comment(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review", review_comment="Dates from the host.")
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert 'class="review-state review-state-in_review"' in html
    assert "submitted by editor on" in html and "Dates from the host." in html


def test_a_draft_shows_it_is_a_draft_and_a_published_record_that_it_is_published(editor, leg):
    html = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "review-state-draft" in html and 'name="_submit_for_review"' in html
    published = LegFactory()
    html = editor.get(admin_url(Leg, "change", published.pk)).content.decode()
    # An edit of it is a draft of the published record, which the editor submits for review.
    assert "review-state-published" in html and 'name="_submit_for_review"' in html
    assert "keeps your changes as a draft" in html


def test_editors_are_offered_no_approve_or_send_back_button(editor, leg):
    take_step(editor, leg, "_submit_for_review")
    html = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert 'name="_approve"' not in html and 'name="_send_back"' not in html


def test_an_editor_cannot_approve_by_posting_the_button(editor, leg):
    take_step(editor, leg, "_submit_for_review")
    assert take_step(editor, leg, "_approve").status_code == 403
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"


def test_an_editor_cannot_publish_a_record_in_review_by_posting_the_field(editor, leg):
    take_step(editor, leg, "_submit_for_review")
    page = editor.get(admin_url(Leg, "change", leg.pk))
    editor.post(
        admin_url(Leg, "change", leg.pk), admin_form_data(page, publication_status="published")
    )
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"


def test_the_service_refuses_an_editor_approving(editor_user, leg):
    with pytest.raises(PermissionDenied):
        approval.approve(leg, by=editor_user)


def test_a_publisher_sends_it_back_with_a_comment_the_editor_sees(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review")
    response = take_step(publisher, leg, "_send_back", review_comment="Name the host ministry.")
    assert response.status_code == 302
    leg.refresh_from_db()
    assert leg.publication_status == "draft"
    html = editor.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert "Sent back" in html and "by publisher on" in html
    assert "Name the host ministry." in html


def test_sending_back_without_a_comment_is_refused_on_the_form(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review")
    response = take_step(publisher, leg, "_send_back", review_comment="")
    assert response.status_code == 200
    assert "Say what to change" in response.content.decode()
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"


def test_only_a_record_in_review_is_offered_the_send_back_button(publisher, leg):
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    assert 'name="_approve"' in html and 'name="_send_back"' not in html


def test_approving_publishes_the_record(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review")
    response = take_step(publisher, leg, "_approve")
    leg.refresh_from_db()
    assert leg.publication_status == "published"
    assert any(text.startswith("Approved and published") for text in messages_of(response))
    assert Review.objects.get(object_id=leg.pk).reviewed_by.username == "publisher"


@pytest.mark.parametrize(
    ("theme_lo", "reviewed", "changed_since", "said"),
    [
        ("", False, "", "It has no Lao yet: Lao readers see the English."),
        ("ການປອງດອງ", False, "", "Its Lao is not reviewed yet"),
        ("ການປອງດອງ", True, "ການປອງດອງໃນພາກປະຕິບັດ", "Lao readers see the Lao last reviewed"),
        ("ການປອງດອງ", True, "", None),
    ],
)
def test_approving_says_when_lao_readers_will_not_see_the_lao_as_stored(
    editor, publisher, leg, theme_lo, reviewed, changed_since, said
):
    Leg.objects.filter(pk=leg.pk).update(theme_lo=theme_lo)
    if reviewed:
        mark_lao_reviewed(Leg.objects.get(pk=leg.pk), reason="Lao reviewed by a publisher")
    if changed_since:
        Leg.objects.filter(pk=leg.pk).update(theme_lo=changed_since)
    take_step(editor, leg, "_submit_for_review")
    [message] = [m for m in messages_of(take_step(publisher, leg, "_approve")) if "Approved" in m]
    if said is None:
        assert message == "Approved and published: visitors now see it."
    else:
        assert said in message


def test_the_approve_step_names_the_draft_rows_it_will_publish(editor, publisher, leg):
    LegPartnerFactory(leg=leg, name_en="ASEAN-IPR Lao PDR", draft=True)
    LegPartnerFactory(leg=leg, name_en="Already public")
    take_step(editor, leg, "_submit_for_review")
    html = publisher.get(admin_url(Leg, "change", leg.pk)).content.decode()
    children = html[html.index("review-children") :]
    assert "ASEAN-IPR Lao PDR" in children and "Already public" not in children


def test_approving_a_leg_publishes_its_draft_partners_shown_on_its_page(
    client, editor, publisher, leg
):
    partner = LegPartnerFactory(leg=leg, name_en="ASEAN-IPR Lao PDR", draft=True)
    take_step(editor, leg, "_submit_for_review")
    response = take_step(publisher, leg, "_approve")
    partner.refresh_from_db()
    assert partner.publication_status == "published"
    assert any("ASEAN-IPR Lao PDR" in text for text in messages_of(response))
    assert "ASEAN-IPR Lao PDR" in client.get(leg.get_absolute_url()).content.decode()


def test_approving_a_department_publishes_its_draft_divisions_roles_and_mandates(publisher):
    department = DepartmentFactory(draft=True)
    division = DivisionFactory(department=department, draft=True)
    role = StaffRoleFactory(department=department, draft=True)
    mandate = MandateFactory(department=department, draft=True)
    take_step(publisher, department, "_approve")
    for record in (department, division, role, mandate):
        record.refresh_from_db()
        assert record.publication_status == "published", record


def test_every_step_is_a_version_in_the_records_history(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review", review_comment="First go.")
    take_step(publisher, leg, "_send_back", review_comment="Add the venue.")
    take_step(editor, leg, "_submit_for_review", review_comment="Venue added.")
    take_step(publisher, leg, "_approve")
    assert reasons(leg) == [
        "Submitted for review: First go.",
        "Sent back: Add the venue.",
        "Submitted for review: Venue added.",
        "Approved and published",
    ]
    assert (
        leg.history.filter(history_change_reason="Sent back: Add the venue.")
        .get()
        .history_user.username
        == "publisher"
    )


def test_a_long_comment_is_kept_whole_in_the_history_and_shown_with_its_lines(
    editor, publisher, leg
):
    # Longer than the 100 characters django-simple-history keeps by default, in two paragraphs.
    first = "ກະລຸນາເພີ່ມສະຖານທີ່ຈັດຝຶກອົບຮົມ ແລະ ວັນທີທີ່ເຈົ້າພາບຢືນຢັນແລ້ວ. " * 3
    comment = f"{first.strip()}\r\nThen ask the Division for the partners' full names."
    take_step(editor, leg, "_submit_for_review")
    take_step(publisher, leg, "_send_back", review_comment=comment)
    # As the form keeps it: the browser's line break is a newline.
    kept = comment.replace("\r\n", "\n")
    assert reasons(leg) == ["Submitted for review", f"Sent back: {kept}"]
    page = editor.get(admin_url(Leg, "history", leg.pk)).content.decode()
    assert f"Sent back: {first.strip()}<br>Then ask the Division for the partners" in page


def test_a_step_on_an_unchanged_form_is_one_version_and_a_change_with_it_two(
    editor, publisher, leg
):
    before = leg.history.count()
    take_step(editor, leg, "_submit_for_review")
    assert leg.history.count() == before + 1  # the step's, not an empty one beside it
    take_step(publisher, leg, "_approve", theme_en="Reconciliation in practice, revised")
    latest = leg.history.order_by("-history_date", "-history_id")[:2]
    assert [v.history_change_reason for v in latest] == ["Approved and published", None]
    assert latest[1].theme_en == "Reconciliation in practice, revised"


def test_a_plain_save_changing_only_inline_rows_keeps_the_records_version(editor, leg):
    # The record's own version says who changed its rows, and keeps it among their drafts.
    LegPartnerFactory(leg=leg, name_en="ASEAN IPR", draft=True)
    url = admin_url(Leg, "change", leg.pk)
    data = admin_form_data(editor.get(url), **{"partners-0-name_en": "ASEAN-IPR"})
    before = leg.history.count()
    assert editor.post(url, data).status_code == 302
    assert leg.partners.get().name_en == "ASEAN-IPR"
    assert leg.history.count() == before + 1
    assert leg.history.latest("history_date").history_user.username == "editor"


PUBLISHABLE_ADMINS = sorted(
    (model for model in admin.site._registry if issubclass(model, Publishable)),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", PUBLISHABLE_ADMINS, ids=lambda model: model._meta.label)
def test_every_change_page_has_one_comment_box_with_the_steps(admin_client, seeded, model):
    # A second box in the form's fieldsets would be submitted too, and its comment lost.
    pages = [admin_url(model, "add")]
    if (obj := model.objects.first()) is not None:
        pages.append(admin_url(model, "change", obj.pk))
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert html.count(f'name="{COMMENT_FIELD}"') == 1, url
        assert html.index(f'name="{COMMENT_FIELD}"') > html.index(
            'class="module aligned review-steps"'
        )


def test_a_child_published_with_its_parent_says_so_in_its_history(editor, publisher, leg):
    partner = LegPartnerFactory(leg=leg, draft=True)
    take_step(publisher, leg, "_approve")
    assert reasons(partner) == [f"Published with: {leg}"[:100]]


def test_a_step_based_on_an_outdated_form_is_refused_and_changes_nothing(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review")
    url = admin_url(Leg, "change", leg.pk)
    stale = publisher.get(url)
    page = editor.get(url)
    editor.post(url, admin_form_data(page, theme_en="A changed theme"))
    response = publisher.post(url, admin_form_data(stale, _approve="1"))
    assert response.status_code == 200
    assert "Not saved" in response.content.decode()
    leg.refresh_from_db()
    assert leg.publication_status == "in_review"


def test_a_publisher_unpublishes_through_the_service(publisher_user):
    leg = LegFactory()
    review.unpublish(leg, by=publisher_user, comment="Dates withdrawn.")
    leg.refresh_from_db()
    assert leg.publication_status == "draft"
    assert reasons(leg) == ["Unpublished: Dates withdrawn."]


def test_publishing_from_the_list_is_a_review_step_in_the_history(editor, publisher, leg):
    take_step(editor, leg, "_submit_for_review")
    assert list_step(publisher, Leg, "publish", leg).status_code == 302
    leg.refresh_from_db()
    assert leg.publication_status == "published"
    assert reasons(leg)[-1] == "Approved and published"
    assert Review.objects.get(object_id=leg.pk).state == "approved"


def test_unpublishing_from_the_list_is_in_the_history(publisher):
    leg = LegFactory()
    assert list_step(publisher, Leg, "unpublish", leg).status_code == 302
    leg.refresh_from_db()
    assert leg.publication_status == "draft"
    assert reasons(leg) == ["Unpublished"]


def test_a_record_in_review_is_not_shown_to_visitors(client, editor, leg):
    take_step(editor, leg, "_submit_for_review")
    assert client.get(leg.get_absolute_url()).status_code == 404
    assert LegPartner.objects.published().count() == 0


def test_the_review_pages_and_the_front_page_are_in_lao(seeded, editor, publisher, leg):
    from tests.test_admin_in_lao import assert_in_lao, in_lao

    LegPartnerFactory(leg=leg, draft=True)
    url = admin_url(Leg, "change", leg.pk)
    in_lao(editor)
    in_lao(publisher)
    pages = {"draft": editor.get(url)}
    take_step(editor, leg, "_submit_for_review", review_comment="ພ້ອມແລ້ວ")
    pages["in review, publisher"] = publisher.get(url)
    pages["in review, editor"] = editor.get(url)
    pages["send back, refused"] = take_step(publisher, leg, "_send_back")
    take_step(publisher, leg, "_send_back", review_comment="ແກ້ໄຂ")
    pages["sent back"] = editor.get(url, follow=True)
    pages["front page, editor"] = editor.get("/admin/")
    pages["front page, publisher"] = publisher.get("/admin/")
    pages["notification settings"] = editor.get("/admin/notifications/")
    assert_in_lao(pages)


def first_button(client, url) -> str:
    """The name of the change form's first submit button: the one a browser presses on Enter."""
    html = client.get(url).content.decode()
    form = html[html.index('id="leg_form"') :]
    return re.search(r'<input type="submit"[^>]*name="([^"]+)"', form).group(1)


@pytest.mark.parametrize("state", ["draft", "published"])
def test_enter_in_a_field_saves_and_takes_no_review_step(editor, publisher, leg, state):
    leg.publication_status = state
    leg.save()
    for client in (editor, publisher):
        assert first_button(client, admin_url(Leg, "change", leg.pk)) == "_save"
    assert first_button(editor, admin_url(Leg, "add")) == "_save"


def test_a_comment_written_without_a_step_is_not_lost_silently(editor, leg):
    response = take_step(editor, leg, "_save", review_comment="Is the theme right?")
    assert any("not sent" in message for message in messages_of(response))
