"""Cached pages compressed once, when they are stored, not on every request.

A page is stored in the page cache (``pages/pagecache.py``) together with its gzip-compressed
body, made once per change of the records; a visitor whose browser accepts gzip gets that, with
``Content-Encoding: gzip`` and an ETag of its own (the two bodies are different representations).
Every answer of such a page says ``Vary: Accept-Encoding``, so a shared cache (nginx) keeps each
form apart and serves the compressed one without compressing it again. The structure page at 20×
the seed is some 450 KB of HTML and about a twentieth of that compressed: for visitors on slow
mobile connections, and for the proxy's TLS, the difference is most of the cost.

Safe to compress (BREACH): a cached page is the same for every visitor and holds no secret (no
CSRF token, nothing personal; see ``pages/pagecache.py``).
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
