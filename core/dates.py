"""Dates as a Lao or English-speaking editor types them, read once for every date field of the
back office (``day_first_date_field``, used by its admins' ``formfield_for_dbfield``).

What is typed is first normalised as all text is (``core/plaintext.py``: a pasted no-break space
is a space, invisible characters go), and its digits made ASCII (Lao ``໐໑/໐໒/໒໐໒໗``). Then
every form that names one day without doubt is read, day first, as the Ministry writes dates:

- ``01/02/2027``, ``1/2/2027``, ``01.02.2027``, ``01-02-2027``: 1 February, never 2 January;
- ``2027-02-01``, ``2027/02/01``: the year first, then month and day (ISO's order);
- ``1 February 2027``, ``1 Feb 2027``, ``1 ກຸມພາ 2027``, ``ວັນທີ 1 ເດືອນກຸມພາ 2027``,
  ``February 1, 2027``: a month by its name, in English or Lao (the names Django's catalogs give,
  ``locale/packages``), in full or short.

A year is four digits. ``1/2/27`` is refused, naming the forms above: the back office holds
dates of both centuries (the Department was established in 1996, people took up posts before
2000), so a two-digit year would be read as the wrong one for some of them, silently; typing two
more digits costs less than a wrong date on a public page. Everything else is refused with the
accepted forms and an example, in the reader's language; a day the calendar does not have
(``31/04/2027``) and a month past 12 (a date typed month first) say so.

The field shows a date day first (``DATE_INPUT_FORMATS``' first form, ``config/formats/``), so
that what the editor typed comes back as they typed it, and the calendar's choice is written so.
"""

import calendar
import datetime
import functools
import re
import unicodedata

from django import forms
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP
from django.utils.translation import gettext_lazy as _

from core.plaintext import normalise_text

ACCEPTED_FORMS_MESSAGE = _(
    "Type the date day first, with the year in four digits, for example 01/02/2027, "
    "1 February 2027, 1 ກຸມພາ 2027 or 2027-02-01 (all are 1 February 2027)."
)
TWO_DIGIT_YEAR_MESSAGE = _(
    "Type the year in four digits (2027, not 27): two digits could mean either century. For "
    "example 01/02/2027, 1 February 2027 or 1 ກຸມພາ 2027."
)
NO_SUCH_MONTH_MESSAGE = _(
    "There is no month %(month)s: type the day first, then the month, for example 25/02/2027 "
    "for 25 February 2027."
)
NO_SUCH_DAY_MESSAGE = _("There is no such day: %(month)s %(year)s has %(days)s days.")

# Optional words before the day and the month: "ວັນທີ" (date), "ເດືອນ" (month).
_DAY_WORD = "(?:ວັນທີ)?"
_MONTH_WORD = "(?:ເດືອນ)?"


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (Lao ``໒``, Thai, Arabic-Indic…) as its ASCII one."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _normalised_name(name: str) -> str:
    return normalise_text(name, multi_line=False).casefold().rstrip(".")


@functools.cache
def _month_numbers() -> dict[str, int]:
    """Each month's names in every language of the site, full and short, casefolded and without
    a final dot → its number."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for table in (MONTHS, MONTHS_3, MONTHS_AP):
                for number, name in table.items():
                    names[_normalised_name(str(name))] = number
    names["sept"] = 9
    return names


@functools.cache
def _patterns() -> list[re.Pattern]:
    """The accepted forms as patterns: day ``d``, month ``m`` (or ``M``, by name), year ``y``."""
    names = "|".join(re.escape(n) for n in sorted(_month_numbers(), key=len, reverse=True))
    month = rf"{_MONTH_WORD} ?(?P<M>{names})\.?"
    return [
        re.compile(r"(?P<y>\d{4})([/.-])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"),
        re.compile(r"(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d+)"),
        re.compile(rf"(?P<d>\d{{1,2}})[ /.-]?{month}[ /.,-]*(?P<y>\d+)"),
        re.compile(rf"{month} ?(?P<d>\d{{1,2}})(?:,| |, )(?P<y>\d+)"),
    ]


def _normalised(typed: str) -> str:
    """``typed`` as text is stored (one-line), digits ASCII, lower case, no spaces around the
    separators, no leading "ວັນທີ"."""
    text = _ascii_digits(normalise_text(typed, multi_line=False)).casefold()
    text = re.sub(r" ?([/.,-]) ?", r"\1", text)
    return re.sub(rf"^{_DAY_WORD} ?", "", text)


def read_date(typed: str) -> datetime.date:
    """The day ``typed`` names (see the module's docstring), or a ValidationError saying which
    forms are accepted."""
    text = _normalised(typed)
    for pattern in _patterns():
        found = pattern.fullmatch(text)
        if found is not None:
            break
    else:
        raise forms.ValidationError(ACCEPTED_FORMS_MESSAGE, code="invalid")
    parts = found.groupdict()
    if len(parts["y"]) == 2:
        raise forms.ValidationError(TWO_DIGIT_YEAR_MESSAGE, code="invalid")
    if len(parts["y"]) != 4:
        raise forms.ValidationError(ACCEPTED_FORMS_MESSAGE, code="invalid")
    year, day = int(parts["y"]), int(parts["d"])
    month = _month_numbers()[parts["M"]] if parts.get("M") else int(parts["m"])
    if not 1 <= month <= 12:
        raise forms.ValidationError(NO_SUCH_MONTH_MESSAGE, code="invalid", params={"month": month})
    if year < 1 or day < 1:
        raise forms.ValidationError(ACCEPTED_FORMS_MESSAGE, code="invalid")
    days = calendar.monthrange(year, month)[1]
    if day > days:
        raise forms.ValidationError(
            NO_SUCH_DAY_MESSAGE,
            code="invalid",
            params={"month": MONTHS[month], "year": year, "days": days},
        )
    return datetime.date(year, month, day)


class DayFirstDateField(forms.DateField):
    """A date field reading what is typed with ``read_date``."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return read_date(str(value))


def day_first_date_field(db_field: models.Field, kwargs: dict) -> dict:
    """``kwargs`` for ``ModelAdmin.formfield_for_dbfield``, with ``DayFirstDateField`` for a
    date field of a record (not a date and time)."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return {"form_class": DayFirstDateField, **kwargs}
    return kwargs
