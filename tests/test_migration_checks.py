"""The data checks the migrations run before a stricter rule (``core/migration_checks.py``):
existing records are tidied, and records the rule would refuse stop the migration with a
message naming them, changing nothing."""

import pytest
from django.apps import apps
from django_countries.data import COUNTRIES

from core.migration_checks import codes_in_capitals_or_blank, tidy_names_or_refuse
from org.models import Division
from programmes.models import Leg

pytestmark = pytest.mark.django_db

DIVISIONS = [("org", "Division", ("department_id",), "name_en")]


def test_names_are_stored_with_single_spaces(seeded):
    division = Division.objects.get(slug="general-affairs")
    Division.objects.filter(pk=division.pk).update(name_en="General   Affairs  Division ")
    tidy_names_or_refuse(apps, DIVISIONS)
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"


def test_names_differing_only_in_spaces_stop_the_migration_naming_both(seeded):
    first = Division.objects.get(slug="general-affairs")
    second = Division.objects.get(slug="external-partners")
    Division.objects.filter(pk=second.pk).update(name_en="General  Affairs Division")
    low, high = sorted([first.pk, second.pk])
    with pytest.raises(ValueError, match=f"Division #{low} and #{high}"):
        tidy_names_or_refuse(apps, DIVISIONS)
    second.refresh_from_db()
    assert second.name_en == "General  Affairs Division"  # nothing changed


def test_country_codes_are_stored_in_capitals_and_made_up_ones_emptied(seeded):
    leg = Leg.objects.get()
    Leg.objects.filter(pk=leg.pk).update(host_country_code="la")
    assert (
        codes_in_capitals_or_blank(apps, "programmes", "Leg", "host_country_code", COUNTRIES) == []
    )
    leg.refresh_from_db()
    assert leg.host_country_code == "LA"
    Leg.objects.filter(pk=leg.pk).update(host_country_code="X1")
    emptied = codes_in_capitals_or_blank(apps, "programmes", "Leg", "host_country_code", COUNTRIES)
    assert emptied == [(leg.pk, "X1")]
    leg.refresh_from_db()
    assert leg.host_country_code == ""


def test_stored_text_is_normalised_as_forms_now_store_it(seeded):
    from core.migration_checks import normalise_text_or_refuse

    division = Division.objects.get(slug="general-affairs")
    Division.objects.filter(pk=division.pk).update(
        name_en="General\u00a0Affairs Division\u200b", name_lo="ກ\u0ec8\u0eb5"
    )
    normalise_text_or_refuse(apps, "org")
    division.refresh_from_db()
    assert (division.name_en, division.name_lo) == ("General Affairs Division", "ກ\u0eb5\u0ec8")


def test_a_name_that_would_read_as_another_stops_the_migration_naming_it(seeded):
    from core.migration_checks import normalise_text_or_refuse

    other = Division.objects.get(slug="external-partners")
    # Reads as the General Affairs Division's name once its zero-width space is gone.
    Division.objects.filter(pk=other.pk).update(name_en="General Affairs Division\u200b")
    with pytest.raises(ValueError, match=f"Division #{other.pk}"):
        normalise_text_or_refuse(apps, "org")
    other.refresh_from_db()
    assert other.name_en == "General Affairs Division\u200b"  # nothing changed
