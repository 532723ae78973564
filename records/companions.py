"""Sections that apps above ``records`` add to the record set: *companions* of the content.

The content sections hold what every record says. An app above this one may keep more about those
records that a record set must carry too (the publishing app: working copies, review states,
schedules, change notes). It declares each such section as the dotted path of a ``Companion`` in
its ``contribution.record_companions`` (``core/contributions.py``); this app names no app above it.

A companion's entries name their records by section and key, as references between entries do.
Export writes every companion's section after the content; import reads them after the content
is loaded, in the same transaction, with the loader's records to find what the keys name. A file
without a companion's section (a version 1 file) leaves what that companion keeps as it is.
"""

from functools import cache
from typing import Any, Protocol

from django.db import models
from django.utils.module_loading import import_string

from core.contributions import contributing_apps
from records.format import RecordsInvalid


class Companion(Protocol):
    # The section's name in the file.
    name: str

    def export(self) -> list[dict[str, Any]]:
        """The section's entries, sorted: two exports of the same database are identical."""

    def load(self, entries: list[Any], loader: Any) -> None:  # a records.writing.RecordLoader
        """Make the database say what ``entries`` say for the records they name; a problem is
        added to ``loader.problems`` with its place, each outcome to ``loader.report``."""


@cache
def companions() -> tuple[Companion, ...]:
    return tuple(
        import_string(path)
        for _app, contribution in contributing_apps()
        for path in contribution.record_companions
    )


def companion_names() -> list[str]:
    return [companion.name for companion in companions()]


def load_companions(loader: Any) -> None:
    """Each companion's section of the file, once the content it names loaded without problems."""
    for companion in companions() if not loader.problems else ():
        entries = loader.data.get(companion.name)
        if entries is None:
            continue
        if not isinstance(entries, list):
            loader.problems.append(f"{companion.name}: must be a list of entries")
            continue
        companion.load(entries, loader)


def load_over(
    loader: Any, data: dict[str, list], place: str, *, matched: dict | None = None
) -> dict[str, models.Model] | None:
    """Load ``data`` (sections of entries, as a file gives them) over what ``loader`` loaded:
    entries whose keys it loaded already are made to say what ``data`` says (a companion's copy
    of records, which its caller rolls back); ``matched``: "section:key" -> the record an entry
    updates whatever its key says (a copy that changes the record's key). Problems are the
    loader's, prefixed with ``place``; returns "section:key" -> record, or None on a problem."""
    ours = {
        f"{name}:{entry.get('key')}"
        for name, entries in data.items()
        for entry in entries
        if isinstance(entry, dict)
    }
    inner = type(loader)(data, mode="import")
    inner.matched = dict(matched or {})
    inner.records = {ref: obj for ref, obj in loader.records.items() if ref not in ours}
    try:
        inner.run()
    except RecordsInvalid as invalid:
        loader.problems.extend(f"{place}: {problem}" for problem in invalid.problems)
        return None
    return {ref: inner.records[ref] for ref in ours if ref in inner.records}
