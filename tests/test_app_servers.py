"""The app as operators run it: gunicorn processes with production settings (`make serve`).

- Two app servers share one PostgreSQL and one Redis: what is saved through one shows at once
  through the other, and a sign-in on one is valid on the other.
- A real PostgreSQL restart costs only the requests made while it is down (503, not 500), and
  the app recovers without a restart.
"""

import os
import re
import shutil
import time
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import require
from tests.servers import (
    PrivatePostgres,
    gunicorn,
    manage,
    postgres_binaries,
    request,
    server_env,
)
from tests.workers import redis_url

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# This worker's own Redis database (tests/workers.py).
REDIS_URL = redis_url()
PASSWORD = "a-long-passphrase-for-the-test-editor"

pytestmark = pytest.mark.servers


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, hashed and compressed, as `make serve` does."""
    root = tmp_path_factory.mktemp("static")
    manage(
        "collectstatic", "--noinput", env=server_env(DJANGO_STATIC_ROOT=str(root), DJANGO_DEBUG="1")
    )
    return root


def database_url() -> str:
    db = django_settings.DATABASES["default"]
    user = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def form_post(base: str, path: str, body: str, cookies: str):
    return request(
        base,
        path,
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookies,
            "Referer": f"https://{base.removeprefix('http://')}{path}",
        },
    )


def csrf_token(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)


def sign_in(base: str, app: TOTPDevice) -> str:
    """Sign in through the admin's form and the code page, as a browser does (two-factor sign-in
    is on, as in production); return the session cookie."""
    page = request(base, "/admin/login/")
    csrf_cookie = page.cookies["csrftoken"]
    answer = form_post(
        base,
        "/admin/login/?next=/admin/",
        f"csrfmiddlewaretoken={csrf_token(page)}&username=editor&password={PASSWORD}",
        f"csrftoken={csrf_cookie}",
    )
    assert answer.status == 302, answer.body[:500]
    cookies = f"csrftoken={answer.cookies['csrftoken']}; sessionid={answer.cookies['sessionid']}"
    page = request(base, "/admin/two-factor/?next=/admin/", headers={"Cookie": cookies})
    code = totp(app.bin_key, app.step, app.t0, app.digits)
    answer = form_post(
        base,
        "/admin/two-factor/?next=/admin/",
        f"csrfmiddlewaretoken={csrf_token(page)}&code={code:06d}&next=/admin/",
        cookies,
    )
    assert (answer.status, answer.headers["location"]) == (302, "/admin/"), answer.body[:500]
    return answer.cookies["sessionid"]


LOCAL_SECONDS = 1


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="app servers share a PostgreSQL database; run with DATABASE_URL=postgres://…",
)
def test_two_app_servers_share_records_sign_ins_and_the_page_cache(
    transactional_db, static_root, django_user_model, tmp_path, settings
):
    require(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    call_command("load_seed", verbosity=0)
    # The app servers run production's hashers, which do not read the suite's fast MD5 hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    editor = django_user_model.objects.create_superuser("editor", "", PASSWORD)
    app = TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    env = server_env(
        DATABASE_URL=database_url(),
        CACHE_URL=REDIS_URL,
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_PAGE_CACHE_LOCAL_SECONDS=str(LOCAL_SECONDS),
    )
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()

    log = tmp_path / "first-server.log"
    with gunicorn(env, log=log) as first, gunicorn(env) as second:
        # Both render, and cache, the structure page as it is.
        for base in (first, second):
            page = request(base, "/en/structure/")
            assert page.status == 200
            assert re.search(r'Technical Officer\s*</th><td><span class="not-stated">', page.body)

        # A sign-in on the first server is valid on the second.
        session = sign_in(first, app)
        assert request(second, "/admin/", headers={"Cookie": f"sessionid={session}"}).status == 200
        assert request(second, "/admin/").status == 302  # and without it, no

        # A record saved through the second server shows on the first: at once, or within the
        # second its workers may keep the page they read just before the save.
        for _ in range(8):
            assert request(first, "/en/structure/").status == 200
        from org.models import StaffRole

        role = StaffRole.objects.get(title_en="Technical Officer")
        form = request(
            second,
            f"/admin/org/staffrole/{role.pk}/change/",
            headers={"Cookie": f"sessionid={session}"},
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
        # The version of the record the form shows (backoffice/concurrent_editing/).
        version = re.search(r'name="version_token" value="([^"]+)"', form.body).group(1)
        # The inlines' management forms (the post's holders, shown read-only) go back as sent.
        management = "".join(
            f"&{name}={value}"
            for name, value in re.findall(
                r'name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="([^"]*)"',
                form.body,
            )
        )
        csrf_cookie = (
            form.cookies.get("csrftoken") or request(second, "/admin/login/").cookies["csrftoken"]
        )
        saved = request(
            second,
            f"/admin/org/staffrole/{role.pk}/change/",
            method="POST",
            body=(
                f"csrfmiddlewaretoken={token}&department={role.department_id}&division="
                f"&title_en=Technical+Officer&title_lo=&headcount=12&seniority=50"
                f"&description_en=&description_lo=&publication_status=published"
                # A publisher's change to a published post goes live when approved: one press.
                f"&_approve=1"
                f"&version_token={quote(version)}{management}"
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
                "Referer": f"https://{second.removeprefix('http://')}/admin/",
            },
        )
        assert saved.status == 302, saved.body[:1000]
        # Each worker of the first server may answer the copy it read in the last
        # PAGE_CACHE_LOCAL_SECONDS (pages/cache/local.py); never longer (give or take the
        # polls themselves on a loaded machine; a copy kept 5 s fails here).
        saved_at, seen = time.monotonic(), 0
        while True:
            page = request(first, "/en/structure/")
            seen += 1
            if re.search(r"Technical Officer\s*</th><td>12</td>", page.body):
                break
            assert time.monotonic() - saved_at < LOCAL_SECONDS + 2, "old page kept too long"
            time.sleep(0.05)

        # Logs: one line per request on standard output, and no password or query string in it.
        secret = "Sup3r-secret-typed-into-the-wrong-box"
        request(
            first,
            "/admin/login/?next=/admin/",
            method="POST",
            body=f"username=editor&password={secret}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        request(first, f"/en/no-such-page/?token={secret}")
    text = log.read_text()
    assert secret not in text
    assert '"GET /en/no-such-page/ HTTP/1.1" 404' in text
    assert text.count('"GET /en/structure/ HTTP/1.1" 200') == 1 + 8 + seen


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="the restart is of a PostgreSQL server; run with DATABASE_URL=postgres://…",
)
def test_a_database_restart_costs_only_the_requests_made_while_it_is_down(static_root):
    require(
        postgres_binaries() is not None,
        "PostgreSQL server binaries not found under /usr/lib/postgresql",
    )
    require(shutil.which("runuser") is not None or os.geteuid() != 0, "runuser not found")
    database = PrivatePostgres()
    database.create()
    try:
        # No page cache, so that every request needs the database.
        env = server_env(
            DATABASE_URL=database.url,
            CACHE_URL="dummycache://",
            DJANGO_STATIC_ROOT=str(static_root),
        )
        manage("migrate", "--noinput", env=env)
        manage("load_seed", env=env)
        paths = [
            "/en/structure/",
            "/lo/",
            "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/",
        ] * 4
        with gunicorn(env) as base:
            before = [request(base, path).status for path in paths]
            database.stop()
            during = [request(base, path).status for path in paths]
            ready_during = request(base, "/readyz").status
            alive_during = request(base, "/healthz").status
            outage_page = request(base, "/en/structure/")
            database.start()
            after = [request(base, path).status for path in paths]
            ready_after = request(base, "/readyz").status
        print(f"\nbefore restart: {before}\nduring outage: {during}\nafter restart: {after}")
        assert set(before) == {200}
        assert set(during) == {503}
        assert (ready_during, alive_during) == (503, 200)
        assert "Temporarily unavailable" in outage_page.body
        assert outage_page.headers["retry-after"] == "30"
        assert set(after) == {200}, (
            "every request after the restart succeeds, without restarting the app"
        )
        assert ready_after == 200
    finally:
        database.destroy()
