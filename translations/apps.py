from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.contributions import Contribution, SectionSpec


class TranslationsConfig(AppConfig):
    """Content in Lao: each record's translation state, what visitors see of it, the
    Translations page, the PO exchange and the glossary of official terms (see
    ``translations/__init__.py``)."""

    name = "translations"
    verbose_name = _("Translations")
    # The glossary is part of the record set (the seed gives its draft terms; an export carries
    # the Department's confirmations), so the roles cover it and it keeps a history.
    contribution = Contribution(record_sections=(SectionSpec("glossary", "GlossaryTerm"),))
