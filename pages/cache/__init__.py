"""The page cache: rendered public pages, shared by every worker on every machine, made stale by
any change to the records. Only what every visitor sees is cached; previews and staff never are.

- ``versions.py``: the content version every stored page is checked against; a save (once its
  transaction commits) or ``invalidate_pages`` sets a new one;
- ``stored.py``: a page as stored (under its address, with its stamp and its gzip form), the one
  round trip that reads it, and the answers made from it (the page, its gzip form, a 304);
- ``decorator.py``: ``cached_for_visitors``, which renders and stores a page (and removes a page
  taken down), with the render claim around midnight;
- ``middleware.py``: ``PageCacheMiddleware``, which answers a visitor's request for a page
  already stored before sessions and the rest of the stack;
- ``headers.py``: what browsers and proxies are told (validators, 304s, ``Cache-Control``).

nginx's micro-cache in front (``deploy/nginx/asean-department.conf``) keeps what ``headers.py``
lets it keep, for a minute. This cache is what makes a page taken down go at once from the app
(a copy from before a change is never answered, on any worker: ``tests/hostile/test_takedowns.py``,
``tests/test_nginx.py``), is shared by several app servers, and answers what nginx passes on:
its refreshes, requests with a session cookie. What each piece is measured to give is in its
docstring (``make bench``, ``--variant``).
"""

from pages.cache.decorator import cached_for_visitors
from pages.cache.headers import public, public_missing, validators
from pages.cache.stored import canonical_host
from pages.cache.versions import (
    VERSION_KEY,
    connect_invalidation,
    content_version,
    invalidate_pages,
)

__all__ = [
    "VERSION_KEY",
    "cached_for_visitors",
    "canonical_host",
    "connect_invalidation",
    "content_version",
    "invalidate_pages",
    "public",
    "public_missing",
    "validators",
]
