"""A schedule at the precision known, after GOV.UK's statistics announcements: exact dates, or
a period known only to a month, a quarter or a year, and a confirmed flag (a confirmed schedule
must be exact). "Tentatively in the third quarter of 2021" is held as precision=quarter,
year=2021, quarter=3, confirmed=False; nothing is invented to fill the gap.

Which fields each precision needs is written once, in ``PRECISION_FIELDS``: ``clean()`` reads it
for the form's field errors, and ``schedule_matches_precision()`` builds the database's check
constraint from it.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# The code of "Required when the date precision is …": a form that could not read the date
# typed says so itself, and drops this one (programmes/admin.py).
REQUIRED_FOR_PRECISION = "required_for_precision"


class Precision(models.TextChoices):
    DAY = "day", _("Exact dates")
    MONTH = "month", _("Month only")
    QUARTER = "quarter", _("Quarter only")
    YEAR = "year", _("Year only")


# The fields that say when, in the order a form shows them.
PERIOD_FIELDS = ("start_date", "end_date", "period_year", "period_quarter", "period_month")

# For each precision: the fields it needs, and those it may also have. The rest stay empty.
PRECISION_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Precision.DAY: (("start_date",), ("end_date",)),
    Precision.MONTH: (("period_year", "period_month"), ()),
    Precision.QUARTER: (("period_year", "period_quarter"), ()),
    Precision.YEAR: (("period_year",), ()),
}


def schedule_matches_precision() -> models.Q:
    """The check constraint's condition, from ``PRECISION_FIELDS``."""
    condition = models.Q()
    for precision, (needed, allowed) in PRECISION_FIELDS.items():
        empty = [name for name in PERIOD_FIELDS if name not in needed and name not in allowed]
        condition |= models.Q(
            date_precision=precision.value,
            **{f"{name}__isnull": False for name in needed},
            **{f"{name}__isnull": True for name in empty},
        )
    return condition


# The years a schedule may name, by a year or by dates: from ASEAN's founding to a horizon no
# plan reaches. One range for the year field and both dates, so that every schedule a form
# takes has an end a calendar file can state (DTEND is the day after the last day).
YEARS = range(1967, 2201)


def validate_year_of_date(value: datetime.date) -> None:
    if value.year not in YEARS:
        raise ValidationError(
            _("Give a date in the years %(first)s to %(last)s."),
            code="date_out_of_range",
            params={"first": YEARS[0], "last": YEARS[-1]},
        )


QUARTER_NAMES = {
    1: _("First quarter of %(year)s"),
    2: _("Second quarter of %(year)s"),
    3: _("Third quarter of %(year)s"),
    4: _("Fourth quarter of %(year)s"),
}


