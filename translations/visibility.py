"""What an audience reads of a record's Lao: visitors only what a publisher reviewed.

The decision is made where records are selected: ``visible_to(audience)`` on a content model's
queryset (``VisibleQuerySet``) picks the records the audience may see (``core/publication.py``)
and adapts each as it is fetched, with the records joined to it (``select_related``). Every output
then follows it by itself, the ``{% tr %}`` tag, page titles, JSON-LD, calendars, feeds, the API
and ``str()`` alike. For a visitor, a record's Lao columns are set (in memory only) to the Lao last
reviewed, or emptied when none was, so modeltranslation falls back to English and ``{% tr %}``
marks it ``lang="en"``. Reviewed Lao stays shown when the English has changed since (outdated):
hiding it would leave Lao readers with English; the back office warns instead. Staff previewing
see the Lao as it is, drafts flagged (``lao_draft``) for ``{% tr %}`` to mark.

A record adapted for a visitor is a reading, not the record: ``LaoTranslatable.save()`` refuses
it. Records read any other way (the back office, commands, a lazy foreign key) are as stored, so a
public output reads only through its selectors, and a selector's prefetches are ``visible_to``
querysets too (``tests/test_visibility.py`` checks every record a public output reads).
"""

from django.conf import settings
from django.db import models
from django.db.models.query import ModelIterable

from core.naturalkeys import NaturalKeyManager
from core.publication import Audience, PublishableQuerySet
from translations.state import (
    LAO,
    LaoState,
    LaoTranslatable,
    is_translatable,
    lao_state,
    reviewed_lao,
    translated_fields,
)

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def adapt(obj: LaoTranslatable, audience: Audience) -> None:
    """Set ``obj``'s Lao to what ``audience`` may read of it, once."""
    if obj.loaded_for is not None:
        return
    obj.loaded_for = audience
    fields = translated_fields(type(obj))
    loaded = set(obj.__dict__)
    needed = {f"{name}_{lang}" for name in fields for lang in (LAO, DEFAULT)}
    if not needed | {"lao_reviewed_source", "lao_reviewed_fingerprint"} <= loaded:
        # Loaded in part (``.only()``): its Lao cannot be judged, so a visitor gets none of it
        # (and staff the text as stored).
        if audience is Audience.VISITOR:
            for name in fields:
                obj.__dict__[f"{name}_{LAO}"] = ""
        return
    state = lao_state(obj)
    if audience is Audience.PREVIEW:
        obj.lao_draft = state == LaoState.DRAFT
        return
    if state in (LaoState.REVIEWED, LaoState.OUTDATED):
        return
    shown = reviewed_lao(obj) or {}
    for name in fields:
        obj.__dict__[f"{name}_{LAO}"] = shown.get(name, "")


def adapt_with_joined(obj: models.Model, audience: Audience) -> None:
    """Adapt ``obj`` and every record fetched with it through its foreign keys."""
    stack, seen = [obj], set()
    while stack:
        record = stack.pop()
        if id(record) in seen:
            continue
        seen.add(id(record))
        if is_translatable(type(record)):
            adapt(record, audience)
        for field in record._meta.concrete_fields:
            if field.is_relation and field.is_cached(record):
                joined = field.get_cached_value(record)
                if joined is not None:
                    stack.append(joined)


class _AdaptingIterable(ModelIterable):
    """Django's iterable of model instances, each adapted for ``audience`` as it is fetched."""

    audience: Audience

    def __iter__(self):
        for obj in super().__iter__():
            adapt_with_joined(obj, self.audience)
            yield obj


# One iterable per audience: a queryset's clones (``filter()``, a prefetch's lookups) keep its
# iterable class, and so the audience, with no state of their own to copy.
_ITERABLES = {
    audience: type(f"{audience.name.title()}Iterable", (_AdaptingIterable,), {"audience": audience})
    for audience in Audience
}


class VisibleQuerySet(PublishableQuerySet):
    """The queryset of every content model a public output shows."""

    def visible_to(self, audience: Audience) -> models.QuerySet:
        """The records ``audience`` may see, each adapted for it as it is fetched."""
        return super().visible_to(audience).for_audience(audience)

    def for_audience(self, audience: Audience) -> models.QuerySet:
        """These records adapted for ``audience`` as they are fetched (which records they are
        is ``visible_to``'s business)."""
        clone = self.all()
        # The one private name the project sets: Django has no public hook for the objects a
        # queryset yields (``Model.from_db`` sees no queryset, so it could learn the audience only
        # from a context variable: the action at a distance this replaced). Django's own
        # ``values()`` and ``values_list()`` work this way, and so does django-model-utils'
        # ``InheritanceQuerySet``; tests/test_visibility.py fails if an upgrade breaks it.
        clone._iterable_class = _ITERABLES[audience]
        return clone


VisibleManager = NaturalKeyManager.from_queryset(VisibleQuerySet)
