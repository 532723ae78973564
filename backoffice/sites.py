"""The back office's admin site: Django's ``AdminSite`` with the project's titles, its own pages
and its yes/no icons described in the reader's language.

It is ``django.contrib.admin.site`` (``default_site`` of ``BackOfficeAdminConfig``, in
``backoffice/apps.py``), so every app's ``admin.py`` registers on it as usual.
"""

import functools
import re

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from translations.views import translations_view

# Django draws a yes/no/unknown icon (lists, read-only fields) with ``alt="True"``, "False" or
# "None", whatever the language (Django 5.2): once a page is drawn, Django's own words for them
# replace these ("Yes", "No", "Unknown", which its catalogs translate: locale/packages). Only Django's icon matches (the attribute
# right after its static address; text from records is escaped, and has no bare quote).
ICON = re.compile(r'(/admin/img/icon-(yes|no|unknown)[^"/]*\.svg") alt="(?:True|False|None)"')
ICON_TEXT = {"yes": "Yes", "no": "No", "unknown": "Unknown"}


def describe_icons(response) -> None:
    """Post-render callback: the icons' ``alt`` in the language of the request."""
    text = response.content.decode(response.charset)
    described = ICON.sub(lambda m: f'{m[1]} alt="{gettext(ICON_TEXT[m[2]])}"', text)
    if described != text:
        response.content = described


class BackOfficeSite(admin.AdminSite):
    site_header = _("ASEAN Department records")
    site_title = _("ASEAN Department records")
    index_title = _("Back office of the ASEAN Department, Ministry of Foreign Affairs")

    def admin_view(self, view, cacheable=False):
        # Every page of the site and of its model admins passes here (Django's public hook).
        @functools.wraps(view)
        def with_icons_described(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.add_post_render_callback(describe_icons)
            elif response.get("Content-Type", "").startswith("text/html") and not (
                response.streaming
            ):
                describe_icons(response)  # drawn already (django-simple-history's pages)
            return response

        return super().admin_view(with_icons_described, cacheable)

    def get_urls(self):
        # The Translations page (translations/views.py), behind the site's staff sign-in.
        return [
            path("translations/", self.admin_view(self.translations), name="translations"),
            *super().get_urls(),
        ]

    def translations(self, request):
        return translations_view(request, self)
