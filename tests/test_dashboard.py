"""The back office's front page, for the person signed in: what awaits their review, their own
drafts and what was sent back to them, legs needing attention, and recent changes by others,
each a link to the record; in a fixed number of queries however many records there are."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from org.models import Division
from programmes.models import Leg
from publishing import review
from publishing.roles import EDITORS, PUBLISHERS
from tests.factories import DivisionFactory, MandateFactory, StaffRoleFactory
from tests.helpers import admin_url, staff_member
from tests.programmes.factories import LegFactory, LegPartnerFactory
from translations.overview import translatable_models
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_user(seeded):
    return staff_member(EDITORS, username="editor")


@pytest.fixture
def publisher_user(seeded):
    return staff_member(PUBLISHERS, username="publisher")


def section(client, key: str) -> str:
    """The HTML of one list of the front page ('' when it is not shown)."""
    html = client.get("/admin/").content.decode()
    start = html.find(f'id="dashboard-{key}"')
    if start == -1:
        return ""
    return html[start : html.index("</section>", start)]


def drafted_by(user, **fields) -> Leg:
    """A draft leg saved by ``user`` (as its history says)."""
    leg = LegFactory.build(draft=True, **fields)
    leg.programme.save()
    leg.programme_id = leg.programme.pk
    leg._history_user = user
    leg.save()
    return leg


def test_publishers_see_what_awaits_their_review_with_a_link_to_it(editor_user, publisher_user):
    leg = drafted_by(editor_user, theme_en="Reconciliation in practice")
    review.submit(leg, by=editor_user, comment="Ready.")
    html = section(signed_in(publisher_user), "awaiting-review")
    assert "Reconciliation in practice" in html
    assert f'href="{admin_url(Leg, "change", leg.pk)}"' in html


def test_editors_have_no_review_list(editor_user):
    assert section(signed_in(editor_user), "awaiting-review") == ""


def test_editors_see_their_own_drafts_but_not_others(editor_user, publisher_user):
    drafted_by(editor_user, theme_en="My own leg")
    drafted_by(publisher_user, theme_en="Someone else's leg")
    html = section(signed_in(editor_user), "own-work")
    assert "My own leg" in html and "Someone else" not in html


def test_editors_see_what_was_sent_back_to_them_with_the_comment(editor_user, publisher_user):
    leg = drafted_by(editor_user, theme_en="My own leg")
    review.submit(leg, by=editor_user)
    review.send_back(leg, by=publisher_user, comment="Add the venue.")
    html = section(signed_in(editor_user), "own-work")
    assert "My own leg" in html and "Sent back: Add the venue." in html


def test_legs_whose_tentative_period_lapsed_need_attention(editor_user):
    # The seed's Leg 3: third quarter of 2021, tentative, never confirmed.
    html = section(signed_in(editor_user), "legs-attention")
    leg = Leg.objects.get()
    assert "Tentative period ended without confirmation" in html
    assert f'href="{admin_url(Leg, "change", leg.pk)}"' in html


def test_legs_starting_within_30_days_need_attention(editor_user):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    later = timezone.localdate() + datetime.timedelta(days=90)
    LegFactory(confirmed=True, start_date=soon, theme_en="Soon")
    LegFactory(confirmed=True, start_date=later, theme_en="Later")
    html = section(signed_in(editor_user), "legs-attention")
    assert "Starts within 30 days" in html
    assert html.count("Starts within 30 days") == 1


def test_recent_changes_by_others_are_listed_and_ones_own_are_not(editor_user, publisher_user):
    division = DivisionFactory(name_en="Protocol Division", draft=True)
    drafted_by(editor_user, theme_en="My own leg")
    html = section(signed_in(editor_user), "recent-changes")
    assert "Protocol Division" in html and "My own leg" not in html
    assert f'href="{admin_url(Division, "change", division.pk)}"' in html
    assert "added by" in html


def test_a_deleted_record_among_recent_changes_links_to_its_history(editor_user):
    division = DivisionFactory(name_en="Protocol Division", draft=True)
    key = division.pk
    division.delete()
    html = section(signed_in(editor_user), "recent-changes")
    assert "deleted by" in html
    assert f'href="{admin_url(Division, "history", key)}"' in html


def test_lao_needing_work_is_listed_outdated_first_with_a_link(editor_user, publisher_user):
    outdated = Division.objects.get(slug="general-affairs")
    outdated.name_lo = "ພະແນກບໍລິຫານ"
    outdated.save()
    mark_lao_reviewed(outdated, reason="Lao reviewed")
    outdated.name_en = "Administration Division"
    outdated.save()
    listed = section(signed_in(editor_user), "translations")
    assert listed.index("Administration Division") < listed.index("Lao draft")
    assert f'href="{admin_url(Division, "change", outdated.pk)}"' in listed
    assert "Lao outdated" in listed


def test_the_front_page_links_to_ones_notification_settings(editor_user):
    html = signed_in(editor_user).get("/admin/").content.decode()
    assert 'href="/admin/notifications/"' in html


def add_many_records(editor_user, publisher_user, count: int) -> None:
    for number in range(count):
        leg = drafted_by(editor_user, theme_en=f"Leg number {number}")
        LegPartnerFactory(leg=leg, draft=True)
        division = DivisionFactory(draft=True)
        StaffRoleFactory(department=division.department, draft=True)
        MandateFactory(department=division.department, draft=True)
        if number % 2:
            review.submit(leg, by=editor_user)
        if number % 4 == 1:
            review.send_back(leg, by=publisher_user, comment="Again.")


def queries_for_the_front_page(client) -> int:
    client.get("/admin/")  # sessions, permissions and content types, loaded once
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [EDITORS, PUBLISHERS])
def test_the_front_page_costs_the_same_queries_with_many_more_records(
    role, editor_user, publisher_user
):
    user = editor_user if role == EDITORS else publisher_user
    add_many_records(editor_user, publisher_user, 2)
    few = queries_for_the_front_page(signed_in(user))
    add_many_records(editor_user, publisher_user, 30)
    assert Division.objects.count() > 30
    assert queries_for_the_front_page(signed_in(user)) == few


def test_the_front_page_stays_within_a_small_number_of_queries(
    editor_user, publisher_user, django_assert_max_num_queries
):
    add_many_records(editor_user, publisher_user, 10)
    client = signed_in(publisher_user)
    client.get("/admin/")
    # 15 for the person's lists, 4 for drafts of published records (in review, the person's own)
    # and what is scheduled, one for whether a two-factor reset has ended the session
    # (backoffice/two_factor/sessions.py); one per translatable model for the Lao figures.
    with django_assert_max_num_queries(20 + len(translatable_models())):
        client.get("/admin/")


def test_recent_changes_name_the_command_that_made_them(editor_user):
    assert "added by load_seed" in section(signed_in(editor_user), "recent-changes")


def test_records_are_named_in_the_readers_language_where_they_have_it(publisher_user):
    client = signed_in(publisher_user)
    for name_en, name_lo in (("Protocol Division", "ພະແນກພິທີການ"), ("Records Division", "")):
        division = DivisionFactory(name_en=name_en, name_lo=name_lo, draft=True)
        Division.objects.filter(pk=division.pk).update(publication_status="in_review")
    client.cookies["django_language"] = "lo"
    listed = section(client, "awaiting-review")
    assert "ພະແນກພິທີການ" in listed
    assert "Records Division" in listed  # no Lao name yet: its English one
    assert "Protocol Division" not in listed
    client.cookies["django_language"] = "en"
    listed = section(client, "awaiting-review")
    assert "Protocol Division" in listed and "ພະແນກພິທີການ" not in listed


def test_recent_changes_name_the_person_as_the_history_does(editor_user, publisher_user):
    publisher_user.first_name, publisher_user.last_name = "Somphone", "Keomany"
    publisher_user.save()
    leg = LegFactory(theme_en="A leg the publisher changed")
    leg._history_user = publisher_user
    leg.save()
    assert "changed by Somphone Keomany" in section(signed_in(editor_user), "recent-changes")


def test_a_long_comment_sent_back_is_cut_on_the_front_page(editor_user, publisher_user):
    leg = drafted_by(editor_user, theme_en="My own leg")
    review.submit(leg, by=editor_user)
    comment = "Add the venue and the host's confirmation. " * 10 + "The end."
    review.send_back(leg, by=publisher_user, comment=comment)
    html = section(signed_in(editor_user), "own-work")
    assert "Sent back: Add the venue" in html and "The end." not in html
    assert "…" in html


def test_a_record_saved_several_times_is_listed_once_at_its_latest_change(
    editor_user, publisher_user
):
    leg = LegFactory(theme_en="A leg saved four times")
    for _time in range(4):
        leg._history_user = publisher_user
        leg.save()
    html = section(signed_in(editor_user), "recent-changes")
    assert html.count("A leg saved four times") == 1
    assert "changed by" in html.split("A leg saved four times")[1].split("</li>")[0]
