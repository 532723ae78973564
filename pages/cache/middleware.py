"""``PageCacheMiddleware``: a visitor's page already stored is answered near the top of the
stack, before any per-user machinery."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

from pages.cache.headers import is_personal, public_missing
from pages.cache.stored import answer, current, lookup
from pages.preview import PREVIEW_PARAMETER
from pages.reversing import reverse


def language_neutral_paths() -> frozenset[str]:
    """Cached pages outside the language prefixes: their body is the same whatever language a
    visitor's browser asks for, so they are answered early too (without a Content-Language)."""
    return frozenset({reverse("sitemap")})


class PageCacheMiddleware:
    """Answers a visitor's GET or HEAD for a page already in the cache before the per-user
    machinery (sessions, locale, CSRF, auth, messages, history, axes) and the URL resolver run.

    Placed after the security, health, WhiteNoise and CSP middleware, so the answer carries the
    same security headers as a rendered page. Only a request with no signed-in session and no
    preview is answered here, and only with what ``cached_for_visitors`` stored (which holds no
    cookie, no CSRF token, nothing personal); anything else goes on to the view as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Pages under a language prefix, and the few whose body is the same in every language
        # (the sitemap lists every page in both); other addresses are not cached pages.
        language = get_language_from_path(request.path_info)
        visitors = (
            (language or request.path_info in language_neutral_paths())
            and request.method in ("GET", "HEAD")
            and PREVIEW_PARAMETER not in request.GET
            and not is_personal(request)
        )
        if visitors:
            try:
                stamp, key, stored = lookup(request)
                stored = current(stored, stamp)
            except DisallowedHost:
                stored = None  # the view's path answers it with 400, as before
            except Exception:
                stored = None  # logged by the view's own try
            if stored is not None:
                response = answer(request, stamp, key, stored)
                # Added to rendered pages further down the stack, by XFrameOptionsMiddleware and
                # LocaleMiddleware (the language is the address's prefix).
                response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
                if language:
                    response["Content-Language"] = language
                return response
        response = self.get_response(request)
        if visitors and response.status_code == 404 and not response.has_header("Cache-Control"):
            public_missing(response)  # a page taken down: nginx's copy of it goes too
        return response
