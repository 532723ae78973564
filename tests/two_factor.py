"""Helpers of the two-factor tests: signing in as a browser does, and the codes an authenticator
app shows, from its device or from the set-up key a page showed."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-passphrase-for-two-factor-tests"
VERIFY = "/admin/two-factor/"
ENROL = "/admin/two-factor/set-up/"
RECOVERY = "/admin/two-factor/recovery-codes/"
SETUP_KEY = re.compile(r'<code class="two-factor-key">([A-Z2-7 ]+)</code>')


def require_two_factor(settings) -> None:
    """Production's sign-in (debug off), with a fast hasher: these tests sign in many times."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.AXES_RESET_ON_SUCCESS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_of(app: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the app shows now (or that many 30-second steps later: a code works only once)."""
    return f"{totp(app.bin_key, app.step, app.t0, app.digits, drift=steps_ahead):06d}"


def shown_setup_key(response) -> str | None:
    """The set-up key a page shows (base32, in groups of four), or None if it shows none."""
    found = SETUP_KEY.search(response.content.decode())
    return found.group(1) if found else None


def code_for_key(setup_key: str, steps_ahead: int = 0) -> str:
    """What an app set up with ``setup_key`` shows now (the defaults of a TOTP device)."""
    key = setup_key.replace(" ", "")
    app = TOTPDevice(key=b32decode(key + "=" * (-len(key) % 8)).hex())
    return code_of(app, steps_ahead)


def password_sign_in(client: Client, username: str = "newcomer", password: str = PASSWORD):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def give_code(client: Client, code: str, next_url: str = "/admin/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


@pytest.fixture
def two_factor_required(settings) -> None:
    """Production's sign-in for one test (``pytest.mark.usefixtures("two_factor_required")``)."""
    require_two_factor(settings)


@pytest.fixture
def newcomer(django_user_model):
    """A superuser who has not set up two-factor sign-in yet."""
    return django_user_model.objects.create_superuser("newcomer", "", PASSWORD)
