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
from django.utils.functional import lazy
from django.utils.translation import gettext


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
