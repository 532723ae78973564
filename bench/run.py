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
import contextlib
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import NGINX, free_port, nginx  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
LEG_3 = "/en/programmes/mainstreaming-peace-and-reconciliation/legs/3/"
BASELINES = [("/healthz", "/healthz"), ("/robots.txt", "/robots.txt")]
PAGES = [
    ("home", "/en/"),
    ("structure (lo)", "/lo/structure/"),
    ("programmes", "/en/programmes/"),
    ("leg 3", LEG_3),
    ("sitemap", "/sitemap.xml"),
    ("calendar, all legs", "/en/programmes/calendar.ics"),
    ("calendar, leg 3", LEG_3 + "calendar.ics"),
]
CALENDARS = {"calendar, all legs", "calendar, leg 3"}
# Searches (search/): never cached, each answered by one query of the index, so measured on the
# Redis server beside the cached pages, against the goal of a rendered page.
SEARCHES = [
    ("search (en)", "/en/search/?q=division+director"),
    # training: a Lao word found inside a longer Lao run
    ("search (lo)", "/lo/search/?q=" + quote("ການຝຶກອົບຮົມ")),
]
# What a browser says it takes: pages are answered in the compressed form the app stored.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
# Headers on every request: the proxy's scheme (gunicorn trusts 127.0.0.1), and what --accept-
# encoding says (set in main).
COMMON_HEADERS = {"X-Forwarded-Proto": "https"}

# The name nginx serves the site by (SERVER_NAME in tests/servers.py's nginx).
NGINX_HOST = "localhost"

# The issue's targets (ratios are of requests per second, to the same server's baseline).
CACHED_VS_ROBOTS = 1.0
CACHED_VS_HEALTHZ = 0.7
CACHED_P99_MS = 100.0
DEFAULT_CACHE_VS_ROBOTS = 0.8
UNCACHED_PAGE_VS_ROBOTS = 0.25
UNCACHED_CALENDAR_VS_ROBOTS = 0.2
NGINX_VS_ROBOTS = 5.0


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


# -- wrk ------------------------------------------------------------------------------------------


def to_ms(value: str) -> float:
    """wrk's durations: 812.00us, 5.75ms, 1.02s, 1.00m."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"cannot read wrk's duration {value!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


@dataclass
class Target:
    """One URL driven by wrk: a page in one mode (cached, 304, uncached, nginx) or a baseline."""

    label: str
    url: str
    headers: dict = field(default_factory=dict)
    runs: list = field(default_factory=list)

    def wrk(self, args: argparse.Namespace, duration: int) -> dict:
        command = ["wrk", "-t1", f"-c{args.connections}", f"-d{duration}s", "--latency"]
        for name, value in {**COMMON_HEADERS, **self.headers}.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, self.url], check=True, capture_output=True, text=True
        ).stdout
        if "Requests/sec" not in output or not re.search(r"^\s+99%\s+\d", output, re.M):
            fail(f"cannot read wrk's report for {self.url} {self.headers}:\n{output}")
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
            "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
            "errors": (int(non_2xx.group(1)) if non_2xx else 0)
            + (sum(int(n) for n in errors.groups()) if errors else 0),
        }

    def median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)

    @property
    def errors(self) -> int:
        return sum(run["errors"] for run in self.runs)


def drive(targets: list[Target], args: argparse.Namespace) -> None:
    """Warm every target (each worker loads its templates, catalogs and connections), then run
    them in turns, ``--rounds`` times."""
    for target in targets:
        status, _headers = fetch(target.url, target.headers)
        if status not in (200, 304):
            fail(f"{target.url} answered {status}")
        target.wrk(args, 1)
    for _round in range(args.rounds):
        for target in targets:
            target.runs.append(target.wrk(args, args.duration))


def baselines(base: str) -> dict[str, Target]:
    return {label: Target(label, base + path) for label, path in BASELINES}


# -- One scale ------------------------------------------------------------------------------------


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


def through_nginx(stack: contextlib.ExitStack, base: str, static_root: Path) -> dict:
    """The pages through nginx (the shipped site file) in front of ``base``, until ``stack``
    closes."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
    folder.chmod(0o755)
    _http, https = stack.enter_context(
        nginx(folder, base, static_root, workers=os.cpu_count() or 1)
    )
    # By the site's name: the site file closes connections for any other Host (444).
    return {
        label: Target(label, f"https://127.0.0.1:{https}{path}", {"Host": NGINX_HOST})
        for label, path in PAGES
    }


@dataclass
class Results:
    """Every measurement at one scale, by mode and page."""

    scale: int
    modes: dict[str, dict[str, Target]] = field(default_factory=dict)


