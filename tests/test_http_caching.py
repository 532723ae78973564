"""Public pages tell browsers and proxies how to cache them: validators, 304s, shared lifetimes;
anything for one person is private and never stored."""

import pytest
from django.utils.http import parse_http_date

from org.models import Division

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESSES = [
    "/en/",
    "/lo/structure/",
    "/en/programmes/",
    "/en/programmes/calendar.ics",
    "/sitemap.xml",
]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("path", PUBLIC_ADDRESSES)
def test_a_public_page_carries_validators_and_a_shared_lifetime(client, seeded, settings, path):
    settings.HTTP_SHARED_CACHE_SECONDS, settings.HTTP_STALE_SECONDS = 45, 15
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"])
    assert cache_control(response) == {
        "public",
        "max-age=0",
        "s-maxage=45",
        "stale-while-revalidate=15",
    }
    assert "Set-Cookie" not in response and not response.cookies
    # Served again from the page cache: the same validators.
    again = client.get(path)
    assert again["ETag"] == response["ETag"]
    assert again["Last-Modified"] == response["Last-Modified"]


@pytest.mark.parametrize("path", PUBLIC_ADDRESSES)
def test_a_conditional_request_for_an_unchanged_page_is_answered_304(client, seeded, path):
    etag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    head = client.head(path, HTTP_IF_NONE_MATCH=etag)
    assert head.status_code == 304


