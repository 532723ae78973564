from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """How a public page is served: preview, the page cache, HTTP caching, the sitemap, the
    context and template tags every page uses."""

    name = "pages"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from pages.cache import connect_invalidation

        connect_invalidation()
