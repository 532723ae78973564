"""The shipped nginx configuration (deploy/nginx/) in front of gunicorn, as production runs it:
Debian's nginx on loopback ports with a self-signed certificate, gunicorn with production
settings, a SQLite database of the seed."""

import gzip
import http.client
import json
import shutil
import ssl
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import LEG_3, ROOT, require
from tests.servers import NGINX, NGINX_SITE, gunicorn, manage, nginx, request, server_env

# One worker runs the module (xdist_group): its nginx and app servers start once, not once per
# worker.
pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("nginx")]

SHARED_CACHE_SECONDS = 2
STALE_SECONDS = 1
# How long each app worker keeps its own copy of a page it has read (pages/cache/local.py).
LOCAL_COPY_SECONDS = 0.5
EDITOR_ADDRESS = "127.0.0.2"  # another loopback address: the client nginx sees
# nginx's answers from its own copy: HIT, or STALE once the copy is older than its two seconds
# (a busy machine can take that long between two requests) while nginx fetches a fresh one.
FROM_CACHE = {"HIT", "STALE"}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    header_list: list[tuple[str, str]]

    def text(self) -> str:
        raw = (
            gzip.decompress(self.body)
            if self.headers.get("content-encoding") == "gzip"
            else self.body
        )
        return raw.decode("utf-8", "replace")


@dataclass
class Proxy:
    http_port: int
    https_port: int
    root: Path
    database: Path
    env: dict[str, str]
    upstream: str  # gunicorn, behind nginx

    def get(self, path: str, *, tls=True, method="GET", headers=None, body=None, source=None):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        address = (source, 0) if source else None
        if tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=context, timeout=20, source_address=address
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.http_port, timeout=20, source_address=address
            )
        try:
            connection.request(
                method, path, body=body, headers={"Host": "localhost", **(headers or {})}
            )
            response = connection.getresponse()
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
                response.getheaders(),
            )
        finally:
            connection.close()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory) -> Iterator[Proxy]:
    require(Path(NGINX).exists(), "nginx is not installed (apt-get install nginx)")
    require(shutil.which("openssl") is not None, "openssl is not installed")
    folder = tmp_path_factory.mktemp("nginx")
    folder.chmod(0o755)
    database = folder / "db.sqlite3"
    static_root = folder / "static"
    env = server_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_HTTP_SHARED_CACHE_SECONDS=str(SHARED_CACHE_SECONDS),
        DJANGO_HTTP_STALE_SECONDS=str(STALE_SECONDS),
        DJANGO_PAGE_CACHE_LOCAL_SECONDS=str(LOCAL_COPY_SECONDS),
        DJANGO_PROXY_COUNT="1",
        DJANGO_TRUSTED_PROXIES="127.0.0.1",
        DJANGO_TWO_FACTOR_REQUIRED="false",
    )
    env.pop("CACHE_URL", None)  # the embedded default: the database cache table
    for command in (["migrate", "--noinput"], ["createcachetable"], ["load_seed"]):
        manage(*command, env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    with (
        gunicorn(env, log=folder / "gunicorn.log") as upstream,
        nginx(folder, upstream, static_root) as (http_port, https_port),
    ):
        yield Proxy(http_port, https_port, folder, database, env, upstream)


def test_plain_http_is_redirected_to_https_but_health_checks_answer(proxy):
    answer = proxy.get("/en/structure/?x=1", tls=False)
    assert answer.status == 301
    assert answer.headers["location"] == "https://localhost/en/structure/?x=1"
    assert proxy.get("/healthz", tls=False).status == 200


def test_pages_through_nginx_carry_the_apps_security_headers(proxy):
    answer = proxy.get("/en/")
    assert answer.status == 200
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["strict-transport-security"].startswith("max-age=31536000")
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "nginx/" not in answer.headers.get("server", "")


def test_pages_are_compressed_for_clients_that_ask(proxy):
    answer = proxy.get("/en/structure/", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip"
    assert "ASEAN" in answer.text()


def test_the_micro_cache_keeps_the_apps_compressed_form_apart_from_the_plain_one(proxy):
    # The app compresses a page once, when it stores it (pages/cache/stored.py); nginx keeps
    # that form, and the plain one, each for the clients that ask for it.
    for _ in range(2):
        zipped = proxy.get("/en/mandates/", headers={"Accept-Encoding": "gzip"})
        plain = proxy.get("/en/mandates/")
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"].endswith('-gzip"')
    assert "content-encoding" not in plain.headers
    assert zipped.text() == plain.text()
    assert {zipped.headers["x-cache-status"], plain.headers["x-cache-status"]} <= FROM_CACHE


def test_static_files_come_from_nginx_hashed_ones_immutable(proxy):
    page = proxy.get("/en/").text()
    stylesheet = page.split('href="/static/css/', 1)[1].split('"', 1)[0]
    answer = proxy.get(f"/static/css/{stylesheet}")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/css")
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert proxy.get("/static/css/no-such-file.css").status == 404


def test_the_micro_cache_serves_visitors_and_answers_conditional_requests(proxy):
    first = proxy.get("/en/mandates/")
    assert first.headers["x-cache-status"] in {"MISS", "EXPIRED", "HIT", "UPDATING", "STALE"}
    second = proxy.get("/en/mandates/")
    assert second.headers["x-cache-status"] in FROM_CACHE
    assert second.body == first.body
    revalidated = proxy.get("/en/mandates/", headers={"If-None-Match": second.headers["etag"]})
    assert revalidated.status == 304


def staff_session(proxy) -> str:
    """A signed-in staff member's session cookie, signed in through nginx."""
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; User = get_user_model(); "
        "User.objects.filter(username='nginx-staff').exists() or "
        "User.objects.create_superuser('nginx-staff', 'staff@example.org', 'staff-passphrase-1')",
        env=proxy.env,
    )
    page = proxy.get("/admin/login/")
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    token = page.text().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    signed_in = proxy.get(
        "/admin/login/",
        method="POST",
        body=f"csrfmiddlewaretoken={token}&username=nginx-staff&password=staff-passphrase-1",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": "https://localhost/admin/login/",
        },
    )
    assert signed_in.status == 302, signed_in.text()[:500]
    return next(
        value.split(";", 1)[0]
        for name, value in signed_in.header_list
        if name.lower() == "set-cookie" and value.startswith("sessionid=")
    )


