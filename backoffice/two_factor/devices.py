"""A staff member's second factor: one authenticator app (a TOTP device) and a set of recovery
codes (a static device whose codes each work once). Every write goes through here."""

import time
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def normalise(code: str) -> str:
    """What a person typed, as the devices store it: no spaces or dashes, lower case."""
    return "".join(code.split()).replace("-", "").lower()


def is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def confirm_app(user, key: str, code: str, *, replacing: bool) -> TOTPDevice | None:
    """The authenticator app set up with ``key`` (``enrolment.py``), saved as confirmed if
    ``code`` is its current code; the person's earlier app, if any, stops working. Unless
    ``replacing`` (a session that gave a code), only while the person has no device yet: a
    session that set one up first wins. Returns the app, or None if not confirmed."""
    app = TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key, confirmed=True)
    code = normalise(code)
    if not code.isdigit():
        return None
    # django-otp's TOTP, as TOTPDevice.verify_token uses it; the device's own method would
    # save the unconfirmed key (or its failure count) on every try.
    totp = TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=app.tolerance):
        return None
    # The code is used up: the app accepts only later ones, as after any sign-in.
    app.last_t, app.drift = totp.t(), totp.drift
    with transaction.atomic():
        # One set-up at a time for each person: the check and the save are one step.
        get_user_model()._default_manager.select_for_update().get(pk=user.pk)
        if not replacing and is_enrolled(user):
            return None
        TOTPDevice.objects.filter(user=user).delete()
        app.save()
    return app


def new_recovery_codes(user) -> list[str]:
    """A fresh set of recovery codes; any earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def device_for(user, code: str) -> Device | None:
    """The device a code is meant for: six or eight digits are the app's, anything else a
    recovery code. Each code is checked against one device only, so that a mistyped app code
    does not also count as a wrong recovery code (django-otp throttles each device)."""
    code = normalise(code)
    model = TOTPDevice if code.isdigit() and len(code) in (6, 8) else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def remove_devices(user) -> int:
    """Remove every device of the person, confirmed or not; returns how many there were."""
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
    return len(devices)


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code: the device that accepted it, or none; ``wait`` when the code was
    not even checked, because of too many wrong codes in a row for that device just now;
    ``used`` when it is the app's right code but was accepted already (``already_used``)."""

    device: Device | None
    wait: bool = False
    used: bool = False


def check_code(user, code: str) -> CodeCheck:
    device = device_for(user, code)
    if device is None:
        return CodeCheck(None)
    if not device.verify_is_allowed()[0]:
        return CodeCheck(None, wait=True)
    if (accepted := verify_token(user, device.persistent_id, normalise(code))) is not None:
        return CodeCheck(accepted)
    return CodeCheck(None, used=isinstance(device, TOTPDevice) and already_used(device, code))


def already_used(app: TOTPDevice, code: str) -> bool:
    """Whether ``code`` is one the app shows now (within its tolerance), refused only because it,
    or a later one, was accepted already: a code works once, but the same right code sent again
    (a double click, a form sent twice, two tabs) is not a wrong guess."""
    code = normalise(code)
    if not code.isdigit():
        return False
    app.refresh_from_db()  # the last code accepted, by this request or another one just now
    totp = TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift)
    totp.time = time.time()
    return totp.verify(int(code), tolerance=app.tolerance) and totp.t() <= app.last_t


def setup_key(device: TOTPDevice) -> str:
    """The app's secret key as a person types it into an app that cannot scan: base32, in
    groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
