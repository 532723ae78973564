"""Public change notes: "Updated 3 February 2027: …" on a record's page and in the feeds, for a
change a publisher approved as major (``approval.approve(note_en=…)``). Minor changes have none."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from publishing.models import ChangeNote


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