def measure_scale(scale: int, args: argparse.Namespace, env: dict) -> Results:
    print(f"\n== {scale}x the seed: loading …", flush=True)
    load(env, scale)
    results = Results(scale)
    static_root = Path(env["DJANGO_STATIC_ROOT"])

    # Redis: cached, 304 and through nginx, all against the same gunicorn; each variant's cached
    # pages, straight and through nginx, in the same turns (each with a Redis database of its own).
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(redis_server(env, args.cache_url))
        print("   Redis: cached pages, 304s" + ("" if args.no_nginx else ", through nginx"))
        cached = {label: Target(label, base + path) for label, path in PAGES}
        conditional = {}
        for label, path in PAGES:
            _status, headers = fetch(base + path)
            conditional[label] = Target(label, base + path, {"If-None-Match": headers["ETag"]})
        targets = [*baselines(base).values()]
        results.modes["redis"] = {t.label: t for t in targets} | cached
        results.modes["304"] = conditional
        targets += [*cached.values(), *conditional.values()]
        results.modes["search"] = {label: Target(label, base + path) for label, path in SEARCHES}
        targets += results.modes["search"].values()
        if not args.no_nginx:
            results.modes["nginx"] = through_nginx(stack, base, static_root)
            targets += results.modes["nginx"].values()
        for number, (name, settings) in enumerate(args.variant, start=1):
            cache_url = next_database(args.cache_url, number)
            base = stack.enter_context(redis_server({**env, **settings}, cache_url))
            print(
                f"   variant {name!r}: cached pages" + ("" if args.no_nginx else ", through nginx")
            )
            results.modes[name] = {label: Target(label, base + path) for label, path in PAGES}
            targets += results.modes[name].values()
            if not args.no_nginx:
                results.modes[f"{name}, nginx"] = through_nginx(stack, base, static_root)
                targets += results.modes[f"{name}, nginx"].values()
        drive(targets, args)

    # The embedded default: the database cache table.
    without_cache_url = {k: v for k, v in env.items() if k != "CACHE_URL"}
    with make_serve(without_cache_url) as base:
        print("   default cache (database table): cached pages")
        targets = [*baselines(base).values()]
        targets += [Target(label, base + path) for label, path in PAGES]
        results.modes["default"] = {t.label: t for t in targets}
        drive(targets, args)

    # Cache off: every page rendered.
    with make_serve({**env, "CACHE_URL": "dummycache://"}) as base:
        print("   cache off: every page rendered")
        targets = [*baselines(base).values()]
        targets += [Target(label, base + path) for label, path in PAGES]
        results.modes["off"] = {t.label: t for t in targets}
        drive(targets, args)
    return results


# -- Report ---------------------------------------------------------------------------------------


