"""Working copies of published records: what visitors read changes only when a publisher approves.

A record never published is its own working copy: edits are written to its row, as ever. Once it
is published, its row is the *live version*, which every output reads (pages, API, feeds,
calendars, sitemap) and which nothing but a publishing step changes. An edit of it is kept as its
``Revision`` (``publishing/models.py``): two snapshots of the record with the rows edited with it
(the model's ``draft_rows``: a leg's partners and schedule changes, a person's appointments):

- ``base``, the live version when the working copy was last saved, and
- ``content``, the working copy itself.

Approving writes the difference (``content`` against ``base``) onto the live version: a field or
row changed in the copy is written, anything else is left as it is live, so a change published
in between (a scheduled go-live, a row approved on its own page) is kept, not overwritten.

**Why snapshots in a JSON revision (Wagtail) rather than draft rows beside the live ones
(Whitehall's editions).** The live tables stay exactly what visitors may read: no output, query
or selector learns about drafts, so none can leak one (a second row per record would have to be
filtered out of every output, and of every uniqueness rule). The back office edits the working
copy with its ordinary forms, inlines, checks and concurrent-editing guard through
``working_copy()``: inside one transaction, the copy is written over the live rows, the page or
the save runs as for any record, what it leaves is taken as the new copy, and everything written
is rolled back before the transaction commits. Other connections never see those writes
(PostgreSQL's isolation; SQLite lets one writer at a time through).
"""

import contextlib
import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from core.publication import Publishable
from publishing.models import Revision


