"""Two-factor sign-in for staff, as production has it (DEBUG off): set up an app on the first
sign-in, a code at every sign-in, recovery codes once each, wrong codes locked out like wrong
passwords, and nothing staff-only for a password alone."""

import io
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.two_factor import devices
from org.models import Department
from tests.factories import DivisionFactory
from tests.two_factor import (
    ENROL,
    RECOVERY,
    VERIFY,
    code_for_key,
    code_of,
    give_code,
    password_sign_in,
    shown_setup_key,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]


@pytest.fixture
def enrolled(newcomer):
    """A staff member with an authenticator app and recovery codes; returns (app, codes)."""
    app = TOTPDevice.objects.create(user=newcomer, name=devices.APP_DEVICE_NAME, confirmed=True)
    return app, devices.new_recovery_codes(newcomer)


def test_a_new_staff_member_is_sent_from_the_back_office_to_set_up_an_app(client, newcomer):
    assert password_sign_in(client).status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2Fadmin%2F"
    page = response.content.decode()
    assert '<svg version="1.1" viewBox=' in page and 'role="img"' in page
    assert "style=" not in page and "<script>" not in page  # the CSP allows nothing inline
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", shown_setup_key(response))


def test_enrolment_with_the_apps_code_signs_in_and_shows_recovery_codes_once(client, newcomer):
    password_sign_in(client)
    key = shown_setup_key(client.get(ENROL))
    response = client.post(ENROL, {"code": code_for_key(key), "next": "/admin/"})
    assert response["Location"] == f"{RECOVERY}?next=%2Fadmin%2F"
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == devices.RECOVERY_CODE_COUNT
    again = client.get(RECOVERY).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 unused recovery codes." in again
    assert client.get("/admin/").status_code == 200
    app = TOTPDevice.objects.get(user=newcomer)
    assert app.confirmed and devices.setup_key(app) == key


def test_a_wrong_code_at_enrolment_confirms_nothing(client, newcomer):
    password_sign_in(client)
    key = shown_setup_key(client.get(ENROL))
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert shown_setup_key(response) == key  # the same key, to try again
    assert not TOTPDevice.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_person_replaces_their_app_and_the_old_one_stops_working(client, enrolled):
    old_app, _codes = enrolled
    password_sign_in(client)
    give_code(client, code_of(old_app))
    key = shown_setup_key(client.get(ENROL))
    assert client.post(ENROL, {"code": code_for_key(key)})["Location"].startswith(RECOVERY)
    new_app = TOTPDevice.objects.get()
    assert devices.setup_key(new_app) == key and new_app.pk != old_app.pk
    assert devices.check_code(new_app.user, code_of(old_app, steps_ahead=1)).device is None


def test_a_password_alone_cannot_replace_an_enrolled_app(client, enrolled):
    password_sign_in(client)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.count() == 1


def test_an_enrolled_staff_member_signs_in_with_the_apps_code(client, enrolled):
    app, _codes = enrolled
    password_sign_in(client)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    response = give_code(client, code_of(app), next_url="/admin/org/division/")
    assert response["Location"] == "/admin/org/division/"
    assert client.get("/admin/org/division/").status_code == 200


def test_a_code_for_another_site_is_ignored_and_the_back_office_is_the_default(client, enrolled):
    password_sign_in(client)
    response = give_code(client, code_of(enrolled[0]), next_url="https://evil.example/")
    assert response["Location"] == reverse("admin:index")


def test_a_recovery_code_signs_in_once(client, enrolled):
    _app, codes = enrolled
    password_sign_in(client)
    response = give_code(client, codes[0].upper())
    assert response["Location"] == "/admin/"
    assert "9 are left" in client.get("/admin/").content.decode()
    client.post(reverse("admin:logout"))

    password_sign_in(client)
    again = give_code(client, codes[0])
    assert again.status_code == 200
    assert "That code is not right" in again.content.decode()
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_count_toward_the_sign_in_lockout(client, enrolled, settings):
    password_sign_in(client)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert give_code(client, "000000").status_code == 200
    assert give_code(client, "000000").status_code == 429
    assert "_auth_user_id" not in client.session  # the half sign-in has ended
    # Locked: even the right password is refused now, and so the right code never gets asked.
    assert password_sign_in(client).status_code == 429
    # What was posted is kept for the operators, but never a code (nor a password).
    (attempt,) = AccessAttempt.objects.all()
    assert "000000" not in attempt.post_data and "code=" in attempt.post_data


