"""Publishing rows about one record each, carried field by field: reviews, schedules, change
notes."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator

from core.plaintext import shown
from publishing.record_set.shared import (
    People,
    json_key,
    loaded,
    moment,
    named,
    records_by_kind,
    targeted,
)
from records.format import describe_errors, record_key, section_for_model
from records.values import ValueRefused, field_value


@dataclass(frozen=True)
class RecordRows:
    """A publishing model whose rows are about one record each (or several, ``many``), carried
    field by field; ``people``: its fields naming an account."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    people: tuple[str, ...] = ()
    many: bool = False
    titled: bool = False

    def _entry(self, row, section: str, key: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"section": section, "key": key}
        for name in self.fields:
            value = getattr(row, name)
            entry[name] = moment(value) if hasattr(value, "isoformat") else value
        for name in self.people:
            entry[name] = named(getattr(row, name))
        return entry

    def export(self) -> list[dict[str, Any]]:
        rows = list(self.model._default_manager.select_related(*self.people))
        records = records_by_kind(rows)
        entries = []
        for row in rows:
            record = records.get((row.content_type_id, row.object_id))
            if record is not None:
                section = section_for_model(type(record)).name
                entries.append(self._entry(row, section, record_key(record)))
        return sorted(entries, key=lambda e: json_key(e))

    def load(self, entries: list[Any], loader) -> None:
        people = People()
        given: dict[tuple[type, int], list] = {}
        for place, entry, record, section, key in targeted(self.name, entries, loader):
            row, problems = self._row(entry, record, people)
            if problems:
                loader.problems.extend(f"{place}: {p}" for p in problems)
                continue
            given.setdefault((type(record), record.pk), []).append((row, section, key))
        for rows in given.values():
            if len(rows) > 1 and not self.many:
                loader.problems.append(f"{self.name}: {rows[0][1]} '{rows[0][2]}' is named twice")
        if loader.problems:
            return
        for content_model in {type(r) for r in loader.records.values() if r is not None}:
            self._replace(content_model, loaded(loader, content_model), given, loader)

    def _row(self, entry: dict, record, people) -> tuple[models.Model | None, list[str]]:
        allowed = {"section", "key", *self.fields, *self.people}
        problems = [f"has no field '{shown(str(name))}'" for name in entry if name not in allowed]
        row = self.model(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        for name in self.fields:
            try:
                value = field_value(self.model._meta.get_field(name), entry.get(name))
            except ValueRefused as refused:
                problems.append(f"{name}: {refused}")
                continue
            field = self.model._meta.get_field(name)
            if value is None and not field.null:
                value = field.get_default() if field.has_default() else value
            setattr(row, name, value)
        for name in self.people:
            try:
                setattr(row, name, people(entry.get(name), name))
            except ValueRefused as refused:
                problems.append(str(refused))
        if self.titled:
            row.title = Truncator(str(record)).chars(300)
        if not problems:
            try:
                # A moment left empty is the model's to allow (null), whatever forms may ask.
                empty = [n for n in self.fields if getattr(row, n) is None]
                row.full_clean(exclude=["content_type", *self.people, *empty])
            except ValidationError as exc:
                problems.extend(describe_errors(exc, self.model))
        return row, problems

    def _replace(self, content_model, records: dict, given: dict, loader) -> None:
        kind = ContentType.objects.get_for_model(content_model)
        stored: dict[int, list] = {}
        for row in self.model._default_manager.filter(
            content_type=kind, object_id__in=list(records)
        ).select_related(*self.people):
            stored.setdefault(row.object_id, []).append(row)
        for pk, record in records.items():
            section, key = section_for_model(content_model).name, record_key(record)
            before = stored.get(pk, [])
            after = [row for row, _s, _k in given.get((content_model, pk), [])]
            old = sorted(json_key(self._entry(r, section, key)) for r in before)
            new = sorted(json_key(self._entry(r, section, key)) for r in after)
            if old == new:
                if before:
                    loader.note(f"{self.name}:{section}:{key}", "unchanged", "")
                continue
            self.model._default_manager.filter(pk__in=[r.pk for r in before]).delete()
            for row in after:
                row.save()
            action = "created" if not before else "updated"
            reason = "" if after else "none in the file"
            loader.note(f"{self.name}:{section}:{key}", action, reason)
