"""Each rule once (STYLE.md, 15): who may publish, where a record's back-office page is, where
the home page is and who wrote a version are each decided by one helper, which every caller uses.
A copy spelled by hand elsewhere is a place the rule can drift."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core.history import COMMANDS, NOT_RECORDED, author, record_command
from org.models import Division
from tests.helpers import project_packages

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# A permission's codename or an admin URL's name built by hand: f"publish_{...}",
# f"{...}.publish_{...}", f"admin:{...}_change", "admin:programmes_leg_change".
BY_HAND = {
    "core/permissions.py": re.compile(r"""publish_\{|["']publish_["']"""),
    "core/admin_urls.py": re.compile(r"""["']admin:(?:\{|\w+_\w+_\w+["'])|_change["']"""),
}


def code_of_the_apps():
    for package in project_packages():
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("helper", BY_HAND)
def test_the_rule_is_spelled_only_in_its_helper(helper):
    pattern = BY_HAND[helper]
    elsewhere = [
        f"{name}:{number}: {line.strip()}"
        for name, text in code_of_the_apps()
        if name != helper
        for number, line in enumerate(text.splitlines(), 1)
        if pattern.search(line)
    ]
    assert elsewhere == [], f"use {helper} instead"


def test_the_check_sees_a_copy_spelled_by_hand():
    assert BY_HAND["core/permissions.py"].search('codename=f"publish_{model}"')
    assert BY_HAND["core/permissions.py"].search('has_perm(f"{label}.publish_{name}")')
    assert BY_HAND["core/admin_urls.py"].search('reverse(f"admin:{app}_{model}_change")')
    assert BY_HAND["core/admin_urls.py"].search('reverse("admin:programmes_leg_change")')
    assert not BY_HAND["core/admin_urls.py"].search('reverse("admin:index")')
    assert not BY_HAND["core/permissions.py"].search('("publish_leg", "Can publish legs")')


def test_no_template_names_the_home_page_by_its_url_name():
    named = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*.html")
        if settings.HOME_URL_NAME in path.read_text(encoding="utf-8")
    ]
    assert named == []


@override_settings(HOME_URL_NAME="org:contact")
def test_the_pages_link_home_to_the_page_the_setting_names(client, seeded):
    contact = reverse("org:contact")
    brand = f'<a class="brand" href="{contact}">'
    assert brand in client.get(reverse("org:structure")).content.decode()
    missing = client.get("/en/no-such-page/")
    assert missing.status_code == 404
    assert brand in missing.content.decode()
    assert f'<p><a href="{contact}">' in missing.content.decode()


def test_a_command_the_history_does_not_name_cannot_be_recorded_as_an_author():
    with pytest.raises(ValueError, match="not one of the commands"):
        record_command(Division(), "some_script")
    assert "import_translations" in COMMANDS


def test_lao_imported_before_the_command_named_itself_reads_as_written_by_it(seeded):
    division = Division.objects.get(slug="general-affairs")
    division.name_lo = "ພະແນກບໍລິຫານ"
    division._change_reason = "Lao imported from a PO file: a draft until reviewed"
    division.save()
    version = division.history.first()
    assert author(version) == "import_translations" != str(NOT_RECORDED)
