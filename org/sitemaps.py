from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from org.selectors import list_divisions_for_sitemap


class PageSitemap(Sitemap):
    """The fixed pages of the site, in every language."""

    i18n = True
    alternates = True
    x_default = True

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


class DivisionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return list_divisions_for_sitemap()
