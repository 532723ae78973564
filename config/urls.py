from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from org.caching import public_page
from org.sitemaps import DivisionSitemap, PageSitemap
from org.views import favicon, robots_txt
from programmes.sitemaps import LegSitemap

admin.site.site_header = _("ASEAN Department records")
admin.site.site_title = _("ASEAN Department records")
admin.site.index_title = _("Back office of the ASEAN Department, Ministry of Foreign Affairs")

sitemaps = {"pages": PageSitemap, "divisions": DivisionSitemap, "legs": LegSitemap}

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path(settings.ADMIN_URL, admin.site.urls),
]
# Public pages carry their language in the path: /en/…, /lo/….
urlpatterns += i18n_patterns(
    path("", include("org.urls")),
    path("programmes/", include("programmes.urls")),
)
