"""What the benchmark measures and how: the pages, baselines and searches, a Target driven by
wrk, the pages through nginx, and every measurement at one scale (Results, measure_scale)."""

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench.stack import COMMON_HEADERS, fail, fetch, load, make_serve, next_database, redis_server
from tests.servers import nginx

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

# The name nginx serves the site by (SERVER_NAME in tests/servers.py's nginx).
NGINX_HOST = "localhost"


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
