"""The editorial workflow in a real browser, as the secretariat uses it: an editor drafts a leg,
a publisher previews and publishes it, an editor changes its dates with a note, and visitors
see the new dates, the earlier ones with the note, and a calendar file that replaces the old
event."""

import urllib.request

import icalendar
import pytest
from django.core.management import call_command

from publishing.roles import EDITORS, PUBLISHERS
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(transactional_db):
    call_command("load_seed", verbosity=0)
    for username, role in (("editor", EDITORS), ("publisher", PUBLISHERS)):
        staff_member(role, username=username, password=PASSWORD)


def test_draft_preview_publish_and_reschedule_with_a_note(contexts, page, live_server, staff):
    editor = signed_in(contexts, live_server, "editor")
    editor.goto(live_server.url + "/admin/programmes/leg/add/")
    editor.select_option("#id_programme", index=1)
    editor.fill("#id_number", "4")
    editor.fill("#id_theme_en", "A fourth leg")
    editor.select_option("#id_date_precision", "year")
    editor.fill("#id_period_year", "2027")
    editor.click("input[name=_save]")
    assert "Draft" in editor.locator("#result_list").inner_text()

    leg_page = live_server.url + "/en/programmes/mainstreaming-peace-and-reconciliation/legs/4/"
    assert page.goto(leg_page).status == 404  # a visitor sees no draft

    publisher = signed_in(contexts, live_server, "publisher")
    publisher.goto(live_server.url + "/admin/programmes/leg/?q=fourth")
    publisher.locator("#result_list a", has_text="Leg 4").click()
    publisher.goto(live_server.url + publisher.locator("a.viewsitelink").get_attribute("href"))
    assert publisher.locator(".preview-banner").is_visible()
    assert "A fourth leg" in publisher.locator("h1").inner_text()
    publisher.goto(live_server.url + "/admin/programmes/leg/?q=fourth")
    publisher.check("input.action-select")
    publisher.select_option("select[name=action]", "publish")
    publisher.click("button[name=index]")
    assert page.goto(leg_page).status == 200

    editor.goto(live_server.url + "/admin/programmes/leg/?q=fourth")
    editor.locator("#result_list a", has_text="Leg 4").click()
    editor.select_option("#id_date_precision", "day")
    editor.fill("#id_period_year", "")
    editor.fill("#id_start_date", "2027-03-15")
    editor.fill("#id_end_date", "2027-03-19")
    editor.click("input[name=_continue]")
    assert "say why, in a short public note" in editor.locator(".errorlist").first.inner_text()
    editor.fill("#id_change_note_en", "The host has proposed dates in March 2027.")
    editor.click("input[name=_save]")

    page.goto(leg_page)
    text = page.locator("main").inner_text()
    assert "15 March 2027 to 19 March 2027, tentative" in text
    assert "Was: 2027, tentative (Planned)" in text
    assert "The host has proposed dates in March 2027." in text
    with urllib.request.urlopen(leg_page + "calendar.ics") as response:  # noqa: S310 - the live server
        (event,) = icalendar.Calendar.from_ical(response.read()).walk("VEVENT")
    assert event["SEQUENCE"] == 1
