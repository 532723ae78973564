"""Caching of API answers, made stale by the page cache's content version.

An answer depends on its address *and* its query string (``?lang``, ``?page``), unlike a public
page, so it is stored under both (the query string sorted, so that ``?a&b`` and ``?b&a`` are one
answer), with the stamp it was made at: the content version of ``pages.cache`` (any save of
a content record sets a new one) and today's date. A stored answer of another stamp is stale and
made again. Validators and ``Cache-Control`` are those of the public pages
(``pages.cache.headers``): ``ETag`` and ``Last-Modified``, 304 to a conditional GET while nothing
changed. Only the query strings the endpoint accepts get this far (others are refused first), so
the cache holds at most one answer per page of each list in each language.

Not the page cache's protocol of claiming a stale page's rendering: an answer costs a few
queries, and the rate limit bounds how often a client asks.

An answer is one body whatever the request's headers: its language is ``?lang``, not
``Accept-Language``, and its JSON is never indented (``CompactJSONRenderer``), so that no client
chooses the form every other client is then answered from the cache.
"""

import hashlib
import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from rest_framework.renderers import JSONRenderer

from pages.cache import VERSION_KEY, canonical_host, content_version, public, validators

logger = logging.getLogger(__name__)
KEPT_HEADERS = ("Content-Type", "Content-Language")


class CompactJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, without the indentation a client may ask for in ``Accept``
    (``application/json; indent=8``): the answer is cached under its address alone."""

    def get_indent(self, accepted_media_type, renderer_context):
        return None


def _key(request: HttpRequest) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = "|".join([request.scheme, canonical_host(request), request.path, query])
    return "api-answer:" + hashlib.sha256(raw.encode()).hexdigest()


def _lookup(request: HttpRequest) -> tuple[str, str, tuple | None]:
    """The current stamp, the answer's key, and the answer stored under this stamp, if any."""
    key = _key(request)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    stamp = f"{version}|{timezone.localdate().isoformat()}"
    stored = found.get(key)
    current = stored if isinstance(stored, tuple) and stored and stored[0] == stamp else None
    return stamp, key, current


def cached_answer(request: HttpRequest, make: Callable[[], HttpResponse]) -> HttpResponse:
    """304 if the client's copy is current, else the stored answer, else ``make()``'s (stored
    if it is a 200)."""
    try:
        stamp, key, stored = _lookup(request)
    except Exception:
        logger.warning("Cache unreachable: answering %s without it", request.path, exc_info=True)
        return make()
    etag, last_modified = validators(stamp, key)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return public(not_modified, etag, last_modified)
    if stored is not None:
        _stamp, content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return public(response, etag, last_modified)
    response = make()
    if response.status_code == 200:
        public(response, etag, last_modified)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        try:
            cache.set(key, (stamp, response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unreachable: %s not stored", request.path, exc_info=True)
    return response
