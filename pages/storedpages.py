"""A page as the page cache (``pages/pagecache.py``) stores it, and the answers made from it:
the page, its compressed form (``pages/compression.py``), a 304, or the previous day's copy
while another request renders today's."""

from typing import NamedTuple

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from pages.compression import accepts_gzip, gzip_etag
from pages.httpcache import public, validators

# A request with none of these asks for the page whatever its validators.
CONDITIONAL = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)


class StoredPage(NamedTuple):
    stamp: str  # the content version and the day it was rendered at
    body: bytes
    headers: dict[str, str]  # those worth keeping (pagecache.KEPT_HEADERS)
    etag: str
    last_modified: int | None
    gzipped: bytes | None  # the body compressed, if worth it


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


def _gzipped(request: HttpRequest, stored) -> bool:
    return isinstance(stored, StoredPage) and stored.gzipped is not None and accepts_gzip(request)


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


def answer(request: HttpRequest, stamp: str, key: str, stored) -> HttpResponse | None:
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
