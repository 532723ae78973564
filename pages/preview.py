"""Preview: staff see a public page with drafts, from *View on site* in the back office.

Who may preview is decided here and only here; what a preview shows is the selectors' business
(they get ``audience=audience_of(request)``). A preview is private: never cached, never indexed.
"""

import functools

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.contributions import content_models
from core.permissions import may
from core.publication import Audience

PREVIEW_PARAMETER = "preview"


def may_preview(request: HttpRequest) -> bool:
    """Staff who may view every kind of content record in the back office: a preview can show
    a draft of any of them (the structure page shows Divisions, roles and the Department)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return False
    return all(may(user, "view", model) for model in content_models())


def in_preview(request: HttpRequest) -> bool:
    """Whether this request shows drafts (set by ``allow_preview``)."""
    return getattr(request, "preview", False)


def audience_of(request: HttpRequest) -> Audience:
    """Who the page's records are selected for: staff previewing, or visitors."""
    return Audience.PREVIEW if in_preview(request) else Audience.VISITOR


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
