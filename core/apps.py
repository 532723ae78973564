from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The building blocks every other app uses: publication, natural keys, plain text, slugs,
    countries, what apps contribute, and the project-wide middleware. Names no other app."""

    name = "core"
    verbose_name = _("Building blocks")

    def ready(self) -> None:
        from django.core import checks

        from core.naturalkeys import check_natural_keys

        checks.register(check_natural_keys)
