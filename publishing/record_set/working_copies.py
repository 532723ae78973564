"""Working copies in the record set: each published record's ``Revision`` as the entries of the
copy (see the package's docstring)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from core.plaintext import shown
from publishing.models import Revision
from publishing.record_set.shared import (
    People,
    json_key,
    loaded,
    moment,
    named,
    records_by_kind,
    targeted,
)
from publishing.revisions import changed, differs, row_relations, same, snapshot
from records.companions import load_over
from records.format import record_key, section_for_model, sections
from records.reading import export_entry
from records.values import ValueRefused, field_value, what


class WorkingCopies:
    """Each published record's working copy (``Revision``), as the entries of the copy."""

    name = "working_copies"

    def export(self) -> list[dict[str, Any]]:
        """Read only (a backup exports inside a read-only transaction): each copy is worked out
        from its snapshots and the live rows, as ``working_copy()`` would show it."""
        revisions = list(Revision.objects.select_related("created_by", "updated_by"))
        records = records_by_kind(revisions)
        entries = []
        for revision in revisions:
            record = records.get((revision.content_type_id, revision.object_id))
            if record is None:
                continue
            model = type(record)
            shown = as_shown(snapshot(record), revision.base, revision.content)
            copy = _instance(model, shown["record"])
            chosen = {
                field.name: field.related_model._default_manager.filter(
                    pk__in=shown["record"].get(field.name, [])
                )
                for field in model._meta.many_to_many
            }
            rows: dict[str, list] = {}
            for relation, (child, fk) in row_relations(model).items():
                found = [
                    _row_entry(child, pk, values, fk, copy)
                    for pk, values in shown["rows"].get(relation, {}).items()
                ]
                section = section_for_model(child).name
                rows.setdefault(section, []).extend(sorted(found, key=lambda e: e["key"]))
            entries.append(
                {
                    "section": section_for_model(model).name,
                    "key": record_key(record),
                    "record": export_entry(copy, chosen),
                    "rows": rows,
                    "number": revision.number,
                    "started_by": named(revision.created_by),
                    "started_at": moment(revision.created_at),
                    "saved_by": named(revision.updated_by),
                    "saved_at": moment(revision.updated_at),
                }
            )
        return sorted(entries, key=lambda e: (e["section"], e["key"]))

    def load(self, entries: list[Any], loader) -> None:
        people = People()
        given: dict[tuple[type, int], Revision] = {}
        for place, entry, record, section, _key in targeted(self.name, entries, loader):
            revision = self._revision(entry, record, section, place, loader, people)
            if revision is not None:
                given[(type(record), record.pk)] = revision
        if loader.problems:
            return
        for content_model in {type(r) for r in loader.records.values() if r is not None}:
            kind = ContentType.objects.get_for_model(content_model)
            records = loaded(loader, content_model)
            stored = {
                r.object_id: r
                for r in Revision.objects.filter(content_type=kind, object_id__in=list(records))
            }
            for pk, record in records.items():
                ref = f"{self.name}:{section_for_model(content_model).name}:{record_key(record)}"
                old, new = stored.get(pk), given.get((content_model, pk))
                if old is None and new is None:
                    continue
                if old is not None and new is not None and _same_revision(old, new):
                    loader.note(ref, "unchanged", "")
                    continue
                if old is not None:
                    old.delete()
                if new is not None:
                    new.save()
                action = "created" if old is None else "updated"
                loader.note(ref, action, "" if new is not None else "none in the file")

    def _revision(self, entry, record, section, place, loader, people) -> Revision | None:
        problems = []
        allowed = {"section", "key", "record", "rows", "number", "started_by", "started_at"}
        allowed |= {"saved_by", "saved_at"}
        problems += [f"has no field '{shown(str(name))}'" for name in entry if name not in allowed]
        copy, rows = entry.get("record"), entry.get("rows", {})
        if not isinstance(copy, dict):
            problems.append("'record' must be the table of the working copy's record")
        if not isinstance(rows, dict) or not all(isinstance(v, list) for v in rows.values()):
            problems.append("'rows' must be a table of sections, each a list of entries")
        number = entry.get("number", 1)
        if type(number) is not int or number < 1:
            problems.append(f"number: must be a whole number from 1, not {what(number)}")
        moments = {}
        for name in ("started_at", "saved_at"):
            try:
                moments[name] = field_value(Revision._meta.get_field("created_at"), entry.get(name))
            except ValueRefused as refused:
                problems.append(f"{name}: {refused}")
        by = {}
        for name in ("started_by", "saved_by"):
            try:
                by[name] = people(entry.get(name), name)
            except ValueRefused as refused:
                problems.append(str(refused))
        if not problems and not record.is_published:
            problems.append("only a published record has a working copy; this one is a draft")
        if problems:
            loader.problems.extend(f"{place}: {p}" for p in problems)
            return None
        content_model = type(record)
        relations = row_relations(content_model)
        row_sections = {section_for_model(child).name for child, _fk in relations.values()}
        if stray := sorted(set(rows) - row_sections):
            loader.problems.append(f"{place}: rows: {', '.join(stray)} are not rows of a {section}")
            return None
        with transaction.atomic():
            point = transaction.savepoint()
            try:
                live = snapshot(content_model._default_manager.get(pk=record.pk))
                content = self._copy(record, copy, rows, relations, place, loader)
            finally:
                transaction.savepoint_rollback(point)
        if content is None:
            return None
        if not changed(live, content):
            return None  # the copy says what the live version says: nothing waits
        return Revision(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            title=Truncator(str(record)).chars(300),
            base=live,
            content=content,
            number=number,
            created_by=by["started_by"],
            created_at=moments["started_at"] or moments["saved_at"] or timezone.now(),
            updated_by=by["saved_by"],
            updated_at=moments["saved_at"] or moments["started_at"] or timezone.now(),
        )

    def _copy(self, record, copy, rows, relations, place, loader) -> dict | None:
        """Load the copy over the live record and its rows; its snapshot (the caller rolls the
        writes back)."""
        section = section_for_model(type(record)).name
        data: dict[str, list] = {section: [copy]}
        for name, entries in rows.items():
            data[name] = entries
        ordered = {s.name: data[s.name] for s in sections() if s.name in data}
        matched = {f"{section}:{copy.get('key')}": record}
        copies = load_over(loader, ordered, place, matched=matched)
        if copies is None:
            return None
        for child, fk in relations.values():
            kept = [obj.pk for obj in copies.values() if type(obj) is child]
            gone = child._default_manager.filter(**{fk.name: record.pk}).exclude(pk__in=kept)
            for row in gone:
                row.delete()
        return snapshot(type(record)._default_manager.get(pk=record.pk))


