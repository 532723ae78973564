"""How to reach the Department or one of its Divisions: schema.org ContactPoint and PostalAddress."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.countries import CountryCodeField
from core.publication import Publishable
from org.models.ownership import (
    OWNERS,
    OwnedByDepartmentOrDivision,
    owner_constraints,
    owner_field,
)
from pages.reversing import reverse
from translations.state import LaoTranslatable
from translations.visibility import VisibleManager

# Groups of digits, each perhaps in parentheses (an area code), with one space or hyphen at
# most between two groups and an optional leading "+": "+856 (21) 123-456", "021 123 456".
# Not "---123---" nor "12 -34": a separator at either end or two in a row is no number's spelling.
_GROUP = r"(?:[0-9]+|\([0-9]+\))"
TELEPHONE_SHAPE = re.compile(rf"\+?{_GROUP}(?:[ \-]?{_GROUP})*")
# ITU-T E.164 numbers have at most 15 digits; fewer than 3 is no number anyone can call.
TELEPHONE_DIGITS = (3, 15)


def validate_telephone(value: str) -> None:
    """Groups of digits (perhaps in parentheses) with single spaces or hyphens between
    them, and an optional leading "+"."""
    digits = sum(ch in "0123456789" for ch in value)
    if not TELEPHONE_SHAPE.fullmatch(value) or not (
        TELEPHONE_DIGITS[0] <= digits <= TELEPHONE_DIGITS[1]
    ):
        raise ValidationError(
            _(
                "Enter a telephone number of 3 to 15 digits, such as +856 21 123 456: groups of "
                "digits with one space or hyphen between them, an area code in parentheses if "
                "you wish, and a leading “+” if needed."
            ),
            code="invalid_telephone",
        )


class ContactPoint(OwnedByDepartmentOrDivision, Publishable, LaoTranslatable):
    """A postal address, telephone, email and office hours of the Department or one Division.

    Exactly one of ``department`` and ``division`` is set, as for staff roles. Every field but
    the kind of contact may stay empty: only what the Department has given is recorded.
    """

    department = owner_field(
        "department",
        related_name="contact_points",
        help_text=_("For a contact of the Department as a whole."),
    )
    division = owner_field(
        "division", related_name="contact_points", help_text=_("For a contact of one Division.")
    )
    contact_type = models.CharField(
        _("kind of contact"),
        max_length=120,
        help_text=_("What people contact it for, e.g. “General enquiries”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    street_address = models.CharField(_("street address"), max_length=300, blank=True)
    locality = models.CharField(_("town or city"), max_length=120, blank=True)
    region = models.CharField(_("province"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = CountryCodeField(
        _("country"), blank=True, help_text=_("A two-letter ISO 3166-1 code, e.g. LA.")
    )
    telephone = models.CharField(
        _("telephone"), max_length=40, blank=True, validators=[validate_telephone]
    )
    email = models.EmailField(_("email"), max_length=254, blank=True)
    office_hours = models.CharField(
        _("office hours"),
        max_length=200,
        blank=True,
        help_text=_("As people should read them, e.g. “Monday to Friday, 08:00–16:00”."),
    )

    natural_key_fields = (*OWNERS, "contact_type_en")
    objects = VisibleManager()
    shown_with = tuple(OWNERS)

    class Meta(Publishable.Meta):
        ordering = ["order", "contact_type_en"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = owner_constraints(
            name_field="contact_type_en", unique_name="contactpoint_unique"
        )

    def __str__(self) -> str:
        owner = self.owner
        return f"{self.contact_type} ({owner})" if owner else self.contact_type

    def get_absolute_url(self) -> str:
        return f"{reverse('org:contact')}#contact-{self.pk}"

    @property
    def telephone_uri(self) -> str:
        """The number as an RFC 3966 ``tel:`` URI: the digits, and a leading "+" if given."""
        digits = "".join(ch for ch in self.telephone if ch.isdigit())
        return f"tel:{'+' if self.telephone.startswith('+') else ''}{digits}"

    @property
    def has_address(self) -> bool:
        return any(
            (self.street_address, self.locality, self.region, self.postal_code, self.country)
        )

    @property
    def country_name(self) -> str:
        return countries.name(self.country) if self.country else ""

    @property
    def country_name_is_english_fallback(self) -> bool:
        """Whether the country's name is shown in English on a page in another language, where
        django-countries has no translation of it (it has none in Lao): the page marks it
        ``lang="en"``, as ``{% tr %}`` marks English in place of missing Lao."""
        language = translation.get_language()
        if not self.country or language == settings.LANGUAGE_CODE:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            english = countries.name(self.country)
        return self.country_name == english
