"""Leaving a record's form with input not yet saved asks first (static/js/unsaved-changes.js):
switching the back office's language reloads the page, and used to drop what was typed."""

import pytest
from django.core.management import call_command

from org.models import Division
from programmes.models import Leg
from publishing.roles import EDITORS
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import admin_url, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SWITCH_TO_LAO = "form.language-switch button[value=lo]"


@pytest.fixture
def editor(contexts, live_server):
    call_command("load_seed", verbosity=0)
    staff_member(EDITORS, username="editor", password=PASSWORD)
    tab = signed_in(contexts, live_server, "editor")
    tab.asked = []

    def stay(dialog):
        tab.asked.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", stay)
    return tab


def open_division(tab, live_server):
    division = Division.objects.order_by("order").first()
    tab.goto(live_server.url + admin_url(Division, "change", division.pk))


def try_to_leave(tab, selector: str) -> None:
    tab.click(selector, no_wait_after=True)
    tab.wait_for_timeout(500)


def test_switching_language_with_typed_input_asks_and_staying_keeps_it(editor, live_server):
    open_division(editor, live_server)
    editor.fill("#id_summary_lo", "ສະຫຼຸບໃໝ່ທີ່ຍັງບໍ່ທັນບັນທຶກ")
    try_to_leave(editor, SWITCH_TO_LAO)
    assert editor.asked == ["beforeunload"]
    assert editor.input_value("#id_summary_lo") == "ສະຫຼຸບໃໝ່ທີ່ຍັງບໍ່ທັນບັນທຶກ"


def test_signing_out_with_typed_input_asks(editor, live_server):
    open_division(editor, live_server)
    editor.fill("#id_summary_en", "Typed, not saved.")
    try_to_leave(editor, "#logout-form button")
    assert editor.asked == ["beforeunload"]


def test_a_refused_save_still_holds_unsaved_input(editor, live_server):
    open_division(editor, live_server)
    editor.fill("#id_summary_lo", "ສະຫຼຸບທີ່ຍັງບໍ່ທັນບັນທຶກ")
    editor.fill("#id_name_en", "")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    assert editor.locator(".errornote").is_visible()
    try_to_leave(editor, SWITCH_TO_LAO)
    assert editor.asked == ["beforeunload"]


def test_a_date_set_by_the_calendar_shortcut_counts_as_input(editor, live_server):
    leg = Leg.objects.get()
    Leg.objects.filter(pk=leg.pk).update(
        date_precision="day", period_year=None, period_quarter=None, start_date="2027-03-01"
    )
    editor.goto(live_server.url + admin_url(Leg, "change", leg.pk))
    # "Today" beside the start date: the calendar script sets the value, with no input event.
    editor.locator("#id_start_date").locator("xpath=..").get_by_role("link").first.click()
    assert editor.input_value("#id_start_date") != ""
    try_to_leave(editor, SWITCH_TO_LAO)
    assert editor.asked == ["beforeunload"]


def test_switching_language_with_nothing_typed_or_after_saving_does_not_ask(editor, live_server):
    open_division(editor, live_server)
    with editor.expect_navigation():
        editor.click(SWITCH_TO_LAO)
    editor.fill("#id_summary_en", "A summary saved before switching.")
    with editor.expect_navigation():
        editor.click("input[name=_continue]")
    with editor.expect_navigation():
        editor.click("form.language-switch button[value=en]")
    assert editor.asked == []
    assert editor.input_value("#id_summary_en") == "A summary saved before switching."
