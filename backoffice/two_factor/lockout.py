"""Wrong codes count as failed sign-ins for the sign-in lockout (django-axes), under the same
user name and address as wrong passwords; the count starts again only when a code is right
(``AXES_RESET_ON_SUCCESS`` is off while two-factor sign-in is required, since a right password
alone is half a sign-in)."""

from axes.conf import settings
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_response
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def locked_out(request: HttpRequest) -> HttpResponse | None:
    """The lockout page, with the half sign-in ended, if this user name is locked from this
    address; otherwise None."""
    credentials = _credentials(request.user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    logout(request)
    return get_lockout_response(request, credentials=credentials)


def record_wrong_code(request: HttpRequest) -> HttpResponse | None:
    """Count a wrong code. If that locks the user name out, the half sign-in ends and the
    lockout page is the answer; otherwise None."""
    credentials = _credentials(request.user)
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if not getattr(request, "axes_locked_out", False):
        return None
    logout(request)
    return get_lockout_response(request, credentials=credentials)


def forgive(request: HttpRequest) -> None:
    """A right code: earlier failures of this user name from this address no longer count."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.reset_attempts(
        username=request.user.get_username(), ip_address=request.axes_ip_address
    )


def lockout_page(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page (``AXES_LOCKOUT_CALLABLE``): django-axes' own figures, in the back
    office's design with its header, in the language chosen, saying how many wrong passwords or
    codes its record holds (not the limit: a lock from elsewhere, or failures counted on during
    the lock, make them differ) and how long the lock lasts."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "failures": AxesProxyHandler.get_failures(request, credentials),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, "admin/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
