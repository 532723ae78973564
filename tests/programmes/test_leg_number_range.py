"""A leg's number: the form, the database and the public addresses take the same range, so a
number the back office accepts always has a page."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from programmes.models import LEG_NUMBERS, Leg
from tests.helpers import errors_of
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", [LEG_NUMBERS[0] - 1, LEG_NUMBERS[-1] + 1])
def test_a_leg_number_outside_the_range_is_refused_on_the_field(number):
    leg = LegFactory.build(programme=LegFactory().programme, number=number)
    assert "number" in errors_of(leg)


def test_the_database_refuses_a_leg_number_past_the_range():
    leg = LegFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(number=LEG_NUMBERS[-1] + 1)


@pytest.mark.parametrize("number", [LEG_NUMBERS[0], LEG_NUMBERS[-1]])
def test_every_leg_number_in_the_range_has_a_public_page(client, number):
    leg = LegFactory(number=number)
    assert client.get(leg.get_absolute_url()).status_code == 200
    assert client.get(leg.get_absolute_url() + "calendar.ics").status_code == 200


@pytest.mark.parametrize("number", ["0", "03", str(LEG_NUMBERS[-1] + 1)])
def test_an_address_with_a_number_outside_the_range_is_not_found(client, number):
    LegFactory(number=3)
    programme = Leg.objects.get().programme.slug
    assert client.get(f"/en/programmes/{programme}/legs/{number}/").status_code == 404


def test_no_address_is_made_for_a_number_outside_the_range():
    with pytest.raises(NoReverseMatch):
        reverse("programmes:leg_detail", kwargs={"slug": "x", "number": LEG_NUMBERS[-1] + 1})


def test_the_programme_pages_stay_up_with_the_highest_number_published(client):
    LegFactory(number=LEG_NUMBERS[-1])
    for address in ["/en/programmes/", "/en/programmes/calendar.ics", "/sitemap.xml"]:
        assert client.get(address).status_code == 200
