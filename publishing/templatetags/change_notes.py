"""``{% change_notes record %}``: the record's public change notes (``publishing/changes.py``)."""

from django import template
from django.utils.translation import get_language

from publishing.changes import change_notes as notes_of

register = template.Library()


@register.inclusion_tag("includes/change_notes.html")
def change_notes(record):
    language = get_language()
    return {"notes": [(note.published_at, note.text(language)) for note in notes_of(record)]}
