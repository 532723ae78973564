"""Keeping the search index (``SearchEntry``) to what visitors may read, in each language.

What an entry holds is read the way the pages read it: each declared model's
``objects.visible_to(Audience.VISITOR)`` (published records, reviewed Lao only), with the records
it is shown with fetched in the same query (``SearchSpec.joined``), so their Lao is what visitors
read too. Nothing here decides visibility again.

Every save or deletion of a declared model, of a parent it is shown with (a person in post) or of a
row shown with it (a leg's partner) is noted, and once the transaction commits
(``transaction.on_commit``) the records it touched are indexed again: the record, the records whose
entry shows it, and those shown under it to every depth (a Department unpublished hides its
Divisions, posts and people in post). The publishing steps (publish, unpublish, Lao review,
scheduled publish) all save the records, so the index follows each of them. A draft of a
published record is saved inside a savepoint that is rolled back (``publishing/revisions.py``):
its save is noted too, but the index is made again from the committed rows, which hold the live
version, so a draft never reaches it (``tests/search/test_index.py``). Indexing again is
idempotent, so a record noted in a transaction that was rolled back, indexed at the next commit,
is harmless.
"""

import functools
import logging
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from core.contributions import SearchSpec, searchable
from core.publication import Audience
from search.models import SearchEntry
from search.segmenting import marked

logger = logging.getLogger(__name__)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# PostgreSQL's text search configuration per language: English stemmed, Lao word by word.
CONFIGS = {"en": "english"}
SIMPLE = "simple"


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    spec: SearchSpec

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


@functools.cache
def searchables() -> tuple[Searchable, ...]:
    return tuple(Searchable(app.get_model(spec.model_name), spec) for app, spec in searchable())


def read(record, path: str) -> str:
    """The text at ``path`` (attributes or methods without arguments, dotted) of ``record``."""
    value = record
    for name in path.split("."):
        if value is None:
            return ""
        value = getattr(value, name)
        if callable(value):
            value = value()
    return "" if value is None else str(value)


def records_of(item: Searchable, pks=None) -> models.QuerySet:
    """What visitors may read of ``item``'s model (of its records ``pks``), with what it shows."""
    records = item.model._default_manager.visible_to(Audience.VISITOR)
    if pks is not None:
        records = records.filter(pk__in=pks)
    if item.spec.joined:
        records = records.select_related(*item.spec.joined)
    for relation, _path in item.spec.rows:
        rows = item.model._meta.get_field(relation).related_model._default_manager
        records = records.prefetch_related(
            Prefetch(relation, queryset=rows.visible_to(Audience.VISITOR))
        )
    return records


def entries(item: Searchable, pks=None) -> list[SearchEntry]:
    made = []
    for record in records_of(item, pks):
        for language in LANGUAGES:
            with translation.override(language):
                title = read(record, item.spec.title)
                texts = [read(record, path) for path in item.spec.text]
                texts += [
                    read(row, path)
                    for relation, path in item.spec.rows
                    for row in getattr(record, relation).all()
                ]
                made.append(
                    SearchEntry(
                        record_type=item.label,
                        record_id=record.pk,
                        language=language,
                        title=title,
                        url=read(record, item.spec.url),
                        title_words=marked(title, language),
                        text_words=marked("\n".join(t for t in texts if t), language),
                    )
                )
    return made


def fill_vectors(entries: models.QuerySet) -> None:
    """On PostgreSQL, each entry's ``tsvector``: the title weighted A, the text B."""
    if connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        config = CONFIGS.get(language, SIMPLE)
        entries.filter(language=language).update(
            vector=SearchVector("title_words", weight="A", config=config)
            + SearchVector("text_words", weight="B", config=config)
        )


def write(item: Searchable, pks=None) -> int:
    """Index ``item``'s records ``pks`` (all if None) again; returns the entries written."""
    made = entries(item, pks)
    its = SearchEntry.objects.filter(record_type=item.label)
    if pks is not None:
        its = its.filter(record_id__in=pks)
    its.delete()
    SearchEntry.objects.bulk_create(made)
    fill_vectors(its)
    return len(made)


def rebuild() -> int:
    """The whole index again, in one transaction; returns the entries written."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        return sum(write(item) for item in searchables())


def affected(changed: dict) -> dict:
    """The records of ``changed`` ({model: pks}) and those shown under them, to every depth."""
    found = {model: set(pks) for model, pks in changed.items()}
    frontier = found
    while frontier:
        added: dict = defaultdict(set)
        for item in searchables():
            for name in getattr(item.model, "shown_with", ()):
                parent = item.model._meta.get_field(name).related_model
                if parent in frontier:
                    children = item.model._default_manager.filter(
                        **{f"{name}__in": frontier[parent]}
                    ).values_list("pk", flat=True)
                    added[item.model].update(set(children) - found.get(item.model, set()))
        frontier = {model: pks for model, pks in added.items() if pks}
        for model, pks in frontier.items():
            found.setdefault(model, set()).update(pks)
    return found


def reindex(changed: dict) -> None:
    targets = affected(changed)
    with transaction.atomic():
        for item in searchables():
            if targets.get(item.model):
                write(item, targets[item.model])


# Records saved or deleted since the index last followed, per thread (a request's transaction).
_noted = threading.local()


def _pending() -> dict:
    if not hasattr(_noted, "changes"):
        _noted.changes = defaultdict(set)
    return _noted.changes


def follow() -> None:
    """Index again what was noted (an ``on_commit`` callback: the rows are committed)."""
    changes, _noted.changes = _pending(), defaultdict(set)
    if changes:
        reindex(changes)


@functools.cache
def watched() -> dict:
    """The models whose saves the index follows -> the (searchable model, foreign key of the
    row) whose entries show their rows (a leg's partners)."""
    models_: dict = defaultdict(list)
    for item in searchables():
        models_[item.model]
        for name in getattr(item.model, "shown_with", ()):
            models_[item.model._meta.get_field(name).related_model]
        for relation, _path in item.spec.rows:
            field = item.model._meta.get_field(relation)
            models_[field.related_model].append((item.model, field.field.attname))
    return dict(models_)


def note(sender, instance, **kwargs) -> None:
    pending = _pending()
    pending[sender].add(instance.pk)
    for model, attname in watched()[sender]:
        if getattr(instance, attname) is not None:
            pending[model].add(getattr(instance, attname))
    # Robust: a failure is logged and the step that saved stands (``rebuild_search_index``).
    transaction.on_commit(follow, robust=True)


def follow_saves() -> None:
    for model in watched():
        post_save.connect(note, sender=model, dispatch_uid=f"search:{model._meta.label}:save")
        post_delete.connect(note, sender=model, dispatch_uid=f"search:{model._meta.label}:del")


def fill_if_empty(
    sender, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, stdout=None, **kwargs
) -> None:
    """After ``migrate`` (``post_migrate``): an empty index while visitors may read records is
    built, so a database from before the search app, or one filled without the index following
    (a restore of an older backup), finds what it holds without an operator's extra step. An
    index with entries is left alone: it follows every save. A migration run that left the
    records' tables behind the models (``migrate org 0005``) is no time to read them: it says so."""
    if using != DEFAULT_DB_ALIAS or SearchEntry._meta.db_table not in (
        connections[using].introspection.table_names()
    ):
        return
    try:
        if SearchEntry.objects.exists() or not any(
            records_of(item).exists() for item in searchables()
        ):
            return
        written = rebuild()
    except DatabaseError as error:
        logger.warning("The search index was not built (%s): run rebuild_search_index.", error)
        return
    if verbosity:
        (stdout or sys.stdout).write(f"  Search index built: {written} entries.\n")
