"""Helpers shared by the tests: validation errors of a model, admin addresses and forms as a
browser posts them, management commands' output, staff members in a role, the project's modules
and what each imports.

One place for each: a test module that needs one imports it from here rather than writing its
own copy. Fixtures shared by several modules are in ``tests/conftest.py``.
"""

import ast
import datetime
import io
import os
import struct
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

# The back office's addresses as the code builds them: ``admin_url(Division, "change", pk)``.
from core.admin_urls import admin_url
from publishing.roles import ensure_roles

ROOT = Path(__file__).resolve().parent.parent

# The Ministry's text, from which every fact of the seed comes.
SOURCE = (ROOT / "seed" / "source.txt").read_text(encoding="utf-8")
# The public page of the seed's only leg.
LEG_3 = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/"


def in_ci() -> bool:
    """Whether the run is CI's (`CI` set to anything but an explicit no), where nothing may skip."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing on a person's machine, but fail in CI.

    A newcomer without Chromium, Java, Redis or PostgreSQL still gets a green `make test`; CI,
    which installs them, must not pass by silently skipping the checks it exists to run.
    """
    if available:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so a missing tool fails the run)", pytrace=False)
    pytest.skip(reason)


def errors_of(instance) -> dict[str, list[str]]:
    """The validation errors ``full_clean`` finds, by field; fails if there are none."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def _value(bound_field):
    value = bound_field.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _form_fields(form, data):
    for bound_field in form:
        value = _value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value


def admin_form_data(response, **changes):
    """The POST data of the admin page in ``response``, as rendered, with ``changes`` applied.

    Keys of ``changes`` are HTML field names, e.g. ``name_en`` or ``divisions-0-name_en``.
    """
    data = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            _form_fields(form, data)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class _HiddenInputs(HTMLParser):
    """The hidden inputs of each form of a page, in order: ``forms[i]`` is a list of pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self._in_form = True
        elif tag == "input" and self._in_form and attributes.get("type") == "hidden":
            self.forms[-1].append((attributes.get("name") or "", attributes.get("value") or ""))

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._in_form = False


def list_step(client, model, action: str, *objs):
    """A publishing step from a record list, as a person takes it: tick ``objs``, choose
    ``action`` (``publish``, ``unpublish``, ``mark_lao_reviewed``), then confirm on the page it
    shows, sending back what the page rendered (each record's ``seen-<pk>``). Returns the answer
    to the confirmation, or the first answer when it showed no confirmation form."""
    url = admin_url(model, "changelist")
    page = client.post(url, {"action": action, "_selected_action": [obj.pk for obj in objs]})
    parser = _HiddenInputs()
    parser.feed(page.content.decode() if page.status_code == 200 else "")
    form = next((f for f in parser.forms if ("confirmed", "yes") in f), None)
    if form is None:
        return page
    data: dict[str, list[str]] = {}
    for name, value in form:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def restore_url(model, obj_pk, history_id) -> str:
    """The page of one earlier version of a record, whose form restores it."""
    return admin_url(model, "simple_history", obj_pk, history_id)


def command_output(name: str, *args, **options) -> str:
    """What management command ``name`` writes to standard output (standard error is kept
    apart, unless the test passes its own ``stderr``)."""
    out = io.StringIO()
    options.setdefault("stderr", io.StringIO())
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def run_manage(*args, **env_overrides) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, with no DJANGO_ settings but those given. They are set empty
    rather than left out, so that a developer's .env file (which never overrides) cannot leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_DEBUG": "", "DJANGO_SECRET_KEY": "", "DJANGO_ADMIN_URL": "admin/"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def staff_member(*roles: str, username: str = "someone", password: str = "x"):  # noqa: S107
    """A staff user holding the secretariat's ``roles`` (group names from ``publishing.roles``;
    none: staff with no permission at all). The groups are made sure of first."""
    ensure_roles()
    user = get_user_model().objects.create_user(username, password=password, is_staff=True)
    user.groups.set([Group.objects.get(name=role) for role in roles])
    return user


def wait_until_blocked_or_done(thread: threading.Thread, timeout: float = 10) -> None:
    """Until ``thread``'s request waits for a row lock (the second save, held up by the first,
    as it should be), or has finished (it was not held up: the test then fails on its answer)."""
    deadline = time.monotonic() + timeout
    from django.db import connection

    with connection.cursor() as cursor:
        while thread.is_alive() and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)


# sRGB's red, green and blue as an ICC profile states them (CIE XYZ, adapted to D50).
SRGB_PRIMARIES = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))


def rgb_colour_profile(primaries=SRGB_PRIMARIES, extra: dict[bytes, bytes] | None = None) -> bytes:
    """A valid ICC (v2) profile of an RGB display with ``primaries`` and a 2.2 gamma, and the
    ``extra`` tags (signature -> payload) it is given: what a photo may carry beside its pixels.
    Pillow can read profiles but not write one with chosen primaries or tags."""

    def fixed(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + fixed(x) + fixed(y) + fixed(z)

    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256))
    white = xyz(0.9642, 1.0, 0.8249)
    red, green, blue = primaries
    tags = {b"wtpt": white, b"rXYZ": xyz(*red), b"gXYZ": xyz(*green), b"bXYZ": xyz(*blue)}
    tags |= {b"rTRC": gamma, b"gTRC": gamma, b"bTRC": gamma, **(extra or {})}
    start = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags.items():
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body
    header = struct.pack(">I", start + len(data)) + b"\0" * 4 + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28 + white[8:]
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def project_apps() -> list[str]:
    """The project's own apps, lowest layer first (their order in ``INSTALLED_APPS``)."""
    from django.apps import apps
    from django.conf import settings

    return [c.name for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]


def project_packages() -> list[str]:
    """Every package of the project's code: ``config`` (the wiring) and the apps."""
    return ["config", *project_apps()]


# Every public HTML page of the seed's content, by URL name and arguments (the calendars and the
# sitemap are added where a test wants them).
LEG_3_ARGS = {"slug": "mainstreaming-peace-and-reconciliation", "number": 3}
PUBLIC_PAGES = [
    ("org:home", {}),
    ("org:structure", {}),
    ("org:division_detail", {"slug": "general-affairs"}),
    ("org:mandate_list", {}),
    ("org:relatedbody_list", {}),
    ("org:contact", {}),
    ("programmes:programme_list", {}),
    ("programmes:leg_detail", LEG_3_ARGS),
]


def project_modules(*packages: str, migrations: bool = False):
    """The ``.py`` files of ``packages`` (every package of the project's code if none)."""
    for package in packages or project_packages():
        for path in sorted((ROOT / package).rglob("*.py")):
            if migrations or "migrations" not in path.parts:
                yield path


def module_name(path: Path) -> str:
    """The dotted name a project module is imported by: ``org/models/__init__.py`` is
    ``org.models``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every project module ``path`` imports, at the top or inside a function."""
    packages = tuple(project_packages())
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.split(".")[0] in packages}


def today() -> datetime.date:
    """The Department's date now (``timezone.localdate()``), asked when a test runs: a date taken
    as a module is collected is yesterday's for a test that runs after midnight in Vientiane."""
    return timezone.localdate()
