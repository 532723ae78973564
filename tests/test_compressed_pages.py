"""A cached page is compressed once, when it is stored, and answered compressed to browsers that
take gzip (pages/cache/stored.py)."""

import gzip
import os

import pytest

from pages.cache.stored import compressed

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


@pytest.mark.parametrize("path", ["/en/structure/", "/lo/", "/sitemap.xml"])
def test_a_browser_taking_gzip_gets_the_stored_page_compressed(client, seeded, path):
    plain = client.get(path)
    rendered = client.get(path, **GZIP)  # stored already: from the page cache
    again = client.get(path, **GZIP)
    for answer in (rendered, again):
        assert answer.status_code == 200
        assert answer["Content-Encoding"] == "gzip"
        assert gzip.decompress(answer.content) == plain.content
        assert int(answer["Content-Length"]) == len(answer.content) < len(plain.content) / 3
        assert answer["Vary"] == "Accept-Encoding"
        assert answer["ETag"] == plain["ETag"][:-1] + '-gzip"'
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]


def test_the_rendering_request_gets_the_compressed_form_too(client, seeded):
    first = client.get("/en/programmes/", **GZIP)
    plain = client.get("/en/programmes/")
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == plain.content
    assert first["ETag"] == plain["ETag"][:-1] + '-gzip"'


def test_each_form_is_revalidated_by_its_own_etag(client, seeded):
    zipped = client.get("/en/", **GZIP)
    plain = client.get("/en/")
    unchanged = client.get("/en/", HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)
    assert unchanged.status_code == 304
    assert unchanged["Vary"] == "Accept-Encoding"
    assert client.get("/en/", HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    # The other form's ETag is not this form's: the full page.
    assert client.get("/en/", HTTP_IF_NONE_MATCH=plain["ETag"], **GZIP).status_code == 200


def test_staff_pages_are_not_compressed_by_the_page_cache(client, seeded, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "", "pw"))
    answer = client.get("/en/structure/", **GZIP)
    assert "Content-Encoding" not in answer
    assert answer["Cache-Control"] == "private, no-store"


def test_only_text_worth_compressing_is_compressed():
    html = b"<p>ASEAN Department</p>" * 100
    assert gzip.decompress(compressed(html, "text/html; charset=utf-8")) == html
    assert compressed(html[:1000], "text/html") is None  # too small to gain
    assert compressed(html, "image/png") is None
    assert compressed(os.urandom(4096), "text/plain") is None  # no smaller compressed


@pytest.mark.parametrize(
    ("accept_encoding", "gzipped"),
    [
        ("gzip", True),
        ("x-gzip", True),
        ("GZIP", True),  # codings are case-insensitive (RFC 9110 §8.4.1)
        ("Gzip;Q=0", False),
        ("br;q=1.0, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, identity", False),
        ("gzip;q=nonsense", False),
        ("*;q=0", False),
        ("identity", False),
        ("br, deflate", False),
        ("", False),
    ],
)
def test_what_the_browser_says_it_takes_decides_the_form(client, seeded, accept_encoding, gzipped):
    client.get("/en/")
    answer = client.get("/en/", HTTP_ACCEPT_ENCODING=accept_encoding)
    assert ("Content-Encoding" in answer) is gzipped
    assert answer["Vary"] == "Accept-Encoding"


def test_a_page_no_longer_stored_still_revalidates_either_form(client, seeded):
    from django.core.cache import cache

    from pages.cache import VERSION_KEY

    zipped, plain = client.get("/en/", **GZIP), client.get("/en/")
    version = cache.get(VERSION_KEY)
    cache.clear()  # evicted; the content version is unchanged
    cache.set(VERSION_KEY, version)
    again = client.get("/en/", HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP)
    assert (again.status_code, again["ETag"], again["Vary"]) == (
        304,
        zipped["ETag"],
        "Accept-Encoding",
    )
    again = client.get("/en/", HTTP_IF_NONE_MATCH=plain["ETag"], **GZIP)
    assert (again.status_code, again["ETag"], again["Vary"]) == (
        304,
        plain["ETag"],
        "Accept-Encoding",
    )
