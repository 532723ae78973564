"""A page as the page cache stores it, where, and the answers made from it.

A page is stored in the project's ``default`` cache (``CACHE_URL``, shared by every process) under
its address (scheme, host, path: the public pages read no query string, so ``?anything`` cannot
fill the cache) with the stamp it was rendered at: the content version (``versions.py``) and
today's date, since a leg moves from upcoming to past as the days pass. The stamp and the page
are read in one round trip (``lookup``), or none for a page this worker has just read
(``local.py``).

With the page goes its gzip form, made once when it is stored, not on every request: a browser
that takes gzip gets it, with an ETag of its own, and every answer of such a page says
``Vary: Accept-Encoding``, so nginx keeps each form apart and answers the compressed one without
compressing it again. Measured (``make bench --variant`` at 20× the seed, medians of 3 rounds in
the same turns, through nginx with a browser's Accept-Encoding): storing pages plain and leaving
nginx to gzip each answer gave 0.02× the requests per second on the structure page (419 against
17,994: some 450 KB of HTML, a twentieth of that compressed) and 0.30–0.54× on the others. Safe
to compress (BREACH): a stored page is the same for every visitor and holds no secret (no CSRF
token, nothing personal).
"""

import hashlib
import logging
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.text import compress_string

from pages.cache.headers import accepts_gzip, gzip_etag, public, validators
from pages.cache.local import local_pages
from pages.cache.versions import VERSION_KEY, content_version

logger = logging.getLogger(__name__)

# Response headers worth keeping with the body; the middleware adds the security headers.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")
# Smaller bodies gain nothing worth a header (nginx's gzip_min_length is the same).
MIN_LENGTH = 1024
COMPRESSIBLE = ("text/", "application/xml", "application/json", "application/atom+xml")
# A request with none of these asks for the page whatever its validators.
CONDITIONAL = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)
DEFAULT_PORTS = {"http": "80", "https": "443"}


class StoredPage(NamedTuple):
    stamp: str  # the content version and the day it was rendered at
    body: bytes
    headers: dict[str, str]  # those worth keeping (KEPT_HEADERS)
    etag: str
    last_modified: int | None
    gzipped: bytes | None  # the body compressed, if worth it


def canonical_host(request: HttpRequest) -> str:
    """The host as one name for all its spellings: ``LOCALHOST``, ``localhost.`` and
    ``localhost:80`` over HTTP are the same site, and share one stored copy of each page."""
    domain, port = split_domain_port(request.get_host())
    if port == DEFAULT_PORTS.get(request.scheme):
        port = ""
    return f"{domain}:{port}" if port else domain


def page_key(request: HttpRequest) -> str:
    raw = "|".join([request.scheme, canonical_host(request), request.path])
    return "public-page:" + hashlib.sha256(raw.encode()).hexdigest()


def lookup(request: HttpRequest) -> tuple[str, str, StoredPage | None]:
    """The current stamp (content version and date), the page's key, and the stored page of
    whatever stamp: one round trip to the cache, or none for a page this worker has just read
    (``local.py``)."""
    key = page_key(request)
    today = timezone.localdate().isoformat()
    kept = local_pages.get(key)
    if kept is not None and kept[0].endswith(today):
        return kept[0], key, kept[1]
    generation = local_pages.generation
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    stamp = f"{version}|{today}"
    stored = found.get(key)
    if current(stored, stamp) is not None:
        local_pages.put(key, stamp, stored, read_in=generation)
    return stamp, key, stored


def current(stored, stamp: str) -> StoredPage | None:
    """The stored page if it is of this stamp; anything else (another stamp, or what an older
    release stored) is stale."""
    return stored if isinstance(stored, StoredPage) and stored.stamp == stamp else None


def previous_day(stored, stamp: str) -> StoredPage | None:
    """The stored page if only the day has passed since it was rendered (its content version is
    the current one): the one stale copy that may be answered while another request renders the
    current page. A copy from before a change never is, not even for that moment: the change may
    have taken the page down (unpublished, deleted, moved), and nobody may get it after that."""
    if not isinstance(stored, StoredPage):
        return None
    return stored if stored.stamp.partition("|")[0] == stamp.partition("|")[0] else None


def compressed(content: bytes, content_type: str) -> bytes | None:
    """The gzip form of a page worth compressing, or None."""
    if len(content) < MIN_LENGTH or not content_type.startswith(COMPRESSIBLE):
        return None
    smaller = compress_string(content)
    return smaller if len(smaller) < len(content) else None


def store(request: HttpRequest, response: HttpResponse, *, stamp: str, key: str) -> StoredPage:
    """Store a rendered page (a 200) under ``key``, with its gzip form. Stored or not (the cache
    unreachable), what would be stored is returned, to answer."""
    etag, last_modified = validators(stamp, key)
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    smaller = compressed(response.content, response.get("Content-Type", ""))
    stored = StoredPage(stamp, response.content, headers, etag, last_modified, smaller)
    try:
        cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unreachable: %s not stored", request.path, exc_info=True)
    return stored


def forget(request: HttpRequest, key: str) -> None:
    """The page at ``key`` is no longer public (a 404, a redirect): its stored copy goes."""
    try:
        cache.delete(key)
    except Exception:  # not answered anyway: it is of an older content version (previous_day)
        logger.warning("Page cache unreachable: %s not forgotten", request.path, exc_info=True)


def _gzipped(request: HttpRequest, stored: StoredPage) -> bool:
    return stored.gzipped is not None and accepts_gzip(request)


def _response(stored: StoredPage, *, gzipped: bool) -> HttpResponse:
    content = stored.gzipped if gzipped else stored.body
    response = HttpResponse(content)
    for name, value in stored.headers.items():
        response[name] = value
    response["Content-Length"] = str(len(content))
    if gzipped:
        response["Content-Encoding"] = "gzip"
    if stored.gzipped is not None:
        response["Vary"] = "Accept-Encoding"
    return response


def stale_answer(request: HttpRequest, stored: StoredPage) -> HttpResponse:
    """The previous day's copy of a page another request is rendering now (``previous_day``),
    for this moment only."""
    response = _response(stored, gzipped=_gzipped(request, stored))
    response["Cache-Control"] = "no-cache"
    return response


def answer(
    request: HttpRequest, stamp: str, key: str, stored: StoredPage | None
) -> HttpResponse | None:
    """304 if the visitor's copy is current, else the stored page (of this stamp); ``None`` to
    render it. A stored page carries the validators it was stored with (the same stamp and key
    give the same ones), so answering it computes none."""
    if stored is not None:
        etag, last_modified = stored.etag, stored.last_modified
        gzipped = _gzipped(request, stored)
        varies = stored.gzipped is not None
    else:
        # Not stored (evicted, expired) but of this stamp: the visitor may hold either form.
        etag, last_modified = validators(stamp, key)
        gzipped = accepts_gzip(request) and gzip_etag(etag) in request.META.get(
            "HTTP_IF_NONE_MATCH", ""
        )
        varies = True
    if gzipped:
        etag = gzip_etag(etag)
    if not CONDITIONAL.isdisjoint(request.META):
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            if varies:
                not_modified["Vary"] = "Accept-Encoding"
            return public(not_modified, etag, last_modified)
    if stored is None:
        return None
    return public(_response(stored, gzipped=gzipped), etag, last_modified)
