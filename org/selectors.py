"""Reads for the public pages: each page's queries written once, with their joins, so a page costs
the same number of queries however many divisions, roles or mandates there are.

Visitors see published records only, and nothing that leads to a draft. With ``preview`` (staff
previewing from the back office) drafts are shown too. The selectors decide: a record a page may
not show reaches the template as ``None`` (``parent_shown`` on a Department, ``part_of_shown`` on
a related body), so templates and views never ask whether something is published. Related rows come in each model's
``Meta.ordering`` (Divisions and mandates in the source's order, roles by seniority).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.publication import shown, visible
from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Mandate,
    Person,
    RelatedBody,
    StaffRole,
)


def _first_or_404(queryset: QuerySet, message: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(message)
    return obj


def _the_department(*prefetch, preview: bool) -> Department:
    """The Department the site is about (the first recorded), with ``prefetch`` loaded."""
    queryset = (
        visible(Department, preview=preview)
        .select_related("parent_body")
        .prefetch_related(*prefetch)
    )
    department = _first_or_404(queryset.order_by("pk"), "No department has been published yet.")
    department.parent_shown = shown(department.parent_body, preview=preview)
    return department


def the_department_id(*, preview: bool) -> QuerySet:
    """The same Department's key, as a subquery (the open data API's reads use it too)."""
    return visible(Department, preview=preview).order_by("pk").values("pk")[:1]


def _roles(preview: bool) -> Prefetch:
    return Prefetch("roles", queryset=visible(StaffRole, preview=preview))


def _attach_holders(roles: list[StaffRole], scope: Q, *, preview: bool) -> None:
    """Give each of ``roles`` its appointments a page may show (the appointment and its person
    both visible), with their people: ``role.holders``, latest first, and ``role.current_holders``,
    substantive holders first. One query, whether any post has holders or none (``scope``
    selects the appointments of the page's posts; rows of posts not shown are not used)."""
    today = timezone.localdate()
    appointments = (
        visible(Appointment, preview=preview)
        .filter(scope, person__in=visible(Person, preview=preview))
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


def _contacts(preview: bool) -> Prefetch:
    return Prefetch("contact_points", queryset=visible(ContactPoint, preview=preview))


def _divisions(preview: bool, *prefetch) -> Prefetch:
    return Prefetch(
        "divisions", queryset=visible(Division, preview=preview).prefetch_related(*prefetch)
    )


def get_department(*, preview: bool = False) -> Department:
    return _the_department(preview=preview)


def get_department_overview(*, preview: bool = False) -> Department:
    """The Department with its Divisions and contact points, for the home page."""
    return _the_department(_divisions(preview), _contacts(preview), preview=preview)


def _department_with_roles(*, preview: bool, contacts: bool = False) -> Department:
    extra = [_contacts(preview)] if contacts else []
    return _the_department(
        _roles(preview), _divisions(preview, _roles(preview)), *extra, preview=preview
    )


def get_department_contacts(*, preview: bool = False) -> Department:
    """The Department and its Divisions, each with its contact points: the contact page."""
    return _the_department(
        _contacts(preview), _divisions(preview, _contacts(preview)), preview=preview
    )


def get_department_structure(*, preview: bool = False) -> Department:
    """The Department with its own roles, and its Divisions with theirs: the structure page.
    Each role carries its current holders (``current_holders``), each with their person."""
    department = _department_with_roles(preview=preview, contacts=True)
    roles = [*department.roles.all()]
    roles += [role for division in department.divisions.all() for role in division.roles.all()]
    scope = Q(role__department=department) | Q(role__division__department=department)
    _attach_holders(roles, scope, preview=preview)
    # The Department-wide posts' history of holders is on this page: they have no other.
    department.has_holders = any(role.holders for role in department.roles.all())
    return department


def get_department_mandates(*, preview: bool = False) -> Department:
    """The Department with its mandates in order, each with the Divisions that carry it."""
    mandates = visible(Mandate, preview=preview).prefetch_related(_divisions(preview))
    return _the_department(Prefetch("mandates", queryset=mandates), preview=preview)


def get_division(*, slug: str, preview: bool = False) -> Division:
    """One Division of the Department with its roles, their holders, and the mandates it
    carries."""
    queryset = (
        visible(Division, preview=preview)
        .select_related("department", "department__parent_body")
        .prefetch_related(
            _roles(preview),
            Prefetch("mandates", queryset=visible(Mandate, preview=preview)),
            _contacts(preview),
        )
        .filter(slug=slug, department=the_department_id(preview=preview))
    )
    division = _first_or_404(queryset, "No such division.")
    # Each role's history of holders (``holders``), and who of them holds it today.
    roles = list(division.roles.all())
    _attach_holders(roles, Q(role__division=division), preview=preview)
    division.has_holders = any(role.holders for role in roles)
    department = division.department
    department.parent_shown = shown(department.parent_body, preview=preview)
    return division


def list_related_bodies(*, preview: bool = False) -> list[RelatedBody]:
    """Every related body with what it is part of."""
    bodies = list(visible(RelatedBody, preview=preview).select_related("part_of"))
    for body in bodies:
        body.part_of_shown = shown(body.part_of, preview=preview)
    return bodies


def list_divisions_for_sitemap() -> QuerySet[Division]:
    """The Divisions that have a page: the published ones of the Department the site is about
    (their slug only: the sitemap needs their addresses, not their text)."""
    return (
        Division.objects.published()
        .filter(department=the_department_id(preview=False))
        .only("slug")
    )


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
    department = _department_with_roles(preview=True)
    groups = [
        StaffingGroup(department.name, department.slug, "department", list(department.roles.all()))
    ]
    groups += [
        StaffingGroup(division.name, division.slug, "division", list(division.roles.all()))
        for division in department.divisions.all()
    ]
    return StaffingSummary(department=department, groups=groups)
