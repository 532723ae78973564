"""Staff sessions end after an idle time and at browser close; passwords follow current guidance."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_the_session_cookie_ends_with_the_browser(admin_client):
    admin_client.get(reverse("admin:index"))
    cookie = admin_client.cookies["sessionid"]
    assert not cookie["expires"]
    assert not cookie["max-age"]


def test_each_request_moves_the_idle_expiry_on_by_eight_hours(admin_client):
    admin_client.get(reverse("admin:index"))
    session = _session(admin_client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    before = timezone.now()
    admin_client.get(reverse("admin:index"))
    expiry = _session(admin_client).expire_date
    assert before + datetime.timedelta(hours=8) - datetime.timedelta(seconds=5) <= expiry
    assert expiry <= timezone.now() + datetime.timedelta(hours=8)


def test_a_session_idle_past_its_expiry_must_sign_in_again(admin_client):
    admin_client.get(reverse("admin:index"))
    Session.objects.filter(pk=_session(admin_client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_idle_time_comes_from_the_environment():
    from tests.helpers import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        DJANGO_DEBUG="1",
        DJANGO_SESSION_IDLE_HOURS="0.5",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1800"


@pytest.mark.parametrize(
    "password",
    ["Vientiane1", "password1234", "123456789012", "asean-admin"],
)
def test_short_common_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_pass_phrase_without_symbols_or_digits_is_accepted():
    validate_password("mekong river morning market")
