"""Reading a record-set file into Python values, refusing what JSON and TOML let through but a
record set never holds.

- A key given twice in one JSON object: ``json`` would keep the last silently (TOML refuses it
  itself).
- NaN and Infinity (JSON's ``NaN``, ``Infinity``, a number too large such as ``1e400``; TOML's
  ``nan`` and ``inf``), and integers too long to be a field's value.
- Nesting deeper than a record set's own: a file of a million ``[`` would otherwise end in a
  RecursionError.

A file that is not JSON or TOML at all is ``Unparsable`` (one message, with its line and
column); a readable file with such values is ``RecordsInvalid``, every problem with its place
(``divisions[2].name_en``).
"""

import json
import math
import tomllib
from collections.abc import Iterator
from typing import Any

from core.plaintext import shown
from records.format import RecordsInvalid

# A content entry nests a section's list, an entry's table and a many-to-many list (or the Lao
# review's texts by language) in the file's table; a working copy's row entry goes deepest:
# file, working_copies, copy, rows, section, entry, review, language. That, and no more.
MAX_DEPTH = 8

# More digits than any field's number can have (a 64-bit integer has 19).
MAX_DIGITS = 20


class Unparsable(Exception):
    """The text is not JSON (or TOML) at all; the message says where."""


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: list[str]


class _Refused:
    """A number the file gave that no field may hold; kept as written, for the report."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _non_finite(text: str) -> Any:
    return _Refused(text, "is not a number a record may hold")


def _float(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _non_finite(text)


def _int(text: str) -> Any:
    if len(text.lstrip("+-").replace("_", "")) > MAX_DIGITS:
        return _Refused(f"{text[:MAX_DIGITS]}…", "has too many digits to be a field's value")
    return int(text)


_TOO_DEEP = f"the file nests lists and tables far deeper than a record set does ({MAX_DEPTH} levels at most)"


def parse_json(text: str) -> Any:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_non_finite,
            parse_float=_float,
            parse_int=_int,
        )
    except RecursionError:
        raise RecordsInvalid([_TOO_DEEP]) from None
    except ValueError as exc:
        raise Unparsable(f"is not valid JSON: {exc}") from None
    _check(data)
    return data


def parse_toml(text: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text, parse_float=_float)
    except RecursionError:
        raise RecordsInvalid([_TOO_DEEP]) from None
    except ValueError as exc:  # TOMLDecodeError, or an integer with thousands of digits
        raise Unparsable(f"is not valid TOML: {exc}") from None
    _check(data)
    return data


def _check(data: Any) -> None:
    problems = list(_problems(data, "", 0))
    if problems:
        raise RecordsInvalid(problems)


def _problems(value: Any, place: str, depth: int) -> Iterator[str]:
    where = place or "the file"
    if isinstance(value, _Refused):
        yield f"{where}: {value.text} {value.reason}"
    elif isinstance(value, float) and not math.isfinite(value):
        yield f"{where}: {value} is not a number a record may hold"
    elif isinstance(value, dict | list) and depth >= MAX_DEPTH:
        yield f"{where}: nested too deeply; a record set nests {MAX_DEPTH} levels at most"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            yield f"{where}: '{shown(key)}' is given more than once"
        for key, item in value.items():
            yield from _problems(item, f"{place}.{shown(key)}" if place else shown(key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, f"{place}[{index}]", depth + 1)
