"""What a public page shows of a record's Lao: only what a publisher reviewed.

The decision is made once, as each record is loaded for a public page (``LaoTranslatable.from_db``
calls ``adapt_for_page``), not in each template: every output then follows it by itself, the
``{% tr %}`` tag, page titles, JSON-LD, calendars and ``str()`` alike. For a visitor, a record's
Lao columns are set (in memory only) to the Lao last reviewed, or emptied when none was, so
modeltranslation falls back to English and ``{% tr %}`` marks it ``lang="en"``. Reviewed Lao stays
shown when the English has changed since (outdated): hiding it would leave Lao readers with
English; the back office warns instead. Staff previewing see the Lao as it is, drafts flagged
(``lao_draft``) for ``{% tr %}`` to mark.

``public_page`` (``pages/preview.py``) sets the audience for the whole request, rendering
included; outside a public page (the back office, commands) records are loaded as stored.
"""

import contextlib
import contextvars
from enum import Enum

from django.conf import settings

from translations.state import LAO, LaoState, lao_state, reviewed_lao, translated_fields

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class Audience(Enum):
    STORED = "stored"  # the back office, commands: the records as they are
    VISITOR = "visitor"
    PREVIEW = "preview"


_audience: contextvars.ContextVar[Audience] = contextvars.ContextVar(
    "lao_audience", default=Audience.STORED
)


@contextlib.contextmanager
def audience(who: Audience):
    """Records loaded inside are adapted for ``who``."""
    token = _audience.set(who)
    try:
        yield
    finally:
        _audience.reset(token)


def adapt_for_page(obj) -> None:
    who = _audience.get()
    if who is Audience.STORED:
        return
    fields = translated_fields(type(obj))
    loaded = set(obj.__dict__)
    needed = {f"{name}_{lang}" for name in fields for lang in (LAO, DEFAULT)}
    if not needed | {"lao_reviewed_source", "lao_reviewed_fingerprint"} <= loaded:
        # Loaded in part (``.only()``, or a deferred field being fetched): its Lao cannot be
        # judged, so a visitor gets none of it (and staff the text as stored).
        if who is Audience.VISITOR:
            for name in fields:
                obj.__dict__[f"{name}_{LAO}"] = ""
        return
    state = lao_state(obj)
    if who is Audience.PREVIEW:
        obj.lao_draft = state == LaoState.DRAFT
        return
    if state in (LaoState.REVIEWED, LaoState.OUTDATED):
        return
    shown = reviewed_lao(obj) or {}
    for name in fields:
        obj.__dict__[f"{name}_{LAO}"] = shown.get(name, "")
