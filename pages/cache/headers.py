"""What a public page tells browsers and proxies (HTTP caching), and which form of it they take.

A visitor's page carries an ``ETag`` (from the content version, the day and the address) and
``Last-Modified`` (the last change to the records, or midnight if later: upcoming legs become past),
and ``Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…``: a shared cache
(nginx) may keep it briefly, browsers revalidate every time and get 304 while nothing changed.
Anything answered for one person (staff, whose session cookie names a session they are signed in
to, and previews) is ``private, no-store``. A visitor's 404 for a page or an API record is kept by
a shared cache as long as a page, so that a page taken down is replaced there too
(``public_missing``).

A page's gzip form (made once, when it is stored: ``pages/cache/stored.py``) has an ETag of its
own (``gzip_etag``): the two bodies are different representations.
"""

import datetime
import functools
import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date


def version_time(version: str) -> int | None:
    """When a content version (``<seconds>-<random>``) was made."""
    stamp, _, _rest = version.partition("-")
    return int(stamp) if stamp.isdigit() else None


def validators(version: str, key: str) -> tuple[str, int | None]:
    """The page's ETag and Last-Modified time. The page changes with the content version and at
    midnight (upcoming legs become past), so Last-Modified is the later of the two."""
    etag = '"' + hashlib.sha256(f"{version}|{key}".encode()).hexdigest()[:32] + '"'
    changed = version_time(version)
    if changed is None:
        return etag, None
    today = timezone.localdate()
    midnight = datetime.datetime.combine(
        today, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    return etag, max(changed, int(midnight.timestamp()))


@functools.lru_cache(maxsize=256)
def _http_date(seconds: int) -> str:
    """``http_date``, remembered: a page's Last-Modified is the same for every visitor."""
    return http_date(seconds)


def public(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    """Mark a visitor's page as one a shared cache may keep."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = _http_date(last_modified)
    if response.has_header("Cache-Control"):
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.HTTP_SHARED_CACHE_SECONDS,
            stale_while_revalidate=settings.HTTP_STALE_SECONDS,
        )
    else:
        # What patch_cache_control would write, without parsing a header there is not.
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.HTTP_SHARED_CACHE_SECONDS}, "
            f"stale-while-revalidate={settings.HTTP_STALE_SECONDS}"
        )
    return response


def public_missing(response: HttpResponse) -> HttpResponse:
    """Mark a visitor's 404 as one a shared cache may keep, as long as a page and with no
    validators. When a page is taken down, its 404 then replaces nginx's copy of the page at the
    next refresh; an answer nginx may not store would leave it the old copy to answer. Not for a
    response that sets a cookie: that is never for everyone."""
    if not response.cookies:
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.HTTP_SHARED_CACHE_SECONDS}"
        )
    return response


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def is_personal(request: HttpRequest) -> bool:
    """A request that may be answered for one person: a preview, or one from someone signed in
    (visitors have no session; the language choice is a cookie of its own)."""
    return getattr(request, "preview", False) or signed_in(request)


def signed_in(request: HttpRequest) -> bool:
    """Whether the request's session cookie names a session someone is signed in to.

    A cookie that names none (made up, expired, of a session no one signed in to) is as no
    cookie: it gets the stored page, not a render of its own, so sending one costs the site
    nothing. Visitors carry no session cookie and cost no look-up; a request with one costs a
    look-up in the session store (at most one query, by primary key; none for a value too short
    to be a key), shared with the rest of the request once ``SessionMiddleware`` has run.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = getattr(request, "session", None)  # SessionMiddleware's, once it has run
    if session is None:
        session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return SESSION_KEY in session


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the browser takes gzip (RFC 9110 §12.5.3): ``gzip`` (or ``x-gzip``) listed with a
    quality above 0, or else ``*`` with one; ``gzip;q=0`` refuses it."""
    header = request.META.get("HTTP_ACCEPT_ENCODING", "").lower()  # codings ignore case
    if "gzip" not in header and "*" not in header:
        return False
    anything = 0.0
    for item in header.split(","):
        coding, _, parameters = item.partition(";")
        coding = coding.strip()
        if coding in ("gzip", "x-gzip"):
            return _quality(parameters) > 0
        if coding == "*":
            anything = _quality(parameters)
    return anything > 0


def _quality(parameters: str) -> float:
    """The ``q`` of an Accept-Encoding item (1 when not given; 0 when it is not a number)."""
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0
    return 1.0


def gzip_etag(etag: str) -> str:
    """The compressed form's ETag: ``"abc"`` becomes ``"abc-gzip"``."""
    return etag[:-1] + '-gzip"'
