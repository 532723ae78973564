"""What a field of a record may be given in a record set: exactly the type its model field holds,
never something that can be made into it.

Django's ``to_python`` is lenient on purpose (a form posts text): it makes ``1.9`` a number of
``1``, ``"true"`` a yes and ``True`` the text ``"True"``. A file written by a program deserves
no such guessing: a value of the wrong type is refused, with what was expected.

- a whole number: a JSON or TOML integer (not ``true``, not ``3.0``);
- yes/no: ``true`` or ``false``;
- a date: ``"YYYY-MM-DD"`` (or a TOML date); a moment: ISO 8601 with its offset;
- text: a string of plain text (``core/plaintext.py``), CR LF made a line break in
  multi-line fields;
- a table (a JSON field: the texts a Lao review saw): tables of plain text, to any depth the
  file allows.

``null`` is passed on: whether a field may be empty is the model's to say (``full_clean``).
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from core.plaintext import is_multi_line, normalise_newlines, normalise_text, shown, text_error

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


class ValueRefused(Exception):
    """The value cannot be the field's; the message says what it must be."""


def what(value: Any) -> str:
    """A value as a message names it, in the file's terms."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        text = shown(value)
        return f'the text "{text[:60]}{"…" if len(text) > 60 else ""}"'
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time of day"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _whole_number(field: models.Field, value: Any) -> int:
    if type(value) is not int:
        raise ValueRefused(f"must be a whole number, not {what(value)}")
    return value


def _yes_no(field: models.Field, value: Any) -> bool:
    if type(value) is not bool:
        raise ValueRefused(f"must be true or false, not {what(value)}")
    return value


def _date(field: models.Field, value: Any) -> datetime.date:
    if type(value) is datetime.date:
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueRefused(f"must be a date written YYYY-MM-DD, not {what(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueRefused(f"{what(value)} is not a date of the calendar") from None


def _moment(field: models.Field, value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        raise ValueRefused(
            "must be a date and time written YYYY-MM-DDTHH:MM:SS with its offset from UTC "
            f"(e.g. 2021-07-01T09:30:00+07:00), not {what(value)}"
        )
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValueRefused(f"{what(value)} is not a moment of the calendar") from None


def _text(field: models.Field, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueRefused(f"must be text, not {what(value)}")
    multi_line = is_multi_line(field)
    value = normalise_text(value, multi_line=multi_line)
    error = text_error(value, multi_line=multi_line)
    if error is not None:
        raise ValueRefused(" ".join(error.messages))
    return value


def _table(field: models.Field, value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueRefused(f"must be a table, not {what(value)}")
    for name, inner in value.items():
        if isinstance(inner, dict):
            _table(field, inner)
        elif inner is not None and not isinstance(inner, str):
            raise ValueRefused(f"'{shown(name)}' must be text or a table, not {what(inner)}")
        elif inner is not None and (
            error := text_error(normalise_newlines(inner), multi_line=True)
        ):
            raise ValueRefused(f"'{shown(name)}': {' '.join(error.messages)}")
    return value


CONVERTERS: dict[str, Callable[[models.Field, Any], Any]] = {
    "BooleanField": _yes_no,
    "CharField": _text,
    "SlugField": _text,
    "TextField": _text,
    "DateField": _date,
    "DateTimeField": _moment,
    "JSONField": _table,
    **dict.fromkeys(
        [
            "IntegerField",
            "SmallIntegerField",
            "BigIntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "PositiveBigIntegerField",
        ],
        _whole_number,
    ),
}


def key_problem(key: Any) -> str | None:
    """What is wrong with an entry's key, or None: a key is one line of plain text."""
    if not isinstance(key, str) or not key:
        return "every entry needs a 'key' text"
    if text_error(key, multi_line=False):
        return f"the key '{shown(key)}' holds a control character; a key is one line of plain text"
    return None


def field_value(field: models.Field, value: Any) -> Any:
    """The value for ``field`` from a record set, checked against the field's own validators
    too (so that a number out of range never reaches a query); ``ValueRefused`` otherwise."""
    if value is None:
        return None
    converter = CONVERTERS.get(field.get_internal_type())
    if converter is None:
        raise ValueRefused(f"cannot be set from a record set (a {field.get_internal_type()})")
    value = converter(field, value)
    try:
        field.run_validators(value)
    except ValidationError as exc:
        raise ValueRefused(" ".join(exc.messages)) from None
    return value
