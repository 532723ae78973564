"""Words in text, for the site search: Lao is written without spaces between words.

ICU's dictionary-based word break (PyICU) finds the words of a Lao run, as it finds English words
between spaces and punctuation: "ໂຄງການການຝຶກອົບຮົມ" is ໂຄງການ | ການຝຶກ | ອົບຮົມ. Documents and
queries go through the same function, so a word is found inside a longer run. Chosen over LaoNLP
after comparing both on the seed's Lao (README, "Search"): as good or better on its phrases,
twenty-five times faster, and an 18 MB wheel with ICU inside, where LaoNLP brings PyThaiNLP's 67 MB.

A dictionary splits a run one way in one context and another way in another: ICU reads
ໂຄງການຝຶກອົບຮົມ as ໂຄງການ | ຝຶກ | ອົບຮົມ but ການຝຶກອົບຮົມ as ການຝຶກ | ອົບຮົມ. The prefixes that
make a noun of a verb, ການ and ຄວາມ ("-ing", "-ness"), are therefore split off a word, and a query
leaves them out as an English search leaves out "the": ການຝຶກອົບຮົມ then finds ຝຶກ ອົບຮົມ in both.

The index keeps the text as visitors read it, each word between two marks (``START``, ``END``:
control characters, which text fields never hold, ``core/plaintext.py``): PostgreSQL's parser
reads them as spaces, SQLite's LIKE finds a word by its start, and taking them out gives the text
back unchanged, for the excerpt.
"""

import re

import icu

START, END = "\x1e", "\x1f"
NOMINALISERS = ("ການ", "ຄວາມ")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# ICU's rule status of a word (numbers, letters, kana, ideographs): 100 and up; spaces and
# punctuation are below.
_WORD_STATUS = 100


def _spans(text: str, language: str) -> list[tuple[int, int]]:
    """The (start, end) of each word of ``text``, in Python's character offsets."""
    breaker = icu.BreakIterator.createWordInstance(icu.Locale(language))
    breaker.setText(text)
    # ICU counts UTF-16 code units: a character beyond the BMP (an emoji) is two of them.
    offsets = None
    if any(ord(ch) > 0xFFFF for ch in text):
        offsets = []
        for index, ch in enumerate(text):
            offsets.extend([index] * (2 if ord(ch) > 0xFFFF else 1))
        offsets.append(len(text))
    spans, start = [], breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() >= _WORD_STATUS:
            spans.extend(_split_nominaliser(*_python(offsets, start, end), text))
        start = end
    return spans


def _python(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    return (start, end) if offsets is None else (offsets[start], offsets[end])


def _split_nominaliser(start: int, end: int, text: str) -> list[tuple[int, int]]:
    for prefix in NOMINALISERS:
        if text.startswith(prefix, start) and end - start > len(prefix):
            return [(start, start + len(prefix)), (start + len(prefix), end)]
    return [(start, end)]


def marked(text: str, language: str) -> str:
    """``text`` with each word between ``START`` and ``END`` (and no other control character:
    the index and its excerpts use some as marks)."""
    text = _CONTROLS.sub("", text)
    pieces, done = [], 0
    for start, end in _spans(text, language):
        pieces.extend((text[done:start], START, text[start:end], END))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def unmarked(text: str) -> str:
    return text.replace(START, "").replace(END, "")


def query_words(text: str, language: str) -> list[str]:
    """The words a query looks for, in lower case, once each, without the nominalisers (unless
    they are all it has)."""
    words = list(dict.fromkeys(text[s:e].casefold() for s, e in _spans(text, language)))
    kept = [word for word in words if word not in NOMINALISERS]
    return kept or words
