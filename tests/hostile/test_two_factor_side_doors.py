"""Side doors into two-factor sign-in, each tried as an attacker would, and each shut.

- A stolen phone with a signed-in session: once an operator resets the person's two-factor
  sign-in, that session must not set up an authenticator app of its own (without the password)
  and so earn a verified session and new recovery codes.
- Someone with the password alone: the set-up page's key they read must be theirs only, not the
  key the person later confirms, or they would compute the person's codes ever after.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.two_factor import devices
from tests.two_factor import (
    ENROL,
    code_for_key,
    code_of,
    give_code,
    password_sign_in,
    shown_setup_key,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]


@pytest.fixture
def stolen_phone(newcomer) -> Client:
    """The person's phone, signed in to the back office with the password and a code."""
    app = TOTPDevice.objects.create(user=newcomer, name=devices.APP_DEVICE_NAME, confirmed=True)
    devices.new_recovery_codes(newcomer)
    phone = Client()
    password_sign_in(phone)
    give_code(phone, code_of(app))
    assert phone.get("/admin/").status_code == 200
    return phone


def try_to_set_up_an_app(client: Client):
    """What an attacker does with a session: open the set-up page, and confirm the key it shows
    (when it shows one) with the code an app set up with that key gives."""
    page = client.get(ENROL, follow=True)
    key = shown_setup_key(page)
    return client.post(ENROL, {"code": code_for_key(key) if key else "000000"}, follow=True)


def test_a_stolen_session_cannot_set_up_its_own_app_after_a_reset(stolen_phone):
    call_command("reset_two_factor", "newcomer", stdout=io.StringIO())
    try_to_set_up_an_app(stolen_phone)
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()  # and so no recovery codes either
    assert stolen_phone.get("/admin/")["Location"].startswith("/admin/login/")


def test_resetting_two_factor_ends_every_session_of_the_person(stolen_phone, django_user_model):
    password_only = Client()
    password_sign_in(password_only)
    colleague = Client()
    colleague.force_login(django_user_model.objects.create_user("colleague", is_staff=True))
    call_command("reset_two_factor", "newcomer", stdout=io.StringIO())
    for session in (stolen_phone, password_only):
        response = session.get(ENROL)
        assert response["Location"].startswith("/admin/login/")
        assert "_auth_user_id" not in session.session
    assert "_auth_user_id" in colleague.session  # only the person's sessions end


def test_a_session_from_before_its_app_was_deleted_in_the_back_office_cannot_set_one_up(
    stolen_phone, newcomer
):
    # Deleting the devices (as the back office's delete does) rather than resetting them leaves
    # the session signed in: it signed in with a password while the person had an app, and may
    # not set one up without signing in again.
    devices.remove_devices(newcomer)
    shown = stolen_phone.get(ENROL, follow=True)
    assert "Sign in again with your password" in shown.content.decode()
    try_to_set_up_an_app(stolen_phone)
    assert not TOTPDevice.objects.exists()
    assert stolen_phone.get("/admin/")["Location"].startswith("/admin/login/")


def test_each_set_up_shows_a_key_of_its_own_kept_out_of_the_database(newcomer):
    intruder, owner = Client(), Client()
    password_sign_in(intruder)
    password_sign_in(owner)
    read_by_intruder = shown_setup_key(intruder.get(ENROL))
    seen_by_owner = shown_setup_key(owner.get(ENROL))
    assert read_by_intruder and seen_by_owner and read_by_intruder != seen_by_owner
    assert not TOTPDevice.objects.exists()


def test_a_key_read_with_the_password_alone_gives_no_codes_once_the_person_sets_up(newcomer):
    intruder, owner = Client(), Client()
    password_sign_in(intruder)
    read_by_intruder = shown_setup_key(intruder.get(ENROL))
    password_sign_in(owner)
    key = shown_setup_key(owner.get(ENROL))
    assert owner.post(ENROL, {"code": code_for_key(key)}).status_code == 302
    refused = give_code(intruder, code_for_key(read_by_intruder, steps_ahead=1))
    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert intruder.get("/admin/")["Location"].startswith("/admin/two-factor/")


def test_reloading_the_set_up_page_shows_the_same_key(newcomer, client):
    password_sign_in(client)
    assert shown_setup_key(client.get(ENROL)) == shown_setup_key(client.get(ENROL))


def test_a_set_up_key_expires_and_its_codes_are_refused(newcomer, client, monkeypatch):
    password_sign_in(client)
    key = shown_setup_key(client.get(ENROL))
    # The project's own constant, shortened so that the key has expired by the next request.
    monkeypatch.setattr("backoffice.two_factor.enrolment.KEY_LIFETIME", datetime.timedelta(0))
    response = client.post(ENROL, {"code": code_for_key(key)})
    assert response.status_code == 200
    assert "This set-up key has expired" in response.content.decode()
    assert shown_setup_key(response) not in (None, key)
    assert not TOTPDevice.objects.exists()
