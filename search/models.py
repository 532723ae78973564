"""The search index: one entry per record visitors may read and language, as they read it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """A record as a visitor reads it in one language: its title, its address, and its title and
    text with each word marked (``segmenting.marked``). On PostgreSQL ``vector`` holds them as a
    ``tsvector`` (the title weighted above the text), under a GIN index; SQLite leaves it empty
    and matches the marked words (``querying.py``)."""

    record_type = models.CharField(_("kind of record"), max_length=100)
    record_id = models.PositiveBigIntegerField(_("record"))
    language = models.CharField(_("language"), max_length=8)
    title = models.TextField(_("title"))
    url = models.TextField(_("address"))
    title_words = models.TextField(_("title, word by word"))
    text_words = models.TextField(_("text, word by word"), blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "language"], name="searchentry_unique"
            )
        ]
        indexes = [GinIndex(fields=["vector"], name="searchentry_vector")]

    def __str__(self) -> str:
        return self.title
