from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from org.selectors import list_divisions_for_sitemap


class PublicSitemap(Sitemap):
    """Every page in each language, with hreflang alternates and an English x-default."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    """The fixed pages of the site."""

    def items(self):
        return [
            "org:home",
            "org:structure",
            "org:mandate_list",
            "org:relatedbody_list",
            "programmes:programme_list",
        ]

    def location(self, item):
        return reverse(item)


class DivisionSitemap(PublicSitemap):
    def items(self):
        return list_divisions_for_sitemap()
