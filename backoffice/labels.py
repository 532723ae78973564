"""Words of the back office that Django and the packages leave in English whatever the language:
named here so that the Lao catalogs translate them (locale/lo, locale/packages/lo).

- Django names the rows joining two records (a user's groups, a mandate's divisions) once, in
  English, when it makes their model: "User-Group relationship";
- django-otp's apps, models and fields: ``backoffice.two_factor.admin``.

Elsewhere: the packages' apps (django-axes': "Axes") are named by their app configs in
``backoffice/apps.py``; Django's yes/no icons, described as "True" or "False", by the site
(``backoffice/sites.py``); django-axes' unnamed column by its admin (``backoffice/two_factor/``).
"""

from django.utils.functional import lazy
from django.utils.translation import gettext


def _relationship(from_opts, to_opts, message: str):
    """A joining row's name, "ຄວາມສຳພັນ ຂໍ້ກຳນົດ-ພະແນກ", in the language of the moment."""

    def name() -> str:
        return gettext(message) % {"from": from_opts.verbose_name, "to": to_opts.verbose_name}

    return lazy(name, str)()


def name_the_relationships() -> None:
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not (opts.auto_created and len(links := [f for f in opts.fields if f.is_relation]) == 2):
            continue
        from_opts, to_opts = (link.related_model._meta for link in links)
        opts.verbose_name = _relationship(from_opts, to_opts, "%(from)s-%(to)s relationship")
        opts.verbose_name_plural = _relationship(
            from_opts, to_opts, "%(from)s-%(to)s relationships"
        )


def name_the_words() -> None:
    from backoffice.two_factor.admin import name_the_labels

    name_the_relationships()
    name_the_labels()
