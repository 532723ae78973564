"""What each pytest-xdist worker has to itself, so that `pytest -n auto` runs side by side.

pytest-django gives each worker its own test database (``test_<name>_gw0``, ``…_gw1``); pytest's
``tmp_path`` is per test already, and every server a test starts binds a port the kernel picks
(``tests.servers.free_port``). What is left is Redis: one database number per worker, counted
from the one ``TEST_REDIS_URL`` names (default 8), so that a test that empties its Redis database
empties no other worker's. No Django here: ``tests/servers.py`` and the benchmark import it too.
"""

import os
from urllib.parse import urlsplit, urlunsplit

# Redis has 16 numbered databases (0 to 15) unless configured otherwise; the suite keeps 0 to 7 for
# whoever else uses the machine's Redis and takes 8 up by default.
REDIS_DATABASES = 16
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"


def worker_index() -> int:
    """0 for a run without xdist or for its first worker (``gw0``), 1 for ``gw1``, and so on."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    digits = name.removeprefix("gw")
    return int(digits) if digits.isdigit() else 0


def redis_url() -> str:
    """This worker's Redis database: ``TEST_REDIS_URL``'s number plus the worker's index.

    Refuses, with what to change, a run with more workers than there are databases left."""
    parts = urlsplit(os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL))
    base = int(parts.path.strip("/") or 0)
    number = base + worker_index()
    if number >= REDIS_DATABASES:
        raise RuntimeError(
            f"Worker {worker_index()} would use Redis database {number}, past the last (15): "
            "run fewer workers (pytest -n 4) or set TEST_REDIS_URL to a lower database number."
        )
    return urlunsplit(parts._replace(path=f"/{number}"))
