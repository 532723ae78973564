"""Words of the back office that Django and the packages leave in English whatever the language:
named here so that the Lao catalogs translate them (locale/lo, locale/packages/lo).

- django-axes names its app in English only ("Axes");
- Django's lists and read-only fields describe a yes/no icon as "True", "False" or "None";
- Django names the rows joining two records (a user's groups, a mandate's divisions) once, in
  English, when it makes their model: "User-Group relationship";
- django-otp's apps, models and fields: ``backoffice.two_factor.admin``.
"""

from django.templatetags.static import static
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy


def boolean_icon(value) -> str:
    """Django's yes/no/unknown icon, described in the reader's language."""
    icon, text = {True: ("yes", "Yes"), False: ("no", "No"), None: ("unknown", "Unknown")}[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), gettext(text)
    )


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
    from axes.admin import AccessAttemptAdmin
    from django.apps import apps
    from django.contrib.admin.templatetags import admin_list

    from backoffice.two_factor.admin import name_the_labels

    apps.get_app_config("axes").verbose_name = gettext_lazy("Sign-in lockout")
    # Django looks the icon up in admin_list each time it draws one (admin.utils imports it
    # there when called), so replacing it there serves the lists and the read-only fields.
    admin_list._boolean_icon = boolean_icon
    # django-axes' column of attempts left has no name but its method's.
    AccessAttemptAdmin.status.short_description = gettext_lazy("Status")
    name_the_relationships()
    name_the_labels()
