"""Names of records that Django and the packages leave in English whatever the language, for the
summaries of what a deletion takes with it (``backoffice/sites.py`` puts them in).

- Django names the rows joining two records (a user's groups, a mandate's divisions) once, in
  English, when it makes their model: "User-group relationship";
- django-otp names its models in English only: the back office shows them through proxies
  named in words the catalogs translate (``backoffice/models.py``), but a deletion takes the
  rows of django-otp's own models with it.

Elsewhere: the packages' apps (django-axes': "Axes") are named by their app configs in
``backoffice/apps.py``; Django's yes/no icons, described as "True" or "False", by the site
(``backoffice/sites.py``); django-otp's fields, and django-axes' unnamed column, by their admins
(``backoffice/two_factor/admin.py``).
"""

import functools

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField


def _relationship(from_opts, to_opts, message: str):
    """A joining row's name, "ຄວາມສຳພັນ ຂໍ້ກຳນົດ-ພະແນກ", in the language of the moment."""

    def name() -> str:
        return gettext(message) % {"from": from_opts.verbose_name, "to": to_opts.verbose_name}

    return lazy(name, str)()


def _names(model) -> tuple | None:
    """The back office's singular and plural names of ``model``, if not Django's."""
    from backoffice.models import AuthenticatorApp, RecoveryCode, RecoveryCodes

    opts = model._meta
    if opts.auto_created and len(links := [f for f in opts.fields if f.is_relation]) == 2:
        from_opts, to_opts = (link.related_model._meta for link in links)
        return (
            _relationship(from_opts, to_opts, "%(from)s-%(to)s relationship"),
            _relationship(from_opts, to_opts, "%(from)s-%(to)s relationships"),
        )
    for proxy in (AuthenticatorApp, RecoveryCodes, RecoveryCode):
        if proxy._meta.concrete_model is model:
            return proxy._meta.verbose_name, proxy._meta.verbose_name_plural
    return None


@functools.cache
def other_names() -> dict[str, tuple]:
    """Each renamed model's English name, singular and plural, as Django writes it (plain
    text) → the back office's singular and plural (translated when shown)."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if (names := _names(model)) is not None:
            found[str(model._meta.verbose_name)] = names
            found[str(model._meta.verbose_name_plural)] = names
    return found


# A translated field's column for one language, named as people say it: modeltranslation calls
# ``name_en`` "name [en]", a code a Lao reader does not read as "in English".
FIELD_LANGUAGES = {
    "en": pgettext_lazy("the language a field is written in", "English"),
    "lo": pgettext_lazy("the language a field is written in", "Lao"),
}


def _language_label(field) -> str:
    return gettext("%(field)s (%(language)s)") % {
        "field": field.translated_field.verbose_name,
        "language": FIELD_LANGUAGES[field.language],
    }


# Made once: each ``lazy()`` call builds a class, and these were built for every label of every
# admin page (a few milliseconds of a Department's change page, measured).
_lazy_language_label = lazy(_language_label, str)
_lazy_form_label = lazy(lambda field: capfirst(field_label(field)), str)


def field_label(field):
    """A model field's label: its own, or for one language's column of a translated field, the
    field's and the language's, "Name (English)", "ຊື່ (ພາສາອັງກິດ)", in the reader's language
    when it is shown."""
    if not isinstance(field, TranslationField) or field.language not in FIELD_LANGUAGES:
        return field.verbose_name
    return _lazy_language_label(field)


def language_labels(model) -> dict:
    """Each translated column of ``model`` → its form label (``field_label``), for a form's
    ``Meta.labels``, which labels the field whether it is edited or shown read-only."""
    return {
        field.name: _lazy_form_label(field)
        for field in model._meta.fields
        if isinstance(field, TranslationField)
    }


class LanguageLabelsAdmin:
    """A model admin whose form labels each language's column as ``field_label`` does."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs["labels"] = {**language_labels(self.model), **(kwargs.get("labels") or {})}
        return super().get_form(request, obj, **kwargs)


class LanguageLabelsInline:
    """The same for an inline: its table's headers too."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["labels"] = {**language_labels(self.model), **(kwargs.get("labels") or {})}
        return super().get_formset(request, obj, **kwargs)


# What each of the permissions Django and ``Publishable`` make lets a person do, per model.
ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
    "publish": _("Can publish %(model)s"),
}


def permission_name(permission) -> str:
    """A permission as the pickers list it, "app | model | Can add model", in the reader's
    language: Django stores its name in English ("Can add log entry"), so it is built again from
    its action and the model's name."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    shown = model_name(model)
    name = next(
        (
            str(text) % {"model": shown}
            for action, text in ACTIONS.items()
            if permission.codename == get_permission_codename(action, opts)
        ),
        permission.name,
    )
    return f"{opts.app_config.verbose_name} | {shown} | {name}"


def model_name(model) -> str:
    """A model's name in the reader's language, for those Django and the packages name in
    English: the rows joining two records, django-otp's, and each model's past versions
    (django-simple-history names them "historical …", in English)."""
    if (names := _names(model)) is not None:
        return str(names[0])
    original = getattr(model, "instance_type", None)  # django-simple-history's history models
    if original is not None:
        return gettext("past versions of %(model)s") % {"model": model_name(original)}
    return str(model._meta.verbose_name)
