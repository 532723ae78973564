"""PO syntax, checked line by line before polib reads a file.

polib is lenient where a file from a translator's tool must not be guessed at: it reads
``msgstr "abc`` (no closing quote) as ``ab``, ``msgstr abc`` as the previous string, a ``"…"``
after a blank line as part of the entry before, and ``\\q`` as a backslash and a q. Importing is
all or nothing ("a bad file changes nothing"), so a line that is not PO is refused, with its
number, rather than read as something it does not say.

A file is a sequence of entries separated by blank lines or comments (``#`` lines, among them
polib's ``#,`` flags, ``#|`` previous strings and ``#~`` obsolete entries). An entry is an
optional ``msgctxt``, a ``msgid``, then either a ``msgstr`` or a ``msgid_plural`` and ``msgstr[0]``,
``msgstr[1]``, … in order; each keyword is followed by a quoted string, which ``"…"`` lines
directly below continue. A quoted string closes with an unescaped ``"`` and nothing after it; the
escapes it may hold are those polib reads back as written: ``\\\\ \\" \\n \\t \\r``.
"""

import re

ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=\s|$)(.*)")
# The states each keyword may follow: "" between entries, "end" after an entry's msgstr,
# "msgstr[]" after a plural one, else the keyword before.
_BETWEEN = ("", "end", "msgstr[]")
_AFTER = {
    "msgctxt": _BETWEEN,
    "msgid": (*_BETWEEN, "msgctxt"),
    "msgid_plural": ("msgid",),
    "msgstr": ("msgid",),
}


def string_problem(text: str) -> str | None:
    """What is wrong with ``text`` as one quoted PO string (with nothing after it), or None."""
    if not text.startswith('"'):
        return 'a quoted string ("…") must follow'
    index = 1
    while index < len(text):
        character = text[index]
        if character == "\\":
            following = text[index + 1 : index + 2]
            if following and following not in ESCAPES:
                return (
                    f"\\{following} is not an escape a PO string may hold here "
                    '(\\\\ \\" \\n \\t \\r); write \\\\ for a backslash'
                )
            index += 2
        elif character == '"':
            if text[index + 1 :].strip():
                return 'text follows the closing quote; write a \\" for a quote in the text'
            return None
        else:
            index += 1
    return 'the string is not closed: its final " is missing'


class _Entries:
    """Where the file is: in which part of an entry, and whether a ``"…"`` line may follow."""

    def __init__(self) -> None:
        self.state = ""
        self.started = 0  # the line of the current entry's first keyword
        self.plural = -1  # the last msgstr[n] given
        self.continues = False

    def keyword(self, keyword: str, index: str | None, number: int) -> str | None:
        if keyword == "msgstr" and index is not None:
            return self._plural(int(index))
        problem = None
        if index is not None:
            problem = f"{keyword} takes no [index]"
        elif self.state not in (*_AFTER[keyword], "?"):  # "?": an unreadable line, told already
            problem = self._out_of_place(keyword)
        if self.state in (*_BETWEEN, "?") or keyword == "msgctxt":
            self.started = number
        # Read on as if the keyword were in its place: one mistake, one message.
        self.state = "end" if keyword == "msgstr" else keyword
        return problem

    def _plural(self, index: int) -> str | None:
        expected = self.plural + 1 if self.state == "msgstr[]" else 0
        problem = None
        if self.state not in ("msgid_plural", "msgstr[]", "?") or index != expected:
            before = f"msgstr[{index - 1}]" if index else "msgid_plural"
            problem = f"msgstr[{index}] must follow {before}"
        self.state, self.plural = "msgstr[]", index
        return problem

    def _out_of_place(self, keyword: str) -> str:
        if keyword == "msgstr" and self.state == "msgid_plural":
            return "an entry with msgid_plural gives msgstr[0], msgstr[1], …, not msgstr"
        if self.state in ("msgctxt", "msgid", "msgid_plural"):
            return (
                f"{keyword} cannot follow {self.state}: the entry of line {self.started} "
                "has no msgstr"
            )
        return f"{keyword} must follow msgid"

    def gap(self) -> str | None:
        """A blank or comment line: only between entries."""
        self.continues = False
        state, self.state = self.state, ""
        if state in ("msgctxt", "msgid", "msgid_plural"):
            return f"the entry of line {self.started} ends here without its msgstr"
        return None

    def unreadable(self) -> None:
        """A line that is not PO at all: whatever entry it was in is not told about again."""
        self.state, self.continues = "?", False


def syntax_problems(text: str) -> list[str]:
    """Every line of ``text`` that is not PO syntax, as ``line N: why``; [] for a good file."""
    problems = []
    entries = _Entries()
    # Lines as polib splits them (str.splitlines: U+2028 and the like end a line too), so that
    # the numbers are those polib gives its entries.
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        problem = None
        if not line or line.startswith("#"):
            problem = entries.gap()
        elif line.startswith('"'):
            problem = string_problem(line)
            if not entries.continues:
                problem = 'a "…" line must directly follow a msgid, msgstr, … or another "…" line'
        elif match := _KEYWORD.fullmatch(line):
            keyword, index, rest = match.groups()
            problem = entries.keyword(keyword, index, number) or string_problem(rest.strip())
            entries.continues = True
        else:
            entries.unreadable()
            problem = (
                "not PO syntax: expected a comment (#), msgctxt, msgid, msgid_plural, msgstr "
                'or a "…" line'
            )
        if problem:
            problems.append(f"line {number}: {problem}")
    if entries.state in ("msgctxt", "msgid", "msgid_plural"):
        problems.append(f"line {entries.started}: the entry ends with the file, without its msgstr")
    return problems
