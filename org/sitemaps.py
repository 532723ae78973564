from org.selectors import list_divisions_for_sitemap
from pages.sitemaps import PublicSitemap


class DivisionSitemap(PublicSitemap):
    def items(self):
        return list_divisions_for_sitemap()