def test_staff_and_previews_are_never_served_from_the_micro_cache(proxy):
    proxy.get("/en/structure/")
    staff = proxy.get("/en/structure/", headers={"Cookie": staff_session(proxy)})
    assert staff.headers["x-cache-status"] == "BYPASS"
    assert staff.headers["cache-control"] == "private, no-store"
    preview = proxy.get("/en/structure/?preview=1")
    assert preview.headers["x-cache-status"] == "BYPASS"


def test_a_cookie_that_cannot_be_a_session_is_answered_from_the_micro_cache(proxy):
    for _ in range(2):
        proxy.get("/en/structure/")
    answer = proxy.get("/en/structure/", headers={"Cookie": "sessionid=garbage"})
    assert answer.status == 200
    assert answer.headers["x-cache-status"] in FROM_CACHE


def test_a_session_cookie_that_names_no_session_gets_the_apps_stored_page(proxy):
    """nginx cannot tell a session key from a made-up one of the same shape; the app can, and
    answers the page it has stored rather than rendering one for a person."""
    proxy.get("/en/structure/")
    forged = "sessionid=" + "0123456789abcdefghijklmnopqrstuv"
    answer = proxy.get("/en/structure/", headers={"Cookie": forged})
    assert answer.headers["x-cache-status"] == "BYPASS"
    assert answer.headers["cache-control"].startswith("public")


def test_the_client_address_reaches_the_sign_in_lockout_through_the_proxy(proxy):
    page = proxy.get("/admin/login/", source=EDITOR_ADDRESS)
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    token = page.text().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = proxy.get(
        "/admin/login/",
        method="POST",
        source=EDITOR_ADDRESS,
        body=f"csrfmiddlewaretoken={token}&username=nobody&password=wrong-password-here",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": "https://localhost/admin/login/",
            "X-Forwarded-For": "198.51.100.7",  # a forged address: nginx replaces it
        },
    )
    assert answer.status == 200  # the form again, with an error
    recorded = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from axes.models import AccessAttempt; "
         "print(sorted(AccessAttempt.objects.values_list('ip_address', flat=True)))"],
        cwd=ROOT, env=proxy.env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert recorded.stdout.strip().splitlines()[-1] == f"['{EDITOR_ADDRESS}']", recorded.stderr


