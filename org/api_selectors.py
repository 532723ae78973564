"""Reads for the open data API (``org/api/``): what visitors may see of the Department the site is
about, each endpoint's query written once with its joins, so that a list or a record costs the
same number of queries however many there are.

Which records those are is each model's rule (``visible_to(Audience.VISITOR)``, the public pages'
rule too): published records, and nothing that leads to a draft, so a post of a draft Division is
not shown, nor an appointment of a draft person or to a post not shown. Their Lao is what a
publisher reviewed (``translations/visibility.py``).
"""

from django.db.models import F, Prefetch, QuerySet

from core.publication import Audience
from org.models import Appointment, Department, Division, Mandate, Person, StaffRole
from org.selectors import find_department

VISITOR = Audience.VISITOR


def api_department() -> Department | None:
    """The Department the site is about, with ``parent_shown`` (its parent body if published)."""
    return find_department(audience=VISITOR)


def api_divisions() -> QuerySet[Division]:
    """The published Divisions of the Department the site is about."""
    return Division.objects.visible_to(VISITOR).select_related("department")


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


def _memberships() -> QuerySet[Appointment]:
    """The appointments the API shows: published, of a published person, to a post it shows."""
    return Appointment.objects.visible_to(VISITOR)


def api_posts() -> QuerySet[StaffRole]:
    """The posts the API shows (the Department's and its published Divisions'), in order, each
    with ``shown_memberships``: its memberships the API shows, latest first."""
    return (
        StaffRole.objects.visible_to(VISITOR)
        .select_related("department", "division", "division__department")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=_memberships().order_by(*MEMBERSHIP_ORDER),
                to_attr="shown_memberships",
            )
        )
        .order_by(*_post_order())
    )


def api_mandates() -> QuerySet[Mandate]:
    """That Department's published mandates, each with its published Divisions."""
    return (
        Mandate.objects.visible_to(VISITOR)
        .select_related("department")
        .prefetch_related(Prefetch("divisions", queryset=Division.objects.visible_to(VISITOR)))
        .order_by("order", "slug")
    )


def api_persons() -> QuerySet[Person]:
    """Every published person, by name, each with ``shown_memberships``: the memberships the
    API shows (``api_memberships``), latest first, with their posts' Divisions.

    A published person none of whose appointments is shown (none recorded yet, or only drafts,
    or only to posts not shown) is still listed: a person is a record of its own, published on
    its own, and the Popolo Person is who they are, not a post they hold. They have no
    memberships, and their page is the structure page (as ``Person.get_absolute_url`` says).
    """
    return (
        Person.objects.visible_to(VISITOR)
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
    """The appointments the API shows, in the posts' order, then latest first, each with its
    person and its post's organisation."""
    return (
        _memberships()
        .select_related("person", "role__department", "role__division__department")
        .order_by(*_post_order("role__"), *MEMBERSHIP_ORDER)
    )
