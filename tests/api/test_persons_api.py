"""People in post in the open data API: persons (Popolo Person), every field, published ones
only, in the language asked for; persons and memberships over HTTP (pages, ETag), in the schema
and on the documentation page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.api.conftest import get_json, ids, save
from tests.factories import AppointmentFactory, PersonFactory
from tests.helpers import today
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PERSONS = "/api/v1/persons/"
MEMBERSHIPS = "/api/v1/memberships/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def portrait() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(out, "PNG")
    return SimpleUploadedFile("portrait.png", out.getvalue(), content_type="image/png")


def test_a_person_has_every_popolo_field_and_the_page_of_their_post(api, holder):
    appointment = holder.appointments.get()
    person = get_json(api, f"{PERSONS}test-holder/")
    assert person == {
        "id": "test-holder",
        "url": "http://testserver/api/v1/persons/test-holder/",
        "html_url": "http://testserver/en/structure/",  # the Director-General's post is there
        "name": "Test Holder",
        "honorific_prefix": "Ms",
        "image": None,
        "image_alt": "",
        "membership_ids": [str(appointment.pk)],
    }


def test_a_persons_photo_is_an_absolute_address_with_its_description(api):
    person = PersonFactory(
        slug="with-photo", photo=portrait(), photo_alt_en="Portrait of the Director-General"
    )
    answer = get_json(api, f"{PERSONS}with-photo/")
    assert answer["image"] == f"http://testserver{person.photo.url}"
    assert answer["image"].endswith(".png")
    assert answer["image_alt"] == "Portrait of the Director-General"


def test_a_description_without_a_photo_is_not_given(api):
    PersonFactory(slug="no-photo", photo_alt_en="A portrait to come")
    answer = get_json(api, f"{PERSONS}no-photo/")
    assert answer["image"] is None
    assert answer["image_alt"] == ""


def test_a_person_without_an_honorific_has_an_empty_prefix(api):
    PersonFactory(slug="plain", honorific_en="")
    assert get_json(api, f"{PERSONS}plain/")["honorific_prefix"] == ""


def test_a_published_person_with_no_membership_shown_is_listed_with_none(api):
    PersonFactory(slug="not-yet-appointed", name_en="Not Yet Appointed")
    AppointmentFactory(person=PersonFactory(slug="draft-appointment"), draft=True)
    for slug in ("not-yet-appointed", "draft-appointment"):
        person = get_json(api, f"{PERSONS}{slug}/")
        assert person["membership_ids"] == []
        assert person["html_url"] == "http://testserver/en/structure/"
    assert {"not-yet-appointed", "draft-appointment"} <= ids(api, PERSONS)


def test_persons_are_listed_by_name(api):
    PersonFactory(slug="zed", name_en="Zed Last")
    PersonFactory(slug="abe", name_en="Abe First")
    listed = [person["id"] for person in get_json(api, PERSONS)["results"]]
    assert listed == ["abe", "test-holder", "zed"]


def test_a_persons_memberships_are_latest_first_and_their_page_is_their_latest_posts(
    api, holder, division_post
):
    earlier = holder.appointments.get()
    earlier.start_date, earlier.end_date = today() - 900 * DAY, today() - 400 * DAY
    earlier.save()
    later = AppointmentFactory(person=holder, role=division_post, start_date=today() - 300 * DAY)
    person = get_json(api, f"{PERSONS}test-holder/")
    assert person["membership_ids"] == [str(later.pk), str(earlier.pk)]
    assert person["html_url"] == "http://testserver/en/divisions/external-partners/"


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_an_unpublished_person_is_absent_with_their_memberships(
    api, holder, status, django_capture_on_commit_callbacks
):
    membership = str(holder.appointments.get().pk)
    assert "test-holder" in ids(api, PERSONS) and membership in ids(api, MEMBERSHIPS)
    holder.publication_status = status
    save(holder, django_capture_on_commit_callbacks)
    assert "test-holder" not in ids(api, PERSONS)
    assert api.get(f"{PERSONS}test-holder/").status_code == 404
    assert membership not in ids(api, MEMBERSHIPS)
    assert api.get(f"{MEMBERSHIPS}{membership}/").status_code == 404


def test_a_persons_name_is_in_lao_only_where_a_publisher_reviewed_it(
    api, holder, django_capture_on_commit_callbacks
):
    holder.name_lo = "ທົດລອງ ຜູ້ດຳລົງຕຳແໜ່ງ"
    holder.honorific_lo = "ທ່ານນາງ"
    save(holder, django_capture_on_commit_callbacks)
    unreviewed = get_json(api, f"{PERSONS}test-holder/?lang=lo")
    assert (unreviewed["name"], unreviewed["honorific_prefix"]) == ("Test Holder", "Ms")
    assert unreviewed["html_url"] == "http://testserver/lo/structure/"
    with django_capture_on_commit_callbacks(execute=True):
        mark_lao_reviewed(holder, reason="Lao reviewed")
    reviewed = get_json(api, f"{PERSONS}test-holder/?lang=lo")
    assert (reviewed["name"], reviewed["honorific_prefix"]) == ("ທົດລອງ ຜູ້ດຳລົງຕຳແໜ່ງ", "ທ່ານນາງ")
    assert get_json(api, f"{PERSONS}test-holder/")["name"] == "Test Holder"
    assert get_json(api, f"{PERSONS}?lang=lo")["results"][0]["name"] == "ທົດລອງ ຜູ້ດຳລົງຕຳແໜ່ງ"


# -- Over HTTP -------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", [PERSONS, MEMBERSHIPS])
def test_persons_and_memberships_come_in_pages(api, holder, address):
    post = holder.appointments.get().role
    for number in range(3):
        AppointmentFactory(role=post, person=PersonFactory(slug=f"paged-{number}"), acting=True)
    first = get_json(api, f"{address}?page_size=2")
    assert first["count"] == 4 and len(first["results"]) == 2
    assert first["next"].endswith(f"{address}?page=2&page_size=2")
    second = get_json(api, first["next"])
    assert len(second["results"]) == 2
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


@pytest.mark.parametrize("address", [PERSONS, f"{PERSONS}test-holder/", MEMBERSHIPS])
def test_an_unchanged_answer_is_a_304_and_a_saved_person_makes_a_new_one(
    api, holder, address, django_capture_on_commit_callbacks
):
    first = api.get(address)
    assert first["ETag"] and first["Last-Modified"]
    assert api.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(f"{address}?lang=lo")["ETag"] != first["ETag"]
    holder.publication_status = "draft"
    save(holder, django_capture_on_commit_callbacks)
    changed = api.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == (404 if address.endswith("test-holder/") else 200)


def test_a_saved_appointment_makes_the_memberships_answer_new(
    api, holder, django_capture_on_commit_callbacks
):
    etag = api.get(MEMBERSHIPS)["ETag"]
    appointment = holder.appointments.get()
    appointment.end_date = today()
    save(appointment, django_capture_on_commit_callbacks)
    changed = api.get(MEMBERSHIPS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["results"][0]["end_date"] == today().isoformat()


def test_the_schema_says_a_null_end_date_means_still_in_post(api):
    components = api.get("/api/v1/schema/").json()["components"]["schemas"]
    end_date = components["Membership"]["properties"]["end_date"]
    assert (
        end_date["nullable"] is True and "Null while they hold the post" in end_date["description"]
    )
    image = components["Person"]["properties"]["image"]
    assert image["nullable"] is True and image["format"] == "uri"
    assert "given_name" not in components["Person"]["properties"]  # the model has no such name
    assert set(components["Membership"]["properties"]) >= {
        "person_id", "post_id", "organization_id", "role", "start_date", "end_date", "acting"
    }  # fmt: skip


def test_the_documentation_page_lists_persons_and_memberships(api):
    html = api.get("/api/v1/docs/").content.decode()
    for text in (PERSONS, MEMBERSHIPS, "honorific_prefix", "organization_id", "Null while they"):
        assert text in html
