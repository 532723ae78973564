from django.contrib.sitemaps import Sitemap

from programmes.selectors import list_legs


class LegSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return list_legs()
