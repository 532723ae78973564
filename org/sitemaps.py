from config.sitemaps import PublicSitemap
from org.selectors import list_divisions_for_sitemap


class DivisionSitemap(PublicSitemap):
    def items(self):
        return list_divisions_for_sitemap()
