"""People in post in the open data API: memberships (Popolo Membership of a Post), every
field, only those whose appointment, person and post are published, in the language asked for;
and each post's memberships."""

import datetime

import pytest

from org.models import StaffRole
from tests.api.conftest import get_json, ids, save
from tests.factories import AppointmentFactory, PersonFactory
from tests.helpers import today
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PERSONS = "/api/v1/persons/"
MEMBERSHIPS = "/api/v1/memberships/"


def test_a_membership_has_every_popolo_field(api, holder):
    appointment = holder.appointments.get()
    post = appointment.role_id
    assert get_json(api, f"{MEMBERSHIPS}{appointment.pk}/") == {
        "id": str(appointment.pk),
        "url": f"http://testserver/api/v1/memberships/{appointment.pk}/",
        "html_url": "http://testserver/en/structure/",
        "person_id": "test-holder",
        "person_url": "http://testserver/api/v1/persons/test-holder/",
        "post_id": str(post),
        "post_url": f"http://testserver/api/v1/posts/{post}/",
        "organization_id": "asean-department",
        "organization_url": "http://testserver/api/v1/organisations/asean-department/",
        "role": "Director-General",
        "start_date": (today() - 365 * DAY).isoformat(),
        "end_date": None,
        "acting": False,
    }


def test_a_membership_names_the_post_and_organisation_as_their_own_endpoints_do(api, division_post):
    ended = AppointmentFactory(
        role=division_post, start_date=today() - 90 * DAY, end_date=today() - DAY, acting=True
    )
    membership = get_json(api, f"{MEMBERSHIPS}{ended.pk}/")
    assert (membership["end_date"], membership["acting"]) == ((today() - DAY).isoformat(), True)
    assert membership["organization_id"] == "asean-department.external-partners"
    assert membership["html_url"].endswith("/en/divisions/external-partners/")
    post = get_json(api, membership["post_url"])
    assert post["id"] == membership["post_id"] and post["label"] == membership["role"]
    organisation = get_json(api, membership["organization_url"])
    assert organisation["id"] == membership["organization_id"] == post["organization_id"]
    assert get_json(api, membership["person_url"])["id"] == membership["person_id"]


def test_memberships_come_in_the_posts_order_then_latest_first(api, holder, division_post):
    director_general = holder.appointments.get()
    older = AppointmentFactory(role=division_post, start_date=today() - 900 * DAY, end_date=today())
    newer = AppointmentFactory(role=division_post, start_date=today() - 10 * DAY, acting=True)
    listed = [m["id"] for m in get_json(api, MEMBERSHIPS)["results"]]
    assert listed == [str(director_general.pk), str(newer.pk), str(older.pk)]


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_an_unpublished_appointment_is_absent_and_its_person_stays(
    api, holder, status, django_capture_on_commit_callbacks
):
    appointment = holder.appointments.get()
    appointment.publication_status = status
    save(appointment, django_capture_on_commit_callbacks)
    assert str(appointment.pk) not in ids(api, MEMBERSHIPS)
    assert api.get(f"{MEMBERSHIPS}{appointment.pk}/").status_code == 404
    assert get_json(api, f"{PERSONS}test-holder/")["membership_ids"] == []


def test_a_membership_of_a_draft_post_is_absent(api, holder, django_capture_on_commit_callbacks):
    appointment = holder.appointments.get()
    post = appointment.role
    post.publication_status = "draft"
    save(post, django_capture_on_commit_callbacks)
    assert str(appointment.pk) not in ids(api, MEMBERSHIPS)
    assert api.get(f"{MEMBERSHIPS}{appointment.pk}/").status_code == 404
    person = get_json(api, f"{PERSONS}test-holder/")
    assert person["membership_ids"] == []


def test_a_membership_of_a_draft_divisions_post_is_absent(
    api, division_post, django_capture_on_commit_callbacks
):
    appointment = AppointmentFactory(role=division_post, person=PersonFactory(slug="desk"))
    assert str(appointment.pk) in ids(api, MEMBERSHIPS)
    division = division_post.division
    division.publication_status = "draft"
    save(division, django_capture_on_commit_callbacks)
    assert str(appointment.pk) not in ids(api, MEMBERSHIPS)
    assert api.get(f"{MEMBERSHIPS}{appointment.pk}/").status_code == 404
    assert get_json(api, f"{PERSONS}desk/")["membership_ids"] == []


def test_a_memberships_role_is_the_posts_label_in_lao_where_reviewed(
    api, holder, django_capture_on_commit_callbacks
):
    post = StaffRole.objects.get(title_en="Director-General")
    post.title_lo = "ຫົວໜ້າກົມ"
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
        mark_lao_reviewed(post, reason="Lao reviewed")
    membership = get_json(api, MEMBERSHIPS + "?lang=lo")["results"][0]
    assert membership["role"] == "ຫົວໜ້າກົມ"
    assert membership["html_url"] == "http://testserver/lo/structure/"
    assert get_json(api, MEMBERSHIPS)["results"][0]["role"] == "Director-General"


@pytest.mark.parametrize(
    "address", [f"{MEMBERSHIPS}99999/", f"{MEMBERSHIPS}{'9' * 30}/", f"{MEMBERSHIPS}test-holder/",
                f"{PERSONS}nobody/", f"{PERSONS}1/"]
)  # fmt: skip
def test_an_unknown_person_or_membership_is_a_404(api, address):
    assert api.get(address).status_code == 404


def test_a_post_lists_its_memberships_shown_latest_first(
    api, holder, django_capture_on_commit_callbacks
):
    current = holder.appointments.get()
    post = current.role
    former = AppointmentFactory(
        role=post, start_date=today() - 900 * DAY, end_date=today() - 366 * DAY
    )
    AppointmentFactory(role=post, draft=True, acting=True)
    AppointmentFactory(role=post, person=PersonFactory(draft=True), acting=True)
    answer = get_json(api, f"/api/v1/posts/{post.pk}/")
    assert answer["membership_ids"] == [str(current.pk), str(former.pk)]
    listed = {p["id"]: p for p in get_json(api, "/api/v1/posts/")["results"]}
    assert listed[str(post.pk)] == answer
    assert all(p["membership_ids"] == [] for p in listed.values() if p["id"] != str(post.pk))
