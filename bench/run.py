"""Load benchmark: the public pages as `make serve` serves them, driven by wrk.

    make bench                      # scale 20, 5 s per run, 3 rounds, 32 connections
    .venv/bin/python bench/run.py --scale 50 --duration 10 --rounds 5

It loads the seed plus generated records (``--scale`` times the seed's divisions, roles, mandates
and legs) into a fresh PostgreSQL database, starts `make serve` (check --deploy, migrate,
collectstatic, gunicorn) on 127.0.0.1 with Redis as the page cache, and drives each page with wrk
for a fixed time. Pages and the baseline (robots.txt: no database, no template, the cheapest
answer the site gives through its full middleware stack) are measured in turns, ``--rounds``
times, and the median of each is printed: requests per second, p50 and p99 latency, non-2xx
answers, and the ratio of the page's throughput to the baseline's in the same run. Everything it
started is stopped at the end; the database is dropped unless ``--keep``.

Needs: wrk (Debian package ``wrk``), a PostgreSQL server (``--database-url``, default the local
one) and Redis (``--cache-url``). Sends traffic to 127.0.0.1 only.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LEG_3 = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/"
TARGETS = [
    ("baseline (robots.txt)", "/robots.txt"),
    ("home", "/en/"),
    ("structure", "/en/structure/"),
    ("leg 3", LEG_3),
    ("sitemap", "/sitemap.xml"),
]
GOAL_RATIO = 0.5
GOAL_P99_MS = 100.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=int, default=20, help="Records as a multiple of the seed (default 20)."
    )
    parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run (default 5).")
    parser.add_argument(
        "--rounds", type=int, default=3, help="Runs per page, taking the median (default 3)."
    )
    parser.add_argument(
        "--connections", type=int, default=32, help="Open connections (default 32)."
    )
    parser.add_argument(
        "--wrk-threads",
        type=int,
        default=1,
        help="wrk threads (default 1: the server gets the cores).",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asean_bench"
        ),
        help="PostgreSQL database to create afresh; its name must contain 'bench'.",
    )
    parser.add_argument(
        "--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the benchmark database afterwards."
    )
    return parser.parse_args()


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        fail(f"refusing to recreate database {name!r}: its name must contain 'bench'")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        urlunsplit(parts._replace(path="/postgres")), autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_until_up(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    fail("the server did not come up within 90 seconds")


def warm(base: str, path: str) -> None:
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        if response.status != 200:
            fail(f"{path} answered {response.status}")


def to_ms(value: str) -> float:
    """wrk's durations: 812.00us, 5.75ms, 1.02s, 1.00m."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"cannot read wrk's duration {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, args: argparse.Namespace) -> dict:
    command = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
        "-H",
        "X-Forwarded-Proto: https",
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Requests/sec" not in output or "99%" not in output:
        fail(f"cannot read wrk's report for {url}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"50%\s+(\S+)", output).group(1)),
        "p99": to_ms(re.search(r"99%\s+(\S+)", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        fail("wrk is not installed: apt-get install wrk")
    static_root = tempfile.mkdtemp(prefix="asean-bench-static-")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "CACHE_URL": args.cache_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": static_root,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    print(
        f"Loading the seed and {args.scale}x its records into {urlsplit(args.database_url).path.lstrip('/')} …"
    )
    recreate_database(args.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed", "--verbosity", "0")
    manage(env, "shell", "-c", f"from tests.scale import grow_records; grow_records({args.scale})")
    import redis

    redis.Redis.from_url(args.cache_url).flushdb()

    print("Starting make serve (check --deploy, migrate, collectstatic, gunicorn) …")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, time.monotonic() + 90)
        # Every worker loads its templates, catalogs and connections before anything is measured.
        for _name, path in TARGETS:
            warm(base, path)
            subprocess.run(
                [
                    "wrk",
                    "-t1",
                    f"-c{args.connections}",
                    "-d2s",
                    "-H",
                    "X-Forwarded-Proto: https",
                    base + path,
                ],
                check=True,
                capture_output=True,
            )
        print(
            f"Driving each page with wrk: {args.connections} connections, {args.duration} s a run, "
            f"{args.rounds} rounds in turns; {os.cpu_count()} cores shared by wrk and gunicorn.\n"
        )
        runs: dict[str, list[dict]] = {name: [] for name, _ in TARGETS}
        for _round in range(args.rounds):
            for name, path in TARGETS:
                runs[name].append(run_wrk(base + path, args))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(args.database_url)

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[name])

    baseline = median(TARGETS[0][0], "rps")
    header = f"{'page':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'vs baseline':>12}  goal"
    print(header)
    print("-" * len(header))
    all_met = True
    for name, _path in TARGETS:
        rps, p50, p99 = median(name, "rps"), median(name, "p50"), median(name, "p99")
        non_2xx = sum(run["non_2xx"] + run["socket_errors"] for run in runs[name])
        ratio = rps / baseline
        met = non_2xx == 0 and p99 < GOAL_P99_MS and (name == TARGETS[0][0] or ratio >= GOAL_RATIO)
        all_met &= met
        print(
            f"{name:<22} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {non_2xx:>8} {ratio:>11.0%}  {'met' if met else 'NOT MET'}"
        )
    print(
        f"\nGoal: every page at least {GOAL_RATIO:.0%} of the baseline's throughput, no non-2xx answers, "
        f"p99 under {GOAL_P99_MS:.0f} ms. Scale {args.scale}x the seed. Medians of {args.rounds} runs."
    )
    sys.exit(0 if all_met else 1)


if __name__ == "__main__":
    main()
