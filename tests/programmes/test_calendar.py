import datetime

import icalendar
import pytest

from programmes.models import Leg
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db

LEG_3_ICS = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/calendar.ics"


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_a_leg_known_to_a_quarter_is_one_free_day_saying_the_date_is_to_be_confirmed(
    client, seeded
):
    response = client.get(LEG_3_ICS)
    assert (
        'filename="mainstreaming-peace-and-reconciliation-leg-3.ics"'
        in response["Content-Disposition"]
    )
    (event,) = parse(response).walk("VEVENT")
    assert event["STATUS"] == "TENTATIVE"
    # Not a 92-day block: the quarter's first day, free, its summary naming the quarter.
    assert event.decoded("DTSTART") == datetime.date(2021, 7, 1)
    assert event.decoded("DTEND") == datetime.date(2021, 7, 2)
    assert event["TRANSP"] == "TRANSPARENT"
    assert "Post-Conflict and Reintegration Experience" in str(event["SUMMARY"])
    assert "(date to be confirmed: Third quarter of 2021" in str(event["SUMMARY"])
    assert "Third quarter of 2021, tentative" in str(event["DESCRIPTION"])
    assert "Co-Proponent 2: ASEAN-IPR Lao PDR / ASEAN Department" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Lao PDR"
    assert str(event["URL"]).endswith(
        "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/"
    )


def test_calendar_follows_rfc_5545_line_rules(client, seeded):
    raw = client.get(LEG_3_ICS).content
    lines = raw.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART"):
        assert required in event
    assert b"DTSTART;VALUE=DATE:20210701" in raw


def test_all_legs_calendar_has_one_event_per_scheduled_leg(client, seeded):
    programme = Leg.objects.get().programme
    LegFactory(
        programme=programme,
        number=4,
        confirmed=True,
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 3, 5),
    )
    LegFactory(programme=programme, number=5, status=Leg.Status.CANCELLED)
    events = {
        str(e["UID"]): e for e in parse(client.get("/en/programmes/calendar.ics")).walk("VEVENT")
    }
    assert len(events) == 3
    statuses = sorted(str(e["STATUS"]) for e in events.values())
    assert statuses == ["CANCELLED", "CONFIRMED", "TENTATIVE"]
    confirmed = next(e for e in events.values() if e["STATUS"] == "CONFIRMED")
    assert confirmed.decoded("DTSTART") == datetime.date(2027, 3, 1)
    assert confirmed.decoded("DTEND") == datetime.date(2027, 3, 6)
    assert "TRANSP" not in confirmed and "to be confirmed" not in str(confirmed["SUMMARY"])


def test_an_empty_calendar_is_still_valid_rfc_5545(client, db):
    calendar = parse(client.get("/en/programmes/calendar.ics"))
    assert not calendar.walk("VEVENT")
    # RFC 5545 requires at least one component: the Department's time zone.
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Vientiane"


def test_lao_calendar_carries_lao_text(client, seeded):
    (event,) = parse(client.get(LEG_3_ICS.replace("/en/", "/lo/"))).walk("VEVENT")
    assert "2021" in str(event["DESCRIPTION"])
    assert "Third quarter" not in str(event["DESCRIPTION"])
    assert "Leg 3" not in str(event["SUMMARY"])


def test_a_leg_ending_on_the_last_day_a_date_can_hold_has_a_calendar_and_pages(client, seeded):
    Leg.objects.update(
        date_precision="day",
        start_date=datetime.date(9999, 12, 30),
        end_date=datetime.date.max,
        period_year=None,
        period_quarter=None,
    )
    (event,) = parse(client.get(LEG_3_ICS)).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(9999, 12, 30)
    assert "DTEND" not in event
    assert event.decoded("DURATION") == datetime.timedelta(days=2)
    assert parse(client.get("/en/programmes/calendar.ics")).walk("VEVENT")
    for page in ["/en/programmes/", LEG_3_ICS.removesuffix("calendar.ics"), "/en/"]:
        assert client.get(page).status_code == 200


@pytest.mark.parametrize(
    ("precision", "month", "quarter"), [("month", 2, None), ("year", None, None)]
)
def test_a_leg_known_to_a_month_or_a_year_is_one_day_too(client, precision, month, quarter):
    leg = LegFactory(
        date_precision=precision, period_year=2027, period_month=month, period_quarter=quarter
    )
    (event,) = parse(client.get(leg.get_absolute_url() + "calendar.ics")).walk("VEVENT")
    first = datetime.date(2027, month or 1, 1)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (first, first.replace(day=2))
    assert "date to be confirmed" in str(event["SUMMARY"])


def test_a_host_country_given_only_by_its_code_is_named_on_the_page_and_in_the_calendar(client):
    leg = LegFactory(host_country_en="", host_country_code="ID")
    assert "Indonesia" in client.get(leg.get_absolute_url()).content.decode()
    (event,) = parse(client.get(leg.get_absolute_url() + "calendar.ics")).walk("VEVENT")
    assert "Indonesia" in str(event["LOCATION"])
    lao = leg.get_absolute_url().replace("/en/", "/lo/")
    assert "ອິນໂດເນເຊຍ" in client.get(lao).content.decode()
