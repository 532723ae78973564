"""The code's shape: dependencies run one way, and every module fits in a reader's head."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

from tests.helpers import imported, project_apps, project_modules, project_packages

ROOT = Path(settings.BASE_DIR)
# Past this a module is split (STYLE.md, "Split a module into a package only past ~300 lines").
LONGEST_MODULE = 300


# config/ is the project's wiring, nothing else (STYLE.md, 21): these modules and packages.
WIRING = {
    *("__init__.py", "settings.py", "urls.py", "wsgi.py", "asgi.py", "gunicorn.py", "logs.py"),
    *("storage.py", "api.py"),  # parts of the settings: the storages, the API's framework
}
WIRING_PACKAGES = {"formats"}
LONGEST_WIRING = 700


def labels_named(path: Path) -> set[str]:
    """The apps a module names by a string: ``"org.Person"``, ``"programmes:leg"``, ``"org"``."""
    labels = set(project_packages()) - {"config"}
    named = set()
    tree = ast.parse(path.read_text())
    # The words of an f-string are text ("records"), not a label.
    words = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in words:
            head = re.match(r"(\w+)(?:[.:]\w|$)", node.value)
            if head and head.group(1) in labels:
                named.add(head.group(1))
    return named


# The one exception: the migration that took ``SeedRecord``'s table over from ``org``
# (``core/migration_moves.py``) names the app it came from.
MOVED_FROM = {"records/migrations/0001_initial.py": {"org"}}


def test_each_app_names_only_the_apps_below_it_not_even_by_a_string_label():
    order = project_apps()
    found = []
    for position, app in enumerate(order):
        below = set(order[:position]) | {app}
        for path in project_modules(app, migrations=True):
            above = {name.split(".")[0] for name in imported(path)} | labels_named(path)
            above -= MOVED_FROM.get(str(path.relative_to(ROOT)), set())
            found += [f"{path.relative_to(ROOT)} names {name}" for name in above - below]
    assert sorted(found) == []


def test_config_holds_only_the_projects_wiring():
    stray = [
        str(path.relative_to(ROOT))
        for path in project_modules("config", migrations=True)
        if path.relative_to(ROOT / "config").parts[0] not in WIRING | WIRING_PACKAGES
    ]
    assert stray == []
    assert "config" not in project_apps() and not any(
        c.name.startswith("config") for c in apps.get_app_configs()
    )
    lines = sum(len(path.read_text().splitlines()) for path in project_modules("config"))
    assert lines <= LONGEST_WIRING


def test_every_app_is_labelled_as_its_folder_is_called():
    assert [c.label for c in apps.get_app_configs() if Path(c.path).parent == ROOT] == (
        project_apps()
    )


def test_no_module_of_the_project_is_longer_than_a_reader_holds_in_their_head():
    long = {
        str(path.relative_to(ROOT)): length
        for path in [*project_modules(), *sorted((ROOT / "bench").glob("*.py"))]  # and make bench
        if (length := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long == {}


# Run in a fresh process with the settings that leave `programmes` out: every module of `org`
# imports (its commands and migrations too), the system checks pass, and the migration graph
# resolves with no model change left to write. (It used to run `tests/org` again in a subprocess:
# twenty seconds to prove the same.)
WITHOUT_PROGRAMMES = """
import importlib, pkgutil, django
django.setup()
from django.core.management import call_command
import org
names = [m.name for m in pkgutil.walk_packages(org.__path__, "org.")]
for name in names:
    importlib.import_module(name)
call_command("check", fail_level="WARNING")
call_command("makemigrations", "--check", "--dry-run", verbosity=0)
print(len(names), "modules")
"""


def test_org_stands_alone_without_the_programmes_app():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_programmes",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PROGRAMMES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    imported = int(result.stdout.split()[-2])
    assert imported >= len(list(project_modules("org"))) - 1  # org/__init__ is the package
