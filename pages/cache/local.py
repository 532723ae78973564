"""Each worker's own short-lived copy of the pages it has just read from the page cache.

Reading a page from the shared page cache (``stored.py``) is a round trip to Redis, or a query
on the database cache table, for every request: most of what a cached page costs beyond the
cheapest answer (``/healthz``). So a worker that has read a current page keeps it, with the
content version it was read at, for ``PAGE_CACHE_LOCAL_SECONDS`` (default 1 s), and answers it
from memory meanwhile; after that it asks the shared cache again.

Measured (``make bench --variant`` at 20× the seed, the same turns, medians of 3 rounds on a
quiet machine): turning it off gave 0.38–1.04× the requests per second (median 0.65×) for cached
pages answered straight by gunicorn, which then missed the bench's targets (≥ 1.0× /robots.txt,
≥ 0.7× /healthz) on every page: the structure page fell from 3,138 to 1,178 (robots.txt 2,714).
Through nginx it makes no difference beyond the noise (0.82–1.74×): nginx's micro-cache answers
those requests. It pays for what reaches the app: nginx's refreshes, requests with a session
cookie, a deployment without a caching proxy.

What this changes for visitors: after a save, a worker that read a page less than that long ago
may still answer the previous copy until its copy expires (the worker that saved forgets its
copies at once). nginx's micro-cache in front keeps pages longer (``HTTP_SHARED_CACHE_SECONDS``).
Staff and previews never get here. ``PAGE_CACHE_LOCAL_SECONDS=0`` turns it off: every request
asks the shared cache, as before.

Bounded: the least recently read pages are dropped beyond ``PAGE_CACHE_LOCAL_BYTES`` (default
32 MiB) of pages (bodies and their compressed forms) per worker process; a page larger than a quarter of that is not kept.
"""

import threading
import time
from collections import OrderedDict
from typing import Any

from django.conf import settings

# A stored.StoredPage; not imported, since stored.py reads through this module.
StoredPage = Any


class LocalPageCache:
    """Page key → (when it expires, stamp, stored page), least recently used first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, str, StoredPage]] = OrderedDict()
        self._bytes = 0
        # Raised by each clear(): a page read from the shared cache before a clear (of the
        # version before a save, by another thread) is not kept after it.
        self.generation = 0

    def get(self, key: str) -> tuple[str, StoredPage] | None:
        """The stamp and stored page kept for ``key``, if kept and not yet expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() >= entry[0]:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry[1], entry[2]

    def put(self, key: str, stamp: str, stored: StoredPage, *, read_in: int) -> None:
        """Keep ``stored``, read from the shared cache while ``generation`` was ``read_in``."""
        seconds = settings.PAGE_CACHE_LOCAL_SECONDS
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = _size(stored)
        if seconds <= 0 or size > limit // 4:
            return
        with self._lock:
            if read_in != self.generation:
                return
            self._drop(key)
            self._entries[key] = (time.monotonic() + seconds, stamp, stored)
            self._bytes += size
            while self._bytes > limit:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= _size(entry[2])


def _size(stored: StoredPage) -> int:
    return len(stored.body) + len(stored.gzipped or b"")


local_pages = LocalPageCache()
