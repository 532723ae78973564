"""Template helpers for the public site."""

import datetime
import json
import math
import re

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"(\S+)")
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def tr(obj, field: str):
    """A translated field; English shown in place of missing Lao carries ``lang="en"``.

    Screen readers then pronounce the fallback as English instead of reading it as Lao. Lao a
    visitor may not read yet (unreviewed) reaches the template already replaced by English
    (``translations/visibility.py``); in a staff preview it is shown, marked as a draft.
    """
    language = get_language() or settings.LANGUAGE_CODE
    value = getattr(obj, field)
    if not value:
        return ""
    own = getattr(obj, f"{field}_{language}", None)
    if language != settings.LANGUAGE_CODE and not own:
        return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
    if language != settings.LANGUAGE_CODE and getattr(obj, "lao_draft", False):
        return format_html(
            '<span class="draft-translation" lang="{}" title="{}">{}</span>',
            language,
            gettext("Draft translation, not yet reviewed"),
            value,
        )
    return value


@register.simple_tag
def headcount(value):
    """A headcount, or "not stated" where the source gives none (``None``; never shown as 0).

    A tag rather than an included template: the structure page shows hundreds of them.
    """
    if value is None:
        return format_html('<span class="not-stated">{}</span>', gettext("not stated"))
    return value


@register.filter
def minutes(duration: datetime.timedelta) -> int:
    """A duration in whole minutes, rounded up: "try again in 30 minutes", never "in 0"."""
    return math.ceil(duration.total_seconds() / 60)


@register.filter
def jsonld(data) -> str:
    """Serialise structured data for a ``<script type="application/ld+json">`` block, safely."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES))  # noqa: S308


@register.filter
def whole_words(value) -> str:
    """``value`` (text, or markup such as ``{% tr %}`` gives) with each word in a
    ``<span class="word">`` that the stylesheet keeps on one line where it fits.

    For names: Chromium breaks Lao between the syllables its dictionary finds, so a surname
    would be split across two lines; ``word-break: keep-all`` does nothing for Lao.
    """
    parts = _TAG_OR_TEXT.split(str(conditional_escape(value)))
    return mark_safe(  # noqa: S308 - escaped above; only whole tags and words are wrapped
        "".join(
            part if part.startswith("<") else _WORD.sub(r'<span class="word">\1</span>', part)
            for part in parts
        )
    )
