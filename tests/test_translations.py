"""The Lao catalogs are complete and sound: every interface string the code and templates use is
translated, and no translation loses a placeholder of its English."""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

from tests.helpers import project_packages

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"
# Lao for Django's and the installed packages' strings (locale/packages), both domains.
PACKAGE_CATALOGS = sorted((ROOT / "locale" / "packages" / "lo" / "LC_MESSAGES").glob("*.po"))
ALL_CATALOGS = [CATALOG, *PACKAGE_CATALOGS]

# What a translation must carry over unchanged: printf-style (%(name)s, %s, %d, %(count)d, ...;
# not the literal %%) and str.format-style ({}, {0}, {name}) placeholders.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|\{\w*\}"
)


def untranslated(catalog: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalog
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def lost_placeholders(entry: polib.POEntry) -> list[str]:
    """Each translation of ``entry`` whose placeholders differ from its English's, described.

    Lao has one plural form, which stands for every count: it must carry the plural English's
    placeholders (the singular's may leave the count out: "Please correct the error below.")."""
    if entry.msgid_plural:
        expected = placeholders(entry.msgid_plural)
        translations = list(entry.msgstr_plural.values())
    else:
        expected = placeholders(entry.msgid)
        translations = [entry.msgstr]
    return [
        f"{entry.msgid!r}: {dict(expected)} but {dict(placeholders(text))} in {text!r}"
        for text in translations
        if text and placeholders(text) != expected
    ]


def test_the_placeholder_check_sees_a_lost_or_changed_placeholder():
    assert lost_placeholders(polib.POEntry(msgid="Add %(name)s", msgstr="ເພີ່ມ %(name)s")) == []
    assert lost_placeholders(polib.POEntry(msgid="Add %(name)s", msgstr="ເພີ່ມ"))
    assert lost_placeholders(polib.POEntry(msgid="Add %(name)s", msgstr="ເພີ່ມ %(nom)s"))
    assert lost_placeholders(polib.POEntry(msgid="Added {name} “{object}”.", msgstr="{name}"))
    assert lost_placeholders(polib.POEntry(msgid="%s of %d", msgstr="%d ຂອງ %s")) == []
    assert lost_placeholders(polib.POEntry(msgid="%s of %d", msgstr="%s ຂອງ %s"))
    assert lost_placeholders(polib.POEntry(msgid="100%% sure", msgstr="ແນ່ໃຈ 100%%")) == []
    assert lost_placeholders(
        polib.POEntry(msgid="entry", msgid_plural="%(n)d entries", msgstr_plural={0: "ລາຍການ"})
    )


@pytest.mark.parametrize("path", ALL_CATALOGS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_lao_translation_keeps_the_placeholders_of_its_english(path):
    catalog = polib.pofile(str(path))
    assert [problem for entry in catalog for problem in lost_placeholders(entry)] == []


@pytest.mark.parametrize("path", PACKAGE_CATALOGS, ids=lambda path: path.name)
def test_every_entry_of_the_package_catalogs_is_translated_with_one_plural_form(path):
    catalog = polib.pofile(str(path))
    assert untranslated(catalog) == []
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert all(set(entry.msgstr_plural) == {0} for entry in catalog if entry.msgid_plural)


def test_there_are_catalogs_for_the_admin_and_its_javascript():
    assert [path.name for path in PACKAGE_CATALOGS] == ["django.po", "djangojs.po"]


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
    for name in [*project_packages(), "templates", "locale", "manage.py"]:
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
