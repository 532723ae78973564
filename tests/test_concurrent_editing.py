"""Safe concurrent editing: two people with the same record's change form open.

Two browsers' worth of forms: two test clients, each signed in as a different staff member,
each GETs the change form; one saves, then the other. The later save, based on an older version
of the record (or of its inline rows), is refused with who saved in between and what changed,
the person's input kept, and nothing stored. See ``backoffice/concurrent_editing/``.
"""

import datetime
import threading

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from backoffice.concurrent_editing import TOKEN_FIELD
from org.models import Division, StaffRole
from programmes.models import Leg
from publishing.models import Revision
from publishing.roles import EDITORS, PUBLISHERS
from tests.factories import DivisionFactory, MandateFactory, StaffRoleFactory
from tests.helpers import (
    admin_form_data,
    admin_url,
    command_output,
    staff_member,
    wait_until_blocked_or_done,
)
from tests.programmes.factories import LegFactory, LegPartnerFactory

pytestmark = pytest.mark.django_db


def person(username: str, role: str = EDITORS, *, full_name: str = "") -> Client:
    user = staff_member(role, username=username)
    first, _space, last = full_name.partition(" ")
    get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice():
    return person("alice", full_name="Alice Vongsa")


@pytest.fixture
def bob():
    return person("bob")


@pytest.fixture
def division():
    # A draft: edited in place. A published record's working copy: see the tests at the end.
    division = DivisionFactory(
        name_en="General Affairs Division", slug="general-affairs", draft=True
    )
    StaffRoleFactory(department=None, division=division, title_en="Director", headcount=1)
    StaffRoleFactory(department=None, division=division, title_en="Deputy Director", headcount=2)
    return division


def role_field(response, title: str, name: str) -> str:
    """The inline field ``name`` of the role titled ``title`` on a Division's change form."""
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is StaffRole
    )
    form = next(form for form in formset.forms if form.instance.title_en == title)
    return form.add_prefix(name)


def errors_on_page(response) -> str:
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def test_a_save_based_on_an_older_version_is_refused_naming_who_saved_and_what_changed(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)

    saved = alice.post(url, admin_form_data(alices_form, name_en="General Affairs"))
    assert saved.status_code == 302
    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert refused.status_code == 200
    message = errors_on_page(refused)
    assert "Alice Vongsa" in message
    assert "Name (English): “General Affairs Division” → “General Affairs”" in message
    division.refresh_from_db()
    assert division.name_en == "General Affairs"
    assert not division.summary_en


def test_the_refused_form_keeps_the_persons_input_and_shows_the_new_stored_values_elsewhere(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, name_en="General Affairs"))

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    form = refused.context["adminform"].form
    assert form["summary_en"].value() == "Bob's summary."
    assert form["name_en"].value() == "General Affairs"


def test_a_field_both_changed_keeps_the_persons_input_and_says_so(alice, bob, division):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, name_en="General Affairs"))

    refused = bob.post(url, admin_form_data(bobs_form, name_en="Affairs in General"))

    assert refused.context["adminform"].form["name_en"].value() == "Affairs in General"
    assert "(your input is kept)" in errors_on_page(refused)
    assert Division.objects.get(pk=division.pk).name_en == "General Affairs"


def test_saving_the_refused_form_again_stores_it_keeping_the_other_persons_change(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, name_en="General Affairs"))
    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert bob.post(url, admin_form_data(refused)).status_code == 302

    division.refresh_from_db()
    assert (division.name_en, division.summary_en) == ("General Affairs", "Bob's summary.")


def as_a_browser_sends(data: dict) -> dict:
    """Form data with a textarea's line ends as browsers send them: CR LF."""
    return {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}


def test_a_multi_line_text_left_untouched_takes_the_other_persons_change(alice, bob, division):
    Division.objects.filter(pk=division.pk).update(summary_en="One.\nTwo.")
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    saved = alice.post(
        url, as_a_browser_sends(admin_form_data(alices_form, summary_en="One.\nTwo, revised."))
    )
    assert saved.status_code == 302
    refused = bob.post(
        url, as_a_browser_sends(admin_form_data(bobs_form, name_en="General Affairs"))
    )

    # Bob left the summary as he found it: the merged form carries Alice's, not his stale copy.
    assert "(your input is kept)" not in errors_on_page(refused)
    assert bob.post(url, as_a_browser_sends(admin_form_data(refused))).status_code == 302
    division.refresh_from_db()
    assert (division.name_en, division.summary_en) == ("General Affairs", "One.\nTwo, revised.")


