"""A schedule's dates and its year take the same years, and every schedule a form takes has
a calendar file (whose DTEND is the day after the last day)."""

import datetime

import pytest

from programmes.schedule import YEARS
from tests.helpers import errors_of
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(YEARS[-1], 12, 31)


def exact(**dates):
    return {"date_precision": "day", "period_year": None, "period_quarter": None, **dates}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_date", datetime.date(YEARS[0] - 1, 12, 31)),
        ("end_date", datetime.date(9999, 12, 31)),
        ("period_year", YEARS[-1] + 1),
    ],
)
def test_a_schedule_outside_the_years_is_refused_on_its_field(field, value):
    schedule = exact(start_date=datetime.date(2030, 1, 1)) if field != "period_year" else {}
    leg = LegFactory.build(programme=LegFactory().programme, **{**schedule, field: value})
    assert field in errors_of(leg)


def test_a_leg_ending_on_the_last_day_allowed_has_a_calendar_file(client):
    leg = LegFactory(**exact(start_date=LAST_DAY, end_date=LAST_DAY))
    response = client.get(leg.get_absolute_url() + "calendar.ics")
    assert response.status_code == 200
    assert f"DTEND;VALUE=DATE:{YEARS[-1] + 1}0101" in response.content.decode()
    assert client.get("/en/programmes/calendar.ics").status_code == 200
