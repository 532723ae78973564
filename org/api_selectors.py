"""Reads for the open data API (``org/api/``): the published records of the Department the site
is about, each endpoint's query written once with its joins, so that a list or a record costs the
same number of queries however many there are.

Only published records, and nothing that leads to a draft: a post of a draft Division is not
shown, nor an appointment of a draft person or to a post not shown. Lao is judged as records are
loaded (``translations.visibility``; the API's views set the audience).
"""

from django.db.models import F, Prefetch, Q, QuerySet

from core.publication import shown
from org.models import Appointment, Department, Division, Mandate, Person, StaffRole
from org.selectors import the_department_id


def api_department() -> Department | None:
    """The Department the site is about (the first published), with its parent body:
    ``parent_shown`` is that body if it is published, else None."""
    department = Department.objects.published().select_related("parent_body").order_by("pk").first()
    if department is not None:
        department.parent_shown = shown(department.parent_body, preview=False)
    return department


def api_divisions() -> QuerySet[Division]:
    """The published Divisions of the Department the site is about."""
    return (
        Division.objects.published()
        .filter(department=the_department_id(preview=False))
        .select_related("department")
    )


def _posts() -> QuerySet[StaffRole]:
    """The published roles of that Department and of its published Divisions."""
    return StaffRole.objects.published().filter(
        Q(division__isnull=True, department=the_department_id(preview=False))
        | Q(division__in=api_divisions().values("pk"))
    )


def _post_order(prefix: str = "") -> list:
    """The Department's own posts first, then each Division's, by seniority."""
    return [
        F(f"{prefix}division__order").asc(nulls_first=True),
        f"{prefix}division__pk",
        f"{prefix}seniority",
        f"{prefix}title_en",
        f"{prefix}pk",
    ]


# Latest first; at the same date, the substantive holder before an acting one.
MEMBERSHIP_ORDER = ("-start_date", "acting", "pk")


def api_posts() -> QuerySet[StaffRole]:
    """The posts the API shows, in order, each with ``shown_memberships``: its published
    appointments of published people, latest first."""
    appointments = Appointment.objects.published().filter(person__in=Person.objects.published())
    return (
        _posts()
        .select_related("department", "division", "division__department")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=appointments.order_by(*MEMBERSHIP_ORDER),
                to_attr="shown_memberships",
            )
        )
        .order_by(*_post_order())
    )


def api_mandates() -> QuerySet[Mandate]:
    """That Department's published mandates, each with its published Divisions."""
    return (
        Mandate.objects.published()
        .filter(department=the_department_id(preview=False))
        .select_related("department")
        .prefetch_related(Prefetch("divisions", queryset=Division.objects.published()))
        .order_by("order", "slug")
    )


def _memberships() -> QuerySet[Appointment]:
    """Published appointments to the posts the API shows (their people not yet judged)."""
    return Appointment.objects.published().filter(role__in=_posts().values("pk"))


def api_persons() -> QuerySet[Person]:
    """Every published person, by name, each with ``shown_memberships``: the memberships the
    API shows (``api_memberships``), latest first, with their posts' Divisions.

    A published person none of whose appointments is shown (none recorded yet, or only drafts,
    or only to posts not shown) is still listed: a person is a record of its own, published on
    its own, and the Popolo Person is who they are, not a post they hold. They have no
    memberships, and their page is the structure page (as ``Person.get_absolute_url`` says).
    """
    return (
        Person.objects.published()
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=_memberships()
                .select_related("role__division")
                .order_by(*MEMBERSHIP_ORDER),
                to_attr="shown_memberships",
            )
        )
        .order_by("name_en", "slug")
    )


def api_memberships() -> QuerySet[Appointment]:
    """The appointments the API shows: published, of a published person, to a post the API
    shows (published, in the Department or a published Division of it). In the posts' order,
    then latest first, each with its person and its post's organisation."""
    return (
        _memberships()
        .filter(person__in=Person.objects.published())
        .select_related("person", "role__department", "role__division__department")
        .order_by(*_post_order("role__"), *MEMBERSHIP_ORDER)
    )
