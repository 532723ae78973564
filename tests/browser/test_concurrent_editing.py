"""Two people editing the same Division in two browsers: nothing is lost.

Alice changes the Division's summary and saves; Bob, whose page was opened before her save,
changes a role's headcount and saves: refused, naming Alice and her change, his headcount still
in the form and her summary shown. He saves again, and both changes are stored.
"""

import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from org.models import Division, StaffRole
from publishing.models import Revision
from publishing.roles import EDITORS
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import staff_member

# Where a person can look at the refused page after a run.
SCREENSHOTS = Path(tempfile.gettempdir())

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editors(transactional_db):
    call_command("load_seed", verbosity=0)
    for username in ("alice", "bob"):
        staff_member(EDITORS, username=username, password=PASSWORD)


def test_two_people_editing_one_division_lose_nothing(contexts, live_server, editors):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRole.objects.create(division=division, title_en="Desk Officer", headcount=2)
    change_page = f"{live_server.url}/admin/org/division/{division.pk}/change/"
    alice = signed_in(contexts, live_server, "alice")
    bob = signed_in(contexts, live_server, "bob")
    alice.goto(change_page)
    bob.goto(change_page)

    alice.fill("#id_summary_en", "Alice's summary of the Division.")
    alice.click("input[name=_save]")
    # Waits for the next page: the click returns once the form is sent, not once it is shown.
    expect(alice.locator(".messagelist .success")).to_be_visible()

    bob.fill("#id_roles-0-headcount", "7")
    bob.click("input[name=_continue]")
    message = bob.locator(".errorlist.nonfield").inner_text()
    assert "Not saved" in message
    assert "alice" in message
    assert "Alice's summary of the Division." in message
    assert bob.locator("#id_roles-0-headcount").input_value() == "7"
    assert bob.locator("#id_summary_en").input_value() == "Alice's summary of the Division."
    bob.screenshot(path=str(SCREENSHOTS / "concurrent-editing-refused.png"), full_page=True)

    bob.click("input[name=_save]")
    expect(bob.locator(".messagelist .success")).to_be_visible()
    # Both changes are in the published Division's draft (publishing/revisions.py), and none
    # is public until a publisher approves it.
    draft = Revision.objects.get(content_type__model="division", object_id=division.pk).content
    assert draft["record"]["summary_en"] == "Alice's summary of the Division."
    assert draft["rows"]["org.staffrole.division"][str(role.pk)]["headcount"] == 7
    division.refresh_from_db()
    assert division.summary_en != "Alice's summary of the Division."
    assert StaffRole.objects.get(pk=role.pk).headcount == 2
