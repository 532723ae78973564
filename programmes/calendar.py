"""iCalendar (RFC 5545) output for legs.

A leg with exact dates is an all-day span over them. A leg known only to a month, a quarter or a
year is **one all-day event on the period's first day**, its summary saying the date is to be
confirmed and naming the period, and free (``TRANSP:TRANSPARENT``): a 30- or 92-day block would
read as an event lasting months and mark the reader busy all that time; no event at all would
drop the leg from the calendars of those who plan around it. A tentative schedule is
``STATUS:TENTATIVE``, so calendar programs show the uncertainty the source states.
"""

import datetime
import functools
import re
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from programmes.models import Leg

PRODID = "-//ASEAN Department, Ministry of Foreign Affairs of the Lao PDR//Programmes//EN"

# Control characters have no place in calendar text: a bare CR or LF in a one-line property
# would end the content line and let the rest pass for properties of its own.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(value) -> icalendar.vText:
    """Text for a one-line property, whatever was stored: control characters become spaces."""
    return icalendar.vText(_CONTROL_OR_NEWLINE.sub(" ", str(value)).strip())


def multi_line(value) -> icalendar.vText:
    """Text that may span lines (escaped as ``\\n`` by icalendar); other controls removed."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return icalendar.vText(_CONTROL.sub(" ", text))


@functools.cache
def _site_timezone(name: str) -> icalendar.Timezone:
    """The VTIMEZONE of the site's zone: built once per process, not on every request
    (icalendar derives it from the zone's transitions, which is slow)."""
    return icalendar.Timezone.from_tzinfo(zoneinfo.ZoneInfo(name))


def _status(leg: Leg) -> str:
    if leg.status == Leg.Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if leg.schedule_confirmed else "TENTATIVE"


def leg_event(leg: Leg, *, url: str, host: str) -> icalendar.Event | None:
    """The leg as a VEVENT, or None when it has no schedule at all."""
    start, end = leg.period_start, leg.period_end
    if start is None or end is None:
        return None
    event = icalendar.Event()
    event.add("uid", f"leg-{leg.pk}@{host}")
    event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0))
    # Each change of schedule raises the sequence, so calendar programs replace the old event.
    event.add("sequence", leg.sequence)
    changes = list(leg.schedule_changes.all())
    if changes:
        event.add(
            "last-modified", changes[0].recorded_at.astimezone(datetime.UTC).replace(microsecond=0)
        )
    summary = leg.full_title_with_theme()
    if leg.date_precision != Leg.Precision.DAY:
        # Known only to a period: its first day, marked (see the module's docstring).
        end = start
        summary = _("%(leg)s (date to be confirmed: %(period)s)") % {
            "leg": summary,
            "period": leg.schedule_summary(),
        }
        event.add("transp", "TRANSPARENT")
    event.add("summary", one_line(summary))
    # All-day span: DTEND is exclusive, so the day after the period's last day. A span that
    # ends on the last day a date can hold (9999-12-31) has no day after it: its length says
    # where it ends instead (RFC 5545 allows DURATION in place of DTEND).
    event.add("dtstart", start)
    if end < datetime.date.max:
        event.add("dtend", end + datetime.timedelta(days=1))
    else:
        event.add("duration", datetime.timedelta(days=(end - start).days + 1))
    event.add("status", _status(leg))
    lines = [
        leg.theme,
        _("Schedule: %(schedule)s") % {"schedule": leg.schedule_summary()},
        _("Status: %(status)s") % {"status": leg.get_status_display()},
    ]
    lines += [f"{partner.role_label}: {partner.name}" for partner in leg.partners.all()]
    event.add("description", multi_line("\n".join(lines)))
    if leg.host_country_named:
        place = [leg.venue, leg.host_country_named]
        event.add("location", one_line(", ".join(filter(None, place))))
    event.add("url", url)
    return event


def calendar_for(legs: Iterable[tuple[Leg, str]], *, host: str, name: str) -> bytes:
    """A VCALENDAR with one event per (leg, absolute URL) pair."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    # RFC 5545 wants at least one component, even when no leg is scheduled; the Department's
    # time zone is a true one to give.
    calendar.add_component(_site_timezone(settings.TIME_ZONE))
    for leg, url in legs:
        event = leg_event(leg, url=url, host=host)
        if event is not None:
            calendar.add_component(event)
    return calendar.to_ical()
