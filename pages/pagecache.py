"""The page cache: a shared cache of rendered public pages, made stale by any change to the
records. Only what every visitor sees is cached; previews never are (``pages/preview.py``).

Every cached page is stored with the content version it was rendered at; saving or deleting any
content record (from the admin, ``load_seed`` or ``import_records``) sets a new version once the
transaction commits, and a page whose version is not the current one is rendered again, on
every worker on every machine. The version and the page are read in one round trip to the
cache: the project's ``default`` cache (``CACHE_URL``), shared by every process; each worker may
keep a page it has just read from it for a second (``pages/localpagecache.py``).

A page is stored under its address (scheme, host, path: the public pages read no query string,
so ``?anything`` cannot fill the cache) with the stamp it was rendered at: the content version and
today's date, since a leg moves from upcoming to past as the days pass; and with its gzip form,
made once (``pages/storedpages.py``, ``pages/compression.py``).

Midnight makes every page stale at once; so that not every worker renders every page at that
moment, the first request for a page of the day before claims it (an atomic ``add`` of a
short-lived key) and renders it, while requests for it meanwhile get the day before's copy,
marked ``no-cache``. A change to the records is another matter: it may have taken the page down
(unpublished, deleted, moved), so the copy from before it is never answered, not even meanwhile.
Every request renders until one has stored the current page, and a render that answers anything
but the page (a 404, a redirect) removes the stored copy: a takedown is immediate.

A visitor's request for a page already stored is answered by ``PageCacheMiddleware`` near the
top of the stack, before any per-user machinery; what browsers and proxies are told (validators,
304s, ``Cache-Control``) is ``pages/httpcache.py``. A request from someone signed in (staff)
or asking for a preview is never answered from the cache; a made-up session cookie is.

If the cache is unreachable, pages are rendered without it (and the failure logged): a cache
outage slows the site, it does not break it. ``invalidate_pages`` (run by ``make serve``) makes
every page stale at once, for a release whose templates or static files changed.
"""

import functools
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from core.contributions import content_models
from pages.compression import accepts_gzip, compressed, gzip_etag
from pages.httpcache import is_personal, private, public, public_missing, validators
from pages.localpagecache import local_pages
from pages.preview import PREVIEW_PARAMETER
from pages.reversing import reverse
from pages.storedpages import StoredPage, answer, current, previous_day, stale_answer

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
# Response headers worth keeping with the body; the middleware adds the security headers.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Robots-Tag")


def new_version() -> str:
    """A content version: when it was made (whole seconds) and a random part."""
    return f"{int(time.time())}-{uuid.uuid4().hex}"


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
    """Make every cached page stale now, and forget this worker's own copies (after the new
    version is set: a copy read meanwhile, of the old version, is not kept either)."""
    try:
        cache.set(VERSION_KEY, new_version(), timeout=None)
    except Exception:
        # The save has committed; failing the request now would not undo it. Said loudly, since
        # cached pages stay as they were until the cache is back and a page is saved again.
        logger.exception("Could not mark cached public pages as stale")
    local_pages.clear()


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
    raw = "|".join([request.scheme, canonical_host(request), request.path])
    return "public-page:" + hashlib.sha256(raw.encode()).hexdigest()


def _lookup(request: HttpRequest) -> tuple[str, str, tuple | None]:
    """The current stamp (content version and date), the page's key, and the stored page of
    whatever stamp: one round trip to the cache, or none for a page this worker has just read
    (``pages/localpagecache.py``)."""
    key = _page_key(request)
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


def _claim_rendering(key: str, stamp: str) -> bool:
    """True if this request is to render the stale page at ``key``: nobody else is."""
    try:
        return cache.add(f"{key}:rendering", stamp, timeout=settings.PAGE_RENDER_CLAIM_SECONDS)
    except Exception:
        return True


def _release_rendering(key: str) -> None:
    try:
        cache.delete(f"{key}:rendering")
    except Exception:
        logger.warning("Page cache unreachable: render claim on %s left to expire", key)


