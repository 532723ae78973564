"""The code's shape: dependencies run one way, and every module fits in a reader's head."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Past this a module is split (STYLE.md, "Split a module into a package only past ~300 lines").
LONGEST_MODULE = 300
# Settings stay one module (STYLE.md, choice 2): a newcomer finds every deploy-time value in one
# place, so the file may grow a little past the others before its sections move out.
LONGEST_SETTINGS = 360


def project_modules(*packages: str):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def local_app_names() -> list[str]:
    return [c.name for c in apps.get_app_configs() if Path(c.path).parent == ROOT]


def test_org_names_no_other_app_not_even_by_a_string_label():
    others = [name for name in local_app_names() if name not in ("org", "config")]
    assert others, "expected apps beside org to check against"
    pattern = re.compile(r"\b(" + "|".join(others) + r")\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in project_modules("org")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_the_site_wide_package_names_no_app_in_its_code():
    apps_named = re.compile(r"""(from|import)\s+(org|programmes)\b|["'](org|programmes)[.:]""")
    allowed = {ROOT / "config" / "settings.py"}  # INSTALLED_APPS and the home page's URL name
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in project_modules("config")
        if path not in allowed
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if apps_named.search(line)
    ]
    assert found == []


def test_no_module_of_the_project_is_longer_than_a_reader_holds_in_their_head():
    long = {
        str(path.relative_to(ROOT)): length
        for path in project_modules("config", "org", "programmes")
        if (length := len(path.read_text().splitlines()))
        > (LONGEST_SETTINGS if path.name == "settings.py" else LONGEST_MODULE)
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
