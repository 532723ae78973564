"""The state of a record's Lao translation.

A record's Lao is *missing* (no Lao text at all), a *draft* (written, or changed since a
publisher last reviewed it), *reviewed*, or *outdated*: reviewed, but the English it was
translated from has changed since. The state is never stored as such: it is read from the
record's text and what a publisher reviewed (``lao_reviewed_source``: the English and Lao values
at review time, and ``lao_reviewed_fingerprint``: a SHA-256 of the English). So any change to the
Lao, by whatever path (the admin, an import, a shell), makes it a draft again, and any change to
the English makes reviewed Lao outdated, with no bookkeeping on save to forget.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from core.publication import Audience

LAO = "lo"


class ReadForVisitorsError(Exception):
    """A record read for visitors (its Lao adapted) was about to be saved."""


class LaoState(models.TextChoices):
    MISSING = "missing", _("Lao missing")
    DRAFT = "draft", _("Lao draft")
    REVIEWED = "reviewed", _("Lao reviewed")
    OUTDATED = "outdated", _("Lao outdated")


class LaoTranslatable(models.Model):
    """What a publisher last reviewed of the record's Lao; see the module's docstring."""

    lao_reviewed_source = models.JSONField(
        _("Lao as reviewed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The English and Lao texts when a publisher last reviewed the Lao."),
    )
    lao_reviewed_fingerprint = models.CharField(
        _("fingerprint of the English reviewed"), max_length=64, blank=True, editable=False
    )
    lao_reviewed_at = models.DateTimeField(
        _("Lao reviewed at"), null=True, blank=True, editable=False
    )

    # Carried by the record set (``records``) with the texts they describe: an export and import
    # keeps which Lao was reviewed.
    review_fields = ("lao_reviewed_source", "lao_reviewed_fingerprint", "lao_reviewed_at")

    # Who the record was read for, when it was selected for an audience (``visible_to``, see
    # ``translations/visibility.py``); None for a record read as stored.
    loaded_for: Audience | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A guard, not a rule of the record: a visitor's reading holds the Lao they may read
        # (reviewed, or none), and saving it would overwrite the stored drafts with it.
        if self.loaded_for is Audience.VISITOR:
            raise ReadForVisitorsError(
                f"This {type(self).__name__} was read for visitors, with its Lao as they may "
                "read it: load the record as stored (its manager, not a public selector) to "
                "change it."
            )
        super().save(*args, **kwargs)


@functools.cache
def translated_fields(model) -> tuple[str, ...]:
    """The model's translated fields (``name``, ``summary``), in the model's order (the
    translation options hold them in no fixed order)."""
    names = translator.get_options_for_model(model).fields
    return tuple(f.name for f in model._meta.fields if f.name in names)


def is_translatable(model) -> bool:
    return issubclass(model, LaoTranslatable) and model in translator.get_registered_models()


def english(obj) -> dict[str, str]:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return {name: getattr(obj, f"{name}_{default}") or "" for name in translated_fields(type(obj))}


def lao(obj) -> dict[str, str]:
    return {name: getattr(obj, f"{name}_{LAO}") or "" for name in translated_fields(type(obj))}


def fingerprint(values: dict[str, str]) -> str:
    """SHA-256 of the values as canonical JSON: the same texts give the same fingerprint."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def reviewed_lao(obj) -> dict[str, str] | None:
    """The Lao a publisher reviewed, or None if none ever was."""
    source = obj.lao_reviewed_source
    if not isinstance(source, dict) or not isinstance(source.get(LAO), dict):
        return None
    return {name: source[LAO].get(name) or "" for name in translated_fields(type(obj))}


def lao_state(obj) -> LaoState:
    """Missing, draft, reviewed or outdated: see the module's docstring."""
    current = lao(obj)
    if not any(current.values()):
        return LaoState.MISSING
    if reviewed_lao(obj) != current:
        return LaoState.DRAFT
    if fingerprint(english(obj)) != obj.lao_reviewed_fingerprint:
        return LaoState.OUTDATED
    return LaoState.REVIEWED


def english_changes(obj) -> list[tuple[str, str, str]]:
    """(field, English reviewed, English now) for each field whose English changed since the
    Lao was reviewed."""
    source = obj.lao_reviewed_source if isinstance(obj.lao_reviewed_source, dict) else {}
    before = source.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE) or {}
    return [
        (name, before.get(name) or "", now)
        for name, now in english(obj).items()
        if (before.get(name) or "") != now
    ]


def lao_review_values(obj) -> dict | None:
    """The review fields that say a publisher reviewed the record's Lao as it is now (None when
    it has no Lao): set with the record's own save (``publishing/review.py``)."""
    if lao_state(obj) == LaoState.MISSING:
        return None
    values = english(obj)
    return {
        "lao_reviewed_source": {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: values, LAO: lao(obj)},
        "lao_reviewed_fingerprint": fingerprint(values),
        "lao_reviewed_at": timezone.now(),
    }


def mark_lao_reviewed(obj, *, reason: str) -> bool:
    """Record that a publisher reviewed the record's Lao as it is stored now; False (and nothing
    saved) when there is none. The save is a version in the record's history, with ``reason``."""
    with transaction.atomic():
        stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        reviewed = lao_review_values(stored)
        if reviewed is None:
            return False
        for name, value in reviewed.items():
            setattr(stored, name, value)
        stored._change_reason = reason  # django-simple-history keeps it with the version
        # Only the review's own fields: the texts are reviewed as stored, and left as stored.
        stored.save(update_fields=list(LaoTranslatable.review_fields))
    for name in LaoTranslatable.review_fields:
        setattr(obj, name, getattr(stored, name))
    return True