def test_signing_in_again_with_the_password_does_not_forgive_wrong_codes(
    client, enrolled, settings
):
    password_sign_in(client)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        give_code(client, "000000")
    client.post(reverse("admin:logout"))
    assert password_sign_in(client).status_code == 302
    assert give_code(client, "000000").status_code == 429


def test_the_right_code_just_after_a_typo_signs_in(client, enrolled):
    """No wait after a wrong code: django-otp's throttle would refuse the right code typed a
    second later, and count that refusal as one more wrong code."""
    app, _codes = enrolled
    password_sign_in(client)
    assert "That code is not right" in give_code(client, "000000").content.decode()
    assert give_code(client, code_of(app))["Location"] == "/admin/"


def test_a_right_code_forgives_earlier_wrong_ones(client, enrolled, settings):
    app, _codes = enrolled
    password_sign_in(client)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        give_code(client, "zzzzzzzz")  # wrong recovery codes: the app is not throttled
    assert give_code(client, code_of(app))["Location"] == "/admin/"
    client.post(reverse("admin:logout"))
    password_sign_in(client)
    assert give_code(client, "zzzzzzzz").status_code == 200  # a fresh count


def admin_paths() -> list[str]:
    paths = ["/admin/", "/admin/login/", "/admin/password_change/", "/admin/org/"]
    for model in admin.site._registry:
        opts = model._meta
        paths += [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        ]
    return paths


@pytest.mark.parametrize("path", admin_paths())
def test_a_password_alone_reaches_no_back_office_page(client, enrolled, path):
    password_sign_in(client)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_a_password_alone_shows_no_draft_on_the_public_site(client, enrolled, seeded):
    draft = DivisionFactory(
        department=Department.objects.get(), name_en="Secret Draft", publication_status="draft"
    )
    preview = draft.get_absolute_url() + "?preview=1"
    password_sign_in(client)
    response = client.get(preview)
    assert (response.status_code, response["Location"]) == (302, draft.get_absolute_url())
    give_code(client, code_of(enrolled[0]))
    assert "Secret Draft" in client.get(preview).content.decode()


def test_a_password_alone_may_sign_out(client, enrolled):
    password_sign_in(client)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert "_auth_user_id" not in client.session


def test_without_the_requirement_a_password_alone_signs_in(client, newcomer, settings):
    settings.TWO_FACTOR_REQUIRED = False
    password_sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_reset_two_factor_removes_a_persons_devices_and_ends_their_sessions(
    client, enrolled, newcomer
):
    password_sign_in(client)
    give_code(client, code_of(enrolled[0]))
    assert client.get("/admin/").status_code == 200

    out = io.StringIO()
    call_command("reset_two_factor", "newcomer", stdout=out)
    assert "Removed 2 two-factor device(s) of 'newcomer' and ended all their sessions" in (
        out.getvalue()
    )
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    # The session verified with the old app has ended: the password, then a new app.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    password_sign_in(client)
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(ENROL)


def test_sign_ins_and_resets_are_logged_one_line_each_without_secrets(
    client, enrolled, caplog, django_capture_on_commit_callbacks
):
    app, codes = enrolled
    caplog.set_level(logging.INFO, logger="backoffice.two_factor")
    password_sign_in(client)
    give_code(client, "zzzzzzzz")
    code = code_of(app)
    give_code(client, code)
    # The reset is logged once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_factor", "newcomer", stdout=io.StringIO())
    client.get("/admin/")
    lines = [r.getMessage() for r in caplog.records if r.name == "backoffice.two_factor"]
    assert lines == [
        "'newcomer' signed in with the password, from 127.0.0.1",
        "'newcomer' gave a wrong code, from 127.0.0.1",
        "'newcomer' signed in with a code of their authenticator app, from 127.0.0.1",
        "'newcomer' two-factor sign-in reset: 2 device(s) removed, every session ended",
        "'newcomer' had signed in before a two-factor reset: that session is ended, from 127.0.0.1",
    ]
    assert not any(secret in line for line in lines for secret in [code, app.key, *codes])


def test_reset_two_factor_of_an_unknown_user_changes_nothing(enrolled):
    with pytest.raises(CommandError, match=r"No user named 'nobody'; nothing was changed"):
        call_command("reset_two_factor", "nobody")
    assert TOTPDevice.objects.count() == 1 and StaticDevice.objects.count() == 1


