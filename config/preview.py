"""Preview: staff see a public page with drafts, from *View on site* in the back office.

Who may preview is decided here and only here; what a preview shows is the selectors' business
(they get ``preview=request.preview``). A preview is private: never cached, never indexed.
"""

import functools

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

PREVIEW_PARAMETER = "preview"


def may_preview(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and user.is_staff


def in_preview(request: HttpRequest) -> bool:
    """Whether this request shows drafts (set by ``allow_preview``)."""
    return getattr(request, "preview", False)


def allow_preview(view):
    """``?preview=1`` from staff sets ``request.preview``; anyone else is sent to the page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.preview = False
        if PREVIEW_PARAMETER not in request.GET:
            return view(request, *args, **kwargs)
        if not may_preview(request):
            return HttpResponseRedirect(request.path)
        request.preview = True
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper
