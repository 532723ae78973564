"""The page cache: a shared cache of rendered public pages, made stale by any change to the
records. Only what every visitor sees is cached; previews never are (``config/preview.py``).

Every cached page is stored with the content version it was rendered at; saving or deleting any
content record (from the admin, ``load_seed`` or ``import_records``) sets a new version once the
transaction commits, and a page whose version is not the current one is rendered again. So no
worker on any machine serves a page older than the last change. The version and the page are
read in one round trip to the cache. The cache itself is the
project's ``default`` cache (``CACHE_URL``): shared by every process, never per-process.

Keys also carry today's date, since a leg moves from upcoming to past as the days pass, and the
path only: the public pages read no query string, so ``?anything`` cannot fill the cache.

Browsers and proxies are told too (``http_caching``): each page carries an ``ETag`` (from the
content version, the day and the address) and ``Last-Modified`` (the last change), a conditional
request answers 304 without rendering, and ``Cache-Control`` lets a shared cache keep the page for
``HTTP_SHARED_CACHE_SECONDS`` while browsers revalidate. A request carrying a session cookie
(staff) is never answered from the cache and is ``private, no-store``: nothing personal is cached.

If the cache is unreachable, pages are rendered without it (and the failure logged): a cache
outage slows the site, it does not break it. ``invalidate_pages`` (run by ``make serve``) makes
every page stale at once, for a release whose templates or static files changed.
"""

import datetime
import functools
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from config.contributions import content_models

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
# Response headers worth keeping with the body; the middleware adds the security headers.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def new_version() -> str:
    """A content version: when it was made (whole seconds) and a random part."""
    return f"{int(time.time())}-{uuid.uuid4().hex}"


def version_time(version: str) -> int | None:
    stamp, _, _rest = version.partition("-")
    return int(stamp) if stamp.isdigit() else None


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = new_version()
        cache.add(VERSION_KEY, fresh, timeout=None)
        # A cache that keeps nothing (the dummy backend, or one that just evicted the key)
        # gets a version no page has been stored under: never a stale page.
        version = cache.get(VERSION_KEY) or fresh
    return version


def invalidate_pages() -> None:
    """Make every cached page stale now."""
    try:
        cache.set(VERSION_KEY, new_version(), timeout=None)
    except Exception:
        # The save has committed; failing the request now would not undo it. Said loudly, since
        # cached pages stay as they were until the cache is back and a page is saved again.
        logger.exception("Could not mark cached public pages as stale")


def mark_content_changed() -> None:
    """Make every cached page stale, once the current transaction (if any) has committed.

    After the commit, not before: a request in between would cache the old records under the
    new version.
    """
    transaction.on_commit(invalidate_pages)


DEFAULT_PORTS = {"http": "80", "https": "443"}


def canonical_host(request: HttpRequest) -> str:
    """The host as one name for all its spellings: ``LOCALHOST``, ``localhost.`` and
    ``localhost:80`` over HTTP are the same site, and share one cached copy of each page."""
    domain, port = split_domain_port(request.get_host())
    if port == DEFAULT_PORTS.get(request.scheme):
        port = ""
    return f"{domain}:{port}" if port else domain


def _page_key(request: HttpRequest) -> str:
    raw = "|".join(
        [
            timezone.localdate().isoformat(),
            request.scheme,
            canonical_host(request),
            request.path,
        ]
    )
    return "public-page:" + hashlib.sha256(raw.encode()).hexdigest()


def _validators(version: str, key: str) -> tuple[str, int | None]:
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


def _public(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.HTTP_SHARED_CACHE_SECONDS,
        stale_while_revalidate=settings.HTTP_STALE_SECONDS,
    )
    return response


def is_personal(request: HttpRequest) -> bool:
    """A request that may be answered for one person: a preview, or one with a session cookie
    (visitors have none; the language choice is a cookie of its own)."""
    return getattr(request, "preview", False) or settings.SESSION_COOKIE_NAME in request.COOKIES


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def cached_for_visitors(view):
    """Serve the page from the shared cache, or render it and store it there.

    Not for a preview (``request.preview``, set by ``config.preview``), which is private.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_personal(request):
            return private(view(request, *args, **kwargs))
        key = _page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or content_version()
        except Exception:
            logger.warning(
                "Page cache unreachable: rendering %s without it", request.path, exc_info=True
            )
            return view(request, *args, **kwargs)
        etag, last_modified = _validators(version, key)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _public(not_modified, etag, last_modified)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _version, content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return _public(response, etag, last_modified)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not response.streaming:
            _public(response, etag, last_modified)
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            try:
                cache.set(
                    key, (version, response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS
                )
            except Exception:
                logger.warning("Page cache unreachable: %s not stored", request.path, exc_info=True)
        return response

    return wrapper


def _content_changed(sender, **kwargs) -> None:
    mark_content_changed()


def connect_invalidation() -> None:
    """Called from ``SiteConfig.ready``: any write to a content model (each app's
    ``contribution.content_models``) makes pages stale."""
    for model in content_models():
        dispatch = f"public-pages:{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{dispatch}:save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{dispatch}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{dispatch}:{field.name}",
            )
