"""Holds a staff member who signed in with a password but has given no code yet.

While ``settings.TWO_FACTOR_REQUIRED``: every back-office address sends them to the code page
(or, on their first sign-in, to set up an authenticator app), except the two-factor pages
themselves and signing out; on the public site they are not signed in at all, so a password
alone never shows a draft (``?preview=1``). Goes after django-otp's ``OTPMiddleware``, which
tells whether the session is verified.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def awaiting_code(user) -> bool:
    """A signed-in staff member whose session has not been verified with a code."""
    return user.is_authenticated and user.is_staff and not user.is_verified()


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TWO_FACTOR_REQUIRED and awaiting_code(request.user):
            path = request.path
            if path.startswith(reverse("two_factor:verify")) or path == reverse("admin:logout"):
                return self.get_response(request)
            if path.startswith(reverse("admin:index")):
                return redirect(
                    f"{reverse('two_factor:verify')}?{urlencode({'next': request.get_full_path()})}"
                )
            request.user = AnonymousUser()
        return self.get_response(request)
