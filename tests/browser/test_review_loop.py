"""The review loop in a real browser: an editor drafts a leg with a partner and submits it with a
comment; the publisher is emailed, and sends it back with a comment; the editor sees the
comment, fixes the leg and submits it again; the publisher approves, and visitors see the leg
with its partner."""

import re

import pytest
from django.core import mail
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
        user = staff_member(role, username=username, password=PASSWORD)
        user.email = f"{username}@example.org"
        user.save()


def link_in(email) -> str:
    return re.search(r"https?://\S+/change/", email.body).group()


def test_an_editor_and_a_publisher_complete_the_review_loop(contexts, page, live_server, staff):
    editor = signed_in(contexts, live_server, "editor")
    editor.goto(live_server.url + "/admin/programmes/leg/add/")
    editor.select_option("#id_programme", index=1)
    editor.fill("#id_number", "4")
    editor.fill("#id_theme_en", "A fourth leg")
    editor.select_option("#id_date_precision", "year")
    editor.fill("#id_period_year", "2027")
    editor.locator(".add-row a").click()
    editor.fill("#id_partners-0-name_en", "ASEAN-IPR Lao PDR")
    editor.select_option("#id_partners-0-role", "co-proponent")
    editor.fill("#id_review_comment", "Please check the partner's name.")
    editor.click("input[name=_submit_for_review]")
    assert "In review" in editor.locator(".review-state").inner_text()

    (submitted,) = mail.outbox
    assert submitted.to == ["publisher@example.org"]
    assert "Please check the partner's name." in submitted.body
    mail.outbox.clear()

    publisher = signed_in(contexts, live_server, "publisher")
    publisher.goto(link_in(submitted))
    assert "submitted by editor" in publisher.locator(".review-state").inner_text()
    publisher.fill("#id_review_comment", "Give the venue, please.")
    publisher.click("input[name=_send_back]")
    assert "Sent back" in publisher.locator(".review-state").inner_text()
    (sent_back,) = mail.outbox
    assert sent_back.to == ["editor@example.org"]
    mail.outbox.clear()

    editor.goto(link_in(sent_back))
    assert "Give the venue, please." in editor.locator(".review-state").inner_text()
    editor.fill("#id_venue_en", "National Convention Centre, Vientiane")
    editor.fill("#id_review_comment", "Venue added.")
    editor.click("input[name=_submit_for_review]")
    assert "In review" in editor.locator(".review-state").inner_text()
    (resubmitted,) = mail.outbox
    mail.outbox.clear()

    assert page.goto(live_server.url + LEG_4).status == 404  # still hidden from visitors

    publisher.goto(link_in(resubmitted))
    assert "ASEAN-IPR Lao PDR" in publisher.locator(".review-children").inner_text()
    publisher.click("input[name=_approve]")
    assert "Published" in publisher.locator(".review-state").inner_text()
    assert "ASEAN-IPR Lao PDR" in publisher.locator(".messagelist").inner_text()
    (approved,) = mail.outbox
    assert approved.to == ["editor@example.org"]

    assert page.goto(live_server.url + LEG_4).status == 200
    text = page.locator("main").inner_text()
    assert "A fourth leg" in text and "ASEAN-IPR Lao PDR" in text
