"""The glossary's check of a translation: warnings, never errors (a translator may have a reason).

``glossary_warnings(english, lao, terms)`` is the one check, used by the Translations page and
``translation_report`` (``overview.py``), each record's page in the back office (``admin.py``)
and the PO export's comments (``po.py``). A Lao text is warned about when

- it uses a variant to avoid of a term (anywhere: Lao is written without spaces between words),
  other than inside the term's approved Lao itself; or
- its English contains a term (in any capitals, as whole words, or with a plural -s or -es)
  and the Lao lacks the term's approved Lao.

Where terms overlap in the English ("Deputy Director-General" holds "Director-General"), the
longest one found is the one meant. Spaces are not compared in Lao, where they mark phrase
breaks, not words: "ສປປ ລາວ" and "ສປປລາວ" are the same words. Every term counts, confirmed or
still a draft: the warning says which, so a translator knows how firm the term is.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.plaintext import normalise_text
from translations import state
from translations.models import GlossaryTerm

MISSING = "missing"
AVOID = "avoid"
# History reasons, stored in English and shown in the reader's language.
CONFIRMED = gettext_noop("Confirmed as the Department's term")
UNCONFIRMED = gettext_noop("Changed: a draft term until the Department confirms it again")


@dataclass(frozen=True)
class GlossaryWarning:
    term: GlossaryTerm
    kind: str  # MISSING or AVOID
    variant: str = ""  # the variant to avoid that the Lao uses

    def message(self) -> str:
        """In the reader's language."""
        values = {"english": self.term.english, "lao": self.term.lao, "variant": self.variant}
        if self.kind == AVOID:
            text = _("uses “%(variant)s”, a variant to avoid: “%(english)s” is “%(lao)s”")
        else:
            text = _("the English has “%(english)s”, the Lao lacks its approved “%(lao)s”")
        text %= values
        if not self.term.is_confirmed:
            text = _("%(warning)s (a draft term, not yet confirmed)") % {"warning": text}
        return text


def _compact(lao: str) -> str:
    return "".join(normalise_text(lao, multi_line=True).split())


def _pattern(english: str) -> re.Pattern:
    words = r"\s+".join(re.escape(word) for word in english.split())
    # Whole words: no letter, digit or hyphen on either side ("Deputy Director" is not found in
    # "Deputy Director-General"), a plural -s or -es allowed.
    return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", re.IGNORECASE)


def terms_in(english: str, terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """The terms ``english`` contains, in order of their first place in it; a term found only
    inside a longer term's place is not counted."""
    found: list[tuple[int, int, GlossaryTerm]] = []
    for term in sorted(terms, key=lambda term: len(term.english), reverse=True):
        if not term.english.strip():
            continue
        for match in _pattern(term.english).finditer(english):
            start, end = match.span()
            if not any(
                start < taken_end and taken_start < end for taken_start, taken_end, _t in found
            ):
                found.append((start, end, term))
    firsts: dict[int, tuple[int, GlossaryTerm]] = {}
    for start, _end, term in found:
        if term.pk not in firsts or start < firsts[term.pk][0]:
            firsts[term.pk] = (start, term)
    return [term for _start, term in sorted(firsts.values(), key=lambda pair: pair[0])]


def glossary_warnings(
    english: str, lao: str, terms: Iterable[GlossaryTerm]
) -> list[GlossaryWarning]:
    """What the glossary says about ``lao`` as the translation of ``english``; [] for no Lao."""
    if not lao.strip():
        return []
    terms = list(terms)
    compact = _compact(lao)
    warnings = [
        GlossaryWarning(term, MISSING)
        for term in terms_in(english, terms)
        if _compact(term.lao) not in compact
    ]
    for term in terms:
        # The approved Lao may hold a variant ("ກົມ" in "ກົມອາຊຽນ"): only a use outside it counts.
        rest = compact.replace(_compact(term.lao), " ") if term.lao.strip() else compact
        warnings += [
            GlossaryWarning(term, AVOID, variant)
            for variant in term.variants
            if _compact(variant) and _compact(variant) in rest
        ]
    return warnings


def record_warnings(obj, terms: Sequence[GlossaryTerm]) -> list[tuple[str, GlossaryWarning]]:
    """(field, warning) for each translated field of ``obj`` whose Lao the glossary warns of."""
    if not terms:
        return []
    texts = state.lao(obj)
    return [
        (name, warning)
        for name, source in state.english(obj).items()
        for warning in glossary_warnings(source, texts[name], terms)
    ]


def po_comment(terms: Iterable[GlossaryTerm]) -> list[str]:
    """The translator's comments of a PO entry whose English holds ``terms``: one line each,
    "Glossary: programme → ໂຄງການ (avoid ຫຼັກສູດ)"."""
    lines = []
    for term in terms:
        avoid = ", ".join(term.variants)
        line = f"Glossary: {term.english} → {term.lao}"
        details = [f"avoid {avoid}"] if avoid else []
        if not term.is_confirmed:
            details.append("draft term")
        lines.append(f"{line} ({'; '.join(details)})" if details else line)
    return lines


def all_terms() -> list[GlossaryTerm]:
    """The whole glossary, in one query: what a page or a report checks every text against."""
    return list(GlossaryTerm.objects.all())


def confirm_terms(terms: Iterable[GlossaryTerm], *, by: str) -> int:
    """Record that the Department confirmed ``terms`` as they are, ``by`` (a person's name)
    now; each save a version in the term's history. Returns how many were drafts."""
    confirmed = 0
    now = timezone.now()
    with transaction.atomic():
        for term in terms:
            if term.is_confirmed:
                continue
            term.confirmed_by, term.confirmed_at = by, now
            term._change_reason = CONFIRMED  # django-simple-history keeps it with the version
            term.save(update_fields=["confirmed_by", "confirmed_at"])
            confirmed += 1
    return confirmed


def unconfirm_if_changed(term: GlossaryTerm, changed: Iterable[str]) -> bool:
    """A confirmed term whose English, approved Lao or variants change is a draft again: the
    Department confirmed other words. True when ``term`` (not yet saved) became a draft."""
    if not term.is_confirmed or not set(changed) & {"english", "lao", "avoid"}:
        return False
    term.confirmed_by, term.confirmed_at = "", None
    return True
