"""The hostile values: what a careless paste, a broken client or an attacker may send.

One table, used for every form field, filter, query string and path segment. Each value is
sent as UTF-8; lone surrogates, which UTF-8 cannot hold, go out as their raw bytes
(``%ED%A0%80``), as a broken client would send them.
"""

import os

VALUES: dict[str, str] = {
    # Blank, and text a form strips to blank.
    "empty": "",
    "whitespace": " \t\n\u00a0\u3000 ",
    # Characters that have no place in text: PostgreSQL refuses NUL outright.
    "nul": "a\x00b",
    "controls": "a\x01\x07\x08\x0b\x0c\x1b\x7f\x85b",
    "crlf": "line one\r\nInjected-Header: 1",
    "lone-surrogate": "\ud800",
    # Sizes.
    "long": "x" * 10_000,
    # Unicode that changes how text reads.
    "rtl-override": "\u202egnp.exe\u202c",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    # Syntax of the formats the site writes.
    "template": "{{ request.user }}{% debug %}{# x",
    "html": '<script>alert(1)</script><img src=x onerror="alert(1)">',
    "json-ld-breakout": "</script><!--<script>",
    "sql": "' OR 1=1 --",
    "printf": "%s %d %(x)s %",
    "ical": "A;B,C:D\\nE\\",
    "formula": '=HYPERLINK("http://evil.example")',
    # Numbers at and past every limit.
    "zero": "0",
    "minus-one": "-1",
    "ten-thousand": "10000",
    "smallint-overflow": "32768",
    "two-to-63": str(2**63),
    "huge": "9" * 400,
    "float": "1.5",
    "other-digits": "\u0661\u0662",  # Arabic-Indic 12: Python's int() reads it
    # Dates past every limit.
    "date-zero": "0000-00-00",
    "date-last": "9999-12-31",
    "date-past-last": "10000-01-01",
    "date-feb-30": "2021-02-30",
}

# Values for the fields a person never types in (inline formsets' bookkeeping, hidden keys):
# what a tampered form would carry there.
MACHINERY = [
    "empty",
    "nul",
    "lone-surrogate",
    "long",
    "html",
    "minus-one",
    "two-to-63",
    "huge",
    "float",
]

# Each admin page renders in tens of milliseconds, and every value meets hundreds of fields and
# parameters: the whole table takes many minutes. By default the suite sends these, one of each
# kind of trouble; HOSTILE_FULL=1 sends the whole table (before a release, or nightly).
CORE = [
    "empty",
    "whitespace",
    "nul",
    "crlf",
    "lone-surrogate",
    "long",
    "template",
    "html",
    "minus-one",
    "ten-thousand",
    "two-to-63",
    "float",
    "date-zero",
    "date-last",
]
# Admin forms cost the most (a page per refused field): fewer still by default. Numbers past the
# forms' own limits ("ten-thousand") go to every list and address; in forms, "two-to-63" stands
# for them (refused by the same validators, and past the database's range besides).
FORM_CORE = ["crlf", "long", "html", "two-to-63", "date-last"]
FULL = os.environ.get("HOSTILE_FULL") == "1"

# What the database itself judges: NUL and lone surrogates (PostgreSQL refuses both, SQLite stores
# them), lengths (SQLite enforces none) and integers past what the forms' checks know (each engine
# overflows its own way). The rest (markup, line breaks, blanks, templates, and the numbers and
# dates the forms read and refuse or convert themselves, in Python, whatever the engine) is
# judged the same on both, so on PostgreSQL, where CI runs the suite a second time, the sweeps
# send only these (the SQLite run sends all).
ENGINE_SENSITIVE = {"nul", "lone-surrogate", "long", "two-to-63", "huge", "smallint-overflow"}


def _second_run() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql" and not FULL


def chosen(names: list[str]) -> list[str]:
    """``names``, or every value under HOSTILE_FULL=1; on PostgreSQL the engine-sensitive ones."""
    names = list(VALUES) if FULL else names
    return [name for name in names if name in ENGINE_SENSITIVE] if _second_run() else names


def machinery() -> list[str]:
    """The values for hidden fields: the first four (HOSTILE_FULL=1: all). On PostgreSQL only
    NUL: hidden fields carry keys, counts and tokens, which the forms parse in Python whatever
    the engine; a NUL is the one value that could reach a text column there and be refused by
    the database itself."""
    if FULL:
        return MACHINERY
    return ["nul"] if _second_run() else MACHINERY[:4]