def test_if_modified_since_the_last_change_is_answered_304(client, seeded):
    last_modified = client.get("/en/structure/")["Last-Modified"]
    response = client.get("/en/structure/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_a_change_to_the_records_changes_the_validator_and_the_answer(
    client, seeded, django_capture_on_commit_callbacks
):
    etag = client.get("/en/structure/")["ETag"]
    division = Division.objects.first()
    division.name = "Renamed Division"
    with django_capture_on_commit_callbacks(execute=True):
        division.save()
    response = client.get("/en/structure/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Renamed Division" in response.content.decode()


def test_each_address_and_language_has_its_own_validator(client, seeded):
    tags = {client.get(path)["ETag"] for path in ["/en/", "/lo/", "/en/structure/"]}
    assert len(tags) == 3
    assert client.get("/lo/", HTTP_IF_NONE_MATCH=client.get("/en/")["ETag"]).status_code == 200


def test_staff_are_never_served_or_given_anything_a_shared_cache_may_keep(admin_client, seeded):
    for path in PUBLIC_ADDRESSES:
        response = admin_client.get(path)
        assert response.status_code == 200
        assert cache_control(response) == {"private", "no-store"}, path
        assert "ETag" not in response


def test_a_preview_is_private(admin_client, seeded):
    response = admin_client.get("/en/structure/?preview=1")
    assert response.status_code == 200
    assert cache_control(response) == {"private", "no-store"}
    assert "ETag" not in response


def test_a_visitor_after_staff_gets_the_public_page_not_the_staff_one(client, admin_client, seeded):
    admin_client.get("/en/structure/?preview=1")
    admin_client.get("/en/structure/")
    response = client.get("/en/structure/")
    assert "public" in cache_control(response)
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("path", ["/en/divisions/no-such-division/", "/lo/no-such-page/"])
def test_a_missing_page_may_be_kept_by_a_shared_cache_as_long_as_a_page(
    client, seeded, settings, path
):
    """So that a page taken down is replaced by its 404 in nginx's micro-cache at the next
    refresh, rather than kept there as the one answer nginx could store (deploy/nginx/)."""
    response = client.get(path)
    assert response.status_code == 404
    assert cache_control(response) == {
        "public",
        "max-age=0",
        f"s-maxage={settings.HTTP_SHARED_CACHE_SECONDS}",
    }
    assert "ETag" not in response and "Last-Modified" not in response


def test_other_errors_and_staffs_missing_pages_carry_no_shared_lifetime(
    client, admin_client, seeded
):
    staff = admin_client.get("/en/divisions/no-such-division/")
    assert staff.status_code == 404
    assert "public" not in staff.get("Cache-Control", "")
    refused = client.get("/en/", HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert "public" not in refused.get("Cache-Control", "")
    outside = client.get("/no-such-address/")
    assert outside.status_code == 404
    assert "public" not in outside.get("Cache-Control", "")


# -- The early answer: a cached page before the per-user machinery --------------------------------

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
    "Content-Language",
    "Content-Length",
    "Cache-Control",
    "ETag",
    "Last-Modified",
]


@pytest.mark.parametrize("path", ["/en/", "/lo/", "/lo/structure/", "/en/programmes/calendar.ics"])
def test_a_stored_page_is_answered_without_the_database_and_with_the_same_headers(
    client, seeded, path, django_assert_num_queries
):
    rendered = client.get(path)
    with django_assert_num_queries(0):
        early = client.get(path)
    assert early.status_code == 200
    assert early.content == rendered.content
    for name in SECURITY_HEADERS:
        assert early.get(name) == rendered.get(name), name
    # Nothing that differs by visitor: at most the compressed form (pages/cache/stored.py).
    assert early.get("Vary", "Accept-Encoding") == "Accept-Encoding"
    assert rendered.get("Vary") == early.get("Vary")
    assert not early.cookies


def test_the_sitemap_keeps_its_own_headers_when_served_from_the_cache(client, seeded):
    rendered, stored = client.get("/sitemap.xml"), client.get("/sitemap.xml")
    assert stored.content == rendered.content
    assert stored["X-Robots-Tag"] == rendered["X-Robots-Tag"]


@pytest.mark.parametrize("path", ["/en/structure/", "/sitemap.xml"])
def test_a_stored_page_is_answered_before_sessions_and_the_url_resolver(client, seeded, path):
    from unittest import mock

    rendered = client.get(path)
    with mock.patch("django.urls.resolvers.URLResolver.resolve") as resolve:
        response = client.get(path)
    assert response.status_code == 200
    assert response.content == rendered.content
    resolve.assert_not_called()


def test_an_address_outside_the_language_prefixes_is_not_answered_early(client, seeded):
    from unittest import mock

    client.get("/robots.txt")
    with mock.patch("pages.cache.middleware.lookup") as lookup:
        assert client.get("/robots.txt").status_code == 200
    lookup.assert_not_called()


def test_head_is_answered_early_without_a_body(client, seeded, django_assert_num_queries):
    client.get("/en/mandates/")
    with django_assert_num_queries(0):
        response = client.head("/en/mandates/")
    assert response.status_code == 200
    assert response.content == b""


def test_staff_with_a_session_are_never_answered_from_the_cache(admin_client, client, seeded):
    client.get("/en/structure/")
    response = admin_client.get("/en/structure/")
    assert cache_control(response) == {"private", "no-store"}


@pytest.mark.parametrize("cookie", ["garbage", "0123456789abcdefghijklmnopqrstuv"])
def test_a_session_cookie_that_names_no_session_is_answered_from_the_cache(
    client, seeded, cookie, django_assert_max_num_queries
):
    client.get("/en/structure/")
    client.cookies["sessionid"] = cookie
    with django_assert_max_num_queries(1):  # the session store's look-up, at most
        response = client.get("/en/structure/")
    assert response.status_code == 200
    assert "public" in cache_control(response)


def test_a_session_no_one_is_signed_in_to_is_as_no_session(client, seeded):
    from django.contrib.sessions.backends.db import SessionStore

    anonymous = SessionStore()
    anonymous["seen"] = True
    anonymous.save()
    client.get("/en/structure/")
    client.cookies["sessionid"] = anonymous.session_key
    assert "public" in cache_control(client.get("/en/structure/"))


def test_an_expired_staff_session_is_as_no_session(admin_client, seeded):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert cache_control(admin_client.get("/en/structure/")) == {"private", "no-store"}
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert "public" in cache_control(admin_client.get("/en/structure/"))


def test_a_preview_request_is_never_answered_from_the_cache(client, seeded):
    client.get("/en/structure/")
    response = client.get("/en/structure/?preview=1")
    assert response.status_code == 302  # a visitor asking for a preview is sent to the page


def test_errors_are_not_stored_and_a_bad_host_is_still_refused(client, seeded):
    assert client.get("/en/divisions/no-such-division/").status_code == 404
    assert client.get("/en/divisions/no-such-division/").status_code == 404
    client.get("/en/")
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


def test_a_cache_outage_falls_through_to_rendering(client, seeded):
    from unittest import mock

    client.get("/en/structure/")
    with mock.patch("django.core.cache.cache.get_many", side_effect=ConnectionError("down")):
        response = client.get("/en/structure/")
    assert response.status_code == 200
    assert "Department" in response.content.decode()