def cached_for_visitors(view):
    """Serve the page from the shared cache, or render it and store it there.

    Not for a preview (``request.preview``, set by ``pages.preview``) or staff: both private.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_personal(request):
            return private(view(request, *args, **kwargs))
        try:
            stamp, key, stored = _lookup(request)
        except Exception:
            logger.warning(
                "Page cache unreachable: rendering %s without it", request.path, exc_info=True
            )
            return view(request, *args, **kwargs)
        answered = answer(request, stamp, key, current(stored, stamp))
        if answered is not None:
            return answered
        yesterdays = previous_day(stored, stamp)
        claimed = yesterdays is not None and _claim_rendering(key, stamp)
        if yesterdays is not None and not claimed:
            return stale_answer(request, yesterdays)
        try:
            return _render_and_store(
                request, view, args, kwargs, stamp=stamp, key=key, replacing=stored is not None
            )
        finally:
            if claimed:
                _release_rendering(key)

    return wrapper


def _forget(request: HttpRequest, key: str) -> None:
    """The page at ``key`` is no longer public (a 404, a redirect): its stored copy goes."""
    try:
        cache.delete(key)
    except Exception:  # not answered anyway: it is of an older content version (previous_day)
        logger.warning("Page cache unreachable: %s not forgotten", request.path, exc_info=True)


def _render_and_store(
    request, view, args, kwargs, *, stamp: str, key: str, replacing: bool
) -> HttpResponse:
    """Render the page and store it; if it is no page now, forget the copy it is ``replacing``."""
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
    except Http404:
        if replacing:
            _forget(request, key)
        raise
    if response.status_code != 200 or response.streaming:
        if replacing:
            _forget(request, key)
    else:
        etag, last_modified = validators(stamp, key)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        smaller = compressed(response.content, response.get("Content-Type", ""))
        stored = StoredPage(stamp, response.content, headers, etag, last_modified, smaller)
        try:
            cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unreachable: %s not stored", request.path, exc_info=True)
        if smaller is not None:
            patch_vary_headers(response, ["Accept-Encoding"])
            if accepts_gzip(request):
                response.content, etag = smaller, gzip_etag(etag)
                response["Content-Encoding"] = "gzip"
        public(response, etag, last_modified)
    return response


def language_neutral_paths() -> frozenset[str]:
    """Cached pages outside the language prefixes: their body is the same whatever language a
    visitor's browser asks for, so they are answered early too (without a Content-Language)."""
    return frozenset({reverse("sitemap")})


class PageCacheMiddleware:
    """Answers a visitor's GET or HEAD for a page already in the cache before the per-user
    machinery (sessions, locale, CSRF, auth, messages, history, axes) and the URL resolver run.

    Placed after the security, health, WhiteNoise and CSP middleware, so the answer carries the
    same security headers as a rendered page. Only a request with no signed-in session and no
    preview is answered here, and only with what ``cached_for_visitors`` stored (which holds no
    cookie, no CSRF token, nothing personal); anything else goes on to the view as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Pages under a language prefix, and the few whose body is the same in every language
        # (the sitemap lists every page in both); other addresses are not cached pages.
        language = get_language_from_path(request.path_info)
        visitors = (
            (language or request.path_info in language_neutral_paths())
            and request.method in ("GET", "HEAD")
            and PREVIEW_PARAMETER not in request.GET
            and not is_personal(request)
        )
        if visitors:
            try:
                stamp, key, stored = _lookup(request)
                stored = current(stored, stamp)
            except DisallowedHost:
                stored = None  # the view's path answers it with 400, as before
            except Exception:
                stored = None  # logged by the view's own try
            if stored is not None:
                response = answer(request, stamp, key, stored)
                # Added to rendered pages further down the stack, by XFrameOptionsMiddleware and
                # LocaleMiddleware (the language is the address's prefix).
                response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
                if language:
                    response["Content-Language"] = language
                return response
        response = self.get_response(request)
        if visitors and response.status_code == 404 and not response.has_header("Cache-Control"):
            public_missing(response)  # a page taken down: nginx's copy of it goes too
        return response


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
