"""Load benchmark: the public pages as `make serve` serves them, driven by wrk, in one run.

    make bench                                   # 1x and 20x the seed, 3 s a run, 3 rounds
    .venv/bin/python bench/run.py --scales 20 --duration 10 --rounds 5

For each scale (the seed plus generated records: ``--scales`` times the seed's divisions, roles,
mandates and legs, in a fresh PostgreSQL database) it starts `make serve` (check --deploy,
migrate, collectstatic, gunicorn) on 127.0.0.1 three times, with a different page cache each:

- **Redis** (``CACHE_URL=redis://…``, production): each page from the cache straight to
  gunicorn; the same page asked conditionally (``If-None-Match``: a 304); and the page through
  nginx (the shipped site file, TLS, its micro-cache) in front of that gunicorn;
- **the default** (no ``CACHE_URL``: the database cache table, the embedded default);
- **off** (``CACHE_URL=dummycache://``: every page rendered, as during a cache outage or just
  after a save);
- and each ``--variant`` (``NAME:VAR=VALUE,…``): another Redis server with those settings
  changed, its cached pages (straight and through nginx) driven in the same turns as the first's,
  so that the two compare on one noisy machine.

Each server is also measured on two baselines: ``/healthz`` (answered at the top of the
middleware stack) and ``/robots.txt`` (the cheapest view through the whole stack). Targets are
measured with wrk in turns, ``--rounds`` times, each request saying
``Accept-Encoding`` as a browser does (``--accept-encoding``; pages then come in the compressed
form the app stored, ``pages/cache/stored.py``); the median of each is printed with p50 and p99
latency, non-2xx answers and the ratio to the same server's baselines, then each target of the
issue (below) as met or not. Exit status 1 if any is not met.

Needs: wrk and nginx (Debian packages ``wrk``, ``nginx``), openssl, a PostgreSQL server
(``--database-url``) and Redis (``--cache-url``). Sends traffic to 127.0.0.1 only; stops all it
started and drops its database unless ``--keep``.
"""

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, the folder of this file is on the path: the repository's root too, for the
# bench package and tests.servers.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import NGINX_HOST, measure_scale
from bench.report import (
    CACHED_P99_MS,
    CACHED_VS_HEALTHZ,
    CACHED_VS_ROBOTS,
    DEFAULT_CACHE_VS_ROBOTS,
    NGINX_VS_ROBOTS,
    UNCACHED_CALENDAR_VS_ROBOTS,
    UNCACHED_PAGE_VS_ROBOTS,
    hardware,
    report,
    report_variants,
)
from bench.stack import COMMON_HEADERS, drop_database, fail
from tests.servers import NGINX

# What a browser says it takes: pages are answered in the compressed form the app stored.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales", default="1,20", help="Sizes as multiples of the seed (default 1,20)."
    )
    parser.add_argument("--duration", type=int, default=3, help="Seconds per wrk run (default 3).")
    parser.add_argument(
        "--rounds", type=int, default=3, help="Runs per target, taking the median (default 3)."
    )
    parser.add_argument(
        "--connections", type=int, default=32, help="Open connections (default 32)."
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
    parser.add_argument("--no-nginx", action="store_true", help="Skip the runs through nginx.")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        type=variant,
        metavar="NAME:VAR=VALUE[,VAR=VALUE]",
        help="Also measure cached pages on a Redis server with these settings, in the same turns "
        "(e.g. 'no local copies:DJANGO_PAGE_CACHE_LOCAL_SECONDS=0'). Repeatable.",
    )
    parser.add_argument(
        "--accept-encoding",
        default=BROWSER_ACCEPT_ENCODING,
        help=f"Accept-Encoding sent with every request (default {BROWSER_ACCEPT_ENCODING!r}, as "
        "Chromium sends it; '' for none: every answer uncompressed).",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the benchmark database afterwards."
    )
    return parser.parse_args()


def variant(text: str) -> tuple[str, dict[str, str]]:
    """``NAME:VAR=VALUE,VAR=VALUE`` as its name and its settings."""
    name, _, settings = text.partition(":")
    pairs = [pair.partition("=") for pair in settings.split(",") if pair]
    if not name or not pairs or any(not key or not sep for key, sep, _value in pairs):
        raise argparse.ArgumentTypeError(f"expected NAME:VAR=VALUE[,VAR=VALUE], got {text!r}")
    return name, {key: value for key, _sep, value in pairs}


def main() -> None:
    args = parse_args()
    for tool in ("wrk", "openssl"):
        if shutil.which(tool) is None:
            fail(f"{tool} is not installed: apt-get install {tool}")
    if not args.no_nginx and not Path(NGINX).exists():
        fail("nginx is not installed: apt-get install nginx (or --no-nginx)")
    scales = [int(part) for part in args.scales.split(",")]
    if args.accept_encoding:
        COMMON_HEADERS["Accept-Encoding"] = args.accept_encoding
    static_root = tempfile.mkdtemp(prefix="asean-bench-static-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("CACHE_URL", None)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"127.0.0.1,{NGINX_HOST}",
            "DJANGO_STATIC_ROOT": static_root,
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    started = time.monotonic()
    try:
        all_results = [measure_scale(scale, args, env) for scale in scales]
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            drop_database(args.database_url)

    print(f"\nRan on: {hardware()}.")
    print(
        f"wrk: {args.connections} connections, {args.duration} s a run, medians of "
        f"{args.rounds} rounds in turns, Accept-Encoding: {args.accept_encoding or '(none)'}; "
        f"gunicorn as `make serve` starts it "
        f"(WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', 'cores × 2')}). "
        f"Took {time.monotonic() - started:.0f} s."
    )
    missed = []
    for results in all_results:
        missed += report(results, args)
        report_variants(results, args)
    print(
        f"\nTargets: cached (Redis) ≥ {CACHED_VS_ROBOTS}× /robots.txt and ≥ {CACHED_VS_HEALTHZ}× "
        f"/healthz with p99 < {CACHED_P99_MS:.0f} ms; default cache ≥ {DEFAULT_CACHE_VS_ROBOTS}×; "
        f"uncached pages ≥ {UNCACHED_PAGE_VS_ROBOTS}×, calendars ≥ {UNCACHED_CALENDAR_VS_ROBOTS}×; "
        f"through nginx ≥ {NGINX_VS_ROBOTS}×; no errors anywhere. '!' marks a cell that misses."
    )
    if missed:
        print(f"{len(missed)} not met:")
        for line in missed:
            print(f"  - {line}")
    else:
        print("All met.")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
