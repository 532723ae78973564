"""A staff member's second factor: one authenticator app (a TOTP device) and a set of recovery
codes (a static device whose codes each work once). Every write goes through here."""

from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.models import Device
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


def pending_app_device(user) -> TOTPDevice:
    """The authenticator app being set up: the same key until it is confirmed, so reloading
    the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def confirm_app_device(device: TOTPDevice, code: str) -> bool:
    """Confirm the app being set up if ``code`` is its current code; its earlier app, if any,
    stops working. Returns whether it was confirmed."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not (device.verify_is_allowed()[0] and device.verify_token(normalise(code))):
            return False
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


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
    not even checked, because of too many wrong codes in a row for that device just now."""

    device: Device | None
    wait: bool = False


def check_code(user, code: str) -> CodeCheck:
    device = device_for(user, code)
    if device is None:
        return CodeCheck(None)
    if not device.verify_is_allowed()[0]:
        return CodeCheck(None, wait=True)
    return CodeCheck(verify_token(user, device.persistent_id, normalise(code)))


def setup_key(device: TOTPDevice) -> str:
    """The app's secret key as a person types it into an app that cannot scan: base32, in
    groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
