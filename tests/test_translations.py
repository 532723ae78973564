"""The Lao catalog is complete: every interface string the code and templates use is translated."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"


def untranslated(catalog: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalog
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]


def test_every_entry_of_the_lao_catalog_is_translated():
    catalog = polib.pofile(str(CATALOG))
    assert len(catalog) > 100
    assert untranslated(catalog) == []
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_the_catalog_holds_every_string_the_code_and_templates_mark_for_translation(tmp_path):
    """makemessages over a copy of the project finds no string the committed catalog lacks."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed; CI installs it")
    copy = tmp_path / "project"
    for name in ["config", "org", "programmes", "templates", "locale", "manage.py"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "lo", "--no-location"],
        cwd=copy,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    missing = untranslated(polib.pofile(str(copy / "locale" / "lo" / "LC_MESSAGES" / "django.po")))
    assert missing == [], "run `make messages` and translate these entries"
