"""The authenticator app being set up: a new secret key for each set-up, kept in that session
alone and for ``KEY_LIFETIME``. It reaches the database only once confirmed with a code
(``devices.confirm_app``). So the key that someone with the password alone reads on the set-up
page is never the key the person confirms in their own session, and a page left open does not
keep a key good for long."""

import time
from datetime import timedelta

from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from backoffice.two_factor.devices import APP_DEVICE_NAME

KEY_SESSION_KEY = "two_factor_set_up_key"
# Time enough to install an app on a phone and scan the code; reloading the page meanwhile shows
# the same key.
KEY_LIFETIME = timedelta(minutes=15)


def pending_key(request: HttpRequest) -> str | None:
    """The key this session is setting up, unless it has none or it has expired."""
    pending = request.session.get(KEY_SESSION_KEY)
    if pending is None or time.time() - pending["made"] >= KEY_LIFETIME.total_seconds():
        return None
    return pending["key"]


def new_key(request: HttpRequest) -> str:
    key = default_key()
    request.session[KEY_SESSION_KEY] = {"key": key, "made": time.time()}
    return key


def forget_key(request: HttpRequest) -> None:
    request.session.pop(KEY_SESSION_KEY, None)


def app_with(user, key: str) -> TOTPDevice:
    """The app ``key`` sets up, unsaved: for its QR code and setup key."""
    return TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key, confirmed=False)
