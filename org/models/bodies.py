"""The bodies the Department relates to, and the ASEAN Community pillars."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.publication import Publishable, unique_ignoring_case
from pages.reversing import reverse
from translations.state import LaoTranslatable
from translations.visibility import VisibleManager


class Pillar(models.TextChoices):
    """The three ASEAN Community pillars."""

    POLITICAL_SECURITY = "political-security", _("ASEAN Political-Security Community")
    ECONOMIC = "economic", _("ASEAN Economic Community")
    SOCIO_CULTURAL = "socio-cultural", _("ASEAN Socio-Cultural Community")


class RelatedBody(Publishable, LaoTranslatable):
    """A body the Department belongs to or works with: its parent Ministry, the Permanent Mission
    of the Lao PDR to ASEAN, the ASEAN-IPR Lao PDR function."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PERMANENT_MISSION = "permanent-mission", _("Permanent Mission")
        FUNCTION = "function", _("Function of another body")
        OTHER = "other", _("Other body")

    class Relation(models.TextChoices):
        PARENT = "parent", _("The Department is part of it")
        GUIDED = "guided", _("Works under the guidance and supervision of the Department")
        COORDINATED = "coordinated", _("Receives coordination and guidance from the Department")
        OTHER = "other", _("Other relation")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    relation = models.CharField(
        _("relation to the Department"), max_length=20, choices=Relation.choices
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("The body this one belongs to, if any."),
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    natural_key_fields = ("slug",)
    objects = VisibleManager()

    class Meta(Publishable.Meta):
        ordering = ["order", "slug"]
        verbose_name = _("related body")
        verbose_name_plural = _("related bodies")
        constraints = [
            unique_ignoring_case(field="name_en", name="relatedbody_unique_name"),
            models.CheckConstraint(
                condition=~models.Q(part_of=models.F("pk")), name="relatedbody_not_part_of_itself"
            ),
        ]

    constraint_error_fields = {"relatedbody_not_part_of_itself": "part_of"}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('org:relatedbody_list')}#body-{self.slug}"

    def clean(self) -> None:
        # A cycle longer than one step cannot be expressed as a portable constraint.
        seen = {self.pk} if self.pk else set()
        parent = self.part_of
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"part_of": _("A body cannot be part of itself.")})
            seen.add(parent.pk)
            parent = parent.part_of
