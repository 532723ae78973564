"""Production settings and behaviour: deploy checks, security headers, sign-in lockout, health,
database outages, logs."""

import secrets

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    MD5PasswordHasher,
    PBKDF2PasswordHasher,
)
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.helpers import run_manage

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "asean.example.org",
    "DJANGO_ADMIN_URL": "back-office-7f3a/",
    "DJANGO_SECURE_SSL_REDIRECT": "",
}


def test_deploy_check_reports_nothing_under_production_settings(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECURE_SSL_REDIRECT"}
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **env,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "path", ["/en/", "/lo/structure/", "/en/no-such-page/", "/sitemap.xml", "/admin/login/"]
)
def test_every_response_carries_the_security_headers(client, seeded, path):
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_plain_http_is_redirected_to_https(client, settings, seeded):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/structure/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/structure/"
    # Behind the proxy, which terminates HTTPS and says so.
    assert client.get("/en/structure/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def test_cookies_are_secure_http_only_and_same_site(client, admin_user):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "password"},
        secure=True,
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def failed_sign_in(client, username="admin", password="wrong-password"):  # noqa: S107
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


def test_repeated_failed_sign_ins_lock_the_account_from_that_address(client, admin_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert failed_sign_in(client).status_code == 200
    assert failed_sign_in(client).status_code == 429
    # Locked: even the right password is refused now.
    assert failed_sign_in(client, password="password").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_colleagues_behind_the_same_address(
    client, admin_user, django_user_model, settings
):
    django_user_model.objects.create_superuser("colleague", "", "another-long-password")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        failed_sign_in(client)
    response = failed_sign_in(client, username="colleague", password="another-long-password")
    assert response.status_code == 302


def test_behind_the_proxy_a_lockout_is_of_one_client_not_of_everyone(client, admin_user, settings):
    """The proxy's address is the same for all: the client is the one X-Forwarded-For names.
    Otherwise anyone could lock a staff member out by failing to sign in as them."""
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
            **proxy,
        )
    locked = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "password"},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
        **proxy,
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "password"},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        **proxy,
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("", 1, "127.0.0.1"),
        ("198.51.100.2", 1, "198.51.100.2"),
        ("6.6.6.6, 198.51.100.2", 1, "198.51.100.2"),  # the left part is the client's own say
        ("198.51.100.2, 10.0.0.5", 2, "198.51.100.2"),
        ("198.51.100.2", 0, "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_through_the_configured_proxies(
    rf, settings, forwarded, proxies, expected
):
    from core.middleware import client_ip

    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_weak_passwords_are_refused():
    for weak in ["password", "12345678", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long and unusual passphrase for the ministry")


def test_production_hashes_passwords_with_a_slow_salted_hasher():
    """The suite swaps in a fast hasher (tests/conftest.py); production's settings must not."""
    import config.settings as production

    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert issubclass(import_string(hashers[0]), PBKDF2PasswordHasher | Argon2PasswordHasher)
    assert not any(issubclass(import_string(h), MD5PasswordHasher) for h in hashers)


def test_the_suite_hashes_passwords_with_the_fast_hasher(settings):
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_admin_lives_at_the_configured_path(client, settings):
    assert reverse("admin:index") == "/" + settings.ADMIN_URL


# -- Health ----------------------------------------------------------------------------------------


def test_health_answers_without_the_database_or_a_known_host(
    client, settings, django_assert_num_queries
):
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.12")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.12")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_not_ready_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}


def test_a_database_outage_answers_a_503_page_not_a_traceback(seeded, monkeypatch):
    from org import views

    def outage(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(views.selectors, "get_department_structure", outage)
    response = Client(raise_request_exception=False).get("/en/structure/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    assert "5432" not in html


# -- Logs ------------------------------------------------------------------------------------------


def test_gunicorn_logs_each_request_on_one_line_without_its_query_string():
    """The logs themselves are read in tests/test_app_servers.py, from a running gunicorn."""
    from config import gunicorn

    assert gunicorn.accesslog == "-"
    assert "%(U)s" in gunicorn.access_log_format
    assert "%(r)s" not in gunicorn.access_log_format
    assert "%(q)s" not in gunicorn.access_log_format


@pytest.mark.parametrize(
    "forwarded", ["not-an-ip", "1.2.3.4:5678x", "", "999.1.1.1", "6.6.6.6, not-an-ip"]
)
def test_a_forwarded_value_that_is_not_an_address_is_never_the_client(rf, settings, forwarded):
    from core.middleware import client_ip

    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == "127.0.0.1"


def test_a_client_reaching_gunicorn_directly_cannot_choose_its_address(rf, settings):
    from core.middleware import client_ip

    settings.PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4:5678", "::1, x"])
def test_a_sign_in_with_a_malformed_forwarded_header_is_answered_not_a_server_error(
    client, admin_user, forwarded
):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "wrong"},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR="127.0.0.1",
    )
    assert response.status_code == 200
