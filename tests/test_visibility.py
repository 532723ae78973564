"""What visitors may see is one rule per model (``visible_to``), shared by every output: the
public pages, the API, the feeds, the sitemap and the calendars show a record exactly when the
rule lets them; every record they read is read for its audience; and a record read for visitors
is never saved."""

import icalendar
import pytest
from django.core.cache import cache
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils import translation

from core.publication import Audience
from org.models import Division, Person, StaffRole
from pages.cache.local import local_pages
from programmes.models import Leg, ScheduleChange, TrainingProgramme
from tests.api.conftest import appoint_a_holder, endpoints
from tests.factories import AppointmentFactory, PersonFactory
from tests.helpers import PUBLIC_PAGES
from tests.programmes.factories import LegFactory
from tests.test_public_pages import page_url
from translations.state import LaoTranslatable, ReadForVisitorsError

pytestmark = pytest.mark.django_db

SLUG = "mainstreaming-peace-and-reconciliation"
THEME = "A theme not yet published"
NOTE = "Moved for a reason not yet published."
LEG_4 = f"/en/programmes/{SLUG}/legs/4/"


def fresh(client, url: str):
    """``url`` as rendered now, not from the page cache."""
    cache.clear()
    local_pages.clear()
    return client.get(url)


def text(client, url: str) -> str:
    """What ``url`` shows: nothing if it is not found (a draft programme's feed)."""
    response = fresh(client, url)
    assert response.status_code in (200, 404), url
    return response.content.decode() if response.status_code == 200 else ""


def api_ids(client, prefix: str) -> set[str]:
    return {record["id"] for record in fresh(client, f"/api/v1/{prefix}/").json()["results"]}


def calendar_summaries(client) -> str:
    events = icalendar.Calendar.from_ical(text(client, "/en/programmes/calendar.ics"))
    return " ".join(str(event["SUMMARY"]) for event in events.walk("VEVENT"))


# Whether each output shows Leg 4 of the seed's published programme.
LEG_OUTPUTS = {
    "programme list": lambda c: THEME in text(c, "/en/programmes/"),
    "leg page": lambda c: fresh(c, LEG_4).status_code == 200,
    "leg calendar": lambda c: fresh(c, LEG_4 + "calendar.ics").status_code == 200,
    "calendar of every leg": lambda c: THEME in calendar_summaries(c),
    "sitemap": lambda c: "/legs/4/" in text(c, "/sitemap.xml"),
    "changes feed": lambda c: THEME in text(c, "/en/programmes/feed/"),
    "programme's changes feed": lambda c: THEME in text(c, f"/en/programmes/{SLUG}/feed/"),
    "schedule changes feed": lambda c: NOTE in text(c, "/en/programmes/schedule-changes/feed/"),
    "API legs": lambda c: f"{SLUG}.4" in api_ids(c, "legs"),
    "API leg": lambda c: fresh(c, f"/api/v1/legs/{SLUG}.4/").status_code == 200,
    "API programme": lambda c: THEME in text(c, f"/api/v1/programmes/{SLUG}/"),
}


@pytest.mark.parametrize("output", LEG_OUTPUTS)
def test_a_leg_is_in_an_output_exactly_when_it_and_its_programme_are_published(
    client, seeded, output
):
    shows = LEG_OUTPUTS[output]
    leg = LegFactory(programme=Leg.objects.get().programme, number=4, theme_en=THEME, draft=True)
    ScheduleChange.objects.create(leg=leg, note_en=NOTE, **leg.schedule_values())
    assert not shows(client)
    Leg.objects.filter(pk=leg.pk).update(publication_status="published")
    assert shows(client)
    TrainingProgramme.objects.filter(pk=leg.programme_id).update(publication_status="draft")
    assert not shows(client)


HOLDER = "Draft Holder"
# Whether each output shows the Director-General's appointment of HOLDER.
HOLDER_OUTPUTS = {
    "structure page": lambda c: HOLDER in text(c, "/en/structure/"),
    "API persons": lambda c: "draft-holder" in api_ids(c, "persons"),
    "API person": lambda c: fresh(c, "/api/v1/persons/draft-holder/").status_code == 200,
    "API memberships": lambda c: "draft-holder" in text(c, "/api/v1/memberships/"),
    "API post": lambda c: bool(
        fresh(c, f"/api/v1/posts/{StaffRole.objects.get(title_en='Director-General').pk}/").json()[
            "membership_ids"
        ]
    ),
}


