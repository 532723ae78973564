"""The editorial workflow in a real browser, as the secretariat uses it: an editor drafts a leg, a
publisher previews and publishes it from the list (after its confirmation page); the editor
changes the published leg's schedule with a note, which visitors do not see; the publisher sends
it back, then approves it to go live at a set time with a public change note; at that time
``publish_scheduled`` publishes it, and visitors see the new dates, the earlier ones with the
note, the change note, and a calendar file that replaces the old event."""

import datetime
import urllib.request

import icalendar
import pytest
from django.core.management import call_command

from publishing.roles import EDITORS, PUBLISHERS
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEG_4 = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/4/"


@pytest.fixture
def staff(transactional_db):
    call_command("load_seed", verbosity=0)
    for username, role in (("editor", EDITORS), ("publisher", PUBLISHERS)):
        staff_member(role, username=username, password=PASSWORD)


def open_leg_4(person, live_server) -> None:
    person.goto(live_server.url + "/admin/programmes/leg/?q=fourth")
    person.locator("#result_list a", has_text="Leg 4").click()


def test_a_published_legs_new_schedule_goes_live_at_the_time_the_publisher_set(
    contexts, page, live_server, staff
):
    editor = signed_in(contexts, live_server, "editor")
    editor.goto(live_server.url + "/admin/programmes/leg/add/")
    editor.select_option("#id_programme", index=1)
    editor.fill("#id_number", "4")
    editor.fill("#id_theme_en", "A fourth leg")
    editor.select_option("#id_date_precision", "year")
    editor.fill("#id_period_year", "2027")
    editor.click("input[name=_save]")
    assert "Draft" in editor.locator("#result_list").inner_text()
    leg_page = live_server.url + LEG_4
    assert page.goto(leg_page).status == 404  # a visitor sees no draft

    publisher = signed_in(contexts, live_server, "publisher")
    open_leg_4(publisher, live_server)
    publisher.goto(live_server.url + publisher.locator("a.viewsitelink").get_attribute("href"))
    assert publisher.locator(".preview-banner").is_visible()
    publisher.goto(live_server.url + "/admin/programmes/leg/?q=fourth")
    publisher.check("input.action-select")
    publisher.select_option("select[name=action]", "publish")
    publisher.click("button[name=index]")
    assert "Leg 4 (Draft)" in publisher.locator(".review-records").inner_text()
    publisher.click("input[type=submit]")  # "Yes, go ahead"
    assert page.goto(leg_page).status == 200

    # The editor changes the published leg's schedule: a draft, which visitors do not see.
    open_leg_4(editor, live_server)
    editor.select_option("#id_date_precision", "day")
    editor.fill("#id_period_year", "")
    editor.fill("#id_start_date", "2027-03-15")
    editor.fill("#id_end_date", "2027-03-19")
    editor.click("input[name=_continue]")
    assert "say why, in a short public note" in editor.locator(".errorlist").first.inner_text()
    editor.fill("#id_change_note_en", "The host has proposed dates in March 2027.")
    editor.click("input[name=_submit_for_review]")
    assert "draft of this published record" in editor.locator(".draft-banner").inner_text()
    page.goto(leg_page)
    assert "2027, tentative" in page.locator("main").inner_text()
    assert "15 March 2027" not in page.locator("main").inner_text()

    # The publisher sees what the draft changes, and sends it back.
    open_leg_4(publisher, live_server)
    changes = publisher.locator(".draft-changes").inner_text()
    assert "Start date" in changes and "15 March 2027" in changes
    publisher.fill("#id_review_comment", "Say who proposed them.")
    publisher.click("input[name=_send_back]")
    assert "Sent back" in publisher.locator(".messagelist").inner_text()

    open_leg_4(editor, live_server)
    assert "Say who proposed them." in editor.locator(".review-state").inner_text()
    editor.click("input[name=_submit_for_review]")

    # The publisher approves it to go live at nine on 10 January 2027, with a change note.
    open_leg_4(publisher, live_server)
    publisher.locator("details.review-later summary").click()
    publisher.fill("#id_review_go_live_at", "2027-01-10T09:00")
    publisher.fill("#id_review_note_en", "New dates for this leg, proposed by the host.")
    publisher.click("input[name=_approve]")
    assert (
        "Approved to go live at 2027-01-10 09:00" in publisher.locator(".messagelist").inner_text()
    )
    page.goto(leg_page)
    assert "15 March 2027" not in page.locator("main").inner_text()
    publisher.goto(live_server.url + "/admin/")
    assert "Leg 4" in publisher.locator("#dashboard-scheduled").inner_text()

    call_command("publish_scheduled", at="2027-01-10T08:59", verbosity=0)
    page.goto(leg_page)
    assert "15 March 2027" not in page.locator("main").inner_text()
    call_command("publish_scheduled", at="2027-01-10T09:00", verbosity=0)

    page.goto(leg_page)
    text = page.locator("main").inner_text()
    assert "15 March 2027 to 19 March 2027, tentative" in text
    assert "Was: 2027, tentative (Planned)" in text
    assert "The host has proposed dates in March 2027." in text
    assert "Updated 10 January 2027: New dates for this leg, proposed by the host." in text
    with urllib.request.urlopen(leg_page + "calendar.ics") as response:  # noqa: S310 - the live server
        (event,) = icalendar.Calendar.from_ical(response.read()).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert datetime.date(2027, 3, 15) == event["DTSTART"].dt
