"""A record's address (its slug) from its name, whichever language the name was typed in.

The admin fills a slug from the English name as one types (``prepopulated_fields``); a name
typed only in Lao gives it nothing, and Django's bare "This field is required." said neither
what was missing nor why. Here the slug is optional on the form: left empty, it is made from the
English name when the form is saved. With no English to make it from, the error says why: a name
typed in Lao letters cannot make one (type an address in Latin letters); no name at all, that the
address is made from the English name; Lao letters are blamed only where the name has some (an
empty form once blamed Lao letters nobody typed). Lao is not transliterated: there is no agreed romanisation the
Department uses for addresses, and an address is for people to type and say.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

SLUG_HELP = _(
    "The page's address: Latin letters a–z, digits and hyphens. Left empty, it is made from "
    "the English name."
)
INVALID_MESSAGE = _(
    "Type the page's address in Latin letters a–z, digits and hyphens, such as "
    "“general-affairs”: no spaces, Lao letters or other signs."
)
NO_LATIN_MESSAGE = _(
    "Type the page's address in Latin letters (a–z, digits and hyphens), e.g. the English name: "
    "it cannot be made from Lao letters."
)
NO_NAME_MESSAGE = _(
    "The page's address is made from the English name: type the English name, or an address "
    "in Latin letters a–z, digits and hyphens."
)
NOTHING_LATIN_MESSAGE = _(
    "The page's address cannot be made from “%(name)s”, which has no Latin letters or digits: "
    "type an address in Latin letters a–z, digits and hyphens."
)
# The Lao block's letters, vowels and marks; not its digits.
_LAO_LETTERS = re.compile("[\u0e81-\u0ecd\u0edc-\u0edf]")


def optional_slug(db_field: models.Field, formfield, prepopulated: dict) -> None:
    """Make the form field of a slug filled from a name optional, with the help above, and an
    error that says which letters (Django's says "letters", which in Lao reads as any)."""
    if formfield is not None and db_field.name in prepopulated:
        formfield.required = False
        formfield.help_text = SLUG_HELP
        formfield.error_messages["invalid"] = INVALID_MESSAGE


def slug_from_name_form(form_class: type[forms.ModelForm], prepopulated: dict):
    """``form_class`` filling each empty slug in ``prepopulated`` from its source fields."""
    if not prepopulated:
        return form_class

    class SlugFromNameForm(form_class):
        def clean(self):
            cleaned = super().clean()
            for name, sources in prepopulated.items():
                field = self.fields.get(name)
                if field is None or field.disabled or cleaned.get(name) or name in self.errors:
                    continue
                text = " ".join(str(cleaned.get(source) or "") for source in sources).strip()
                slug = slugify(text)[: field.max_length or None].strip("-")
                if slug:
                    cleaned[name] = slug
                else:
                    self.add_error(name, no_slug_error(text, typed_names(self, sources)))
            return cleaned

    SlugFromNameForm.__name__ = form_class.__name__
    return SlugFromNameForm


def typed_names(form: forms.ModelForm, sources) -> str:
    """What the form was given for the names ``sources`` (``name_en``) in every language (the
    Lao one, ``name_lo``, too), as one text."""
    typed = []
    for source in sources:
        field = form.instance._meta.get_field(source)
        base = getattr(field, "translated_field", field).name  # modeltranslation's original
        names = [f"{base}_{code}" for code, _name in settings.LANGUAGES] + [source]
        typed += [str(form.cleaned_data.get(n) or "") for n in names]
    return " ".join(typed)


def no_slug_error(text: str, typed: str) -> ValidationError:
    """Why no address could be made from the names' ``text`` (their English): blaming Lao
    letters only when the names were typed in them (``typed``: every language's)."""
    if _LAO_LETTERS.search(text or typed):
        return ValidationError(NO_LATIN_MESSAGE, code="no_latin")
    if not text:
        return ValidationError(NO_NAME_MESSAGE, code="no_name")
    return ValidationError(NOTHING_LATIN_MESSAGE, code="no_latin", params={"name": text})
