"""Country codes as ISO 3166-1 alpha-2 defines them: the list is django-countries' (kept up to
date by that project), so a code like "X1" is refused before it reaches the public JSON-LD."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.data import COUNTRIES


def validate_country_code(value: str) -> None:
    if value and value not in COUNTRIES:
        raise ValidationError(
            _(
                "“%(value)s” is not an ISO 3166-1 country code: use two letters, "
                "such as LA for the Lao PDR or TH for Thailand."
            ),
            code="invalid_country_code",
            params={"value": value},
        )


class CountryCodeField(models.CharField):
    """A two-letter ISO 3166-1 code, stored in capitals whatever case was typed ("la" is LA)."""

    default_validators = [validate_country_code]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 2)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if isinstance(value, str) else value
