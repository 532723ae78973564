"""Preview: staff see a public page with drafts, from *View on site* in the back office.

Who may preview is decided here and only here; what a preview shows is the selectors' business
(they get ``preview=request.preview``). A preview is private: never cached, never indexed.
"""

import functools

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.contributions import content_models
from translations.visibility import Audience, audience

PREVIEW_PARAMETER = "preview"


def may_preview(request: HttpRequest) -> bool:
    """Staff who may view every kind of content record in the back office: a preview can show
    a draft of any of them (the structure page shows Divisions, roles and the Department)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return False
    return user.has_perms(
        f"{model._meta.app_label}.view_{model._meta.model_name}" for model in content_models()
    )


def in_preview(request: HttpRequest) -> bool:
    """Whether this request shows drafts (set by ``allow_preview``)."""
    return getattr(request, "preview", False)


def allow_preview(view):
    """``?preview=1`` from staff sets ``request.preview``; anyone else is sent to the page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.preview = False
        if PREVIEW_PARAMETER not in request.GET:
            return _for(Audience.VISITOR, view, request, *args, **kwargs)
        if not may_preview(request):
            return HttpResponseRedirect(request.path)
        request.preview = True
        response = _for(Audience.PREVIEW, view, request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def _for(who: Audience, view, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The view's response, rendered while records load as ``who`` may see them: the Lao a
    visitor may read, or drafts marked for staff (``translations/visibility.py``)."""
    with audience(who):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    return response
