"""Reads for the public pages: each page's queries written once, with their joins, so a page costs
the same number of queries however many divisions, roles or mandates there are."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from org.models import Department, Division, Mandate, RelatedBody, StaffRole


def _department_queryset() -> QuerySet[Department]:
    return Department.objects.select_related("parent_body").order_by("pk")


def get_department() -> Department:
    """The Department the site is about (the first one recorded). 404 until one exists."""
    department = _department_queryset().first()
    if department is None:
        raise Http404("No department has been recorded yet.")
    return department


def get_department_overview() -> Department:
    """The Department with its Divisions, for the home page."""
    department = (
        _department_queryset()
        .prefetch_related(
            Prefetch("divisions", queryset=Division.objects.order_by("order", "name_en"))
        )
        .first()
    )
    if department is None:
        raise Http404("No department has been recorded yet.")
    return department


def get_department_structure() -> Department:
    """The Department with its own roles, and its Divisions with theirs: the structure page."""
    division_roles = Prefetch("roles", queryset=StaffRole.objects.order_by("seniority", "title_en"))
    department = (
        _department_queryset()
        .prefetch_related(
            Prefetch("roles", queryset=StaffRole.objects.order_by("seniority", "title_en")),
            Prefetch(
                "divisions",
                queryset=Division.objects.order_by("order", "name_en").prefetch_related(
                    division_roles
                ),
            ),
        )
        .first()
    )
    if department is None:
        raise Http404("No department has been recorded yet.")
    return department


def get_division(*, slug: str) -> Division:
    """One Division with its Department, its roles and the mandates it carries."""
    division = (
        Division.objects.select_related("department", "department__parent_body")
        .prefetch_related(
            Prefetch("roles", queryset=StaffRole.objects.order_by("seniority", "title_en")),
            Prefetch("mandates", queryset=Mandate.objects.order_by("order")),
        )
        .filter(slug=slug, department=get_department())
        .first()
    )
    if division is None:
        raise Http404("No such division.")
    return division


def get_department_mandates() -> Department:
    """The Department with its mandates in order, each with the Divisions that carry it."""
    department = (
        _department_queryset()
        .prefetch_related(
            Prefetch(
                "mandates",
                queryset=Mandate.objects.order_by("order", "slug").prefetch_related(
                    Prefetch("divisions", queryset=Division.objects.order_by("order"))
                ),
            )
        )
        .first()
    )
    if department is None:
        raise Http404("No department has been recorded yet.")
    return department


def list_related_bodies() -> list[RelatedBody]:
    """Every related body with what it is part of."""
    return list(RelatedBody.objects.select_related("part_of").order_by("order", "slug"))


def list_divisions_for_sitemap() -> QuerySet[Division]:
    return Division.objects.order_by("department", "order", "slug")
