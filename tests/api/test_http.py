"""The API over HTTP: pages, conditional GET, read-only methods, the rate limit, bad queries."""

import pytest

from tests.api.conftest import LEG_3, endpoints, get_json

pytestmark = pytest.mark.django_db


def test_a_list_comes_in_pages_of_the_size_asked_for(api):
    first = get_json(api, "/api/v1/mandates/?page_size=2")
    assert len(first["results"]) == 2
    assert first["next"].endswith("/api/v1/mandates/?page=2&page_size=2")
    second = get_json(api, first["next"])
    assert {m["id"] for m in second["results"]}.isdisjoint({m["id"] for m in first["results"]})


@pytest.mark.parametrize(
    "query", ["page=0", "page=abc", "page=999", "page=" + "9" * 5000, "page_size=0",
              "page_size=201", "page_size=x", "colour=blue", "lang=xx"]
)  # fmt: skip
def test_a_bad_page_or_unknown_parameter_is_a_client_error(api, query):
    response = api.get(f"/api/v1/legs/?{query}")
    assert 400 <= response.status_code < 500
    assert "detail" in response.json() or "page_size" in response.json()


def test_a_detail_address_accepts_no_page_parameter(api):
    assert api.get(f"/api/v1/legs/{LEG_3}/?page=2").status_code == 400


@pytest.mark.parametrize("address", ["/api/v1/legs/nothing.3/", "/api/v1/legs/x.99999/",
                                     "/api/v1/posts/abc/", "/api/v1/organisations/a.b.c/"])  # fmt: skip
def test_an_unknown_record_is_a_404(api, address):
    assert api.get(address).status_code == 404


def test_a_records_404_may_be_kept_by_a_shared_cache_as_long_as_an_answer(api, settings):
    """An unpublished record's 404 replaces its answer in nginx's micro-cache (deploy/nginx/)."""
    response = api.get("/api/v1/legs/nothing.3/")
    assert response.status_code == 404
    assert response["Cache-Control"] == (
        f"public, max-age=0, s-maxage={settings.HTTP_SHARED_CACHE_SECONDS}"
    )
    assert "ETag" not in response


def test_a_bad_query_carries_no_shared_lifetime(api):
    response = api.get("/api/v1/legs/?colour=blue")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_indented_json_one_client_asks_for_is_not_what_the_next_one_gets(api):
    asked = api.get("/api/v1/programmes/", HTTP_ACCEPT="application/json; indent=8")
    plain = api.get("/api/v1/programmes/")
    assert asked.content == plain.content
    assert not plain.content.startswith(b"{\n")


def test_an_unchanged_answer_is_a_304_to_a_conditional_get(api):
    first = api.get("/api/v1/legs/")
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    again = api.get("/api/v1/legs/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = api.get("/api/v1/legs/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_etag_differs_by_language_and_changes_after_a_save(
    api, django_capture_on_commit_callbacks
):
    from programmes.models import Leg

    english = api.get("/api/v1/legs/")["ETag"]
    assert api.get("/api/v1/legs/?lang=lo")["ETag"] != english
    leg = Leg.objects.get(number=3)
    leg.venue_en = "Vientiane"
    with django_capture_on_commit_callbacks(execute=True):
        leg.save()
    response = api.get("/api/v1/legs/", HTTP_IF_NONE_MATCH=english)
    assert response.status_code == 200
    assert response.json()["results"][0]["venue"] == "Vientiane"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("prefix", endpoints())
def test_the_api_is_read_only(api, method, prefix):
    assert getattr(api, method)(f"/api/v1/{prefix}/").status_code == 405
    detail = get_json(api, f"/api/v1/{prefix}/")["results"][0]["url"]
    assert getattr(api, method)(detail).status_code == 405


def test_an_anonymous_client_over_the_rate_is_told_to_wait(api, settings):
    settings.API_ANON_RATE = "3/minute"
    answers = [api.get("/api/v1/legs/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = api.get("/api/v1/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Another client address has its own count.
    assert api.get("/api/v1/legs/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_forged_forwarded_address_does_not_escape_the_rate(api, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.PROXY_COUNT = 0
    assert api.get("/api/v1/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    assert api.get("/api/v1/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


@pytest.mark.parametrize("address", ["/api/v1/", "/api/v1/schema/", "/api/v1/legs/"])
def test_any_sites_scripts_may_read_the_api_without_credentials(api, address):
    response = api.get(address, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_refused_or_unchanged_answer_is_readable_by_other_sites_too(api, settings):
    etag = api.get("/api/v1/legs/")["ETag"]
    assert api.get("/api/v1/legs/", HTTP_IF_NONE_MATCH=etag)["Access-Control-Allow-Origin"] == "*"
    settings.API_ANON_RATE = "1/minute"
    assert api.get("/api/v1/legs/?lang=xx")["Access-Control-Allow-Origin"] == "*"
    assert api.get("/api/v1/legs/")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "query", ["page=02", "page=%2B1", "page=last", "page=%D9%A1", "page=%EF%BC%91", "page=1&page=1",
              "lang=en&lang=en", "page_size=007", "page_size=%EF%BC%95"]
)  # fmt: skip
def test_a_query_written_another_way_is_refused_so_each_answer_has_one_address(api, query):
    """Else each spelling of a page would be one more answer kept in the shared cache."""
    from django.core.cache import cache

    response = api.get(f"/api/v1/legs/?{query}")
    assert response.status_code == 400, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not [key for key in getattr(cache, "_cache", {}) if "api-answer" in str(key)]


@pytest.mark.parametrize(
    "address", ["/api/v1/posts/1/junk", "/api/v1/nothing/", "/api/v1/legs/%E0%BA%A5/"]
)
def test_an_address_the_api_does_not_have_is_a_404_in_json_with_cors(api, address):
    response = api.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "detail" in response.json()
