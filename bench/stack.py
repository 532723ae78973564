"""The stack the benchmark measures: its PostgreSQL database, `make serve` (gunicorn) on a
loopback port, the same with a Redis page cache, a plain request to it (with the headers every
request carries), and how the benchmark stops when any of it does not work."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Headers on every request: the proxy's scheme (gunicorn trusts 127.0.0.1), and what --accept-
# encoding says (set in main).
COMMON_HEADERS = {"X-Forwarded-Proto": "https"}


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


# -- The database ---------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        fail(f"refusing to recreate database {name!r}: its name must contain 'bench'")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def load(env: dict, scale: int) -> None:
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed", "--verbosity", "0")
    manage(env, "shell", "-c", f"from tests.scale import grow_records; grow_records({scale})")
    manage(env, "rebuild_search_index")


# -- Servers --------------------------------------------------------------------------------------


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict]:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {**COMMON_HEADERS, **(headers or {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20, context=context) as response:  # noqa: S310
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@contextlib.contextmanager
def make_serve(env: dict):
    """`make serve` on a free loopback port; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError):
                if fetch(base + "/healthz")[0] == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                fail(f"make serve did not come up: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def next_database(cache_url: str, number: int) -> str:
    """The Redis URL ``number`` databases after ``cache_url``'s."""
    parts = urlsplit(cache_url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + number}"))


@contextlib.contextmanager
def redis_server(env: dict, cache_url: str):
    """`make serve` with an empty Redis database as its page cache; yields its base URL."""
    import redis

    redis.Redis.from_url(cache_url).flushdb()
    with make_serve({**env, "CACHE_URL": cache_url}) as base:
        yield base
