"""The Lao translation figures per model: how many records are reviewed, draft, missing or
outdated, which need work, and what the glossary warns of (``glossary.py``). For the back
office's Translations page and ``translation_report``; one query per model and one for the
glossary, however many records and terms there are."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef

from core.contributions import content_models
from core.publication import Audience
from translations.glossary import GlossaryWarning, all_terms, record_warnings
from translations.models import GlossaryTerm
from translations.state import LaoState, is_translatable, lao_state

# What a person has to do something about, in the order it is listed.
NEEDS_WORK = (LaoState.OUTDATED, LaoState.DRAFT, LaoState.MISSING)


@dataclass
class ModelFigures:
    model: type[models.Model]
    counts: dict[LaoState, int]
    # (record, state) for every record whose Lao needs work, outdated first.
    needing_work: list[tuple[models.Model, LaoState]] = field(default_factory=list)
    # Records visitors can see whose current Lao no publisher has reviewed (missing or draft).
    published_unreviewed: list[models.Model] = field(default_factory=list)
    # (record, field, warning) for each field whose Lao the glossary warns of.
    glossary: list[tuple[models.Model, str, GlossaryWarning]] = field(default_factory=list)


def translatable_models() -> list[type[models.Model]]:
    """The content models the installed apps declare that carry a Lao translation state."""
    return [model for model in content_models() if is_translatable(model)]


def related_paths(model: type[models.Model]) -> list[str]:
    """Foreign keys two steps deep: what a record's name (``str()``) may read."""
    paths = []
    for first in model._meta.concrete_fields:
        if first.many_to_one:
            paths.append(first.name)
            paths += [
                f"{first.name}__{second.name}"
                for second in first.related_model._meta.concrete_fields
                if second.many_to_one
            ]
    return paths


def model_figures(model: type[models.Model], terms: Sequence[GlossaryTerm] = ()) -> ModelFigures:
    figures = ModelFigures(model=model, counts=dict.fromkeys(LaoState, 0))
    # Public as visitors see it: the model's own visibility rule (its parents' too), asked in
    # the same query, not a second copy of the rule.
    public = model.objects.visible_to(Audience.VISITOR).filter(pk=OuterRef("pk"))
    records = model._default_manager.select_related(*related_paths(model))
    for obj in records.annotate(is_public=Exists(public)):
        state = lao_state(obj)
        figures.counts[state] += 1
        if state in NEEDS_WORK:
            figures.needing_work.append((obj, state))
        if state in (LaoState.MISSING, LaoState.DRAFT) and obj.is_public:
            figures.published_unreviewed.append(obj)
        figures.glossary += [(obj, name, warning) for name, warning in record_warnings(obj, terms)]
    figures.needing_work.sort(key=lambda pair: NEEDS_WORK.index(pair[1]))
    return figures


def all_figures(*, with_glossary: bool = False) -> list[ModelFigures]:
    """Every translatable model's figures; its glossary warnings too if asked (one query more,
    for the whole glossary)."""
    terms = all_terms() if with_glossary else []
    return [model_figures(model, terms) for model in translatable_models()]
