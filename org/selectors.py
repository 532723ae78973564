"""Reads for the public pages: each page's queries written once, with their joins, so a page costs
the same number of queries however many divisions, roles or mandates there are.

Related rows come in each model's ``Meta.ordering`` (Divisions and mandates in the source's order,
roles by seniority).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from org.models import Department, Division, RelatedBody, StaffRole


def _first_or_404(queryset: QuerySet, message: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(message)
    return obj


def _the_department(*prefetch: str) -> Department:
    """The Department the site is about (the first recorded), with ``prefetch`` loaded."""
    queryset = Department.objects.select_related("parent_body").prefetch_related(*prefetch)
    return _first_or_404(queryset.order_by("pk"), "No department has been recorded yet.")


def _the_department_id() -> QuerySet:
    """The same Department's key, as a subquery."""
    return Department.objects.order_by("pk").values("pk")[:1]


def get_department() -> Department:
    return _the_department()


def get_department_overview() -> Department:
    """The Department with its Divisions, for the home page."""
    return _the_department("divisions")


def get_department_structure() -> Department:
    """The Department with its own roles, and its Divisions with theirs: the structure page."""
    return _the_department("roles", "divisions__roles")


def get_department_mandates() -> Department:
    """The Department with its mandates in order, each with the Divisions that carry it."""
    return _the_department("mandates__divisions")


def get_division(*, slug: str) -> Division:
    """One Division of the Department with its roles and the mandates it carries."""
    queryset = (
        Division.objects.select_related("department", "department__parent_body")
        .prefetch_related("roles", "mandates")
        .filter(slug=slug, department=_the_department_id())
    )
    return _first_or_404(queryset, "No such division.")


def list_related_bodies() -> list[RelatedBody]:
    """Every related body with what it is part of."""
    return list(RelatedBody.objects.select_related("part_of"))


def list_divisions_for_sitemap() -> QuerySet[Division]:
    """The Divisions that have a page: those of the Department the site is about."""
    return Division.objects.filter(department=_the_department_id())


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
    department = get_department_structure()
    groups = [
        StaffingGroup(department.name, department.slug, "department", list(department.roles.all()))
    ]
    groups += [
        StaffingGroup(division.name, division.slug, "division", list(division.roles.all()))
        for division in department.divisions.all()
    ]
    return StaffingSummary(department=department, groups=groups)
