"""The Department, its Divisions, staff roles and mandates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.naturalkeys import NaturalKeyManager
from core.publication import Audience, Publishable, related_or_none, unique_ignoring_case
from org.models.bodies import Pillar, RelatedBody
from org.models.ownership import (
    OWNERS,
    OwnedByDepartmentOrDivision,
    owner_constraints,
    owner_field,
)
from pages.reversing import reverse
from translations.state import LaoTranslatable
from translations.visibility import VisibleManager, VisibleQuerySet


class DepartmentQuerySet(VisibleQuerySet):
    def visible_to(self, audience: Audience) -> models.QuerySet:
        """Only the Department the site is about: the first recorded of those visible."""
        departments = super().visible_to(audience)
        return departments.filter(pk=departments.order_by("pk").values("pk")[:1])


class Department(Publishable, LaoTranslatable):
    """A department of the Ministry, with its founding facts and stated staff total."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent_body = models.ForeignKey(
        RelatedBody,
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("parent ministry"),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    establishing_instrument = models.CharField(
        _("established by"),
        max_length=300,
        blank=True,
        help_text=_("The legal instrument that established the Department, e.g. a Decree."),
    )
    designation = models.CharField(
        _("designation"),
        max_length=200,
        blank=True,
        help_text=_("A national role the Department serves as."),
    )
    stated_staff_total = models.PositiveSmallIntegerField(
        _("stated total staff"),
        null=True,
        blank=True,
        help_text=_("The number of members the source states. Leave empty if not stated."),
    )
    summary = models.TextField(_("summary"), blank=True)
    mandates_are_exhaustive = models.BooleanField(
        _("mandate list is complete"),
        default=False,
        help_text=_('Leave unticked when the source lists mandates "inter alia".'),
    )

    natural_key_fields = ("slug",)
    objects = NaturalKeyManager.from_queryset(DepartmentQuerySet)()
    draft_rows = ("divisions", "roles", "mandates", "contact_points")

    class Meta(Publishable.Meta):
        ordering = ["name_en"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            unique_ignoring_case(field="name_en", name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:home")


class Division(Publishable, LaoTranslatable):
    """A Division of a Department, optionally tied to one ASEAN Community pillar."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("department")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    pillar = models.CharField(
        _("ASEAN Community pillar"), max_length=20, choices=Pillar.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"), blank=True)

    natural_key_fields = ("department", "slug")
    objects = VisibleManager()
    shown_with = ("department",)
    draft_rows = ("roles", "contact_points")

    class Meta(Publishable.Meta):
        ordering = ["department", "order", "name_en"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            unique_ignoring_case("department", field="name_en", name="division_unique_name"),
            models.UniqueConstraint(fields=["department", "slug"], name="division_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:division_detail", kwargs={"slug": self.slug})


class StaffRole(OwnedByDepartmentOrDivision, Publishable, LaoTranslatable):
    """A post in the Department as a whole or in one of its Divisions, with a nominal headcount.

    Exactly one of ``department`` and ``division`` is set. The headcount stays empty when the
    source does not state it: never a guessed number.
    """

    department = owner_field(
        "department",
        related_name="roles",
        help_text=_("For a role of the Department as a whole."),
    )
    division = owner_field(
        "division", related_name="roles", help_text=_("For a role within one Division.")
    )
    title = models.CharField(_("title"), max_length=120)
    headcount = models.PositiveSmallIntegerField(
        _("headcount"),
        null=True,
        blank=True,
        help_text=_("How many people hold this role. Leave empty if the source does not state it."),
    )
    seniority = models.PositiveSmallIntegerField(
        _("seniority"), default=100, help_text=_("Lower numbers are listed first.")
    )
    description = models.TextField(_("description"), blank=True)

    natural_key_fields = (*OWNERS, "title_en")
    objects = VisibleManager()
    shown_with = tuple(OWNERS)

    class Meta(Publishable.Meta):
        ordering = ["seniority", "title_en"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = owner_constraints(name_field="title_en", unique_name="staffrole_unique_title")

    def __str__(self) -> str:
        if self.division_id:
            division = related_or_none(self, "division") or _("a deleted division")
            return f"{self.title} ({division})"
        return self.title

    def get_absolute_url(self) -> str:
        division = related_or_none(self, "division") if self.division_id else None
        return division.get_absolute_url() if division else reverse("org:structure")


class Mandate(Publishable, LaoTranslatable):
    """One function or mandate of a Department, in the order the source lists it."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("department")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200, help_text=_("A short heading."))
    text = models.TextField(_("text"), help_text=_("The mandate in the source's words."))
    divisions = models.ManyToManyField(
        Division,
        blank=True,
        related_name="mandates",
        verbose_name=_("divisions that carry it"),
        help_text=_("Only where known."),
    )

    natural_key_fields = ("department", "slug")
    objects = VisibleManager()
    shown_with = ("department",)

    class Meta(Publishable.Meta):
        ordering = ["department", "order", "slug"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(fields=["department", "slug"], name="mandate_unique_slug"),
            unique_ignoring_case("department", field="title_en", name="mandate_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('org:mandate_list')}#mandate-{self.slug}"
