"""Dates typed in the back office are read day first, as the Ministry writes them, in Lao and in
English; month first (Django's American default) is refused rather than read as another day."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from programmes.models import Leg
from tests.helpers import admin_form_data, admin_url
from tests.programmes.factories import LegFactory

FEBRUARY_3 = datetime.date(2027, 2, 3)


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("typed", ["2027-02-03", "03/02/2027", "3/2/2027", "03.02.2027"])
def test_a_date_field_reads_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == FEBRUARY_3


@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_month_first_date_is_a_field_error_not_another_day(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateField().clean("02/25/2027")


@pytest.mark.django_db
def test_a_leg_dated_day_first_in_the_lao_back_office_keeps_its_days(admin_client):
    leg = LegFactory(draft=True)  # known only to a quarter; a draft, edited in place
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    url = admin_url(Leg, "change", leg.pk)
    data = admin_form_data(
        admin_client.get(url),
        date_precision="day",
        period_year="",
        period_quarter="",
        start_date="03/02/2027",
        end_date="05/02/2027",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    leg.refresh_from_db()
    assert (leg.start_date, leg.end_date) == (FEBRUARY_3, datetime.date(2027, 2, 5))
