"""Finding entries: one query, whatever the size of the index.

On PostgreSQL the query's words (segmented as the documents were, ``segmenting.query_words``)
become a ``plainto_tsquery`` in the language's configuration (``english``: stemmed, so
"programmes" finds "programme"; ``simple`` for Lao), matched against the stored vectors under
their GIN index, ranked by ``ts_rank`` (a word in the title counts more) and excerpted by
``ts_headline``. On SQLite (``make run``) every word must begin a marked word of the title or the
text (``LIKE``), an English word without its plural ending ("programmes" as "programm…"), ranked
by the words found in the title; the excerpt is cut around the first word found. The same
function chooses by ``connection.vendor``.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.indexing import CONFIGS, SIMPLE
from search.models import SearchEntry
from search.segmenting import END, START, query_words, unmarked

# The most results a search lists: the most relevant first; more words narrow it.
LIMIT = 30
# A found word in an excerpt, between two control characters no text holds.
HIT_START, HIT_END = "\x02", "\x03"
EXCERPT_CHARACTERS = 240
_WORD = re.compile(f"{START}([^{END}]*){END}")


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    # The title and an excerpt of the text as HTML, the words found in ``<mark>``.
    title_html: SafeString
    excerpt: SafeString


def find(text: str, language: str) -> tuple[list[Result], bool]:
    """The entries in ``language`` that hold every word of ``text``, best first, and whether
    there were more than ``LIMIT``."""
    words = query_words(text, language)
    if not words:
        return [], False
    entries = SearchEntry.objects.filter(language=language)
    if connection.vendor == "postgresql":
        rows = _ranked_by_postgresql(entries, words, language)
    else:
        rows = _matched_word_starts(entries, words, language)
    results = [
        Result(title, url, excerpt_html(marked_title), excerpt_html(excerpt))
        for title, url, marked_title, excerpt in rows
    ]
    return results[:LIMIT], len(results) > LIMIT


def _ranked_by_postgresql(entries, words: list[str], language: str) -> list[tuple]:
    config = CONFIGS.get(language, SIMPLE)
    query = SearchQuery(" ".join(words), config=config, search_type="plain")
    marks = {"config": config, "start_sel": HIT_START, "stop_sel": HIT_END}
    title = SearchHeadline("title_words", query, highlight_all=True, **marks)
    excerpt = SearchHeadline(
        "text_words",
        query,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
        **marks,
    )
    found = entries.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    found = found.order_by("-rank", "title", "pk").annotate(marked_title=title, excerpt=excerpt)
    return list(found.values_list("title", "url", "marked_title", "excerpt")[: LIMIT + 1])


def word_start(word: str, language: str) -> str:
    """How SQLite looks for ``word``: an English plural without its ending."""
    if language == "en" and word.isascii() and len(word) > 4 and not word.endswith("ss"):
        for ending in ("ies", "es", "s"):
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


def _matched_word_starts(entries, words: list[str], language: str) -> list[tuple]:
    starts = [word_start(word, language) for word in words]
    for start in starts:
        entries = entries.filter(
            Q(title_words__icontains=START + start) | Q(text_words__icontains=START + start)
        )
    in_title = functools.reduce(
        operator.add,
        (
            Case(When(title_words__icontains=START + s, then=Value(1)), default=Value(0))
            for s in starts
        ),
    )
    found = entries.annotate(in_title=in_title).order_by("-in_title", "title", "pk")
    rows = found.values_list("title", "url", "title_words", "text_words")[: LIMIT + 1]
    return [
        (title, url, highlighted(words, starts), cut_around_hits(text, starts))
        for title, url, words, text in rows
    ]


def _found(marked: str, starts: list[str]) -> tuple[list[str], list[int]]:
    """``marked`` as text between words, a word, text between words, …; and the words found."""
    parts = _WORD.split(marked)
    return parts, [
        i for i in range(1, len(parts), 2) if parts[i].casefold().startswith(tuple(starts))
    ]


def highlighted(marked: str, starts: list[str]) -> str:
    """``marked`` with the words found between ``HIT_START`` and ``HIT_END``."""
    parts, hits = _found(marked, starts)
    return "".join(f"{HIT_START}{p}{HIT_END}" if i in hits else p for i, p in enumerate(parts))


def cut_around_hits(marked: str, starts: list[str], length: int = EXCERPT_CHARACTERS) -> str:
    """About ``length`` characters of ``marked`` from shortly before its first word found, the
    words found between ``HIT_START`` and ``HIT_END``."""
    parts, hits = _found(marked, starts)
    first = hits[0] if hits else 0
    begin = first
    while begin > 0 and sum(len(p) for p in parts[begin:first]) < length // 4:
        begin -= 1
    pieces, taken = [], 0
    for index in range(begin, len(parts)):
        if taken > length:
            pieces.append(" …")
            break
        part = parts[index]
        pieces.append(f"{HIT_START}{part}{HIT_END}" if index in hits else part)
        taken += len(part)
    prefix = "… " if begin > 0 else ""
    return prefix + "".join(pieces).strip()


def excerpt_html(excerpt: str) -> SafeString:
    """The excerpt as HTML: its text escaped, the words found in ``<mark>`` (words found side by
    side in one: a Lao word split by the segmenter reads as one), its fields apart by a dot."""
    text = escape(unmarked(excerpt or "")).replace(HIT_END + HIT_START, "").replace("\n", " · ")
    return mark_safe(text.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))  # noqa: S308
