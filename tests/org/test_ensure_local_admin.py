import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from tests.helpers import command_output

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    return command_output("ensure_local_admin", **options)


def test_creates_a_local_superuser_once_and_says_how_to_sign_in(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCAL_STATE_DIR = tmp_path
    output = run()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    saved = (tmp_path / "local-admin.txt").read_text()
    password = saved.split("password: ")[1].strip()
    assert user.check_password(password)
    assert password in output
    assert "http://127.0.0.1:8000/admin/" in output

    again = run()
    assert get_user_model().objects.count() == 1
    assert "exists" in again
    assert password not in again


def test_an_existing_account_without_saved_password_gets_a_reset_hint(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCAL_STATE_DIR = tmp_path
    get_user_model().objects.create_superuser("admin", "", "a-long-test-password")
    assert "changepassword admin" in run()


def test_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development only"):
        run()
    assert not get_user_model().objects.exists()


def test_says_that_development_skips_two_factor_sign_in(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCAL_STATE_DIR = tmp_path
    settings.TWO_FACTOR_REQUIRED = False
    assert "Two-factor sign-in is off here (development)" in run()
    settings.TWO_FACTOR_REQUIRED = True
    assert "Two-factor sign-in is on" in run()
