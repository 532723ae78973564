"""Real servers for tests and the benchmark: gunicorn processes as `make serve` runs them, Debian's
nginx with the shipped site file in front of them, and a private PostgreSQL cluster that a test
may stop and start."""

import contextlib
import http.client
import os
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# No Django here: the benchmark (bench/run.py) imports this module outside any settings.
ROOT = Path(__file__).resolve().parent.parent

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_SITE = ROOT / "deploy" / "nginx" / "asean-department.conf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    cookies: dict[str, str] = field(default_factory=dict)


def request(
    base: str, path: str, *, method="GET", body: str | None = None, headers=None
) -> Response:
    """One HTTP request as the reverse proxy would pass it on: marked as having come over HTTPS."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    all_headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        return Response(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read().decode("utf-8", "replace"),
            cookies,
        )
    finally:
        connection.close()


def server_env(**overrides: str) -> dict[str, str]:
    """Production settings for a local app server (HTTPS is the proxy's job)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SECRET_KEY": "shared-by-every-app-server-of-this-test-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
        }
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
        )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path | None = None) -> Iterator[str]:
    """A gunicorn server with the project's gunicorn settings; yields its base URL. What it
    writes to standard output goes to ``log`` when given."""
    port = free_port()
    output = log.open("wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "PYTHONUNBUFFERED": "1"},
        stdout=output,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(base, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}"
                )
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            output.close()


def postgres_binaries() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return candidates[-1].parent if candidates else None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on its own port, which a test may stop and start."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        # Its own folder under /tmp: the postgres user cannot enter pytest's (private to root).
        root = Path(tempfile.mkdtemp(prefix="asean-pg-"))
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/asean_department"
        # initdb refuses to run as root; run the cluster as the postgres system user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(root, "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "asean_department",
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.data / "log"),
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def _nginx_conf(folder: Path, site: Path, workers: int) -> Path:
    """A minimal main configuration, as Debian's includes sites-enabled/ inside ``http {}``."""
    conf = folder / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"""{user}worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""
    )
    return conf


@contextlib.contextmanager
def nginx(
    folder: Path,
    upstream: str,
    static_root: Path,
    *,
    workers: int = 1,
    media_root: Path | None = None,
) -> Iterator[tuple[int, int]]:
    """Debian's nginx with the shipped site file (deploy/nginx/) on two free loopback ports
    (HTTP, HTTPS) in front of ``upstream``, with a self-signed certificate made in ``folder``."""
    cert, key = _certificate(folder)
    http_port, https_port = free_port(), free_port()
    site = folder / "site.conf"
    site.write_text(
        string.Template(NGINX_SITE.read_text()).safe_substitute(
            SERVER_NAME="localhost",
            HTTP_LISTEN=f"127.0.0.1:{http_port}",
            HTTPS_LISTEN=f"127.0.0.1:{https_port}",
            UPSTREAM=upstream.removeprefix("http://"),
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(media_root or folder / "media"),
            CACHE_DIR=str(folder / "cache"),
            TLS_CERTIFICATE=str(cert),
            TLS_CERTIFICATE_KEY=str(key),
        )
    )
    conf = _nginx_conf(folder, site, workers)
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True
    )
    if checked.returncode != 0:
        raise RuntimeError(f"nginx refused the configuration: {checked.stderr}")
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError):
                http.client.HTTPConnection("127.0.0.1", http_port, timeout=1).connect()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
        yield http_port, https_port
    finally:
        process.terminate()
        process.wait(timeout=10)
