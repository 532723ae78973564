from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The record set: every content record read and written as one file (``export_records``,
    ``import_records``), and the initial content (``load_seed``) with its bookkeeping."""

    name = "records"
    verbose_name = _("Record set")
