"""Atom feeds of new or changed programmes and legs and of schedule changes, site-wide and per
programme, in English and Lao: parsed with the standard library's XML parser and checked
against RFC 4287's required elements."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from programmes.models import Leg, TrainingProgramme
from programmes.services import save_leg_with_schedule_change
from publishing.roles import EDITORS
from tests.helpers import staff_member
from tests.programmes.factories import LegFactory, TrainingProgrammeFactory
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SLUG = "mainstreaming-peace-and-reconciliation"
FEEDS = [
    ("programmes:changes_feed", {}),
    ("programmes:schedule_changes_feed", {}),
    ("programmes:programme_changes_feed", {"slug": SLUG}),
    ("programmes:programme_schedule_changes_feed", {"slug": SLUG}),
]


def feed_url(name: str, kwargs: dict | None = None, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or {})


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    assert root.tag == f"{ATOM}feed"
    return root


def text(element: ET.Element, name: str) -> str:
    found = element.find(f"{ATOM}{name}")
    assert found is not None, f"no atom:{name}"
    return found.text or ""


def rfc3339(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


@pytest.fixture
def changed(seeded, django_capture_on_commit_callbacks) -> Leg:
    """Leg 3, its schedule changed once with a public note."""
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        leg.period_quarter = 4
        save_leg_with_schedule_change(leg=leg, note_en="Moved to the fourth quarter.")
    return leg


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
@pytest.mark.parametrize("language", ["en", "lo"])
def test_every_feed_is_valid_atom_with_the_required_elements(
    client, changed, name, kwargs, language
):
    root = parse(client.get(feed_url(name, kwargs, language)))
    assert root.get(XML_LANG) == language
    # RFC 4287 4.1.1: atom:id, atom:title, atom:updated; atom:author unless every entry has one.
    assert text(root, "id").startswith("http://testserver/")
    assert text(root, "title")
    rfc3339(text(root, "updated"))
    assert text(root.find(f"{ATOM}author"), "name")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"http://testserver{feed_url(name, kwargs, language)}"
    assert links["alternate"].startswith(f"http://testserver/{language}/programmes/")
    assert entries(root)
    for entry in entries(root):
        # RFC 4287 4.1.2: atom:id, atom:title, atom:updated; a link or content; a summary.
        assert text(entry, "id").startswith("tag:testserver,2026:")
        assert text(entry, "title")
        rfc3339(text(entry, "updated"))
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        assert text(entry, "summary")
        assert len(entry.findall(f"{ATOM}id")) == 1


def test_a_schedule_change_appears_as_a_new_entry(
    client, seeded, django_capture_on_commit_callbacks
):
    url = feed_url("programmes:schedule_changes_feed")
    assert entries(parse(client.get(url))) == []
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        leg.period_quarter = 4
        save_leg_with_schedule_change(leg=leg, note_en="Moved to the fourth quarter.")
    (entry,) = entries(parse(client.get(url)))
    assert "Leg 3" in text(entry, "title")
    summary = text(entry, "summary")
    assert "Moved to the fourth quarter." in summary
    assert "Third quarter of 2021" in summary and "Fourth quarter of 2021" in summary
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/en/programmes/{SLUG}/legs/3/")
    first_id = text(entry, "id")
    with django_capture_on_commit_callbacks(execute=True):
        leg.period_quarter = 3
        save_leg_with_schedule_change(leg=leg, note_en="Back to the third quarter.")
    newest, older = entries(parse(client.get(url)))
    assert "Back to the third quarter." in text(newest, "summary")
    assert text(older, "id") == first_id  # an entry keeps its id
    assert text(newest, "id") != first_id


def test_a_changed_leg_moves_to_the_top_with_a_later_updated(
    client, seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        LegFactory(programme=TrainingProgramme.objects.get(), number=4)
    url = feed_url("programmes:changes_feed")
    first = entries(parse(client.get(url)))
    assert "Leg 4" in text(first[0], "title")
    leg = Leg.objects.get(number=3)
    with django_capture_on_commit_callbacks(execute=True):
        leg.venue_en = "Vientiane"
        leg.save()
    top = entries(parse(client.get(url)))[0]
    assert "Leg 3" in text(top, "title")
    assert rfc3339(text(top, "updated")) > rfc3339(text(first[0], "updated"))


def test_draft_records_are_absent_from_every_feed(
    client, seeded, django_capture_on_commit_callbacks
):
    programme = TrainingProgramme.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        LegFactory(programme=programme, number=7, theme_en="Secret draft theme", draft=True)
        hidden = TrainingProgrammeFactory(title_en="Draft programme", draft=True)
        draft_leg = LegFactory(programme=hidden, number=1, theme_en="Leg of a draft programme")
        save_leg_with_schedule_change(leg=draft_leg, note_en="Draft programme's change.")
    for name, kwargs in FEEDS:
        body = client.get(feed_url(name, kwargs)).content.decode()
        assert "Secret draft theme" not in body
        assert "Draft programme" not in body
    assert (
        client.get(feed_url("programmes:programme_changes_feed", {"slug": hidden.slug})).status_code
        == 404
    )


def test_an_unknown_programme_has_no_feed(client, seeded):
    for name in ("programmes:programme_changes_feed", "programmes:programme_schedule_changes_feed"):
        assert client.get(feed_url(name, {"slug": "no-such-programme"})).status_code == 404


def test_lao_feed_shows_lao_text_only_once_reviewed(
    client, changed, django_capture_on_commit_callbacks
):
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        Leg.objects.filter(pk=leg.pk).update(theme_lo="ຫົວຂໍ້ທີ່ກວດແລ້ວ")
        leg.refresh_from_db()
        leg.save()
    url = feed_url("programmes:changes_feed", language="lo")
    assert "ຫົວຂໍ້ທີ່ກວດແລ້ວ" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mark_lao_reviewed(leg, reason="Lao reviewed")
    root = parse(client.get(url))
    assert any("ຫົວຂໍ້ທີ່ກວດແລ້ວ" in text(entry, "title") for entry in entries(root))
    assert text(root, "title") == "ໂຄງການຝຶກອົບຮົມ: ໃໝ່ ແລະ ທີ່ມີການປ່ຽນແປງ"


def test_staff_previewing_a_lao_feed_read_no_unreviewed_lao(
    client, changed, django_capture_on_commit_callbacks
):
    """A feed reader shows no draft banner: a preview of a feed is what visitors read."""
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        Leg.objects.filter(pk=leg.pk).update(theme_lo="ຫົວຂໍ້ຮ່າງ")
        leg.refresh_from_db()
        leg.save()
    client.force_login(staff_member(EDITORS))
    url = feed_url("programmes:changes_feed", language="lo") + "?preview=1"
    page = client.get(leg.get_absolute_url().replace("/en/", "/lo/") + "?preview=1")
    assert "ຫົວຂໍ້ຮ່າງ" in page.content.decode()  # the page shows it, marked as a draft
    assert "ຫົວຂໍ້ຮ່າງ" not in client.get(url).content.decode()


def test_an_entry_is_published_when_its_record_was_first_published_not_drafted(
    client, seeded, django_capture_on_commit_callbacks
):
    programme = TrainingProgramme.objects.get()
    drafted = timezone.now() - datetime.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        leg = LegFactory(programme=programme, number=9, publication_status="draft")
        leg.history.update(history_date=drafted)  # drafted long ago
        leg.publication_status = "published"
        leg.save()
    url = feed_url("programmes:changes_feed")
    (entry,) = [
        e
        for e in entries(parse(client.get(url)))
        if e.find(f"{ATOM}link").get("href").endswith("/legs/9/")
    ]
    assert rfc3339(text(entry, "published")) > drafted + datetime.timedelta(days=399)


def test_markup_typed_in_a_note_stays_text_in_the_feed(
    client, seeded, django_capture_on_commit_callbacks
):
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        save_leg_with_schedule_change(leg=leg, note_en="<script>alert(1)</script> & more")
    (entry,) = entries(parse(client.get(feed_url("programmes:schedule_changes_feed"))))
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Decoded once by the XML parser, the HTML still shows the characters, not a tag.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in summary.text


def test_feeds_are_cached_and_refreshed_like_pages(
    client, changed, django_capture_on_commit_callbacks
):
    url = feed_url("programmes:schedule_changes_feed")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    assert len(queries) == 0
    assert cached["Content-Type"] == "application/atom+xml; charset=utf-8"
    leg = Leg.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        save_leg_with_schedule_change(leg=leg, note_en="A newer change.")
    assert "A newer change." in client.get(url).content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_feeds_cost_the_same_queries_with_many_more_records(
    client, changed, name, kwargs, django_capture_on_commit_callbacks
):
    url = feed_url(name, kwargs)
    before = count_queries(client, url)
    programme = TrainingProgramme.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(10, 30):
            leg = LegFactory(programme=programme, number=number)
            save_leg_with_schedule_change(leg=leg, note_en=f"Change {number}.")
            LegFactory(number=1)
    assert count_queries(client, url) == before


def test_programme_pages_link_their_feeds_in_the_head(client, seeded):
    html = client.get(feed_url("programmes:programme_list")).content.decode()
    head = html.split("</head>")[0]
    for name, kwargs in FEEDS[:2]:
        assert (
            '<link rel="alternate" type="application/atom+xml" title="' in head
            and f'href="{feed_url(name, kwargs)}"' in head
        )
    leg_page = client.get(feed_url("programmes:leg_detail", {"slug": SLUG, "number": 3}))
    head = leg_page.content.decode().split("</head>")[0]
    for name, kwargs in FEEDS:
        assert f'href="{feed_url(name, kwargs)}"' in head
    lao_head = client.get(feed_url("programmes:programme_list", language="lo")).content.decode()
    assert f'href="{feed_url("programmes:changes_feed", language="lo")}"' in lao_head
