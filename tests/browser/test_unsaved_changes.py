"""Leaving a record's form with input not yet saved asks first (static/js/unsaved-changes.js):
switching the back office's language reloads the page, and used to drop what was typed."""

import pytest
from django.core.management import call_command

from config.roles import EDITORS
from org.models import Division
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import admin_url, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(contexts, live_server):
    call_command("load_seed", verbosity=0)
    staff_member(EDITORS, username="editor", password=PASSWORD)
    tab = signed_in(contexts, live_server, "editor")
    division = Division.objects.order_by("order").first()
    tab.goto(live_server.url + admin_url(Division, "change", division.pk))
    return tab


def test_switching_language_with_typed_input_asks_and_staying_keeps_it(editor):
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    editor.on("dialog", stay)
    editor.fill("#id_summary_lo", "ສະຫຼຸບໃໝ່ທີ່ຍັງບໍ່ທັນບັນທຶກ")
    editor.click("form.language-switch button[value=lo]", no_wait_after=True)
    editor.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert editor.input_value("#id_summary_lo") == "ສະຫຼຸບໃໝ່ທີ່ຍັງບໍ່ທັນບັນທຶກ"


def test_switching_language_with_nothing_typed_or_after_saving_does_not_ask(editor):
    asked = []
    editor.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    with editor.expect_navigation():
        editor.click("form.language-switch button[value=lo]")
    editor.fill("#id_summary_en", "A summary saved before switching.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    with editor.expect_navigation():
        editor.click("form.language-switch button[value=en]")
    assert asked == []
    assert editor.input_value("#id_summary_en") == "A summary saved before switching."
