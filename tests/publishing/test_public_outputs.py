"""An editor's edit of a published record changes nothing visitors can read — page in both
languages, API, feeds, calendar file (with its SEQUENCE), sitemap — until a publisher approves
it; then each shows the change. Every read after an edit starts from an empty page cache, so a
cached page cannot hide a leak."""

import re

import pytest
from django.test import Client

from org.models import Division
from pages.cache.versions import invalidate_pages
from programmes.models import Leg
from publishing.roles import EDITORS, PUBLISHERS
from tests.factories import PersonFactory
from tests.helpers import LEG_3, admin_form_data, admin_url, staff_member

pytestmark = pytest.mark.django_db

PROGRAMME = "/en/programmes/mainstreaming-peace-and-reconciliation/"
API_LEG = "/api/v1/legs/mainstreaming-peace-and-reconciliation.3/"


def signed_in(role: str, username: str) -> Client:
    client = Client()
    client.force_login(staff_member(role, username=username))
    return client


def outputs(addresses: list[str]) -> dict[str, bytes]:
    invalidate_pages()
    visitor = Client()
    found = {}
    for address in addresses:
        response = visitor.get(address)
        assert response.status_code == 200, address
        # A feed with no entry says it was updated now, a calendar file when it was made: those
        # parts move with the clock.
        content = re.sub(rb"DTSTAMP:[0-9TZ]+", b"", response.content)
        found[address] = re.sub(
            rb"^(.*?<feed.*?)<updated>[^<]*</updated>", rb"\1", content, flags=re.S
        )
    return found


def save(client, obj, step: str = "", **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = admin_form_data(client.get(url), **changes)
    data.pop("photo", None)  # no file chosen: the browser sends none
    if step:
        data[step] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_published_legs_new_schedule_is_nowhere_public_until_approved(seeded):
    editor, publisher = signed_in(EDITORS, "editor"), signed_in(PUBLISHERS, "publisher")
    leg = Leg.objects.get(programme__slug="mainstreaming-peace-and-reconciliation", number=3)
    addresses = [
        LEG_3,
        LEG_3.replace("/en/", "/lo/", 1),
        LEG_3 + "calendar.ics",
        PROGRAMME + "feed/",
        PROGRAMME + "schedule-changes/feed/",
        API_LEG,
        "/sitemap.xml",
    ]
    before = outputs(addresses)
    save(
        editor,
        leg,
        period_quarter="4",
        status=Leg.Status.POSTPONED,
        theme_en="A theme changed in the draft",
        change_note_en="The host asked for the fourth quarter.",
    )
    save(editor, leg, "_submit_for_review")
    assert outputs(addresses) == before

    save(publisher, leg, "_approve")
    after = outputs(addresses)
    changed = [address for address in addresses if after[address] != before[address]]
    assert set(changed) >= {LEG_3, LEG_3 + "calendar.ics", API_LEG, PROGRAMME + "feed/"}
    assert f"SEQUENCE:{leg.sequence + 1}".encode() in after[LEG_3 + "calendar.ics"]
    assert b"A theme changed in the draft" in after[LEG_3]
    assert b"The host asked for the fourth quarter." in after[LEG_3]


def test_a_published_divisions_new_summary_is_nowhere_public_until_approved(seeded):
    editor, publisher = signed_in(EDITORS, "editor"), signed_in(PUBLISHERS, "publisher")
    division = Division.objects.get(slug="general-affairs")
    page = division.get_absolute_url()
    addresses = [page, page.replace("/en/", "/lo/", 1), "/en/structure/", "/api/v1/organisations/"]
    before = outputs(addresses)
    save(editor, division, summary_en="A summary written in the draft.")
    assert outputs(addresses) == before
    save(publisher, division, "_approve")
    assert b"A summary written in the draft." in outputs(addresses)[page]


def test_a_published_persons_new_name_is_nowhere_public_until_approved(seeded):
    editor, publisher = signed_in(EDITORS, "editor"), signed_in(PUBLISHERS, "publisher")
    person = PersonFactory(name_en="Somchai Phommachanh")
    addresses = ["/api/v1/persons/"]
    before = outputs(addresses)
    save(editor, person, name_en="Somchai Phommachanh Renamed")
    assert outputs(addresses) == before
    save(publisher, person, "_approve")
    assert b"Somchai Phommachanh Renamed" in outputs(addresses)["/api/v1/persons/"]
