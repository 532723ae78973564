"""Reading the database into a record set (``export_records``)."""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import models

from records.companions import companions
from records.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    record_fields,
    record_key,
    sections,
)


def _export_value(obj: models.Model, model_field: models.Field, chosen=None) -> Any:
    if model_field.many_to_many:
        related = chosen.get(model_field.name, ()) if chosen is not None else None
        if related is None:
            related = getattr(obj, model_field.name).all()
        return sorted(record_key(record) for record in related)
    if isinstance(model_field, models.ForeignKey):
        related = getattr(obj, model_field.name)
        return record_key(related) if related is not None else None
    value = getattr(obj, model_field.attname)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export_entry(obj: models.Model, chosen: dict | None = None) -> dict[str, Any]:
    """One record as an entry of its section: its key and the fields a record set carries.
    ``chosen``: the many-to-many choices (field name -> records) of a record not as stored."""
    entry = {"key": record_key(obj)}
    entry.update({f.name: _export_value(obj, f, chosen) for f in record_fields(type(obj))})
    return entry


def _parents_first(entries: list[dict], fields: list[models.Field], model) -> list[dict]:
    """Entries sorted by key, except that a record pointing to another of its own kind (a body
    that is part of another) comes after it, so the file loads from top to bottom."""
    own = [f.name for f in fields if isinstance(f, models.ForeignKey) and f.related_model is model]
    by_key = {entry["key"]: entry for entry in entries}

    def depth(entry: dict, seen: frozenset = frozenset()) -> int:
        parents = [by_key[entry[name]] for name in own if entry.get(name) in by_key]
        if not parents or entry["key"] in seen:
            return 0
        return 1 + max(depth(parent, seen | {entry["key"]}) for parent in parents)

    return sorted(entries, key=lambda entry: (depth(entry), entry["key"]))


def export_record_set(*, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Every content record, sections in load order, entries sorted by key, then the companion
    sections (``records/companions.py``): two exports of the same records are identical."""
    data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    all_sections = sections()
    for done, section in enumerate(all_sections, start=1):
        fields = record_fields(section.model)
        queryset = section.model._default_manager.select_related(*section.related)
        m2m = [f.name for f in fields if f.many_to_many]
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        entries = []
        for obj in queryset:
            entry = {"key": record_key(obj)}
            entry.update({f.name: _export_value(obj, f) for f in fields})
            entries.append(entry)
        data[section.name] = _parents_first(entries, fields, section.model)
        if progress:
            progress(done, len(all_sections))
    for companion in companions():
        data[companion.name] = companion.export()
    return data