def test_a_change_late_in_a_long_text_is_named_where_it_differs(alice, bob, division):
    opening = "Coordinates the Department's administration, finance and records. " * 3
    Division.objects.filter(pk=division.pk).update(summary_en=opening + "Meets weekly.")
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, summary_en=opening + "Meets monthly."))
    refused = bob.post(url, admin_form_data(bobs_form, name_en="General Affairs"))
    message = errors_on_page(refused)
    assert "records. Meets weekly.”" in message
    assert "records. Meets monthly.”" in message


def test_a_save_after_reopening_the_form_is_not_refused(alice, bob, division):
    url = admin_url(Division, "change", division.pk)
    alice.post(url, admin_form_data(alice.get(url), name_en="General Affairs"))

    saved = bob.post(url, admin_form_data(bob.get(url), summary_en="Bob's summary."))

    assert saved.status_code == 302
    division.refresh_from_db()
    assert (division.name_en, division.summary_en) == ("General Affairs", "Bob's summary.")


def test_a_refused_save_records_no_history(alice, bob, division):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, name_en="General Affairs"))
    versions = (Division.history.count(), StaffRole.history.count())

    bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert (Division.history.count(), StaffRole.history.count()) == versions


def test_an_inline_row_changed_in_between_is_not_overwritten(alice, bob, division):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(
        url, admin_form_data(alices_form, **{role_field(alices_form, "Director", "headcount"): "3"})
    )

    refused = bob.post(
        url,
        admin_form_data(bobs_form, **{role_field(bobs_form, "Deputy Director", "headcount"): "5"}),
    )

    assert refused.status_code == 200
    message = errors_on_page(refused)
    assert "Alice Vongsa" in message
    assert "Staff role “Director (General Affairs Division)”: headcount: “1” → “3”" in message
    headcounts = dict(StaffRole.objects.values_list("title_en", "headcount"))
    assert headcounts == {"Director": 3, "Deputy Director": 2}


def test_an_inline_row_changed_in_between_shows_its_new_values_with_the_persons_input(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(
        url, admin_form_data(alices_form, **{role_field(alices_form, "Director", "headcount"): "3"})
    )

    refused = bob.post(
        url,
        admin_form_data(bobs_form, **{role_field(bobs_form, "Deputy Director", "headcount"): "5"}),
    )
    assert bob.post(url, admin_form_data(refused)).status_code == 302

    headcounts = dict(StaffRole.objects.values_list("title_en", "headcount"))
    assert headcounts == {"Director": 3, "Deputy Director": 5}


def test_an_inline_row_added_in_between_refuses_the_save(alice, bob, division):
    url = admin_url(Division, "change", division.pk)
    bobs_form = bob.get(url)
    StaffRoleFactory(department=None, division=division, title_en="Desk Officer")

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert "Staff role “Desk Officer (General Affairs Division)”: added" in errors_on_page(refused)
    assert not Division.objects.get(pk=division.pk).summary_en


def test_an_inline_row_deleted_in_between_refuses_the_save_and_leaves_the_form(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    bobs_form = bob.get(url)
    StaffRole.objects.get(title_en="Deputy Director").delete()

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))
    assert "“Deputy Director (General Affairs Division)”: deleted" in errors_on_page(refused)
    assert bob.post(url, admin_form_data(refused)).status_code == 302

    assert list(StaffRole.objects.values_list("title_en", flat=True)) == ["Director"]
    assert Division.objects.get(pk=division.pk).summary_en == "Bob's summary."


def test_an_inline_row_deleted_in_between_that_the_person_changed_is_kept_as_a_new_row(
    alice, bob, division
):
    url = admin_url(Division, "change", division.pk)
    bobs_form = bob.get(url)
    StaffRole.objects.get(title_en="Deputy Director").delete()

    refused = bob.post(
        url,
        admin_form_data(bobs_form, **{role_field(bobs_form, "Deputy Director", "headcount"): "4"}),
    )
    assert "kept as a new row" in errors_on_page(refused)
    assert bob.post(url, admin_form_data(refused)).status_code == 302

    headcounts = dict(StaffRole.objects.values_list("title_en", "headcount"))
    assert headcounts == {"Director": 1, "Deputy Director": 4}


