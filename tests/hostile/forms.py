"""Admin forms as a browser posts them: read from the rendered page, one field changed.

The baseline is what the page shows, so every other field holds a value the form accepts; a
hostile value then goes into one field at a time.
"""

import re
from html.parser import HTMLParser

from django.db import models

# Fields whose value means an action, not data: a hostile value there is just "tick the box".
ACTION_SUFFIXES = ("-DELETE",)
SKIPPED = {"csrfmiddlewaretoken"}


class _FormReader(HTMLParser):
    """The (name, value) pairs the admin's change form posts, and the names of all its fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.pairs: list[tuple[str, str]] = []
        self.names: list[str] = []
        self.hidden: set[str] = set()
        self._select: tuple[str, bool, list[str], str | None] | None = None
        self._option: str | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            self._input(name, attrs)
        elif tag == "select" and name and "disabled" not in attrs:
            self._add_name(name)
            self._select = (name, "multiple" in attrs, [], None)
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            self._option_text = ""
            name, multiple, chosen, first = self._select
            if "selected" in attrs:
                chosen.append(self._option)
            self._select = (name, multiple, chosen, first if first is not None else self._option)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._add_name(name)
            self._textarea, self._text = name, ""

    def _input(self, name, attrs) -> None:
        kind = (attrs.get("type") or "text").lower()
        if kind in ("submit", "button", "reset", "image", "file"):
            return
        self._add_name(name)
        if kind == "hidden":
            self.hidden.add(name)
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.pairs.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))

    def _add_name(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, first = self._select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self.pairs.extend((name, value or "") for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.pairs.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


class Form:
    """The pairs a browser would post from the page's admin form, the names of the fields a
    person fills in, and of the hidden ones (inline formsets' bookkeeping)."""

    def __init__(self, html: str = "") -> None:
        reader = _FormReader()
        reader.feed(html)
        names = [n for n in reader.names if n not in SKIPPED and not n.endswith(ACTION_SUFFIXES)]
        self.pairs = reader.pairs
        self.visible = [name for name in names if name not in reader.hidden]
        self.hidden = [name for name in names if name in reader.hidden]


def with_values(pairs, names, value: str) -> list[tuple[str, str]]:
    """``pairs`` with every value of each of ``names`` replaced by ``value``."""
    names = set(names)
    return [(key, v) for key, v in pairs if key not in names] + [(n, value) for n in names]


_ERROR_ID = re.compile(r'<ul class="errorlist" id="id_(.+?)_error">')
_UNPLACED = re.compile(r'<ul class="errorlist (?:nonfield|nonform)')


def errors_of(html: str) -> tuple[set[str], bool]:
    """The fields a refused form marks as wrong, and whether it has errors of no one field."""
    return set(_ERROR_ID.findall(html)), bool(_UNPLACED.search(html))


def unique_field_names(model: type[models.Model]) -> set[str]:
    """Fields a second record must not repeat: unique ones, and those of unique constraints
    that are plain values (a parent or a choice may repeat when another field differs)."""
    names = {f.name for f in model._meta.fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()))
    for name in list(names):
        field = model._meta.get_field(name)
        if field.is_relation or field.choices:
            names.discard(name)
    return names


def add_form_data(add_pairs, add_names, change_pairs):
    """Valid data for the add form: the existing record's values (from its change form) for the
    fields the add form has, the add form's own for the rest (its empty inline formsets)."""
    from_change = {}
    for key, value in change_pairs:
        from_change.setdefault(key, []).append(value)
    pairs = []
    for name in dict.fromkeys([key for key, _v in add_pairs] + add_names):
        if name in from_change and "-" not in name:
            pairs.extend((name, value) for value in from_change[name])
        else:
            pairs.extend((key, value) for key, value in add_pairs if key == name)
    return pairs


def freshen(model, pairs, serial: int, keep=()) -> list[tuple[str, str]]:
    """``pairs`` with new values for the fields a second record must not repeat."""
    unique = unique_field_names(model) - set(keep)
    fresh = []
    for key, value in pairs:
        if key in unique and value != "":
            field = model._meta.get_field(key)
            value = str(100 + serial) if isinstance(field, models.IntegerField) else f"new-{serial}"
        fresh.append((key, value))
    return fresh
