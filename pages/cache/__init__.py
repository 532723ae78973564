"""The page cache: rendered public pages, shared by every worker on every machine, made stale by
any change to the records. Only what every visitor sees is cached; previews and staff never are.

- ``versions.py``: the content version every stored page is checked against; a save (once its
  transaction commits) or ``invalidate_pages`` sets a new one;
- ``stored.py``: a page as stored (under its address, with its stamp and its gzip form), the one
  round trip that reads it, and the answers made from it (the page, its gzip form, a 304);
- ``local.py``: each worker's copy, for a second, of the pages it has just read;
- ``decorator.py``: ``cached_for_visitors``, which renders and stores a page (and removes a page
  taken down), with the render claim around midnight;
- ``middleware.py``: ``PageCacheMiddleware``, which answers a visitor's request for a page
  already stored before sessions and the rest of the stack;
- ``headers.py``: what browsers and proxies are told (validators, 304s, ``Cache-Control``).

nginx's micro-cache in front (``deploy/nginx/asean-department.conf``) keeps what ``headers.py``
lets it keep; this cache is what makes a page taken down go at once (a copy from before a change
is never answered), what serves several app servers, and what answers requests nginx passes on.
What each piece was measured to give (``make bench``, ``--variant``) is in its docstring.
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
