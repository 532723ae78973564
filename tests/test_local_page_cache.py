"""A worker answers a page it has just read from the shared page cache from its own memory, for
at most PAGE_CACHE_LOCAL_SECONDS; never a page it only rendered, never for staff or previews."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from org.models import Division
from pages.cache import local
from pages.cache.local import LocalPageCache
from pages.cache.stored import StoredPage

pytestmark = pytest.mark.django_db

STRUCTURE = "/en/structure/"


@pytest.fixture
def kept(settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    settings.PAGE_CACHE_LOCAL_BYTES = 32 * 1024 * 1024
    return settings


def shared_reads(client, path: str, **extra) -> tuple[int, object]:
    """How many times answering ``path`` read the shared cache, and the answer."""
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        response = client.get(path, **extra)
    return get_many.call_count, response


def test_a_page_read_from_the_shared_cache_is_answered_from_memory_for_a_second(
    client, seeded, kept
):
    rendered = client.get(STRUCTURE)  # rendered, and stored in the shared cache only
    assert shared_reads(client, STRUCTURE)[0] == 1  # read from the shared cache, and kept
    reads, again = shared_reads(client, STRUCTURE)
    assert reads == 0
    assert again.content == rendered.content
    assert again["ETag"] == rendered["ETag"]
    later = local.time.monotonic() + 1.01
    with mock.patch.object(local.time, "monotonic", return_value=later):
        assert shared_reads(client, STRUCTURE)[0] == 1  # expired: asked again


def test_off_means_every_request_asks_the_shared_cache(client, seeded, kept):
    kept.PAGE_CACHE_LOCAL_SECONDS = 0
    client.get(STRUCTURE)
    assert [shared_reads(client, STRUCTURE)[0] for _ in range(3)] == [1, 1, 1]


def test_a_save_in_this_worker_forgets_its_copies_at_once(
    client, seeded, kept, django_capture_on_commit_callbacks
):
    client.get(STRUCTURE)
    client.get(STRUCTURE)
    assert shared_reads(client, STRUCTURE)[0] == 0
    with django_capture_on_commit_callbacks(execute=True):
        division = Division.objects.get(slug="general-affairs")
        division.name_en = "General Affairs, renamed"
        division.save()
    assert "General Affairs, renamed" in client.get(STRUCTURE).content.decode()


def test_a_conditional_request_is_answered_from_memory_too(client, seeded, kept):
    etag = client.get(STRUCTURE)["ETag"]
    client.get(STRUCTURE)
    reads, answer = shared_reads(client, STRUCTURE, HTTP_IF_NONE_MATCH=etag)
    assert (reads, answer.status_code) == (0, 304)


def test_a_copy_from_yesterday_is_not_answered_after_midnight(client, seeded, kept):
    today = client.get(STRUCTURE)["ETag"]
    assert shared_reads(client, STRUCTURE)[0] == 1  # kept from now on
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        reads, answer = shared_reads(client, STRUCTURE)
    assert reads > 0
    assert answer.status_code == 200
    assert answer["ETag"] != today  # rendered for the new day


def test_staff_are_never_answered_from_memory(client, seeded, kept, django_user_model):
    client.get(STRUCTURE)
    client.get(STRUCTURE)
    staff = django_user_model.objects.create_superuser("chief", "", "pw")
    client.force_login(staff)
    reads, answer = shared_reads(client, STRUCTURE)
    assert reads == 0  # not from memory, nor from the shared cache: rendered for them
    assert answer["Cache-Control"] == "private, no-store"


def test_with_the_cache_off_every_page_is_rendered(client, seeded, kept):
    kept.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from org.views import StructureView

    original = StructureView.get_context_data
    with mock.patch.object(
        StructureView, "get_context_data", autospec=True, side_effect=original
    ) as context:
        for _ in range(3):
            client.get(STRUCTURE)
    assert context.call_count == 3


def test_memory_is_bounded_least_recently_read_first(kept):
    kept.PAGE_CACHE_LOCAL_BYTES = 1000
    pages = LocalPageCache()

    def page(size: int, gzipped: bytes | None = None) -> StoredPage:
        return StoredPage("stamp", b"x" * size, {}, '"e"', None, gzipped)

    for name in ("a", "b", "c", "d"):
        pages.put(name, "stamp", page(240), read_in=0)
    pages.get("a")  # read: now the most recently used
    pages.put("e", "stamp", page(200, gzipped=b"z" * 40), read_in=0)  # both forms count
    assert [name for name in "abcde" if pages.get(name)] == ["a", "c", "d", "e"]
    pages.put("big", "stamp", page(251), read_in=0)  # over a quarter
    assert pages.get("big") is None


def test_a_page_read_before_a_clear_is_not_kept_after_it(kept):
    """Another thread may read the old version and page while this one saves: not kept."""
    pages = LocalPageCache()
    read_in = pages.generation
    pages.clear()  # the save's invalidate_pages, meanwhile
    pages.put(
        "page", "old stamp", StoredPage("old stamp", b"x", {}, '"e"', None, None), read_in=read_in
    )
    assert pages.get("page") is None
    pages.put(
        "page", "stamp", StoredPage("stamp", b"x", {}, '"e"', None, None), read_in=pages.generation
    )
    assert pages.get("page") is not None
