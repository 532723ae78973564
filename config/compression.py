"""Cached pages compressed once, when they are stored, not on every request.

A page is stored in the page cache (``config/pagecache.py``) together with its gzip-compressed
body, made once per change of the records; a visitor whose browser accepts gzip gets that, with
``Content-Encoding: gzip`` and an ETag of its own (the two bodies are different representations).
Every answer of such a page says ``Vary: Accept-Encoding``, so a shared cache (nginx) keeps each
form apart and serves the compressed one without compressing it again. The structure page at 20×
the seed is some 450 KB of HTML and about a twentieth of that compressed: for visitors on slow
mobile connections, and for the proxy's TLS, the difference is most of the cost.

Safe to compress (BREACH): a cached page is the same for every visitor and holds no secret (no
CSRF token, nothing personal; see ``config/pagecache.py``).
"""

from django.http import HttpRequest
from django.utils.text import compress_string

# Smaller bodies gain nothing worth a header (nginx's gzip_min_length is the same).
MIN_LENGTH = 1024
COMPRESSIBLE = ("text/", "application/xml", "application/json", "application/atom+xml")


def compressed(content: bytes, content_type: str) -> bytes | None:
    """The gzip form of a page worth compressing, or None."""
    if len(content) < MIN_LENGTH or not content_type.startswith(COMPRESSIBLE):
        return None
    smaller = compress_string(content)
    return smaller if len(smaller) < len(content) else None


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the browser says it takes gzip (``Accept-Encoding``, as Django's GZipMiddleware
    reads it)."""
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def gzip_etag(etag: str) -> str:
    """The compressed form's ETag: ``"abc"`` becomes ``"abc-gzip"``."""
    return etag[:-1] + '-gzip"'
