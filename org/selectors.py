"""Reads for the public pages: each page's queries written once, with their joins, so a page costs
the same number of queries however many divisions, roles or mandates there are.

Which records an audience may see is each model's rule (``visible_to``, see
``core/publication.py``): visitors see published records only, and nothing that leads to a draft,
with their Lao as they may read it; staff previewing (``Audience.PREVIEW``) see drafts too. The
API's reads (``org/api_selectors.py``) use the same rules. A record a page may not show reaches
the template as ``None`` (``parent_shown`` on a Department, ``part_of_shown`` on a related body),
so templates and views never ask whether something is published. Related rows come in each
model's ``Meta.ordering`` (Divisions and mandates in the source's order, roles by seniority).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.publication import Audience, shown
from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Mandate,
    RelatedBody,
    StaffRole,
)
from publishing.changes import visible_times


def _first_or_404(queryset: QuerySet, message: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(message)
    return obj


def find_department(*prefetch, audience: Audience) -> Department | None:
    """The Department the site is about, with ``prefetch`` loaded, or None if there is none
    ``audience`` may see: ``parent_shown`` is its parent body if they may see it, else None."""
    department = (
        Department.objects.visible_to(audience)
        .select_related("parent_body")
        .prefetch_related(*prefetch)
        .first()
    )
    if department is not None:
        department.parent_shown = shown(department.parent_body, audience)
    return department


def _the_department(*prefetch, audience: Audience) -> Department:
    department = find_department(*prefetch, audience=audience)
    if department is None:
        raise Http404("No department has been published yet.")
    return department


def _roles(audience: Audience) -> Prefetch:
    return Prefetch("roles", queryset=StaffRole.objects.visible_to(audience))


def _attach_holders(roles: list[StaffRole], scope: Q, *, audience: Audience) -> None:
    """Give each of ``roles`` its appointments a page may show, with their people:
    ``role.holders``, latest first, and ``role.current_holders``, substantive holders first.
    One query, whether any post has holders or none (``scope`` selects the appointments of the
    page's posts)."""
    today = timezone.localdate()
    appointments = (
        Appointment.objects.visible_to(audience)
        .filter(scope)
        .select_related("person")
        .order_by("-start_date", "acting", "pk")
    )
    by_role: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        by_role[appointment.role_id].append(appointment)
    for role in roles:
        role.holders = by_role.get(role.pk, [])
        role.current_holders = sorted(
            (a for a in role.holders if a.is_current_on(today)), key=lambda a: a.acting
        )


def _contacts(audience: Audience) -> Prefetch:
    return Prefetch("contact_points", queryset=ContactPoint.objects.visible_to(audience))


def _divisions(audience: Audience, *prefetch) -> Prefetch:
    return Prefetch(
        "divisions", queryset=Division.objects.visible_to(audience).prefetch_related(*prefetch)
    )


def get_department(*, audience: Audience) -> Department:
    return _the_department(audience=audience)


def get_department_overview(*, audience: Audience) -> Department:
    """The Department with its Divisions and contact points, for the home page."""
    return _the_department(_divisions(audience), _contacts(audience), audience=audience)


def _department_with_roles(*, audience: Audience, contacts: bool = False) -> Department:
    extra = [_contacts(audience)] if contacts else []
    return _the_department(
        _roles(audience), _divisions(audience, _roles(audience)), *extra, audience=audience
    )


def get_department_contacts(*, audience: Audience) -> Department:
    """The Department and its Divisions, each with its contact points: the contact page."""
    return _the_department(
        _contacts(audience), _divisions(audience, _contacts(audience)), audience=audience
    )


def get_department_structure(*, audience: Audience) -> Department:
    """The Department with its own roles, and its Divisions with theirs: the structure page.
    Each role carries its current holders (``current_holders``), each with their person."""
    department = _department_with_roles(audience=audience, contacts=True)
    roles = [*department.roles.all()]
    roles += [role for division in department.divisions.all() for role in division.roles.all()]
    scope = Q(role__department=department) | Q(role__division__department=department)
    _attach_holders(roles, scope, audience=audience)
    # The Department-wide posts' history of holders is on this page: they have no other.
    department.has_holders = any(role.holders for role in department.roles.all())
    return department


def get_department_mandates(*, audience: Audience) -> Department:
    """The Department with its mandates in order, each with the Divisions that carry it."""
    mandates = Mandate.objects.visible_to(audience).prefetch_related(_divisions(audience))
    return _the_department(Prefetch("mandates", queryset=mandates), audience=audience)


def get_division(*, slug: str, audience: Audience) -> Division:
    """One Division of the Department with its roles, their holders, and the mandates it
    carries."""
    queryset = (
        Division.objects.visible_to(audience)
        .select_related("department", "department__parent_body")
        .prefetch_related(
            _roles(audience),
            Prefetch("mandates", queryset=Mandate.objects.visible_to(audience)),
            _contacts(audience),
        )
        .filter(slug=slug)
    )
    division = _first_or_404(queryset, "No such division.")
    # Each role's history of holders (``holders``), and who of them holds it today.
    roles = list(division.roles.all())
    _attach_holders(roles, Q(role__division=division), audience=audience)
    division.has_holders = any(role.holders for role in roles)
    department = division.department
    department.parent_shown = shown(department.parent_body, audience)
    return division


def list_related_bodies(*, audience: Audience) -> list[RelatedBody]:
    """Every related body with what it is part of."""
    bodies = list(RelatedBody.objects.visible_to(audience).select_related("part_of"))
    for body in bodies:
        body.part_of_shown = shown(body.part_of, audience)
    return bodies


def list_divisions_for_sitemap() -> QuerySet[Division]:
    """The Divisions that have a page (their slug only: the sitemap needs their addresses, not
    their text)."""
    return Division.objects.visible_to(Audience.VISITOR).only("slug")


@dataclass
class StaffingGroup:
    """The roles of the Department as a whole, or of one Division."""

    name: str
    slug: str
    scope: str  # "department" | "division"
    roles: list[StaffRole]

    @property
    def allocated(self) -> int:
        return sum(role.headcount for role in self.roles if role.headcount is not None)

    @property
    def not_stated(self) -> int:
        return sum(1 for role in self.roles if role.headcount is None)


@dataclass
class StaffingSummary:
    department: Department
    groups: list[StaffingGroup]

    @property
    def stated_total(self) -> int | None:
        return self.department.stated_staff_total

    @property
    def allocated(self) -> int:
        return sum(group.allocated for group in self.groups)

    @property
    def roles_not_stated(self) -> int:
        return sum(group.not_stated for group in self.groups)

    @property
    def status(self) -> str:
        """``agrees`` only when every headcount is stated and they add up to the stated total.

        ``incomplete``: they fall short, and the rest may be in roles whose headcount is not
        stated. ``over`` / ``short``: the stated figures contradict the total.
        ``no-total``: the Department's total is not stated.
        """
        if self.stated_total is None:
            return "no-total"
        if self.allocated > self.stated_total:
            return "over"
        if self.allocated == self.stated_total and not self.roles_not_stated:
            return "agrees"
        if self.roles_not_stated:
            return "incomplete"
        return "short"


def get_staffing_summary() -> StaffingSummary:
    """Every role with its headcount, by Department and Division, against the stated total."""
    # Staff see every record here, drafts included.
    department = _department_with_roles(audience=Audience.PREVIEW)
    groups = [
        StaffingGroup(department.name, department.slug, "department", list(department.roles.all()))
    ]
    groups += [
        StaffingGroup(division.name, division.slug, "division", list(division.roles.all()))
        for division in department.divisions.all()
    ]
    return StaffingSummary(department=department, groups=groups)


# The people-in-post feed (``org/feeds.py``): an event each time someone took up or left a post.
FEED_LENGTH = 50


@dataclass
class PostEvent:
    """``appointment``'s person took up its post (``left`` False: on its start date), or left it
    (the day after its end date); ``when``: the later of that day's start and the time visitors
    could first read it (an appointment recorded after the fact)."""

    appointment: Appointment
    left: bool
    when: datetime.datetime


def list_post_events(*, language: str, today: datetime.date) -> list[PostEvent]:
    """Published appointments that have started, as events, newest first (two queries)."""
    appointments = (
        Appointment.objects.visible_to(Audience.VISITOR)
        .filter(start_date__lte=today)
        .select_related("person", "role__division", "role__department")
    )
    times = visible_times(appointments, language=language)
    events = []
    for appointment in appointments:
        known = times.get(appointment.pk)
        took_up = _later(appointment.start_date, known.published if known else None)
        events.append(PostEvent(appointment, False, took_up))
        if appointment.end_date is not None and appointment.end_date < today:
            day = appointment.end_date + datetime.timedelta(days=1)
            events.append(
                PostEvent(appointment, True, _later(day, known.updated if known else None))
            )
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:FEED_LENGTH]


def _later(day: datetime.date, moment: datetime.datetime | None) -> datetime.datetime:
    """The start of ``day`` (the Department's time), or ``moment`` if it is later."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return max(start, moment) if moment is not None else start
