from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups proven to restore (``backup``, ``restore``): see ``backups/__init__.py``."""

    name = "backups"
    verbose_name = _("Backups")
