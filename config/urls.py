from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.contributions import public_urlconfs
from pages.public import public_page
from pages.sitemaps import all_sitemaps
from pages.views import favicon, robots_txt
from publishing.views import notification_settings, switch_language

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin's.
    path("favicon.ico", favicon),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": all_sitemaps()}, name="sitemap"),
    # Django's set_language (POST): the back office's language switch keeps the choice in the
    # language cookie, and for the person's emails (publishing/views.py). Outside the back
    # office's address space, so that it works on the sign-in and two-factor pages too; public
    # pages carry their language in the path instead.
    path("i18n/setlang/", switch_language, name="set_language"),
    # Two-factor sign-in's pages, in the back office's address space (backoffice/two_factor/).
    path(f"{settings.ADMIN_URL}two-factor/", include("backoffice.two_factor.urls")),
    # A person's own review-email settings, in the back office (publishing/views.py).
    path(
        f"{settings.ADMIN_URL}notifications/",
        admin.site.admin_view(notification_settings),
        name="notification_settings",
    ),
    # The back office: its own pages are the site's (backoffice/sites.py).
    path(settings.ADMIN_URL, admin.site.urls),
    # The open data API: read-only JSON of the published records (api/).
    path("api/v1/", include(("api.urls", "api"))),
]
# Public pages carry their language in the path: /en/…, /lo/….
urlpatterns += i18n_patterns(
    *(path(prefix, include(urlconf)) for prefix, urlconf in public_urlconfs())
)
# Uploaded files in development; in production nginx serves /media/ (deploy/nginx/), or they live
# in S3-compatible storage (DJANGO_MEDIA_STORAGE=s3). `static()` adds nothing unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
