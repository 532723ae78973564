"""Sending hostile requests and telling a server error from an answer.

The test client raises the exception behind any 500, so a ``Probe`` catches it and keeps the
request and the error: a test sends many requests and reports every failure at once.
"""

import io
import re
import traceback
from urllib.parse import quote_plus

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import translation

from core.contributions import api_viewsets, content_models, public_urlconfs

LANGUAGES = ("en", "lo")
SITE_WIDE = ("/sitemap.xml", "/robots.txt")


def encode(pairs) -> str:
    """``pairs`` as a query string or form body, each value in UTF-8; a lone surrogate goes out
    as its raw bytes (%ED%A0%80), which no UTF-8 encoder would write."""
    return "&".join(
        f"{quote_plus(str(key).encode('utf-8', 'surrogatepass'))}="
        f"{quote_plus(str(value).encode('utf-8', 'surrogatepass'))}"
        for key, value in pairs
    )


class QuietClient(Client):
    """A test client that keeps no copy of the context of every template it renders (the
    admin renders hundreds per page, and copying them costs more than the page), and raises
    a view's exception as the ordinary client does."""

    def request(self, **request):
        environ = self._base_environ(**request)
        uid = f"hostile-{id(request)}"
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        self.check_exception(response)
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


class Probe:
    """Sends requests through a test client and collects every server error."""

    def __init__(self, client, failures: list[str] | None = None) -> None:
        self.client = client
        self.failures: list[str] = [] if failures is None else failures

    def send(self, method: str, path: str, *, query: str = "", body: str | None = None, what=""):
        """The response's status; 500 when the view raised (the error is kept)."""
        address = f"{path}?{query}" if query else path
        kwargs = {}
        if body is not None:
            kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"}
        try:
            response = getattr(self.client, method.lower())(address, **kwargs)
        except Exception:
            self._fail(method, address, what, traceback.format_exc(limit=-6))
            return None
        if response.status_code >= 500:
            self._fail(method, address, what, f"answered {response.status_code}")
        return response

    def _fail(self, method, address, what, detail) -> None:
        # Cut short: a 10,000-character value would otherwise fill every line of the report.
        self.failures.append(f"{method} {address[:200]} {what[:200]}\n{detail[-1500:]}")

    def check(self) -> None:
        """Fail with every server error seen (the first few in full)."""
        if self.failures:
            shown = "\n\n".join(self.failures[:5])
            raise AssertionError(f"{len(self.failures)} server error(s):\n\n{shown}")


def send_until_drawn(probe: Probe, address: str, parameters: list[str], value: str) -> None:
    """Send ``parameters`` together, each with ``value``; split them while the answer is not a
    page (a refusal or a server error, which the probe keeps), down to one."""
    response = probe.send("GET", address, query=encode([(p, value) for p in parameters]))
    if len(parameters) == 1 or (response is not None and response.status_code == 200):
        return
    half = len(parameters) // 2
    send_until_drawn(probe, address, parameters[:half], value)
    send_until_drawn(probe, address, parameters[half:], value)


def public_addresses() -> list[str]:
    """Every public page in both languages, with the records now in the database: the pages
    without parameters, each record's own page, and each leg's calendar file."""
    names = []
    for _prefix, urlconf in public_urlconfs():
        names.extend(_plain_pattern_names(urlconf))
    addresses = [*SITE_WIDE, *api_addresses()]
    for language in LANGUAGES:
        with translation.override(language):
            addresses.extend(reverse(name) for name in names)
            for model in content_models():
                if not hasattr(model, "get_absolute_url"):
                    continue
                for obj in model._default_manager.all():
                    url = obj.get_absolute_url().partition("#")[0]
                    addresses.append(url)
                    if url.rstrip("/").split("/")[-2:-1] == ["legs"]:
                        addresses.append(url + "calendar.ics")
    return sorted(set(addresses))


def api_addresses() -> list[str]:
    """The open data API's root, schema, documentation page, each list and a record of each."""
    lists = [f"/api/v1/{prefix}/" for prefix, _dotted in api_viewsets()]
    return [
        "/api/v1/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        *lists,
        *(f"{url}x.1/" for url in lists),
    ]


def _plain_pattern_names(urlconf: str) -> list[str]:
    module = __import__(urlconf, fromlist=["urlpatterns", "app_name"])
    return [
        f"{module.app_name}:{pattern.name}"
        for pattern in module.urlpatterns
        if isinstance(pattern, URLPattern) and not pattern.pattern.converters
    ]


def visit_public_pages(probe: Probe, what: str = "") -> None:
    """Request every public page as a visitor would, from an empty page cache (the test's
    transaction never commits, so saves do not make cached pages stale)."""
    cache.clear()
    try:
        addresses = public_addresses()
    except Exception:
        probe._fail("REVERSE", "public pages", what, traceback.format_exc(limit=-4))
        return
    for address in addresses:
        probe.send("GET", address, what=what)


def database_state() -> tuple:
    """A fingerprint of the database, cheap enough to take after every refused form: the size
    of every table, and the users and groups row by row. Content records need no more than
    their size: every change to one adds a version to its history table."""
    counts = tuple(
        (model._meta.label, model._default_manager.count())
        for model in apps.get_models()
        if not model._meta.proxy
    )
    users = tuple(get_user_model().objects.order_by("pk").values_list())
    groups = tuple(Group.objects.order_by("pk").values_list("pk", "name"))
    return counts, users, groups


# A signed-in request saves its session's row; nothing else may be written by a refused form.
SESSION_TABLE = "django_session"
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.IGNORECASE
)


_SAVEPOINT = re.compile(
    r'^\s*(ROLLBACK TO SAVEPOINT|SAVEPOINT|RELEASE SAVEPOINT)\s+"?(\w+)"?', re.I
)


def writes_in(queries: list[dict]) -> list[str]:
    """The statements among ``queries`` (``CaptureQueriesContext``'s) that change data, but for
    the session's own row, and but for those a savepoint rolled back (a published record's
    change page writes its working copy over the live rows and rolls that back:
    ``publishing/revisions.py``). Stronger than comparing the tables' sizes before and after (an
    update keeps a size), and it costs no query."""
    written: list[str] = []
    opened: dict[str, int] = {}  # savepoint name: how many writes there were when it was made
    for query in queries:
        sql = query["sql"]
        if point := _SAVEPOINT.match(sql):
            kind, name = point.group(1).upper(), point.group(2)
            if kind == "SAVEPOINT":
                opened[name] = len(written)
            elif kind == "ROLLBACK TO SAVEPOINT" and name in opened:
                del written[opened[name] :]
            continue
        if (write := _WRITE.match(sql)) and write.group(1) != SESSION_TABLE:
            written.append(sql[:160])
    return written


def exported_records() -> str:
    """The record set, as ``export_records`` writes it."""
    out = io.StringIO()
    call_command("export_records", stdout=out)
    return out.getvalue()
