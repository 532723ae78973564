"""Reads for the public programme pages, each a fixed number of queries.

Visitors see published legs of published programmes, with their published partners; with
``preview`` (staff previewing from the back office) drafts too.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from config.publication import Publication, visible
from programmes.models import Leg, LegPartner, TrainingProgramme


def _legs_with_partners(*, preview: bool) -> QuerySet[Leg]:
    legs = visible(Leg, preview=preview)
    if not preview:
        legs = legs.filter(programme__publication_status=Publication.PUBLISHED)
    partners = visible(LegPartner, preview=preview).select_related("department", "related_body")
    return (
        legs.select_related("programme")
        .prefetch_related(
            Prefetch("partners", queryset=partners.order_by("order", "role", "rank")),
            # Earlier schedules, newest first (Meta.ordering).
            "schedule_changes",
        )
        .order_by("programme__title_en", "number")
    )


@dataclass
class ProgrammeLegs:
    """A programme with its legs split by where they stand on a given day."""

    programme: TrainingProgramme
    upcoming: list[Leg]
    past: list[Leg]


def list_programmes(*, today: datetime.date, preview: bool = False) -> list[ProgrammeLegs]:
    """Every programme with its legs: upcoming (or in progress) and the rest.

    A tentative period that has ended without confirmation is not upcoming: it goes with the
    past legs, and its page and label say it was never confirmed.
    """
    programmes = visible(TrainingProgramme, preview=preview).prefetch_related(
        Prefetch("legs", queryset=_legs_with_partners(preview=preview))
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


def get_leg(*, programme_slug: str, number: int, preview: bool = False) -> Leg:
    """One leg with its partners and its earlier schedules, newest first."""
    leg = (
        _legs_with_partners(preview=preview)
        .filter(programme__slug=programme_slug, number=number)
        .first()
    )
    if leg is None:
        raise Http404("No such leg.")
    return leg


def list_legs(*, preview: bool = False) -> QuerySet[Leg]:
    """Every leg of every programme, for the calendar feed and the sitemap (and, with
    ``preview``, drafts too, for staff's reports)."""
    return _legs_with_partners(preview=preview)


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
    for leg in list_legs(preview=True):
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
    legs = visible(Leg, preview=False).order_by("number")
    return (
        visible(TrainingProgramme, preview=False)
        .prefetch_related(Prefetch("legs", queryset=legs))
        .order_by("title_en", "pk")
    )