def test_photos_come_from_nginx_with_their_image_type_and_nosniff(proxy):
    people = proxy.root / "media" / "people"
    people.mkdir(parents=True, exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    (people / "a1b2.png").write_bytes(png)
    (people / "a1b2.html").write_text("<script>alert(1)</script>")
    for path in (people, people.parent):
        path.chmod(0o755)
    answer = proxy.get("/media/people/a1b2.png")
    assert (answer.status, answer.body) == (200, png)
    assert answer.headers["content-type"] == "image/png"
    assert answer.headers["x-content-type-options"] == "nosniff"
    other = proxy.get("/media/people/a1b2.html")
    assert other.headers["content-type"] == "application/octet-stream"
    assert "sandbox" in other.headers["content-security-policy"]
    assert proxy.get("/media/people/missing.png").status == 404


def test_a_large_request_body_is_refused_by_nginx(proxy):
    answer = proxy.get("/admin/login/", method="POST", body="x" * (3 * 1024 * 1024))
    assert answer.status == 413


def test_a_change_shows_through_nginx_within_the_shared_lifetime(proxy):
    assert "Renamed through the back office" not in proxy.get("/en/structure/").text()
    proxy.get("/en/structure/")
    manage(
        "shell",
        "-c",
        "from org.models import Division; d = Division.objects.order_by('pk').first(); "
        "d.name = 'Renamed through the back office'; d.save()",
        env=proxy.env,
    )
    changed_at = time.monotonic()
    while "Renamed through the back office" not in proxy.get("/en/structure/").text():
        # The lifetime, plus the stale-while-revalidate second, plus slack for a busy machine.
        assert time.monotonic() - changed_at < SHARED_CACHE_SECONDS + 1 + 5
        time.sleep(0.2)


# -- Takedowns: a page that stops being public ------------------------------------------------------

DIVISION_RECORD = "/api/v1/organisations/asean-department.economic-community/"
UNPUBLISHED = {
    LEG_3: "from programmes.models import Leg as Model; "
    "record = Model.objects.get(programme__slug='mainstreaming-peace-and-reconciliation', number=3)",
    DIVISION_RECORD: "from org.models import Division as Model; "
    "record = Model.objects.get(slug='economic-community')",
}


def set_publication(proxy: Proxy, path: str, status: str) -> None:
    """Publish or unpublish the record at ``path`` as the back office does: a save, committed."""
    code = f"{UNPUBLISHED[path]}; record.publication_status = '{status}'; record.save()"
    manage("shell", "-c", code, env=proxy.env)


def at_once(get: Callable, path: str, count: int = 36) -> list:
    """``count`` GETs of ``path``, twelve at a time."""
    with ThreadPoolExecutor(max_workers=12) as pool:
        return list(pool.map(lambda _: get(path), range(count)))


def tally(answers) -> Counter:
    return Counter((a.status, a.headers.get("x-cache-status", "-")) for a in answers)


def test_an_unpublished_page_is_gone_from_the_app_at_once_under_concurrent_requests(proxy):
    def from_the_app(path):
        return request(proxy.upstream, path, headers={"Host": "localhost"})

    assert from_the_app(LEG_3).status == 200  # stored in the app's page cache
    set_publication(proxy, LEG_3, "draft")
    try:
        # Each worker's own copy of the page lives this long; after it, only the shared cache.
        time.sleep(LOCAL_COPY_SECONDS)
        answers = tally(at_once(from_the_app, LEG_3))
        print(f"\napp, right after unpublishing: {dict(answers)}")
        assert answers == {(404, "-"): 36}
    finally:
        set_publication(proxy, LEG_3, "published")


def test_nginx_answers_an_expired_copy_only_within_the_apps_stale_while_revalidate():
    """`updating` would let nginx answer an expired copy for as long as its refreshes cannot be
    stored: a page taken down whose new answer nginx may not keep would be served for ever."""
    site = NGINX_SITE.read_text().splitlines()
    stale = [line.split() for line in site if line.strip().startswith("proxy_cache_use_stale")]
    assert stale and all("updating" not in words for words in stale)


@pytest.mark.parametrize("path", [LEG_3, DIVISION_RECORD])
def test_an_unpublished_page_leaves_the_micro_cache_within_its_lifetime(proxy, path):
    for _ in range(2):
        proxy.get(path)
    assert proxy.get(path).headers["x-cache-status"] in FROM_CACHE
    set_publication(proxy, path, "draft")
    unpublished_at = time.monotonic()
    try:
        rounds = []
        while True:
            answers = tally(at_once(proxy.get, path))
            rounds.append((round(time.monotonic() - unpublished_at, 1), dict(answers)))
            if {status for status, _cache in answers} == {404}:
                break
            # The shared lifetime, the stale-while-revalidate second, slack for a busy machine.
            assert time.monotonic() - unpublished_at < SHARED_CACHE_SECONDS + STALE_SECONDS + 5, (
                rounds
            )
            time.sleep(0.25)
        print(f"\nnginx, after unpublishing {path}: {rounds}")
        # And it stays gone once nginx's copy of the 404 has expired in turn.
        time.sleep(SHARED_CACHE_SECONDS + STALE_SECONDS)
        later = tally(at_once(proxy.get, path))
        assert {status for status, _cache in later} == {404}, later
    finally:
        set_publication(proxy, path, "published")


# -- Keys: everything an answer varies on -------------------------------------------------------------


def test_the_micro_cache_leaves_the_query_string_out_of_the_key_of_every_language_only():
    """The site file names the language prefixes whose pages read no query string: those of
    settings.LANGUAGES, no fewer (a page in a language left out could be filled with copies by
    `?anything`) and no more (an address that reads one would be poisoned)."""
    from django.conf import settings

    site = NGINX_SITE.read_text()
    prefixes = site.split("map $uri $asean_cache_query {", 1)[1].split("~^/(", 1)[1].split(")/")[0]
    assert set(prefixes.split("|")) == {code for code, _name in settings.LANGUAGES}


def test_the_micro_cache_keeps_each_api_query_apart(proxy):
    leg = "/api/v1/legs/mainstreaming-peace-and-reconciliation.3/"
    for _ in range(2):
        lao, english = proxy.get(leg + "?lang=lo"), proxy.get(leg)
        one, every = proxy.get("/api/v1/mandates/?page_size=1"), proxy.get("/api/v1/mandates/")
    assert (lao.headers["content-language"], english.headers["content-language"]) == ("lo", "en")
    assert len(json.loads(one.text())["results"]) == 1
    assert len(json.loads(every.text())["results"]) > 1
    assert {english.headers["x-cache-status"], every.headers["x-cache-status"]} <= FROM_CACHE


def test_an_accept_header_asking_for_indented_json_changes_no_one_elses_answer(proxy):
    indented = {"Accept": "application/json; indent=8"}
    for _ in range(2):
        asked = proxy.get("/api/v1/programmes/", headers=indented)
        plain = proxy.get("/api/v1/programmes/")
    assert asked.body == plain.body
    assert not plain.text().startswith("{\n")


# -- Hosts and versions --------------------------------------------------------------------------


@pytest.mark.parametrize("tls", [True, False], ids=["https", "http"])
def test_no_server_names_its_version(proxy, tls):
    assert proxy.get("/healthz", tls=tls).headers["server"] == "nginx"


@pytest.mark.parametrize("tls", [True, False], ids=["https", "http"])
def test_a_request_for_an_unknown_host_is_dropped_by_nginx(proxy, tls):
    with pytest.raises(http.client.RemoteDisconnected):
        proxy.get("/en/", tls=tls, headers={"Host": "evil.example"})


def test_a_load_balancers_health_check_by_address_still_answers(proxy):
    assert proxy.get("/healthz", tls=False, headers={"Host": "127.0.0.1"}).status == 200


def test_the_app_logs_a_bad_host_on_one_line_without_a_traceback(proxy):
    host = f"bad-host-{time.monotonic_ns()}.example"
    assert request(proxy.upstream, "/en/", headers={"Host": host}).status == 400
    log = proxy.root / "gunicorn.log"
    deadline = time.monotonic() + 10
    while host not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = log.read_text().splitlines()
    logged = [number for number, line in enumerate(lines) if host in line]
    assert len(logged) == 1, lines[-20:]
    assert "DisallowedHost" in lines[logged[0]]
    following = lines[logged[0] + 1 : logged[0] + 2]
    assert not any(line.startswith("Traceback") for line in following), lines[logged[0] :][:5]
