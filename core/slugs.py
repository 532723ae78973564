"""A record's address (its slug) from its name, whichever language the name was typed in.

The admin fills a slug from the English name as one types (``prepopulated_fields``); a name
typed only in Lao gives it nothing, and Django's bare "This field is required." said neither
what was missing nor why. Here the slug is optional on the form: left empty, it is made from the
English name when the form is saved; with no English to make it from, the error says to type an
address in Latin letters. Lao is not transliterated: there is no agreed romanisation the
Department uses for addresses, and an address is for people to type and say.
"""

from django import forms
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
                text = " ".join(str(cleaned.get(source) or "") for source in sources)
                slug = slugify(text)[: field.max_length or None].strip("-")
                if slug:
                    cleaned[name] = slug
                else:
                    self.add_error(name, NO_LATIN_MESSAGE)
            return cleaned

    SlugFromNameForm.__name__ = form_class.__name__
    return SlugFromNameForm