def test_a_change_by_a_command_is_caught_and_said_to_be_unattributed(bob, division):
    url = admin_url(Division, "change", division.pk)
    bobs_form = bob.get(url)
    Division.objects.filter(pk=division.pk).update(name_en="Renamed by a script")

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    message = errors_on_page(refused)
    assert "by someone not recorded (a command or a script)" in message
    assert "“General Affairs Division” → “Renamed by a script”" in message
    assert not Division.objects.get(pk=division.pk).summary_en


def test_a_change_by_load_seed_while_the_form_is_open_is_not_overwritten(bob, seeded):
    division = Division.objects.get(slug="general-affairs")
    Division.objects.filter(pk=division.pk).update(name_en="Renamed by staff")
    url = admin_url(Division, "change", division.pk)
    bobs_form = bob.get(url)
    command_output("load_seed", force=True)

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert "“Renamed by staff” → “General Affairs Division”" in errors_on_page(refused)
    assert Division.objects.get(pk=division.pk).name_en == "General Affairs Division"


def test_a_legs_partner_changed_in_between_is_not_overwritten(alice, bob):
    leg = LegFactory(draft=True)
    LegPartnerFactory(leg=leg, name_en="Ministry of Foreign Affairs")
    url = admin_url(Leg, "change", leg.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(
        url, admin_form_data(alices_form, **{"partners-0-name_en": "Ministry of Home Affairs"})
    )

    refused = bob.post(url, admin_form_data(bobs_form, theme_en="A new theme"))

    assert "Ministry of Home Affairs" in errors_on_page(refused)
    assert leg.partners.get().name_en == "Ministry of Home Affairs"


def test_dates_changed_in_between_are_named_as_the_form_shows_dates(alice, bob):
    leg = LegFactory(exact_dates=True, start_date=datetime.date(2027, 2, 3))  # published
    url = admin_url(Leg, "change", leg.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, start_date="2027-02-05", change_note_en="Moved."))
    refused = bob.post(url, admin_form_data(bobs_form, theme_en="A new theme"))
    assert "Start date: “3 February 2027” → “5 February 2027”" in errors_on_page(refused)


