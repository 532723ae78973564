"""The report: the hardware the benchmark ran on, each scale's table against the issue's targets,
and each variant beside the first Redis server."""

import argparse
import contextlib
import os
import platform
import subprocess
from pathlib import Path

from bench.measure import BASELINES, CALENDARS, PAGES, SEARCHES, Results
from tests.servers import NGINX

# The issue's targets (ratios are of requests per second, to the same server's baseline).
CACHED_VS_ROBOTS = 1.0
CACHED_VS_HEALTHZ = 0.7
CACHED_P99_MS = 100.0
DEFAULT_CACHE_VS_ROBOTS = 0.8
UNCACHED_PAGE_VS_ROBOTS = 0.25
UNCACHED_CALENDAR_VS_ROBOTS = 0.2
NGINX_VS_ROBOTS = 5.0


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
