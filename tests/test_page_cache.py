"""Public pages come from a cache shared by every worker, and are never older than the records."""

import os

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from org.models import Division
from pages.cache.versions import invalidate_pages
from tests.helpers import LEG_3
from tests.workers import redis_url

pytestmark = pytest.mark.django_db

# This worker's own Redis database (tests/workers.py).
REDIS_URL = redis_url()


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
            "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
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
    from django.db import transaction

    queries_for(client, "/en/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        division = Division.objects.get(slug="general-affairs")
        division.name_en = "Never saved"
        division.save()
        transaction.set_rollback(True)
    assert callbacks == []
    count, html = queries_for(client, "/en/")
    assert count == 0  # still the cached page: nothing changed
    assert "Never saved" not in html


def test_stale_marking_waits_for_the_commit(client, seeded, django_capture_on_commit_callbacks):
    """Until the change commits, a request renders and caches the old records under the old
    version; only the commit makes them stale."""
    queries_for(client, "/en/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Division.objects.get(slug="general-affairs").save()
        assert queries_for(client, "/en/")[0] == 0
    # The page cache's one (the search index follows the commit too, search/indexing.py).
    assert callbacks.count(invalidate_pages) == 1


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


def test_query_strings_do_not_make_new_cache_entries(client, seeded):
    queries_for(client, "/en/structure/")
    for variant in ("?a=1", "?a=2", "?utm_source=x"):
        assert queries_for(client, "/en/structure/" + variant)[0] == 0


def test_invalidate_pages_makes_every_page_stale(client, seeded):
    from django.core.management import call_command

    queries_for(client, "/en/")
    call_command("invalidate_pages", stdout=__import__("io").StringIO())
    assert queries_for(client, "/en/")[0] > 0


def test_an_unreachable_cache_slows_the_site_but_does_not_break_it(
    client, seeded, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for path in ("/en/", "/lo/structure/", "/sitemap.xml"):
        assert client.get(path).status_code == 200
    assert "Page cache unreachable" in caplog.text
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["cache"] == "unreachable"


def test_a_failed_stale_marking_is_logged_not_raised(seeded, settings, caplog):
    from pages.cache import invalidate_pages

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    invalidate_pages()
    assert "Could not mark cached public pages as stale" in caplog.text


def _rename_general_affairs(django_capture_on_commit_callbacks, name: str) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        division = Division.objects.get(slug="general-affairs")
        division.name_en = name
        division.save()


def test_after_a_change_no_request_gets_the_previous_copy_even_while_another_renders_it(
    client, seeded, shared_cache, django_capture_on_commit_callbacks
):
    """A change may have taken something down: the copy from before it is never answered, not
    even for the moment another request is rendering the page."""
    from unittest import mock

    queries_for(client, "/en/structure/")
    _rename_general_affairs(django_capture_on_commit_callbacks, "Renamed Division")
    with mock.patch("pages.cache.decorator.claim_rendering", return_value=False):
        meanwhile = client.get("/en/structure/")
    assert "Renamed Division" in meanwhile.content.decode()
    assert "public" in meanwhile["Cache-Control"]


def _unpublish_leg_3(django_capture_on_commit_callbacks) -> None:
    from programmes.models import Leg

    with django_capture_on_commit_callbacks(execute=True):
        leg = Leg.objects.get(programme__slug="mainstreaming-peace-and-reconciliation", number=3)
        leg.publication_status = "draft"
        leg.save()


def test_an_unpublished_page_is_not_answered_while_another_request_renders_it(
    client, seeded, shared_cache, django_capture_on_commit_callbacks
):
    from unittest import mock

    assert client.get(LEG_3).status_code == 200
    _unpublish_leg_3(django_capture_on_commit_callbacks)
    with mock.patch("pages.cache.decorator.claim_rendering", return_value=False):
        assert client.get(LEG_3).status_code == 404


def test_a_page_that_stops_being_public_leaves_the_page_cache(
    client, seeded, shared_cache, django_capture_on_commit_callbacks
):
    from pages.cache.stored import lookup

    client.get(LEG_3)
    _unpublish_leg_3(django_capture_on_commit_callbacks)
    assert client.get(LEG_3).status_code == 404
    _stamp, _key, stored = lookup(RequestFactory().get(LEG_3))
    assert stored is None


@pytest.mark.parametrize("change", ["new address", "deleted"])
def test_a_divisions_old_page_is_not_answered_once_it_has_moved_or_gone(
    client, seeded, shared_cache, django_capture_on_commit_callbacks, change
):
    from unittest import mock

    old = "/en/divisions/external-partners/"
    assert client.get(old).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        division = Division.objects.get(slug="external-partners")
        if change == "deleted":
            division.delete()
        else:
            division.slug = "partners"
            division.save()
    with mock.patch("pages.cache.decorator.claim_rendering", return_value=False):
        assert client.get(old).status_code == 404


def test_a_page_that_now_redirects_leaves_the_page_cache_too(client, seeded):
    """Whatever a render answers other than the page, the stored copy of the page goes."""
    from unittest import mock

    from django.http import HttpResponseRedirect

    from pages.cache import invalidate_pages
    from pages.cache.stored import lookup

    client.get("/en/mandates/")
    invalidate_pages()
    moved = HttpResponseRedirect("/en/")
    with mock.patch("org.views.MandateListView.get", return_value=moved):
        assert client.get("/en/mandates/").status_code == 302
    assert lookup(RequestFactory().get("/en/mandates/"))[2] is None


def test_the_first_request_for_yesterdays_page_claims_its_rendering_and_releases_the_claim(
    client, seeded, shared_cache
):
    import datetime
    from unittest import mock

    from django.core.cache import cache
    from django.utils import timezone

    from pages.cache import decorator, stored

    queries_for(client, "/en/structure/")
    claims = []
    real_render = decorator.render_and_store

    def render(request, *args, key, **kwargs):
        claims.append(cache.get(f"{key}:rendering"))
        # A second request meanwhile cannot claim the same page.
        claims.append(decorator.claim_rendering(key, "another stamp"))
        return real_render(request, *args, key=key, **kwargs)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=tomorrow),
        mock.patch("pages.cache.decorator.render_and_store", side_effect=render),
    ):
        assert client.get("/en/structure/").status_code == 200
    assert claims[0] is not None
    assert claims[1] is False
    # The claim is gone: the next day's page is rendered at once again.
    _stamp, key, _stored = stored.lookup(RequestFactory().get("/en/structure/"))
    assert cache.get(f"{key}:rendering") is None


def test_midnight_makes_pages_stale_but_keeps_the_previous_copy_to_serve_meanwhile(
    client, seeded, shared_cache
):
    import datetime
    from unittest import mock

    from django.utils import timezone

    first = client.get("/en/programmes/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        with mock.patch("pages.cache.decorator.claim_rendering", return_value=False):
            meanwhile = client.get("/en/programmes/")
        assert meanwhile.content == first.content
        assert meanwhile["Cache-Control"] == "no-cache"
        with CaptureQueriesContext(connection) as queries:
            next_day = client.get("/en/programmes/")
        assert next_day["ETag"] != first["ETag"]
    assert any("programmes_leg" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("shared_cache", ["redis"], indirect=True)
def test_the_redis_backend_reuses_one_client_safely_across_threads(shared_cache):
    import threading

    from django.core.cache import cache
    from django_redis import get_redis_connection

    # One client object, not one per operation (django-redis's public way to reach it).
    assert get_redis_connection("default") is get_redis_connection("default")
    errors = []

    def worker(number: int) -> None:
        try:
            for round_ in range(50):
                cache.set(f"thread-{number}", round_)
                assert cache.get(f"thread-{number}") == round_
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_request_that_did_not_claim_a_render_leaves_the_claim_alone(client, seeded):
    """A page stored by an older release (another format) is rendered again; while another
    request holds the claim to render it, that claim stays theirs."""
    from django.core.cache import cache

    from pages.cache.stored import lookup

    client.get("/en/")
    request = RequestFactory().get("/en/")
    _stamp, key, _stored = lookup(request)
    cache.set(key, ("older", b"format", {}, '"e"', None))
    cache.set(f"{key}:rendering", "someone else's")
    assert client.get("/en/").status_code == 200
    assert cache.get(f"{key}:rendering") == "someone else's"
