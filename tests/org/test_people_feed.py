"""The people-in-post feed (``org/feeds.py``): an entry when someone takes up or leaves a post,
with the post and the date; published appointments of published people and posts only, and
only once their first day has come."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from org.models import Appointment, StaffRole
from tests.factories import AppointmentFactory, PersonFactory
from tests.helpers import today
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/en/structure/feed/"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def post(seeded) -> StaffRole:
    return StaffRole.objects.get(title_en="Director-General")


def feed_entries(client, url: str = FEED) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    # RFC 4287: the feed's id, title, updated and author.
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}").text
    assert root.find(f"{ATOM}author/{ATOM}name").text
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "summary": entry.find(f"{ATOM}summary").text,
            "id": entry.find(f"{ATOM}id").text,
            "updated": entry.find(f"{ATOM}updated").text,
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_a_published_appointment_appears_with_its_post_and_date(client, post):
    start = today() - 30 * DAY
    AppointmentFactory(person=PersonFactory(name_en="Somchai Example"), role=post, start_date=start)
    (entry,) = feed_entries(client)
    assert entry["title"] == "Ms Somchai Example took up the post of Director-General"
    assert entry["summary"] == f"In post from {date_format(start, 'DATE_FORMAT')}."
    assert entry["link"] == "http://testserver/en/structure/"
    assert entry["id"].startswith("tag:testserver,2026:en/people/")
    # Recorded now, after its first day: the entry is new now, not a month ago.
    assert datetime.datetime.fromisoformat(entry["updated"]) > timezone.now() - DAY


def test_an_acting_appointment_says_so(client, post):
    AppointmentFactory(person=PersonFactory(name_en="Somchai Example"), role=post, acting=True)
    (entry,) = feed_entries(client)
    assert entry["title"] == "Ms Somchai Example took up the post of Director-General (acting)"


def test_a_draft_persons_appointment_and_a_draft_appointment_are_absent(client, post):
    AppointmentFactory(person=PersonFactory(name_en="Draft Person", draft=True), role=post)
    AppointmentFactory(person=PersonFactory(name_en="Published Person"), role=post, draft=True)
    assert feed_entries(client) == []


def test_an_appointment_from_a_later_date_is_not_in_post_yet(
    client, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = AppointmentFactory(role=post, start_date=today() + DAY, acting=True)
    assert not appointment.has_started
    assert feed_entries(client) == []
    with django_capture_on_commit_callbacks(execute=True):
        Appointment.objects.filter(pk=appointment.pk).update(start_date=today())
        appointment.refresh_from_db()
        appointment.save()  # a save, as the back office makes: the page cache moves on
    assert appointment.has_started
    (entry,) = feed_entries(client)
    assert "took up the post of Director-General" in entry["title"]


def test_leaving_a_post_is_an_entry_of_its_own_once_the_last_day_has_passed(client, post):
    start, end = today() - 400 * DAY, today() - 10 * DAY
    AppointmentFactory(person=PersonFactory(name_en="Past Holder"), role=post, start_date=start)
    Appointment.objects.update(end_date=end)
    AppointmentFactory(role=post, start_date=end + DAY, end_date=today())  # in post until tonight
    entries = feed_entries(client)
    (left,) = [entry for entry in entries if " left " in entry["title"]]
    took_up = [entry for entry in entries if entry is not left]
    assert left["title"] == "Ms Past Holder left the post of Director-General"
    dates = {"start": date_format(start, "DATE_FORMAT"), "end": date_format(end, "DATE_FORMAT")}
    assert left["summary"] == "In post from {start} to {end}.".format(**dates)
    assert len(took_up) == 2 and all("took up" in entry["title"] for entry in took_up)
    assert len({entry["id"] for entry in (left, *took_up)}) == 3


def test_the_lao_feed_reads_lao_names_only_once_reviewed(
    client, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(name_en="Somchai Example", name_lo="ສົມໃຈ", honorific_lo="ທ່ານ")
        AppointmentFactory(person=person, role=post)
    (entry,) = feed_entries(client, "/lo/structure/feed/")
    assert "Somchai Example" in entry["title"] and "ສົມໃຈ" not in entry["title"]
    with django_capture_on_commit_callbacks(execute=True):
        mark_lao_reviewed(person, reason="Lao reviewed")
    (entry,) = feed_entries(client, "/lo/structure/feed/")
    assert "ທ່ານ ສົມໃຈ" in entry["title"] and entry["id"].startswith("tag:testserver,2026:lo/")


def test_the_structure_page_links_the_feed(client, post):
    html = client.get("/en/structure/").content.decode()
    head, body = html.split("</head>")
    assert 'rel="alternate" type="application/atom+xml"' in head and f'href="{FEED}"' in head
    assert f'href="{FEED}" type="application/atom+xml"' in body


def test_the_feed_costs_the_same_queries_with_many_more_appointments(
    client, post, django_capture_on_commit_callbacks
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FEED).status_code == 200
        return len(captured)

    with django_capture_on_commit_callbacks(execute=True):
        AppointmentFactory(role=post)
    before = queries()
    with django_capture_on_commit_callbacks(execute=True):
        for days in range(20):
            AppointmentFactory(
                start_date=today() - days * DAY, end_date=today() - DAY if days else None
            )
    assert queries() == before


def test_an_appointment_recorded_before_its_first_day_is_new_on_that_day(client, post):
    start = today() - 5 * DAY
    appointment = AppointmentFactory(role=post, start_date=start)
    appointment.history.update(history_date=timezone.now() - 60 * DAY)  # recorded long before
    (entry,) = feed_entries(client)
    first_day = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    assert datetime.datetime.fromisoformat(entry["updated"]) == first_day
