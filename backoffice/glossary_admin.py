"""The glossary's admin (``translations/glossary_admin.py``) with the back office's history pages
and deleted terms, registered from ``BackofficeConfig.ready()``: the translations app is below
this one and cannot name ``HistoryAdmin`` itself."""

from django.contrib import admin

from backoffice.history import HistoryAdmin
from translations.glossary_admin import GlossaryAdmin
from translations.models import GlossaryTerm


class GlossaryTermAdmin(GlossaryAdmin, HistoryAdmin):
    pass


def register() -> None:
    admin.site.register(GlossaryTerm, GlossaryTermAdmin)
