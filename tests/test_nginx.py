"""The shipped nginx configuration (deploy/nginx/) in front of gunicorn, as production runs it:
Debian's nginx on loopback ports with a self-signed certificate, gunicorn with production
settings, a SQLite database of the seed."""

import gzip
import http.client
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, require
from tests.servers import NGINX, gunicorn, manage, nginx, server_env

# One worker runs the module (xdist_group): its nginx and app servers start once, not once per
# worker.
pytestmark = [pytest.mark.servers, pytest.mark.xdist_group("nginx")]

SHARED_CACHE_SECONDS = 2
EDITOR_ADDRESS = "127.0.0.2"  # another loopback address: the client nginx sees


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

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
        DJANGO_HTTP_STALE_SECONDS="1",
        DJANGO_PROXY_COUNT="1",
        DJANGO_TRUSTED_PROXIES="127.0.0.1",
        DJANGO_TWO_FACTOR_REQUIRED="false",
    )
    env.pop("CACHE_URL", None)  # the embedded default: the database cache table
    for command in (["migrate", "--noinput"], ["createcachetable"], ["load_seed"]):
        manage(*command, env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    with (
        gunicorn(env) as upstream,
        nginx(folder, upstream, static_root) as (http_port, https_port),
    ):
        yield Proxy(http_port, https_port, folder, database, env)


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
    # The app compresses a page once, when it stores it (config/compression.py); nginx keeps
    # that form, and the plain one, each for the clients that ask for it.
    for _ in range(2):
        zipped = proxy.get("/en/mandates/", headers={"Accept-Encoding": "gzip"})
        plain = proxy.get("/en/mandates/")
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"].endswith('-gzip"')
    assert "content-encoding" not in plain.headers
    assert zipped.text() == plain.text()
    assert zipped.headers["x-cache-status"] == plain.headers["x-cache-status"] == "HIT"


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
    assert second.headers["x-cache-status"] == "HIT"
    assert second.body == first.body
    revalidated = proxy.get("/en/mandates/", headers={"If-None-Match": second.headers["etag"]})
    assert revalidated.status == 304


def test_staff_and_previews_are_never_served_from_the_micro_cache(proxy):
    proxy.get("/en/structure/")
    staff = proxy.get("/en/structure/", headers={"Cookie": "sessionid=not-a-real-session"})
    assert staff.headers["x-cache-status"] == "BYPASS"
    preview = proxy.get("/en/structure/?preview=1")
    assert preview.headers["x-cache-status"] == "BYPASS"


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
