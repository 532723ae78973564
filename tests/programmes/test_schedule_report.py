import datetime
import json

import pytest
from django.core.management import CommandError

from programmes.models import Leg
from tests.helpers import command_output
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    return command_output("schedule_report", *args)


def test_a_tentative_period_that_passed_unconfirmed_needs_attention(seeded):
    text = report("--today", "2026-11-28")
    assert "Tentative periods that have passed without confirmation: 1" in text
    assert "Leg 3: Third quarter of 2021, tentative (ended 2021-09-30)" in text
    assert "Legs starting within 30 days: 0" in text


def test_a_leg_starting_within_the_window_needs_attention(seeded):
    text = report("--today", "2021-06-15", "--within", "30")
    assert "Tentative periods that have passed without confirmation: 0" in text
    assert "Legs starting within 30 days: 1" in text
    assert "(from 2021-07-01)" in text
    assert "Legs starting within 10 days: 0" in report("--today", "2021-06-15", "--within", "10")


def test_nothing_needs_attention_once_the_leg_is_recorded_as_held(seeded):
    Leg.objects.update(status=Leg.Status.HELD)
    assert "Nothing needs attention." in report("--today", "2026-11-28", "--strict")


def test_cancelled_legs_need_no_attention(seeded):
    Leg.objects.update(status=Leg.Status.CANCELLED)
    data = json.loads(report("--today", "2021-06-15", "--json"))
    assert data["needs_attention"] is False


def test_strict_exits_non_zero_for_cron_when_something_needs_attention(seeded):
    with pytest.raises(CommandError) as caught:
        report("--today", "2026-11-28", "--strict")
    assert caught.value.returncode == 1


def test_json_lists_the_legs_for_machines(seeded):
    programme = Leg.objects.get().programme
    LegFactory(
        programme=programme,
        number=4,
        confirmed=True,
        start_date=datetime.date(2026, 12, 10),
    )
    data = json.loads(report("--today", "2026-11-28", "--json"))
    assert [leg["leg"] for leg in data["lapsed_tentative"]] == [
        "Mainstreaming Peace & Reconciliation in Southeast Asia Training Programme – Leg 3"
    ]
    assert data["starting_soon"][0]["period_start"] == "2026-12-10"
    assert data["needs_attention"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--within", "-1"], "between 0 and 36500"),
        (["--within", "99999999"], "between 0 and 36500"),
        (["--today", "9999-12-31"], "past the last date"),
        (["--today", "yesterday"], "today"),
    ],
)
def test_bad_arguments_are_refused_clearly(db, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)
