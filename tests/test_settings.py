from django.conf import settings
from django.urls import reverse

from tests.helpers import run_manage


def test_startup_without_secret_key_and_debug_off_fails_with_one_line_naming_the_variable(tmp_path):
    result = run_manage("check", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_SECRET_KEY" in lines[0]


def test_startup_with_debug_on_needs_no_secret_key(tmp_path):
    result = run_manage("check", DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr


def test_admin_path_comes_from_the_environment(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_DEBUG="1",
        DJANGO_ADMIN_URL="/back-office/",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == "/back-office/", result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print('DEBUG', settings.DEBUG)",
        DJANGO_SECRET_KEY="a-real-secret-for-this-test-only",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == "DEBUG False", result.stderr


def test_lao_is_a_known_language_with_its_own_name():
    from django.utils.translation import get_language_info

    assert ("lo", "Lao") in [(code, str(name)) for code, name in settings.LANGUAGES]
    assert get_language_info("lo")["name_local"] == "ລາວ"


def test_admin_is_titled_for_the_department(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "ASEAN Department records" in response.content.decode()


def test_a_redis_cache_url_selects_django_redis_which_reuses_its_client(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DJANGO_DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/0",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == "django_redis.cache.RedisCache", result.stderr


def test_the_mail_server_comes_from_email_url(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)",
        DJANGO_DEBUG="1",
        EMAIL_URL="smtp+tls://sender:secret@mail.example.org:587",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.mail.backends.smtp.EmailBackend mail.example.org 587 True"
    ), result.stderr


def test_development_prints_emails_rather_than_sending_them(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.mail.backends.console.EmailBackend"
    ), result.stderr
