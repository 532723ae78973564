"""Plain text: what a text field of a record may hold, checked once for the back office and the
record set alike.

A one-line field (a name, a title, a venue) holds no control characters at all: a line break or
an invisible character in a title breaks the pages, calendars and files that show it. Its runs of
spaces are stored as one, so that names differing only in spacing are seen to be the same. A
multi-line field (a summary, a description) may hold line breaks and tabs; a Windows line end
(CR LF, as browsers send a textarea) is stored as a plain line break. Neither holds the C1
controls, the Unicode line and paragraph separators, or a lone surrogate (half of a character
that cannot be written as UTF-8).

Text is **normalised once, at the edge** (``normalise_text``), before uniqueness and every other
rule, whether a form, an import or the PO exchange brings it: text pasted from a word processor or
typed on a Lao keyboard is stored as the same characters as the text it looks like.

- Unicode NFC (a composed character and its decomposed spelling are one).
- A Lao tone mark typed before the vowel sign above or below its consonant is put after it
  (``ກ່ີ`` → ``ກີ່``): the order Unicode and Lao fonts expect, without which the marks overlap.
  NFC alone does not do it, as the vowels above have combining class 0.
- The no-break space and the other space separators (U+00A0, U+2000–U+200A, U+202F, U+205F,
  U+3000, U+1680) become a plain space.
- Invisible format characters are removed: the soft hyphen, zero-width space and joiners,
  direction marks and embeddings, the word joiner, the byte-order mark. Lao needs none of them to
  be written or shaped (no joiner forms, unlike Indic or Arabic scripts). The one kept is the
  zero-width space in a *multi-line* text, where some Lao writers mark word breaks with it for
  line wrapping; in a one-line text (a name) it only makes two names that read the same differ.

``PlainTextMixin`` applies the rule to every text field of a model in ``clean_fields()``, so
the admin shows the error beside the field and an import reports it by name.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_FORBIDDEN_ANYWHERE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
_ONE_LINE = re.compile(f"[\t\n{_FORBIDDEN_ANYWHERE}]")
_MULTI_LINE = re.compile(f"[{_FORBIDDEN_ANYWHERE}]")

ONE_LINE_MESSAGE = _(
    "This text must be one line without control characters: remove the character "
    "%(character)s at position %(position)s."
)
MULTI_LINE_MESSAGE = _(
    "This text may hold line breaks and tabs but no other control characters: remove the "
    "character %(character)s at position %(position)s."
)


_SPACES = re.compile(r" {2,}")


def normalise_spaces(text: str) -> str:
    """One line's runs of spaces as one, and none at its ends: "External Partners  Division"
    is the same name as "External Partners Division", and is stored as that."""
    return _SPACES.sub(" ", text).strip(" ")


def normalise_newlines(text: str) -> str:
    """Windows line ends (CR LF) as plain line breaks; a lone CR is left for the check."""
    return text.replace("\r\n", "\n")


_SPACE_SEPARATORS = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = "\u00ad\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_INVISIBLE_IN_ONE_LINE = re.compile(f"[\u200b{_INVISIBLE}]")
_INVISIBLE_IN_MULTI_LINE = re.compile(f"[{_INVISIBLE}]")
# A Lao tone mark (U+0EC8 to U+0ECB) before a vowel sign above or below (U+0EB1, U+0EB4 to U+0EB9,
# U+0EBB): the two swapped. Not before SARA AM (U+0EB3), which a tone mark does precede.
_LAO_TONE_BEFORE_VOWEL = re.compile("([\u0ec8-\u0ecb])([\u0eb1\u0eb4-\u0eb9\u0ebb])")


def normalise_text(text: str, *, multi_line: bool) -> str:
    """``text`` as it is stored: see the module's docstring. One-line text also has its runs of
    spaces made one (``normalise_spaces``); multi-line text its CR LF line ends made one."""
    text = unicodedata.normalize("NFC", text)
    text = _LAO_TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _SPACE_SEPARATORS.sub(" ", text)
    if multi_line:
        return normalise_newlines(_INVISIBLE_IN_MULTI_LINE.sub("", text))
    return normalise_spaces(_INVISIBLE_IN_ONE_LINE.sub("", text))


def text_error(text: str, *, multi_line: bool) -> ValidationError | None:
    """The error for the first character ``text`` may not hold, or None when it is clean."""
    found = (_MULTI_LINE if multi_line else _ONE_LINE).search(text)
    if found is None:
        return None
    return ValidationError(
        MULTI_LINE_MESSAGE if multi_line else ONE_LINE_MESSAGE,
        code="control_character",
        params={"character": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
    )


def shown(text: str) -> str:
    """``text`` safe to print in a message: control characters and lone surrogates as escapes,
    so a report neither breaks a terminal nor fails to encode."""
    return (
        _MULTI_LINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )


class MultiLineTextField(forms.CharField):
    """A form field for multi-line text: the same line ends and the same check as a multi-line
    field of a record. The back office uses it for those fields too (``multi_line_form_field``),
    so a textarea sent back untouched, with the CR LF line ends browsers send, is not taken
    for a change (a false "Lao changed" in the history, or a stale text kept over someone
    else's on a refused save's merge)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_text(value, multi_line=True) if isinstance(value, str) else value

    def validate(self, value):
        super().validate(value)
        error = text_error(value, multi_line=True)
        if error is not None:
            raise error


def multi_line_form_field(db_field: models.Field, kwargs: dict) -> dict:
    """``kwargs`` for ``ModelAdmin.formfield_for_dbfield``, with ``MultiLineTextField`` for a
    multi-line field of a record."""
    if is_multi_line(db_field) and not db_field.choices:
        return {"form_class": MultiLineTextField, **kwargs}
    return kwargs


def is_text_field(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField)


def is_multi_line(field: models.Field) -> bool:
    return isinstance(field, models.TextField)


class PlainTextMixin:
    """Check every text field of the model with ``text_error()`` in ``clean_fields()``, once it
    is normalised (``normalise_text``)."""

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict[str, list[ValidationError]] = {}
        for field in self._meta.concrete_fields:
            if field.name in exclude or not is_text_field(field) or _derived(field):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            value = normalise_text(value, multi_line=is_multi_line(field))
            setattr(self, field.attname, value)
            error = text_error(value, multi_line=is_multi_line(field))
            if error is not None:
                errors[field.name] = [error]
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)


def _derived(field: models.Field) -> bool:
    """The column modeltranslation keeps beside the per-language ones (``name`` beside
    ``name_en``): it reads and writes one of those, which are checked themselves."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(field.model)
    except NotRegistered:
        return False
    return field.name in options.all_fields
