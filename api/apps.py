from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data API under ``/api/v1/``: see ``api/__init__.py``."""

    name = "api"
    verbose_name = _("Open data API")
