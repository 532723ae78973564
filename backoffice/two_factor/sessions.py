"""Which of a person's sessions two-factor sign-in still trusts, and the history of sign-ins.

Each sign-in with the password marks its session with the person's *session generation*, a
number kept for each person in the database (``backoffice.SessionGeneration``) that
``reset_two_factor`` moves on. ``EndResetSessionsMiddleware`` ends every session whose mark is
behind at its next request, before any view runs: so a reset ends all the person's sessions, a
stolen phone's included, whichever engine holds them (database or cache), without searching the
session store for them.

The mark also says whether the session may set up the person's first authenticator app: only if
it signed in with the password while they had no app or recovery codes. A session that signed in
while they had one, since deleted, must sign in again first (``may_set_up_an_app``).

Each sign-in, set-up and reset is one line in the log ``backoffice.two_factor``: who, what, and from
which address; never a code, a key or a session key.
"""

import logging

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from backoffice.models import SessionGeneration
from backoffice.two_factor import devices
from core.middleware import client_ip

history = logging.getLogger("backoffice.two_factor")

MARK_SESSION_KEY = "two_factor_sign_in"


def generation_of(user) -> int:
    number = SessionGeneration.objects.filter(user=user).values_list("number", flat=True).first()
    return number or 0


def log(request: HttpRequest, event: str, level: int = logging.INFO, *, user=None) -> None:
    """One line of the sign-in history: what the person (by default the signed-in one) did, and
    from where."""
    username = (user or request.user).get_username()
    history.log(level, "%r %s, from %s", username, event, client_ip(request))


def mark_password_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """Receiver of ``user_logged_in``, Django's hook for every sign-in with a password: marks
    the session (see above) and logs the sign-in."""
    request.session[MARK_SESSION_KEY] = {
        "generation": generation_of(user),
        "first_app": not devices.is_enrolled(user),
    }
    log(request, "signed in with the password", user=user)


def may_set_up_an_app(request: HttpRequest) -> bool:
    """Whether this session may set up an authenticator app: it has given a code (it replaces
    the app), or it signed in with the password while the person had no device."""
    mark = request.session.get(MARK_SESSION_KEY)
    return mark is not None and (request.user.is_verified() or mark["first_app"])


def set_up_an_app(request: HttpRequest) -> None:
    """This session has set up an app: were it deleted, the session may not set up another."""
    request.session[MARK_SESSION_KEY] = {**request.session[MARK_SESSION_KEY], "first_app": False}
    log(request, "set up an authenticator app and signed in with its code")


def end_sessions(user) -> None:
    """End every session of the person, at its next request."""
    generation, _created = SessionGeneration.objects.get_or_create(user=user)
    generation.number = F("number") + 1
    generation.save(update_fields=["number"])


def reset_two_factor(user) -> int:
    """Remove the person's authenticator app and recovery codes, and end all their sessions, so
    that they sign in with the password and set up an app again. Returns how many devices
    there were."""
    with transaction.atomic():
        removed = devices.remove_devices(user)
        end_sessions(user)
        username = user.get_username()
        transaction.on_commit(
            lambda: history.info(
                "%r two-factor sign-in reset: %d device(s) removed, every session ended",
                username,
                removed,
            )
        )
    return removed


class EndResetSessionsMiddleware:
    """Ends a session signed in before the person's last reset (see above). After Django's
    ``AuthenticationMiddleware``, before django-otp's: an ended session is verified by nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a request with a session cookie can be signed in: a visitor's session is not even
        # read (which would add "Vary: Cookie" to public pages).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            mark = request.session.get(MARK_SESSION_KEY, {})
            # A session from before the marks has none, as if signed in at generation 0.
            if mark.get("generation", 0) != generation_of(request.user):
                log(request, "had signed in before a two-factor reset: that session is ended")
                logout(request)
        return self.get_response(request)