def _comparable(revision: Revision) -> tuple:
    """What a revision says, with its new rows by their values: a row the copy adds gets a
    different key at each import (taken, then rolled back), and is the same row all the same."""
    rows = {}
    for relation, found in revision.content["rows"].items():
        before = revision.base["rows"].get(relation, {})
        kept = {pk: values for pk, values in found.items() if pk in before}
        added = sorted(json_key(values) for pk, values in found.items() if pk not in before)
        rows[relation] = (kept, added)
    people = (revision.created_by_id, revision.updated_by_id)
    return revision.content["record"], rows, revision.base, revision.number, people


def _same_revision(old: Revision, new: Revision) -> bool:
    return _comparable(old) == _comparable(new)


def _changes(before: dict, values: dict) -> dict:
    return {n: v for n, v in values.items() if not (n in before and same(before[n], v))}


def as_shown(live: dict, base: dict, content: dict) -> dict:
    """The working copy as ``working_copy()`` shows it: the live version with the copy's changes
    (``content`` against ``base``) written over it, so a change published since is kept."""
    record = {**live["record"], **_changes(base["record"], content["record"])}
    rows = {}
    for relation, found in content["rows"].items():
        before, now = base["rows"].get(relation, {}), live["rows"].get(relation, {})
        shown = {pk: values for pk, values in now.items() if pk not in before}  # added since
        for pk, values in found.items():
            if pk not in before:
                shown[pk] = values  # added in the copy
            elif pk in now:  # changed in the copy, or as it is live
                changes = _changes(before[pk], values) if differs(before[pk], values) else {}
                shown[pk] = {**now[pk], **changes}
        rows[relation] = shown
    return {"record": record, "rows": rows}


def _instance(model, values: dict, parent_field=None, parent=None):
    """An unsaved record holding a snapshot's ``values``; its foreign keys read as stored (one
    query each), ``parent_field`` pointing to ``parent`` (the copy it is a row of)."""
    obj = model()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname not in values:
            continue
        value = values[field.attname]
        if field == parent_field:
            setattr(obj, field.name, parent)
        elif field.is_relation:
            related = field.related_model._default_manager
            setattr(
                obj, field.name, related.filter(pk=value).first() if value is not None else None
            )
        else:
            setattr(obj, field.attname, None if value is None else field.to_python(value))
    return obj


def _row_entry(child, pk: str, values: dict, fk, copy) -> dict:
    """A row of the copy as an entry; its many-to-many choices are those stored (a copy carries
    none of a row's own)."""
    row = _instance(child, values, fk, copy)
    stored = child._default_manager.filter(pk=pk).first()
    chosen = {
        field.name: list(getattr(stored, field.name).all()) if stored is not None else []
        for field in child._meta.many_to_many
    }
    return export_entry(row, chosen)