def as_json(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return as_json(value.pk)
    if isinstance(value, dict | list):
        return json.loads(json.dumps(value, default=str))
    return str(value)


def same(a, b) -> bool:
    """Equal as stored values: an empty text is empty whether the column says "" or NULL."""
    return (None if a == "" else a) == (None if b == "" else b)


def row_relations(model) -> dict[str, tuple[type[models.Model], models.ForeignKey]]:
    """The rows carried with a record's working copy, by a key naming the relation
    (``programmes.legpartner.leg``): the model's ``draft_rows``."""
    found = {}
    for name in getattr(model, "draft_rows", ()):
        relation = model._meta.get_field(name)
        child, fk = relation.related_model, relation.field
        found[f"{child._meta.label_lower}.{fk.name}"] = (child, fk)
    return found


def values(obj: models.Model, *, many_to_many: bool) -> dict:
    stored = {
        field.attname: as_json(field.value_from_object(obj))
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    if many_to_many:
        for field in obj._meta.many_to_many:
            chosen = getattr(obj, field.name).values_list("pk", flat=True)
            stored[field.name] = sorted(as_json(pk) for pk in chosen)
    return stored


def snapshot(obj: models.Model) -> dict:
    """The record as stored, with its rows: ``{"record": {...}, "rows": {key: {pk: {...}}}}``."""
    rows = {}
    for key, (child, fk) in row_relations(type(obj)).items():
        children = child._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
        rows[key] = {str(row.pk): values(row, many_to_many=False) for row in children}
    # Through JSON, as stored: a snapshot taken now compares equal to one read back.
    return json.loads(json.dumps({"record": values(obj, many_to_many=True), "rows": rows}))


def fingerprint(content: dict) -> str:
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def differs(old: dict, new: dict) -> bool:
    if old.keys() != new.keys():
        return True
    return any(not same(old[name], new[name]) for name in new)


def changed(base: dict, content: dict) -> bool:
    """Whether the working copy differs from the version it started from."""
    if differs(base["record"], content["record"]):
        return True
    for key, rows in content["rows"].items():
        before = base["rows"].get(key, {})
        if rows.keys() != before.keys():
            return True
        if any(differs(before[pk], row) for pk, row in rows.items()):
            return True
    return False


def revision_of(obj: models.Model, *, lock: bool = False) -> Revision | None:
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    if lock:
        # Only the revision's row (its people are read with it, through outer joins).
        revisions = revisions.select_for_update(of=("self",))
    return revisions.select_related("created_by", "updated_by").first()


def _set(obj: models.Model, attname: str, value) -> None:
    field = next((f for f in obj._meta.concrete_fields if f.attname == attname), None)
    if field is not None:  # a field removed since the copy was saved is left out
        setattr(obj, attname, None if value is None else field.to_python(value))


def write_fields(obj: models.Model, base: dict, content: dict) -> list[tuple[str, object]]:
    """Set on ``obj`` each concrete field the copy changed (``content`` against ``base``);
    returns the many-to-many changes, to set once it is saved."""
    later = []
    many = {field.name for field in obj._meta.many_to_many}
    for name, value in content.items():
        if name in base and same(base[name], value):
            continue
        if name in many:
            later.append((name, value))
        else:
            _set(obj, name, value)
    return later


def set_many(obj: models.Model, changes: list[tuple[str, object]]) -> None:
    for name, chosen in changes:
        getattr(obj, name).set(chosen)


def apply_rows(
    obj: Publishable,
    base: dict,
    content: dict,
    *,
    by,
    reason: str,
    now=None,
    quiet=False,
    prepare=None,
    check=False,
) -> list:
    """Write the copy's changes to the record's rows as stored, each row saved once with
    ``reason``; returns the rows added (new since ``base``). With ``now`` (publishing), a row
    added that names when it became public (its model's ``made_public_at``, as a schedule
    change's "changed on") says ``now``, not when its draft was written. With ``check``, each
    row is validated as it is written (``full_clean``: a rule across records, such as a post's
    one holder, may have been broken by another record published since the copy was saved)."""
    added = []
    relations = row_relations(type(obj))
    for key, rows in content["rows"].items():
        if key not in relations:
            continue  # a relation no longer carried
        child, fk = relations[key]
        before = base["rows"].get(key, {})
        live = {
            str(row.pk): row
            for row in child._default_manager.filter(**{fk.name: obj.pk}).select_for_update()
        }
        for pk in before.keys() - rows.keys():
            if pk in live:
                _as_written(live[pk], by, reason, quiet)
                live[pk].delete()
        for pk, row_values in rows.items():
            if pk in before:
                if pk not in live or not differs(before[pk], row_values):
                    continue  # deleted live since, or unchanged
                row = live[pk]
                write_fields(row, before[pk], row_values)
            else:
                row = child()
                write_fields(row, {}, row_values)
                setattr(row, fk.attname, obj.pk)
                if now is not None and (stamp := getattr(child, "made_public_at", None)):
                    setattr(row, stamp, now)
                # The key the copy gave it, unless another record has taken it since.
                if not child._default_manager.filter(pk=pk).exists():
                    row.pk = child._meta.pk.to_python(pk)
                added.append(row)
            _as_written(row, by, reason, quiet)
            if prepare is not None:
                prepare(row)
            if check:
                row.full_clean()
            row.save()
    return added


def _as_written(obj, by, reason: str, quiet: bool) -> None:
    """Who writes ``obj`` and why, for its history version; ``quiet``: no version at all (the
    working copy written over the live rows for a page, then rolled back)."""
    obj._history_user, obj._change_reason = by, reason
    if quiet:
        obj.skip_history_when_saving = True  # django-simple-history's switch


def apply(obj: Publishable, base: dict, content: dict, *, by, reason: str, quiet=False) -> list:
    """Write the working copy's changes onto the record and its rows as stored."""
    many = write_fields(obj, base["record"], content["record"])
    _as_written(obj, by, reason, quiet)
    obj.save()
    set_many(obj, many)
    return apply_rows(obj, base, content, by=by, reason=reason, quiet=quiet)


@dataclass
class WorkingCopy:
    """What ``working_copy`` found: the live version's snapshot and the record's revision."""

    live: dict | None
    revision: Revision | None

    @property
    def content(self) -> dict | None:
        return self.revision.content if self.revision is not None else self.live


@contextlib.contextmanager
def working_copy(model: type[Publishable], pk) -> Iterator[WorkingCopy]:
    """Within the block, the database shows the published record ``pk`` as its working copy;
    whatever is written inside is rolled back at the end (see the module's docstring). The
    revision is locked until the caller's transaction ends: two saves of one working copy wait
    for each other, and the later is checked against the earlier (the concurrent-editing token).
    """
    with transaction.atomic(using=model._default_manager.db):
        obj = model._default_manager.select_for_update().filter(pk=pk).first()
        revision = revision_of(obj, lock=True) if obj is not None else None
        live = snapshot(obj) if obj is not None else None
        point = transaction.savepoint()
        try:
            if revision is not None:
                apply(obj, revision.base, revision.content, by=None, reason="", quiet=True)
            yield WorkingCopy(live=live, revision=revision)
        finally:
            transaction.savepoint_rollback(point)


def edit_working_copy(obj: Publishable, change, *, by) -> Revision | None:
    """Make ``change(record)`` to the working copy of the published record ``obj`` (not to its
    live version), and keep the result: for a change made outside a form (a list action)."""
    # One transaction: the record and its revision stay locked from reading to writing.
    with transaction.atomic():
        with working_copy(type(obj), obj.pk) as copy:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            change(stored)
            content = snapshot(stored)
        return save_draft(obj, live=copy.live, content=content, by=by)


def save_draft(obj: Publishable, *, live: dict, content: dict, by) -> Revision | None:
    """Keep ``content`` as the working copy of the published record ``obj`` (its live version
    being ``live``); with no difference left from the live version, there is no working copy."""
    revision = revision_of(obj, lock=True)
    if not changed(live, content):
        if revision is not None:
            revision.delete()
        return None
    if revision is not None and revision.content == content and revision.base == live:
        return revision  # saved as it was: the same version, by the same person
    now = timezone.now()
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            created_by=by,
            created_at=now,
            number=0,
        )
    revision.title = Truncator(str(obj)).chars(300)
    revision.base, revision.content = live, content
    revision.number += 1
    revision.updated_by, revision.updated_at = by, now
    revision.save()
    return revision
