"""Public pages come from a cache shared by every worker, and are never older than the records."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import Division

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def queries_for(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture(params=["locmem", "database", "redis"])
def shared_cache(request, settings):
    """The page cache on each backend the project supports."""
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            if os.environ.get("CI"):
                pytest.fail(f"Redis is not reachable at {REDIS_URL}")
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    elif request.param == "database":
        from django.core.management import call_command

        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "page_cache_test",
            }
        }
        call_command("createcachetable")
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


def test_a_page_is_rendered_once_then_served_from_the_cache(client, seeded, shared_cache):
    first, html = queries_for(client, "/en/structure/")
    again, cached_html = queries_for(client, "/en/structure/")
    assert cached_html == html
    if shared_cache == "database":
        assert again < first  # the cache lookups are themselves queries
    else:
        assert again == 0


def test_a_saved_record_shows_at_once(
    client, seeded, shared_cache, django_capture_on_commit_callbacks
):
    queries_for(client, "/en/structure/")
    with django_capture_on_commit_callbacks(execute=True):
        division = Division.objects.get(slug="general-affairs")
        division.name_en = "General Affairs and Administration Division"
        division.save()
    _, html = queries_for(client, "/en/structure/")
    assert "General Affairs and Administration Division" in html


def test_a_change_that_is_rolled_back_leaves_the_cache_alone(
    client, seeded, django_capture_on_commit_callbacks
):
    queries_for(client, "/en/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Division.objects.get(slug="general-affairs").save()
    # Nothing happens until the commit: a request in between must not cache old records as new.
    assert len(callbacks) == 1
    count, _ = queries_for(client, "/en/")
    assert count == 0


def test_deleting_and_relinking_records_make_pages_stale(
    client, seeded, django_capture_on_commit_callbacks
):
    from org.models import Mandate

    queries_for(client, "/en/mandates/")
    with django_capture_on_commit_callbacks(execute=True):
        Mandate.objects.get(slug="cooperation-with-partners").divisions.add(
            Division.objects.get(slug="external-partners")
        )
    _, html = queries_for(client, "/en/mandates/")
    assert 'href="/en/divisions/external-partners/">External Partners Division</a>' in html
    with django_capture_on_commit_callbacks(execute=True):
        Mandate.objects.get(slug="cooperation-with-partners").delete()
    _, html = queries_for(client, "/en/mandates/")
    assert "Promoting cooperation with Dialogue Partners" not in html


def test_each_language_and_path_has_its_own_cached_page(client, seeded):
    _, english = queries_for(client, "/en/")
    _, lao = queries_for(client, "/lo/")
    assert english != lao
    assert queries_for(client, "/en/")[1] == english


def test_error_pages_are_not_cached(client, seeded):
    assert client.get("/en/divisions/not-yet/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/divisions/not-yet/")
    assert len(queries) > 0


def test_calendar_downloads_keep_their_headers_when_cached(client, seeded):
    path = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/calendar.ics"
    first = client.get(path)
    again = client.get(path)
    assert again.content == first.content
    assert again["Content-Type"] == "text/calendar; charset=utf-8"
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_pages_render_with_a_cache_that_keeps_nothing(client, seeded, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for _ in range(2):
        assert client.get("/en/").status_code == 200
