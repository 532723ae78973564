"""The back office's admin site: Django's ``AdminSite`` with the project's titles, its own pages,
its yes/no icons described in the reader's language, and the records a deletion takes with it
named in the reader's language too (``backoffice/labels.py``).

It is ``django.contrib.admin.site`` (``default_site`` of ``BackOfficeAdminConfig``, in
``backoffice/apps.py``), so every app's ``admin.py`` registers on it as usual.
"""

import functools
import re

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.labels import other_names
from translations.views import translations_view

# Django draws a yes/no/unknown icon (lists, read-only fields) with ``alt="True"``, "False" or
# "None", whatever the language (Django 5.2): once a page is drawn, Django's own words for them
# replace these ("Yes", "No", "Unknown", which its catalogs translate: locale/packages). Only
# Django's icon matches: the attribute right after its static address (text from records is
# escaped, so it has no bare quote).
ICON = re.compile(r'(/admin/img/icon-(yes|no|unknown)[^"/]*\.svg") alt="(?:True|False|None)"')
ICON_TEXT = {"yes": "Yes", "no": "No", "unknown": "Unknown"}


def describe_icons(response) -> None:
    """Post-render callback: the icons' ``alt`` in the language of the request."""
    text = response.content.decode(response.charset)
    described = ICON.sub(lambda m: f'{m[1]} alt="{gettext(ICON_TEXT[m[2]])}"', text)
    if described != text:
        response.content = described


def _renamed(entries):
    """A deletion summary's nested list ("Static token: <a…>…</a>", its rows below it) with
    the records' names the back office gives them."""
    names = other_names()
    renamed = []
    for entry in entries:
        if isinstance(entry, list):
            renamed.append(_renamed(entry))
            continue
        name, colon, rest = entry.partition(": ")
        found = names.get(name[:1].lower() + name[1:]) or names.get(name)
        if colon and found:
            shown = capfirst(found[0])
            # Django's entry is marked safe when it holds a link: its record's part stays so.
            entry = (
                format_html("{}: {}", shown, SafeString(rest))
                if isinstance(entry, SafeString)
                else f"{shown}: {rest}"
            )
        renamed.append(entry)
    return renamed


def name_the_deleted(context) -> None:
    """Rename, in a delete page's context (one record's, or the list action's), the records
    Django names in English only."""
    names = other_names()
    for key in ("deleted_objects", "deletable_objects", "protected"):
        if key in context:
            context[key] = _renamed(context[key])
    context["model_count"] = [
        (names[plural][1] if plural in names else plural, count)
        for plural, count in context["model_count"]
    ]
    context["perms_lacking"] = {
        names[name][0] if name in names else name for name in context["perms_lacking"]
    }


class BackOfficeSite(admin.AdminSite):
    site_header = _("ASEAN Department records")
    site_title = _("ASEAN Department records")
    index_title = _("Back office of the ASEAN Department, Ministry of Foreign Affairs")

    def admin_view(self, view, cacheable=False):
        # Every page of the site and of its model admins passes here (Django's public hook):
        # Django's English in it is put in the reader's words.
        @functools.wraps(view)
        def in_the_readers_words(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                if "model_count" in (response.context_data or {}):
                    name_the_deleted(response.context_data)
                response.add_post_render_callback(describe_icons)
            elif response.get("Content-Type", "").startswith("text/html") and not (
                response.streaming
            ):
                describe_icons(response)  # drawn already (django-simple-history's pages)
            return response

        return super().admin_view(in_the_readers_words, cacheable)

    def get_urls(self):
        # The Translations page (translations/views.py), behind the site's staff sign-in.
        return [
            path("translations/", self.admin_view(self.translations), name="translations"),
            *super().get_urls(),
        ]

    def translations(self, request):
        return translations_view(request, self)
