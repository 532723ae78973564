"""Saying what changed between two snapshots, and who saved in between (from the history)."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from backoffice.concurrent_editing.snapshots import REVISION_MARK, history_model, relations
from backoffice.history import field_of, shown_change, translated_originals
from backoffice.labels import field_label
from core.history import author
from publishing import revisions
from publishing.revisions import same


def person(user) -> str:
    """Named as the history names people (``core.history.author``)."""
    if user is None:
        return gettext("someone not recorded (a command or a script)")
    return user.get_full_name() or user.get_username()


def _field_changes(model, old: dict, new: dict, kept=frozenset()) -> list[str]:
    originals = translated_originals(model)
    lines = []
    for name in new:
        if name not in old or same(old[name], new[name]):
            continue
        field = field_of(model, name)
        if field is None or field.name in originals:
            continue
        before, after = shown_change(field, old[name], new[name])
        values = {"field": field_label(field), "old": before, "new": after}
        if name in kept:
            lines.append(gettext("%(field)s: “%(old)s” → “%(new)s” (your input is kept)") % values)
        else:
            lines.append(gettext("%(field)s: “%(old)s” → “%(new)s”") % values)
    return lines


def _row_label(model, values: dict) -> str:
    """A row named as its own page would name it, built from a snapshot's values (the row may
    no longer exist)."""
    kwargs = {}
    for name, value in values.items():
        field = field_of(model, name)
        if field is not None and field.concrete and not field.many_to_many:
            with contextlib.suppress(ValidationError):
                kwargs[field.attname] = field.to_python(value)
    try:
        text = str(model(**kwargs))
    except Exception:  # a label is a nicety: a row whose name fails is still listed
        text = "…"
    return gettext("%(model)s “%(name)s”") % {"model": model._meta.verbose_name, "name": text}


def describe_changes(model_admin, request, obj, old: dict, new: dict, kept) -> list[str]:
    """One line per change between two snapshots: fields of the record, then rows changed,
    deleted and added. ``kept`` (from the merges) marks where the person's input was kept."""
    lines = [
        capfirst(line)
        for line in _field_changes(
            model_admin.model, old["record"], new["record"], kept.get(None, ())
        )
    ]
    inlines = relations(model_admin, request, obj)
    for key, rows in new["rows"].items():
        before = old["rows"].get(key)
        if key not in inlines or before is None:
            continue
        child = inlines[key][0]
        for pk, values in before.items():
            if pk not in rows:
                line = (
                    gettext("%(row)s: deleted (your version of it is kept as a new row)")
                    if pk in kept.get(key, ())
                    else gettext("%(row)s: deleted")
                )
                lines.append(capfirst(line % {"row": _row_label(child, values)}))
            elif rows[pk] != values:
                label = capfirst(_row_label(child, rows[pk]))
                lines.extend(
                    f"{label}: {line}"
                    for line in _field_changes(child, values, rows[pk], kept.get((key, pk), ()))
                )
        for pk, values in rows.items():
            if pk not in before:
                lines.append(
                    capfirst(gettext("%(row)s: added") % {"row": _row_label(child, values)})
                )
    return lines


def saved_by(model_admin, request, obj, marks: dict) -> str:
    """Who saved the record or its rows after the marks, each with their last time:
    "Alice Smith (12 March 2025, 14:05)". A change no history entry records (a script's
    ``update()``) is said to be by someone not recorded, never put on the last person who saved."""
    entries = []
    for model, attname in [(model_admin.model, model_admin.model._meta.pk.attname)] + [
        (child, fk.attname) for child, fk, _inline in relations(model_admin, request, obj).values()
    ]:
        history = history_model(model)
        if history is None:
            continue
        mark = marks.get(model._meta.label_lower, 0)
        entries.extend(
            history._default_manager.filter(**{attname: obj.pk}, pk__gt=mark).select_related(
                "history_user"
            )
        )
    latest: dict[str, datetime.datetime] = {}
    for entry in sorted(entries, key=lambda entry: entry.history_date):
        latest[author(entry)] = entry.history_date
    revision = revisions.revision_of(obj)
    if revision is not None and revision.number > marks.get(REVISION_MARK, 0):
        # The working copy of a published record, saved since: its last author.
        latest.pop(person(revision.updated_by), None)
        latest[person(revision.updated_by)] = revision.updated_at
    if not latest:
        return gettext("someone not recorded (a command or a script)")
    return ", ".join(
        gettext("%(person)s (%(time)s)")
        % {
            "person": person,
            "time": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        }
        for person, when in latest.items()
    )