def test_the_two_factor_pages_send_a_visitor_to_sign_in(client):
    response = client.get(ENROL)
    assert response["Location"].startswith("/admin/login/?next=")


def test_new_recovery_codes_replace_the_old_ones(client, enrolled):
    app, old_codes = enrolled
    password_sign_in(client)
    give_code(client, code_of(app))
    assert client.post(RECOVERY, {"next": "/admin/"})["Location"].startswith(RECOVERY)
    shown = client.get(RECOVERY).content.decode()
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", shown)) == 10
    assert not any(code in shown for code in old_codes)
    assert devices.check_code(enrolled[0].user, old_codes[0]).device is None


def test_a_lockout_from_elsewhere_refuses_even_the_right_code(client, enrolled, settings):
    app, _codes = enrolled
    password_sign_in(client)
    other = type(client)()  # another browser, from the same address
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        password_sign_in(other, password="wrong")
    assert give_code(client, code_of(app)).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_user_menu_links_to_the_two_factor_pages(client, enrolled):
    app, _codes = enrolled
    password_sign_in(client)
    give_code(client, code_of(app))
    page = client.get("/admin/").content.decode()
    assert f'href="{reverse("two_factor:enrol")}"' in page
    assert f'href="{reverse("two_factor:recovery_codes")}"' in page
    assert client.get(reverse("two_factor:recovery_codes")).status_code == 200


def test_the_right_code_sent_again_is_not_counted_as_a_wrong_one(client, enrolled, settings):
    """Three quick submits of the right code (a double click, Enter pressed again): the first
    signs in, and the others reach the server with the session as it was, the code already used.
    Another session of the same person, still at the code page, is that request: its repeats are
    told the code was used, and never count toward the lockout."""
    app, _codes = enrolled
    other = type(client)()
    password_sign_in(client)
    password_sign_in(other)
    assert "That code is not right" in give_code(other, "000000").content.decode()  # a typo
    code = code_of(app)
    assert give_code(client, code)["Location"] == "/admin/"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        again = give_code(other, code)
        assert again.status_code == 200
        assert "That code has just been used" in again.content.decode()
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 0
    assert give_code(other, code_of(app, steps_ahead=1))["Location"] == "/admin/"


def test_a_wrong_code_then_the_right_one_sets_up_the_app(client, newcomer):
    password_sign_in(client)
    key = shown_setup_key(client.get(ENROL))
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"
    assert "That code is not right" in client.post(ENROL, {"code": wrong}).content.decode()
    response = client.post(ENROL, {"code": code_for_key(key), "next": "/admin/"})
    assert response["Location"].startswith(RECOVERY)


@pytest.mark.parametrize("steps", [-1, 1], ids=["code-just-replaced", "phone-clock-ahead"])
def test_set_up_accepts_a_code_one_step_either_side(client, newcomer, steps):
    password_sign_in(client)
    key = shown_setup_key(client.get(ENROL))
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"
    client.post(ENROL, {"code": wrong})
    response = client.post(ENROL, {"code": code_for_key(key, steps_ahead=steps)})
    assert response["Location"].startswith(RECOVERY)


def test_set_up_sent_twice_says_it_is_done_rather_than_that_the_code_is_wrong(client, newcomer):
    """The second of two set-ups of one person (the form sent twice, or another window) is
    refused, since the first won: with the right code, it said "That code is not right"."""
    other = type(client)()
    password_sign_in(client)
    password_sign_in(other)
    key = shown_setup_key(client.get(ENROL))
    other_key = shown_setup_key(other.get(ENROL))
    assert client.post(ENROL, {"code": code_for_key(key)})["Location"].startswith(RECOVERY)
    response = other.post(ENROL, {"code": code_for_key(other_key)}, follow=True)
    page = response.content.decode()
    assert "That code is not right" not in page
    assert "Your authenticator app was set up a moment ago" in page
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert devices.setup_key(TOTPDevice.objects.get()) == key  # the first set-up stands


def test_the_lockout_says_how_many_wrong_passwords_or_codes_its_record_holds(
    client, enrolled, settings
):
    password_sign_in(client)
    give_code(client, "000000")
    other = type(client)()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        password_sign_in(other, password="wrong")
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    locked = give_code(client, code_of(enrolled[0]))
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Account locked: 6 wrong passwords or codes were given" in page
    assert "in a row" not in page
    lao = password_sign_in(other, password="wrong")
    assert "ລະຫັດຢືນຢັນຜິດ 7 ຄັ້ງ" in lao.content.decode()
