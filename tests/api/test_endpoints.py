"""The API's root, its endpoints, and what they show: published records only, in the
language asked for."""

import pytest
from django.apps import apps

from org.models import Appointment, Division, StaffRole
from programmes.models import Leg
from tests.api.conftest import LEG_3, endpoints, first_detail_url, get_json
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

DRAFT = "draft"


def test_the_root_lists_every_endpoint_the_apps_declare_and_the_schema(api):
    root = get_json(api, "/api/v1/")
    assert set(endpoints()) | {"schema", "docs"} == set(root)
    assert {
        "organisations",
        "posts",
        "mandates",
        "related-bodies",
        "persons",
        "memberships",
        "programmes",
        "legs",
    } <= set(root)
    for prefix in endpoints():
        assert root[prefix] == f"http://testserver/api/v1/{prefix}/"


@pytest.mark.parametrize("prefix", endpoints())
def test_every_record_listed_has_a_detail_answer_with_its_own_address(api, prefix):
    listing = get_json(api, f"/api/v1/{prefix}/")
    assert listing["count"] == len(listing["results"]) > 0
    for record in listing["results"]:
        detail = get_json(api, record["url"])
        assert detail == record
        assert api.get(record["html_url"].removeprefix("http://testserver")).status_code == 200


def test_a_script_reads_leg_3_with_its_schedule_precision_and_tentativeness(api):
    leg = get_json(api, f"/api/v1/legs/{LEG_3}/")
    assert leg["number"] == 3
    assert leg["schedule"]["date_precision"] == "quarter"
    assert leg["schedule"]["period_year"] == 2021
    assert leg["schedule"]["period_quarter"] == 3
    assert leg["schedule"]["confirmed"] is False
    assert leg["schedule"]["start_date"] is None
    assert leg["partners"][0]["role"] == "co-proponent"


def test_a_legs_schedule_changes_are_listed_newest_first_with_the_earlier_schedule(api):
    leg = Leg.objects.get(number=3)
    leg.schedule_changes.create(
        note_en="Moved to the third quarter.", date_precision="year", period_year=2020
    )
    change = get_json(api, f"/api/v1/legs/{LEG_3}/")["schedule_changes"][0]
    assert change["note"] == "Moved to the third quarter."
    assert change["previous_schedule"]["date_precision"] == "year"
    assert change["previous_schedule"]["period_year"] == 2020


def test_a_post_whose_headcount_is_not_stated_answers_null(api):
    posts = get_json(api, "/api/v1/posts/")["results"]
    by_label = {post["label"]: post for post in posts}
    assert by_label["Director-General"]["headcount"] == 1
    assert by_label["Technical Officer"]["headcount"] is None


@pytest.mark.parametrize("prefix", endpoints())
def test_a_record_made_a_draft_leaves_the_cached_list_and_its_address_answers_404(
    api, prefix, django_capture_on_commit_callbacks
):
    url = first_detail_url(api, prefix)
    before = get_json(api, f"/api/v1/{prefix}/")["count"]
    path = url.removeprefix("http://testserver")
    identifier = path.rstrip("/").rsplit("/", 1)[-1]
    model = {
        "organisations": "org.Department",
        "posts": "org.StaffRole",
        "mandates": "org.Mandate",
        "related-bodies": "org.RelatedBody",
        "persons": "org.Person",
        "memberships": "org.Appointment",
        "programmes": "programmes.TrainingProgramme",
        "legs": "programmes.Leg",
    }[prefix]
    obj = _record_of(apps.get_model(model), identifier)
    obj.publication_status = DRAFT
    # The save makes the cached answers stale once it commits, as it does the public pages.
    with django_capture_on_commit_callbacks(execute=True):
        obj.save()
    assert api.get(path).status_code == 404
    assert get_json(api, f"/api/v1/{prefix}/")["count"] < before


def _record_of(model_class, identifier: str):
    if model_class in (StaffRole, Appointment):
        return model_class.objects.get(pk=identifier)
    if model_class is Leg:
        slug, number = identifier.rsplit(".", 1)
        return model_class.objects.get(programme__slug=slug, number=number)
    return model_class.objects.get(slug=identifier.rsplit(".", 1)[-1])


def test_a_draft_division_and_its_posts_are_absent(api, django_capture_on_commit_callbacks):
    division = Division.objects.first()
    StaffRole.objects.create(publication_status="published", division=division, title_en="Analyst")
    assert "Analyst" in {p["label"] for p in get_json(api, "/api/v1/posts/")["results"]}
    division.publication_status = DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        division.save()
    organisations = get_json(api, "/api/v1/organisations/")["results"]
    assert division.name not in {o["name"] for o in organisations}
    assert "Analyst" not in {p["label"] for p in get_json(api, "/api/v1/posts/")["results"]}


def test_lao_is_given_only_where_a_publisher_reviewed_it(api, django_capture_on_commit_callbacks):
    leg = get_json(api, f"/api/v1/legs/{LEG_3}/?lang=lo")
    assert leg["html_url"].startswith("http://testserver/lo/")
    stored = Leg.objects.get(number=3)
    stored.theme_lo = "ຫົວຂໍ້ທີ່ຍັງບໍ່ໄດ້ກວດ"
    with django_capture_on_commit_callbacks(execute=True):
        stored.save()
    leg = get_json(api, f"/api/v1/legs/{LEG_3}/?lang=lo")
    assert leg["theme"] != "ຫົວຂໍ້ທີ່ຍັງບໍ່ໄດ້ກວດ"
    assert leg["theme"] == stored.theme_en


def test_lao_a_publisher_reviewed_is_given_for_lang_lo_and_english_for_lang_en(
    api, django_capture_on_commit_callbacks
):
    stored = Leg.objects.get(number=3)
    stored.theme_lo = "ປະສົບການຫຼັງຄວາມຂັດແຍ່ງ"
    with django_capture_on_commit_callbacks(execute=True):
        stored.save()
        mark_lao_reviewed(stored, reason="Lao reviewed")
    assert get_json(api, f"/api/v1/legs/{LEG_3}/?lang=lo")["theme"] == "ປະສົບການຫຼັງຄວາມຂັດແຍ່ງ"
    assert get_json(api, f"/api/v1/legs/{LEG_3}/?lang=en")["theme"] == stored.theme_en
    assert get_json(api, f"/api/v1/legs/{LEG_3}/")["theme"] == stored.theme_en


def test_an_unknown_language_is_a_400_that_names_the_languages(api):
    response = api.get("/api/v1/legs/?lang=fr")
    assert response.status_code == 400
    assert "en, lo" in response.json()["detail"]


def test_english_is_the_default_and_said_in_content_language(api):
    response = api.get("/api/v1/organisations/")
    assert response["Content-Language"] == "en"
    assert api.get("/api/v1/organisations/?lang=lo")["Content-Language"] == "lo"