@pytest.mark.parametrize("output", HOLDER_OUTPUTS)
def test_an_appointment_is_in_an_output_exactly_when_it_and_its_person_are_published(
    client, seeded, output
):
    shows = HOLDER_OUTPUTS[output]
    person = PersonFactory(name_en=HOLDER, slug="draft-holder", draft=True)
    AppointmentFactory(role=StaffRole.objects.get(title_en="Director-General"), person=person)
    assert not shows(client)
    Person.objects.filter(pk=person.pk).update(publication_status="published")
    assert shows(client)


# -- Every record an output reads is read for its audience ----------------------------------------


def public_addresses() -> list[str]:
    with translation.override("en"):
        feeds = [
            reverse("programmes:changes_feed"),
            reverse("programmes:schedule_changes_feed"),
            reverse("programmes:programme_changes_feed", kwargs={"slug": SLUG}),
            reverse("programmes:programme_schedule_changes_feed", kwargs={"slug": SLUG}),
        ]
    return [
        *(page_url(name, kwargs, "lo") for name, kwargs in PUBLIC_PAGES),
        f"/lo/programmes/{SLUG}/legs/3/calendar.ics",
        "/lo/programmes/calendar.ics",
        *feeds,
        "/sitemap.xml",
        *(f"/api/v1/{prefix}/?lang=lo" for prefix in endpoints()),
    ]


@pytest.fixture
def loaded():
    """Every translatable record made while the test runs (``post_init``: a record read from the
    database, by whatever path, is made through ``__init__``)."""
    records = []

    def keep(sender, instance, **kwargs):
        if isinstance(instance, LaoTranslatable):
            records.append(instance)

    post_init.connect(keep, weak=False)
    yield records
    post_init.disconnect(keep)


@pytest.fixture
def full_records(seeded):
    """The seed, with a person in post and a schedule change, so that every kind of record is
    read by some output."""
    appoint_a_holder()
    leg = Leg.objects.get()
    ScheduleChange.objects.create(leg=leg, note_en="Moved.", **leg.schedule_values())


@pytest.mark.parametrize("address", public_addresses())
def test_every_record_a_visitor_is_shown_was_read_for_visitors(
    client, full_records, loaded, address
):
    assert fresh(client, address).status_code == 200
    assert loaded
    assert [type(r).__name__ for r in loaded if r.loaded_for is not Audience.VISITOR] == []


@pytest.mark.parametrize(
    ("name", "kwargs"), PUBLIC_PAGES, ids=[name for name, _kwargs in PUBLIC_PAGES]
)
def test_every_record_a_preview_shows_was_read_for_an_audience(
    admin_client, full_records, loaded, name, kwargs
):
    assert fresh(admin_client, page_url(name, kwargs, "lo") + "?preview=1").status_code == 200
    assert loaded
    assert [type(r).__name__ for r in loaded if r.loaded_for is None] == []


# -- A visitor's reading is not a record to save --------------------------------------------------


def test_a_record_read_for_visitors_and_the_records_joined_to_it_cannot_be_saved(seeded):
    division = (
        Division.objects.visible_to(Audience.VISITOR)
        .select_related("department")
        .get(slug="general-affairs")
    )
    stored = Division.objects.get(pk=division.pk).name_lo
    assert stored and division.name_lo == ""  # the seed's Lao is a draft: visitors read none
    for record in (division, division.department):
        with pytest.raises(ReadForVisitorsError, match="read for visitors"):
            record.save()
    assert Division.objects.get(pk=division.pk).name_lo == stored


def test_a_record_read_for_staff_previewing_is_as_stored_and_may_be_saved(seeded):
    division = Division.objects.visible_to(Audience.PREVIEW).get(slug="general-affairs")
    assert division.lao_draft
    division.save()


def test_the_translation_figures_count_as_public_only_what_visitors_see():
    from tests.programmes.factories import TrainingProgrammeFactory
    from translations.overview import model_figures

    hidden = LegFactory(programme=TrainingProgrammeFactory(draft=True))  # published, parent draft
    shown = LegFactory()
    public = model_figures(Leg).published_unreviewed
    assert shown in public and hidden not in public
