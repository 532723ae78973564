"""Reads for the public programme pages, the API, feeds, calendars and the sitemap, each a fixed
number of queries.

Which records an audience may see is each model's rule (``visible_to``, ``core/publication.py``):
visitors see published legs of published programmes, with their published partners and their
legs' schedule changes, and their Lao as a publisher reviewed it; staff previewing
(``Audience.PREVIEW``) drafts too.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from core.publication import Audience
from programmes.models import Leg, LegPartner, ScheduleChange, TrainingProgramme
from publishing.changes import latest_notes, visible_times
from publishing.models import ChangeNote


def _legs_with_partners(*, audience: Audience) -> QuerySet[Leg]:
    partners = LegPartner.objects.visible_to(audience).select_related("department", "related_body")
    return (
        Leg.objects.visible_to(audience)
        .select_related("programme")
        .prefetch_related(
            Prefetch("partners", queryset=partners.order_by("order", "role", "rank")),
            # Earlier schedules, newest first (Meta.ordering).
            Prefetch("schedule_changes", queryset=ScheduleChange.objects.visible_to(audience)),
        )
        .order_by("programme__title_en", "number")
    )


@dataclass
class ProgrammeLegs:
    """A programme with its legs split by where they stand on a given day."""

    programme: TrainingProgramme
    upcoming: list[Leg]
    past: list[Leg]


def list_programmes(*, today: datetime.date, audience: Audience) -> list[ProgrammeLegs]:
    """Every programme with its legs: upcoming (or in progress) and the rest.

    A tentative period that has ended without confirmation is not upcoming: it goes with the
    past legs, and its page and label say it was never confirmed.
    """
    programmes = TrainingProgramme.objects.visible_to(audience).prefetch_related(
        Prefetch("legs", queryset=_legs_with_partners(audience=audience))
    )
    result = []
    for programme in programmes.order_by("title_en"):
        upcoming, past = [], []
        for leg in programme.legs.all():
            timing = leg.timing(today)
            leg.current_timing = timing
            if timing in (Leg.Timing.UPCOMING, Leg.Timing.IN_PROGRESS):
                upcoming.append(leg)
            else:
                past.append(leg)
        result.append(ProgrammeLegs(programme=programme, upcoming=upcoming, past=past))
    return result


def get_leg(*, programme_slug: str, number: int, audience: Audience) -> Leg:
    """One leg with its partners and its earlier schedules, newest first."""
    leg = (
        _legs_with_partners(audience=audience)
        .filter(programme__slug=programme_slug, number=number)
        .first()
    )
    if leg is None:
        raise Http404("No such leg.")
    return leg


def list_legs(*, audience: Audience) -> QuerySet[Leg]:
    """Every leg of every programme ``audience`` may see, for the calendar feed and the API (and
    for staff's reports, drafts too)."""
    return _legs_with_partners(audience=audience)


def list_legs_for_sitemap() -> QuerySet[Leg]:
    """The published legs' addresses (their number and programme), nothing else: one query
    of three columns rather than every leg's text, partners and schedule changes."""
    return (
        Leg.objects.visible_to(Audience.VISITOR)
        .select_related("programme")
        .only("number", "programme__slug")
        .order_by("programme__title_en", "number")
    )


@dataclass
class ScheduleAttention:
    """Legs whose dates need staff's attention on a given day."""

    today: datetime.date
    within_days: int
    lapsed: list[Leg]
    starting_soon: list[Leg]

    @property
    def needs_attention(self) -> bool:
        return bool(self.lapsed or self.starting_soon)


def get_schedule_attention(*, today: datetime.date, within_days: int) -> ScheduleAttention:
    """Tentative periods that ended unconfirmed, and legs (not cancelled) starting within
    ``within_days`` of ``today``."""
    horizon = today + datetime.timedelta(days=within_days)
    lapsed, soon = [], []
    for leg in list_legs(audience=Audience.PREVIEW):
        if leg.timing(today) == Leg.Timing.LAPSED:
            lapsed.append(leg)
        elif (
            leg.status != Leg.Status.CANCELLED
            and leg.period_start
            and today <= leg.period_start <= horizon
        ):
            soon.append(leg)
    return ScheduleAttention(
        today=today, within_days=within_days, lapsed=lapsed, starting_soon=soon
    )


def api_programmes() -> QuerySet[TrainingProgramme]:
    """The published programmes with their published legs, for the open data API."""
    legs = Leg.objects.visible_to(Audience.VISITOR).order_by("number")
    return (
        TrainingProgramme.objects.visible_to(Audience.VISITOR)
        .prefetch_related(Prefetch("legs", queryset=legs))
        .order_by("title_en", "pk")
    )


# Feeds: what changed, newest first. A record's times come from its change history
# (``publishing.changes.visible_times``): first recorded as published = published in the feed;
# the last version in which what visitors read in the feed's language changed = updated.
FEED_LENGTH = 50


@dataclass
class FeedEntry:
    """A programme or a leg, with when it was first published and last changed for readers of
    the feed's language."""

    record: TrainingProgramme | Leg
    published: datetime.datetime | None
    updated: datetime.datetime | None
    # The newest public change note (``publishing/changes.py``), if a publisher wrote one.
    note: ChangeNote | None = None


def published_programme(*, slug: str) -> TrainingProgramme:
    programme = TrainingProgramme.objects.visible_to(Audience.VISITOR).filter(slug=slug).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def list_changed_records(
    *, language: str, programme: TrainingProgramme | None = None
) -> list[FeedEntry]:
    """Published programmes and their published legs, most recently changed for readers of
    ``language`` first (four queries, however many there are)."""
    programmes = TrainingProgramme.objects.visible_to(Audience.VISITOR)
    legs = Leg.objects.visible_to(Audience.VISITOR).select_related("programme")
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
        legs = legs.filter(programme=programme)
    entries = []
    for queryset in (programmes, legs):
        times = visible_times(queryset, language=language)
        for record in queryset:
            when = times.get(record.pk)
            entries.append(FeedEntry(record, when and when.published, when and when.updated))
    entries.sort(key=lambda e: e.updated or datetime.datetime.min.replace(tzinfo=datetime.UTC))
    entries = entries[::-1][:FEED_LENGTH]
    notes = latest_notes([entry.record for entry in entries])
    for entry in entries:
        entry.note = notes.get((type(entry.record), entry.record.pk))
    return entries


def list_schedule_changes(*, programme: TrainingProgramme | None = None) -> QuerySet:
    """The schedule changes of published legs of published programmes, newest first."""
    changes = (
        ScheduleChange.objects.visible_to(Audience.VISITOR)
        .select_related("leg", "leg__programme")
        .order_by("-recorded_at", "-pk")
    )
    if programme is not None:
        changes = changes.filter(leg__programme=programme)
    return changes[:FEED_LENGTH]
