from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Content in Lao: each record's translation state, what visitors see of it, the
    Translations page and the PO exchange (see ``translations/__init__.py``)."""

    name = "translations"
    verbose_name = _("Translations")