def hardware() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"

    def version(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        except OSError:
            return "not found"
        return (
            (done.stdout + done.stderr).strip().splitlines()[0]
            if done.stdout or done.stderr
            else ""
        )

    return (
        f"{model}, {os.cpu_count()} cores shared by wrk, nginx, gunicorn, PostgreSQL and Redis"
        f"{memory}; Linux {platform.release()}; Python {platform.python_version()}; "
        f"{version(NGINX, '-v')}; {version('wrk', '-v')}; {version('redis-server', '--version')}"
    )


def report(results: Results, args: argparse.Namespace) -> list[str]:
    """Print the scale's table; return the targets not met."""
    modes = results.modes
    robots = {
        mode: modes[mode]["/robots.txt"].median("rps") for mode in ("redis", "default", "off")
    }
    healthz = modes["redis"]["/healthz"].median("rps")
    missed: list[str] = []

    def check(ok: bool, what: str) -> str:
        if not ok:
            missed.append(f"{results.scale}x {what}")
        return "" if ok else "!"

    print(f"\n{results.scale}x the seed — requests/s (ratio to the same server's /robots.txt)")
    header = (
        f"{'':<20} {'Redis':>15} {'×healthz':>8} {'p99 ms':>7} {'304':>15} {'default':>15}"
        f" {'off':>15} {'p99 ms':>7}" + ("" if args.no_nginx else f" {'nginx':>15}")
    )
    print(header)
    print("-" * len(header))
    for label, _path in BASELINES:
        cells = [f"{label:<20}"]
        for mode in ("redis",):
            cells.append(f"{modes[mode][label].median('rps'):>8.0f} {'':>6}")
        cells.append(f"{'':>8} {modes['redis'][label].median('p99'):>7.1f} {'':>15}")
        cells.append(f"{modes['default'][label].median('rps'):>8.0f} {'':>6}")
        cells.append(f"{modes['off'][label].median('rps'):>8.0f} {'':>6}")
        print(" ".join(cells))
    for label, _path in PAGES:
        cached = modes["redis"][label]
        rps, p99 = cached.median("rps"), cached.median("p99")
        ratio, vs_health = rps / robots["redis"], rps / healthz
        flag = check(ratio >= CACHED_VS_ROBOTS, f"{label} cached (Redis): {ratio:.2f}× robots")
        flag += check(
            vs_health >= CACHED_VS_HEALTHZ, f"{label} cached (Redis): {vs_health:.2f}× healthz"
        )
        flag += check(p99 < CACHED_P99_MS, f"{label} cached (Redis): p99 {p99:.0f} ms")
        flag += check(cached.errors == 0, f"{label} cached (Redis): {cached.errors} errors")
        row = f"{label:<20} {rps:>8.0f} ({ratio:>4.2f}){flag:<1} {vs_health:>7.2f} {p99:>7.1f}"

        revalidated = modes["304"][label]
        row += f" {revalidated.median('rps'):>8.0f} ({revalidated.median('rps') / robots['redis']:>4.2f}) "
        check(revalidated.errors == 0, f"{label} 304: {revalidated.errors} errors")

        default = modes["default"][label]
        ratio = default.median("rps") / robots["default"]
        flag = check(
            ratio >= DEFAULT_CACHE_VS_ROBOTS and default.errors == 0,
            f"{label} default cache: {ratio:.2f}× robots, {default.errors} errors",
        )
        row += f"{default.median('rps'):>8.0f} ({ratio:>4.2f}){flag:<1}"

        uncached = modes["off"][label]
        ratio = uncached.median("rps") / robots["off"]
        goal = UNCACHED_CALENDAR_VS_ROBOTS if label in CALENDARS else UNCACHED_PAGE_VS_ROBOTS
        flag = check(
            ratio >= goal and uncached.errors == 0,
            f"{label} uncached: {ratio:.2f}× robots (goal {goal}), {uncached.errors} errors",
        )
        row += f" {uncached.median('rps'):>8.0f} ({ratio:>4.2f}){flag:<1} {uncached.median('p99'):>7.1f}"

        if "nginx" in modes:
            proxied = modes["nginx"][label]
            ratio = proxied.median("rps") / robots["redis"]
            flag = check(
                ratio >= NGINX_VS_ROBOTS and proxied.errors == 0,
                f"{label} through nginx: {ratio:.2f}× robots, {proxied.errors} errors",
            )
            row += f" {proxied.median('rps'):>8.0f} ({ratio:>4.2f}){flag:<1}"
        print(row)
    for label, _path in SEARCHES:
        search = modes["search"][label]
        rps, p99 = search.median("rps"), search.median("p99")
        ratio = rps / robots["redis"]
        flag = check(
            ratio >= UNCACHED_PAGE_VS_ROBOTS and search.errors == 0,
            f"{label}: {ratio:.2f}× robots (goal {UNCACHED_PAGE_VS_ROBOTS}), {search.errors} errors",
        )
        print(
            f"{label:<20} {rps:>8.0f} ({ratio:>4.2f}){flag:<1} {'':>7} {p99:>7.1f}  (never cached)"
        )
    return missed


def report_variants(results: Results, args: argparse.Namespace) -> None:
    """Print each variant's cached pages beside the first Redis server's (measured in the same
    turns): requests/s, its ratio to the first's, p99."""
    modes = results.modes
    for name, settings in args.variant:
        changed = ", ".join(f"{key}={value}" for key, value in settings.items())
        print(f"\n{results.scale}x, variant {name!r} ({changed}) — requests/s (ratio to Redis)")
        header = f"{'':<20} {'Redis':>8} {name[:15]:>15} {'p99 ms':>7}"
        if not args.no_nginx:
            header += f" {'nginx':>8} {'+ ' + name[:13]:>15} {'p99 ms':>7}"
        print(header)
        print("-" * len(header))
        pairs = [("redis", name)] + ([] if args.no_nginx else [("nginx", f"{name}, nginx")])
        for label, _path in PAGES:
            row = f"{label:<20}"
            for first, other in pairs:
                before, after = modes[first][label], modes[other][label]
                ratio = after.median("rps") / before.median("rps")
                errors = "" if after.errors == 0 else f" {after.errors} errors"
                row += f" {before.median('rps'):>8.0f} {after.median('rps'):>8.0f} ({ratio:>4.2f})"
                row += f" {after.median('p99'):>7.1f}{errors}"
            print(row)


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
