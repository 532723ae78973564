"""Project-wide middleware: health checks, refusing NUL characters, and a 503 page while the
database is unreachable."""

import ipaddress
import logging
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from python_ipware import IpWare

logger = logging.getLogger(__name__)


def _address(value: str | None):
    try:
        return ipaddress.ip_address(value or "")
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    ip = _address(address)
    return ip is not None and any(ip in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for the sign-in lockout.

    X-Forwarded-For is believed only when the request comes from a trusted proxy
    (``DJANGO_TRUSTED_PROXIES``): anyone else reaching gunicorn directly could write any address
    there, to escape a lockout or to lock a colleague out. Behind ``PROXY_COUNT`` proxies each
    appends the address it got the request from, so the client is that many entries from the
    right; entries further left are the client's own say. python-ipware (django-ipware's engine)
    reads the header and validates each entry; a value that is not an address is never used.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if proxies and is_trusted_proxy(remote):
        # Only the entries our proxies wrote, and only the header they write (ipware would
        # otherwise also believe X-Real-IP and others a client can send). Strict: exactly that
        # many entries, each a valid address, or none is believed.
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ours = {"HTTP_X_FORWARDED_FOR": ",".join(entries[-proxies:])}
        reader = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxies - 1)
        forwarded, _trusted = reader.get_client_ip(ours, strict=True)
        if forwarded:
            return str(forwarded)
    return str(_address(remote)) if _address(remote) else None


def discard_broken_connection() -> None:
    """Drop a connection the database has gone away from, so the next request opens a new one."""
    try:
        connection.close_if_unusable_or_obsolete()
    except DatabaseError:
        with suppress(DatabaseError):
            connection.close()


def cache_is_reachable() -> bool:
    from django.core.cache import cache

    try:
        cache.get("readyz")
    except Exception:
        return False
    return True


def database_is_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        discard_broken_connection()
        return False
    return True


class HealthCheckMiddleware:
    """``/healthz``: the process is up (touches nothing else). ``/readyz``: it can reach its
    database, else 503. Answered first, before host validation and the HTTPS redirect, because
    load balancers ask by IP address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            # The page cache is reported but does not decide: without it pages are still served.
            cache = "ok" if cache_is_reachable() else "unreachable"
            if database_is_reachable():
                return JsonResponse({"status": "ok", "database": "ok", "cache": cache})
            return JsonResponse(
                {"status": "unavailable", "database": "unreachable", "cache": cache}, status=503
            )
        return self.get_response(request)


class RejectNulMiddleware:
    """A back-office request whose address, query or form carries a NUL character is refused
    (400), as is any form posted with one; so is a back-office request with a blank
    ``_to_field``, which Django's admin reads as the name of a field and fails to find.

    No field holds a NUL, and PostgreSQL refuses them in text: left to reach a filter
    (``?publication_status=%00``), a search or an autocomplete, it would be a server error.
    Refused once, here, rather than in every view. The public pages read no query string (they
    ignore it, and their addresses admit no NUL), so visitors' addresses are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.admin_prefix):
            if "\x00" in request.path or self._has_nul(request.GET):
                raise BadRequest("NUL character in the request")
            # No admin link has a blank one; on a change page it would be a server error.
            if "" in (request.GET.get("_to_field"), request.POST.get("_to_field")):
                raise BadRequest("Blank _to_field")
        if request.method == "POST" and self._has_nul(request.POST):
            raise BadRequest("NUL character in the form")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        """A number or date in a back-office address past what Python or the database can
        hold (?attempt_time__year=9223372036854775808, ?pk__in=99…9, a date at the end of
        year 9999 that a filter moves a day on) is a bad request, not a server error. It fails
        before reaching the database, so nothing is left half-done."""
        if request.path.startswith(self.admin_prefix) and isinstance(exception, OverflowError):
            raise BadRequest("Number or date out of range") from exception
        return None

    @staticmethod
    def _has_nul(data) -> bool:
        return any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()
        )


class DatabaseUnavailableMiddleware:
    """While the database is down, answer a 503 page that asks to retry, not a 500 traceback.

    The connection is closed, so that a request after the database is back opens a new one.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        discard_broken_connection()
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
