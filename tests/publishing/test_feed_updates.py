"""The feeds' ``updated`` follows what visitors read in the feed's language
(``publishing.changes.visible_times``): a publisher reviewing the Lao, or approving a change of
the Lao alone, updates the entry in the Lao feed and leaves the English feed's as it was; a
change of the English updates both (Lao readers read the English where no Lao is reviewed)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from publishing import approval, review
from tests.programmes.factories import LegFactory
from tests.publishing.test_steps import draft

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def entry_of(client, leg, language: str) -> dict[str, str]:
    """The leg's entry in the ``language`` feed of its programme: its title and times."""
    response = client.get(f"/{language}/programmes/{leg.programme.slug}/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    for entry in root.findall(f"{ATOM}entry"):
        if entry.find(f"{ATOM}link").get("href").endswith(f"/legs/{leg.number}/"):
            return {name: entry.find(f"{ATOM}{name}").text for name in ("title", "updated")}
    raise AssertionError(f"no entry for leg {leg.number}")


def updated(entry: dict[str, str]) -> datetime.datetime:
    return datetime.datetime.fromisoformat(entry["updated"])


@pytest.fixture
def leg():
    """A leg published long ago, its Lao typed and not yet reviewed."""
    leg = LegFactory(theme_en="Reconciliation models", theme_lo="ຮູບແບບການປອງດອງ")
    leg.history.update(history_date=LONG_AGO)
    return leg


def feeds(client, leg, django_capture_on_commit_callbacks, step) -> tuple[dict, dict]:
    """The leg's English and Lao entries after ``step`` (committed: the page cache moves on)."""
    with django_capture_on_commit_callbacks(execute=True):
        step()
    return entry_of(client, leg, "en"), entry_of(client, leg, "lo")


def test_marking_the_lao_reviewed_updates_the_lao_entry_and_not_the_english_one(
    client, leg, publisher, django_capture_on_commit_callbacks
):
    assert updated(entry_of(client, leg, "en")) == LONG_AGO
    lao_before = entry_of(client, leg, "lo")
    assert "ຮູບແບບການປອງດອງ" not in lao_before["title"]  # not reviewed: the English is read

    def mark_lao_reviewed_and_publish():
        review.mark_lao_reviewed(leg, by=publisher)
        approval.approve(leg, by=publisher)

    english, lao = feeds(
        client, leg, django_capture_on_commit_callbacks, mark_lao_reviewed_and_publish
    )
    assert updated(english) == LONG_AGO
    assert "ຮູບແບບການປອງດອງ" in lao["title"]
    assert updated(lao) > LONG_AGO + datetime.timedelta(days=29)


def test_a_change_of_the_lao_alone_updates_the_lao_entry_once_reviewed(
    client, leg, editor, publisher, django_capture_on_commit_callbacks
):
    def change_the_lao():
        draft(leg, editor, theme_lo="ຮູບແບບການປອງດອງແຫ່ງຊາດ")
        approval.approve(leg, by=publisher)

    english, lao = feeds(client, leg, django_capture_on_commit_callbacks, change_the_lao)
    # Approved, not reviewed: Lao readers still read the English; nothing changed for anyone.
    assert updated(english) == updated(lao) == LONG_AGO

    def change_the_lao_again_reviewed():
        draft(leg, editor, theme_lo="ຮູບແບບການປອງດອງໃໝ່")
        approval.approve(leg, by=publisher, lao_reviewed=True)

    english, lao = feeds(
        client, leg, django_capture_on_commit_callbacks, change_the_lao_again_reviewed
    )
    assert updated(english) == LONG_AGO
    assert "ຮູບແບບການປອງດອງໃໝ່" in lao["title"] and updated(lao) > LONG_AGO


def test_a_change_of_the_english_updates_both_entries(
    client, leg, editor, publisher, django_capture_on_commit_callbacks
):
    def change_the_english():
        draft(leg, editor, theme_en="Models of reconciliation")
        approval.approve(leg, by=publisher)

    english, lao = feeds(client, leg, django_capture_on_commit_callbacks, change_the_english)
    assert "Models of reconciliation" in english["title"] and updated(english) > LONG_AGO
    assert "Models of reconciliation" in lao["title"] and updated(lao) == updated(english)


def test_an_unpublished_record_coming_back_as_it_was_is_updated(
    client, leg, publisher, django_capture_on_commit_callbacks
):
    def unpublish_and_publish_again():
        review.unpublish(leg, by=publisher)
        approval.approve(leg, by=publisher)

    english, lao = feeds(
        client, leg, django_capture_on_commit_callbacks, unpublish_and_publish_again
    )
    assert updated(english) > LONG_AGO and updated(lao) > LONG_AGO
