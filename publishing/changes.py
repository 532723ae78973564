"""What changed for visitors. Public change notes: "Updated 3 February 2027: …" on a record's page
and in the feeds, for a change a publisher approved as major (``approval.approve(note_en=…)``);
minor changes have none. And when a record last changed for visitors reading one language
(``visible_times``), for the feeds' ``updated``: read from the record's change history, so no
step has to remember it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from core.publication import Audience, Publication
from publishing.models import ChangeNote
from translations.state import LaoTranslatable, is_translatable, translated_fields
from translations.visibility import adapt

# Fields of a record that say where it stands, not what visitors read.
WORKFLOW_FIELDS = frozenset({"publication_status", *LaoTranslatable.review_fields})


def change_notes(record: models.Model) -> list[ChangeNote]:
    """The record's public change notes, newest first."""
    return list(
        ChangeNote.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
    )


def latest_notes(records) -> dict[tuple[type, int], ChangeNote]:
    """The newest change note of each of ``records`` that has one, in one query per kind."""
    found: dict[tuple[type, int], ChangeNote] = {}
    by_model: dict[type, list] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.pk)
    for model, keys in by_model.items():
        notes = ChangeNote.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=keys
        ).order_by("object_id", "-published_at")
        for note in notes:
            found.setdefault((model, note.object_id), note)
    return found


@dataclass(frozen=True)
class VisibleTimes:
    """When visitors first saw a record, and when what they read of it in one language last
    changed (None for a record with no history: loaded in bulk)."""

    published: datetime.datetime | None
    updated: datetime.datetime | None


def read_by_visitors(record: models.Model, language: str) -> dict:
    """What a visitor reading ``language`` reads of ``record``'s own fields: its texts in that
    language as the site shows them (Lao only once reviewed, else the English fallback:
    ``translations/visibility.py``), and every other field but the workflow's own."""
    texts: tuple[str, ...] = ()
    if is_translatable(type(record)):
        adapt(record, Audience.VISITOR)
        texts = translated_fields(type(record))
    columns = {f"{name}_{code}" for name in texts for code, _name in settings.LANGUAGES}
    with translation.override(language):
        return {
            field.attname: field.value_from_object(record)
            for field in record._meta.concrete_fields
            if not field.primary_key
            and field.attname not in columns
            and field.attname not in WORKFLOW_FIELDS
        }


def visible_times(records: models.QuerySet, *, language: str) -> dict[object, VisibleTimes]:
    """For each of ``records`` (by key), ``VisibleTimes`` read from its change history, in one
    query. A version counts as an update in ``language`` only if what visitors read in it
    differs from the published version before it: marking the Lao reviewed, or approving a
    change of the Lao alone, updates the record for Lao readers and not for English ones. A
    record coming back after it was unpublished is an update."""
    model = records.model
    key = model._meta.pk.attname
    history = model.history.model.objects.filter(**{f"{key}__in": records.values("pk")})
    first: dict = {}
    last: dict = {}
    before: dict = {}
    for version in history.order_by("history_date", "history_id").iterator():
        pk = getattr(version, key)
        if version.history_type == "-" or version.publication_status != Publication.PUBLISHED:
            before[pk] = None
            continue
        read = read_by_visitors(version.instance, language)
        first.setdefault(pk, version.history_date)
        if before.get(pk) != read:
            last[pk] = version.history_date
        before[pk] = read
    return {pk: VisibleTimes(first.get(pk), last.get(pk)) for pk in first}
