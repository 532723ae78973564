"""Site-wide answers that belong to no app: robots.txt and the favicon."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(
        f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", content_type="text/plain"
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