class Schedule(models.Model):
    """When something takes place, at the precision known: exact dates, or only a month, a
    quarter or a year; tentative or confirmed; and its status. A leg has one; each change to a
    leg's schedule keeps the one before (``ScheduleChange``)."""

    Precision = Precision

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    class Timing(models.TextChoices):
        """Where a leg stands relative to a given day; derived, never stored."""

        UPCOMING = "upcoming", _("Upcoming")
        IN_PROGRESS = "in-progress", _("In progress")
        PAST = "past", _("Past")
        LAPSED = "lapsed", _("Tentative period ended without confirmation")
        CANCELLED = "cancelled", _("Cancelled")

    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_year_of_date]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_year_of_date]
    )
    period_year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(YEARS[0]), MaxValueValidator(YEARS[-1])],
        help_text=_("For a schedule known only to a month, a quarter or a year."),
    )
    period_quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    period_month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    schedule_confirmed = models.BooleanField(
        _("schedule confirmed"),
        default=False,
        help_text=_(
            "Leave unticked while the schedule is tentative. A confirmed schedule has exact dates."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        abstract = True

    FIELDS = (
        "date_precision",
        "start_date",
        "end_date",
        "period_year",
        "period_quarter",
        "period_month",
        "schedule_confirmed",
        "status",
    )

    def schedule_values(self) -> dict:
        return {name: getattr(self, name) for name in self.FIELDS}

    @property
    def period_start(self) -> datetime.date | None:
        """The first day the leg may take place, at the precision known."""
        bounds = self._period_bounds()
        return bounds[0] if bounds else None

    @property
    def period_end(self) -> datetime.date | None:
        """The last day the leg may take place, at the precision known."""
        bounds = self._period_bounds()
        return bounds[1] if bounds else None

    def _period_bounds(self) -> tuple[datetime.date, datetime.date] | None:
        year = self.period_year
        if self.date_precision == self.Precision.DAY:
            if self.start_date is None:
                return None
            return self.start_date, self.end_date or self.start_date
        # Out-of-range values can reach here from a form whose field errors are still pending.
        if year is None or not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            return None
        if self.date_precision == self.Precision.MONTH and self.period_month in range(1, 13):
            first_month = last_month = self.period_month
        elif self.date_precision == self.Precision.QUARTER and self.period_quarter in range(1, 5):
            first_month = 3 * self.period_quarter - 2
            last_month = first_month + 2
        elif self.date_precision == self.Precision.YEAR:
            first_month, last_month = 1, 12
        else:
            return None
        last_day = calendar.monthrange(year, last_month)[1]
        return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)

    def timing(self, today: datetime.date) -> "Schedule.Timing":
        """Where the leg stands on ``today``.

        A tentative period that has ended is not "past": nothing says the leg took place. It is
        LAPSED, unless staff have recorded it as held.
        """
        if self.status == self.Status.CANCELLED:
            return self.Timing.CANCELLED
        bounds = self._period_bounds()
        if bounds is None:
            return self.Timing.UPCOMING
        start, end = bounds
        if today < start:
            return self.Timing.UPCOMING
        if today <= end:
            return self.Timing.IN_PROGRESS
        if self.status == self.Status.HELD or self.schedule_confirmed:
            return self.Timing.PAST
        return self.Timing.LAPSED

    def schedule_text(self) -> str:
        """The schedule in words, keeping the source's precision: "Third quarter of 2021"."""
        if self.date_precision == self.Precision.DAY and self.start_date:
            start = date_format(self.start_date, "DATE_FORMAT")
            if self.end_date and self.end_date != self.start_date:
                return pgettext("date range", "%(start)s to %(end)s") % {
                    "start": start,
                    "end": date_format(self.end_date, "DATE_FORMAT"),
                }
            return start
        start = self.period_start
        if self.date_precision == self.Precision.MONTH and start:
            return date_format(start, "YEAR_MONTH_FORMAT")
        if self.date_precision == self.Precision.QUARTER and start:
            return QUARTER_NAMES[self.period_quarter] % {"year": self.period_year}
        if self.date_precision == self.Precision.YEAR and self.period_year:
            return str(self.period_year)
        return str(_("Date not stated"))

    def schedule_summary(self) -> str:
        """The schedule with its certainty: "Third quarter of 2021, tentative"."""
        certainty = _("confirmed") if self.schedule_confirmed else _("tentative")
        return _("%(schedule)s, %(certainty)s") % {
            "schedule": self.schedule_text(),
            "certainty": certainty,
        }

    def clean_schedule(self) -> None:
        """The schedule fields the date precision needs are set, the others empty
        (``PRECISION_FIELDS``, which the database's check constraint reads too)."""
        errors: dict[str, list] = {}
        needed, allowed = PRECISION_FIELDS.get(self.date_precision, ((), ()))
        for name in PERIOD_FIELDS:
            value = getattr(self, name)
            if name in needed and value is None:
                errors.setdefault(name, []).append(
                    ValidationError(
                        _("Required when the date precision is “%(precision)s”.")
                        % {"precision": self.get_date_precision_display()},
                        code=REQUIRED_FOR_PRECISION,
                    )
                )
            elif name not in needed and name not in allowed and value is not None:
                errors.setdefault(name, []).append(
                    _("Leave empty when the date precision is “%(precision)s”.")
                    % {"precision": self.get_date_precision_display()}
                )
        if not errors and self.status == self.Status.HELD:
            start = self.period_start
            if start and start > timezone.localdate():
                errors["status"] = [_("A leg cannot have been held before its dates.")]
        if errors:
            raise ValidationError(errors)
