from pages.sitemaps import PublicSitemap
from programmes.selectors import list_legs_for_sitemap


class LegSitemap(PublicSitemap):
    def items(self):
        return list_legs_for_sitemap()
