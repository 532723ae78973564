"""The sitemap: every app's fixed pages and the sitemaps it declares (``contribution``)."""

from django.contrib.sitemaps import Sitemap
from django.utils.module_loading import import_string

from core.contributions import sitemap_classes, sitemap_pages
from pages.reversing import reverse


class PublicSitemap(Sitemap):
    """Every page in each language, with hreflang alternates and an English x-default."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    """The pages without parameters that the apps declare."""

    def items(self):
        return sitemap_pages()

    def location(self, item):
        return reverse(item)


def all_sitemaps() -> dict[str, type[Sitemap]]:
    return {
        "pages": PageSitemap,
        **{name: import_string(path) for name, path in sitemap_classes().items()},
    }
