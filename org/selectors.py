"""Reads for the public pages: each page's queries written once, with their joins, so a page costs
the same number of queries however many divisions, roles or mandates there are.

Related rows come in each model's ``Meta.ordering`` (Divisions and mandates in the source's order,
roles by seniority).
"""

from django.db.models import QuerySet
from django.http import Http404

from org.models import Department, Division, RelatedBody


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
