"""Calendar files hold whatever staff typed, safely: no stored text can end a content line."""

import icalendar
import pytest

from programmes.calendar import calendar_for
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db

INJECTED = "Programme\rBEGIN:VEVENT\r\nUID:forged\nSUMMARY:forged"


def lines_of(raw: bytes) -> list[str]:
    return raw.decode().split("\r\n")


def test_a_programme_title_with_line_breaks_neither_breaks_nor_injects_into_a_leg_calendar(client):
    leg = LegFactory()
    leg.programme.title_en = INJECTED
    leg.programme.save()

    response = client.get(f"{leg.get_absolute_url()}calendar.ics")

    assert response.status_code == 200
    lines = lines_of(response.content)
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith(("UID:forged", "SUMMARY:forged")) for line in lines)
    assert all("\r" not in line and "\n" not in line for line in lines)
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "BEGIN:VEVENT" in str(event["SUMMARY"])  # kept as text, on one line


def test_the_calendar_name_is_escaped_like_any_text():
    raw = calendar_for([], host="example.org", name="Name\rBEGIN:VEVENT\nX")
    lines = lines_of(raw)
    assert "BEGIN:VEVENT" not in lines
    assert any(line.startswith("X-WR-CALNAME:Name BEGIN:VEVENT X") for line in lines)


def test_a_leg_theme_with_control_characters_keeps_its_description_parseable(client):
    leg = LegFactory(
        theme="Theme\x00 with\x1b controls\rand a break",
    )
    response = client.get(f"{leg.get_absolute_url()}calendar.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "\x00" not in str(event["DESCRIPTION"]) and "\x1b" not in str(event["DESCRIPTION"])
