"""Logs that a request cannot forge: one event, one line, whatever a visitor puts in a URL.

A path with ``%0d%0a`` reaches the logs decoded, as a raw CR/LF that would start a line of the
visitor's choosing. Control characters are written as ``\\xNN`` escapes instead, in gunicorn's
access log (``AccessLogger``, set in ``config/gunicorn.py``) and in the project's own messages
(``OneLineFormatter``, set in ``LOGGING``). Tracebacks keep their lines: they are not visitor
text, and are written after the message.

A request for a Host the site does not serve is logged as one line without a traceback
(``WithoutTraceback``): anyone can send one at will, and the traceback says nothing the message
does not.
"""

import logging
import re

from gunicorn.glogging import Logger, SafeAtoms

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class OneLineAtoms(SafeAtoms):
    def __init__(self, atoms):
        super().__init__(
            {
                key: escape_controls(value) if isinstance(value, str) else value
                for key, value in atoms.items()
            }
        )


class AccessLogger(Logger):
    atoms_wrapper_class = OneLineAtoms


class OneLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        return escape_controls(super().formatMessage(record))


class WithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return True


def logging_config(level: str) -> dict:
    """The ``LOGGING`` setting: every message on one line, to standard output."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # One line per message: control characters a request carries are escaped.
        "formatters": {
            "plain": {
                "()": "config.logs.OneLineFormatter",
                "format": "{levelname} {name} {message}",
                "style": "{",
            }
        },
        # Standard output, where a process manager or container runtime collects it.
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stdout",
            }
        },
        "filters": {"without_traceback": {"()": "config.logs.WithoutTraceback"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Replaces Django's own "django" handlers, which would print every message twice.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            # A made-up Host: Django's 400, logged as one line (on to "django"'s handler).
            "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        },
    }