def test_a_mandates_divisions_changed_in_between_are_named(alice, bob, division):
    mandate = MandateFactory(department=division.department, draft=True)
    url = admin_url(type(mandate), "change", mandate.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    alice.post(url, admin_form_data(alices_form, divisions=[str(division.pk)]))

    refused = bob.post(url, admin_form_data(bobs_form, title_en="A new title"))

    assert "General Affairs Division" in errors_on_page(refused)
    assert list(mandate.divisions.all()) == [division]


@pytest.mark.parametrize("token", ["", "tampered", "x" * 5000])
def test_a_missing_or_tampered_version_is_a_form_error_and_changes_nothing(bob, division, token):
    url = admin_url(Division, "change", division.pk)

    refused = bob.post(
        url, admin_form_data(bob.get(url), summary_en="Bob's", **{TOKEN_FIELD: token})
    )

    assert refused.status_code == 200
    assert "does not say which version" in errors_on_page(refused)
    assert not Division.objects.get(pk=division.pk).summary_en


def test_a_version_of_another_record_is_refused(bob, division):
    other = DivisionFactory(department=division.department)
    other_token = (
        bob.get(admin_url(Division, "change", other.pk))
        .context["adminform"]
        .form[TOKEN_FIELD]
        .value()
    )
    url = admin_url(Division, "change", division.pk)

    refused = bob.post(url, admin_form_data(bob.get(url), **{TOKEN_FIELD: other_token}))

    assert "does not say which version" in errors_on_page(refused)


def test_viewers_see_no_version_field(division):
    viewer = person("viewer", "Secretariat viewers")

    page = viewer.get(admin_url(Division, "change", division.pk))

    assert page.status_code == 200
    assert TOKEN_FIELD.encode() not in page.content


def test_restoring_a_version_after_someone_else_saved_is_refused(alice, division):
    publisher = person("pat", PUBLISHERS)
    first = division.history.earliest()
    url = admin_url(Division, "simple_history", division.pk, first.history_id)
    restore_form = publisher.get(url)
    alice.post(
        admin_url(Division, "change", division.pk),
        admin_form_data(alice.get(admin_url(Division, "change", division.pk)), name_en="Renamed"),
    )

    refused = publisher.post(url, admin_form_data(restore_form))

    assert refused.status_code == 200
    assert "Alice Vongsa" in errors_on_page(refused)
    assert Division.objects.get(pk=division.pk).name_en == "Renamed"


def test_restoring_a_version_is_not_refused_when_nothing_changed_in_between(division):
    publisher = person("pat", PUBLISHERS)
    Division.objects.filter(pk=division.pk).update(name_en="Renamed")
    first = division.history.earliest()
    url = admin_url(Division, "simple_history", division.pk, first.history_id)

    restored = publisher.post(url, admin_form_data(publisher.get(url)))

    assert restored.status_code == 302
    assert Division.objects.get(pk=division.pk).name_en == "General Affairs Division"


ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no row locks and lets one "
    "writer at a time through, so two saves cannot overlap there",
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_at_the_same_moment_cannot_both_pass(monkeypatch):
    """Alice's save is held after its check, with the record locked, while Bob's arrives: Bob's
    check must wait for Alice's commit and then see her change. Without the lock, Bob's check
    would pass on the old values and his save would overwrite hers."""
    division = DivisionFactory(name_en="General Affairs Division", draft=True)
    alice, bob = person("alice", full_name="Alice Vongsa"), person("bob")
    url = admin_url(Division, "change", division.pk)
    alices_data = admin_form_data(alice.get(url), name_en="General Affairs")
    bobs_data = admin_form_data(bob.get(url), summary_en="Bob's summary.")

    alice_is_saving, go_on = threading.Event(), threading.Event()
    division_admin = admin.site._registry[Division]
    save_model = division_admin.save_model

    def held_save_model(request, obj, form, change):
        if request.user.username == "alice":
            alice_is_saving.set()
            go_on.wait(timeout=10)
        save_model(request, obj, form, change)

    monkeypatch.setattr(division_admin, "save_model", held_save_model)
    answers = {}

    def post(name, client, data):
        try:
            answers[name] = client.post(url, data)
        finally:
            connection.close()

    alices = threading.Thread(target=post, args=("alice", alice, alices_data))
    bobs = threading.Thread(target=post, args=("bob", bob, bobs_data))
    alices.start()
    assert alice_is_saving.wait(timeout=10)
    bobs.start()
    wait_until_blocked_or_done(bobs)
    go_on.set()
    alices.join(timeout=20)
    bobs.join(timeout=20)

    assert answers["alice"].status_code == 302
    assert answers["bob"].status_code == 200
    assert "Alice Vongsa" in errors_on_page(answers["bob"])
    division.refresh_from_db()
    assert division.name_en == "General Affairs"
    assert not division.summary_en


# -- The working copy of a published record: edited by two people at once ---------------------


def test_a_save_of_a_working_copy_based_on_an_older_copy_is_refused_naming_who_saved(alice, bob):
    division = DivisionFactory(name_en="General Affairs Division")  # published
    url = admin_url(Division, "change", division.pk)
    alices_form, bobs_form = alice.get(url), bob.get(url)
    assert (
        alice.post(url, admin_form_data(alices_form, name_en="General Affairs")).status_code == 302
    )

    refused = bob.post(url, admin_form_data(bobs_form, summary_en="Bob's summary."))

    assert refused.status_code == 200
    message = errors_on_page(refused)
    assert "Alice Vongsa" in message
    assert "Name (English): “General Affairs Division” → “General Affairs”" in message
    # Bob saves again, on Alice's copy: both changes are in the draft, none is live.
    assert bob.post(url, admin_form_data(refused)).status_code == 302
    draft = Revision.objects.get(object_id=division.pk).content["record"]
    assert (draft["name_en"], draft["summary_en"]) == ("General Affairs", "Bob's summary.")
    live = Division.objects.get(pk=division.pk)
    assert (live.name_en, live.summary_en) == ("General Affairs Division", None)


def test_a_working_copy_says_when_the_live_version_changed_since_it_was_started(alice):
    division = DivisionFactory(name_en="General Affairs Division", summary_en="As published.")
    url = admin_url(Division, "change", division.pk)
    alice.post(url, admin_form_data(alice.get(url), name_en="General Affairs"))
    Division.objects.filter(pk=division.pk).update(summary_en="Changed live meanwhile.")
    page = alice.get(url).content.decode()
    assert "The published version has changed since this draft was started" in page
