"""Test-only settings and fixtures shared by every test."""

import tomllib

import pytest
from django.conf import settings

from records.format import section_names
from records.management.commands.load_seed import DEFAULT_SEED_FILE
from records.seeding import apply_seed
from tests.helpers import staff_member
from tests.seedrows import TableRows, insert, rows_written_by

# Fixtures kept beside their helpers, for the modules that ask for them by name.
pytest_plugins = ["tests.two_factor"]

# Test-only settings. Static files: plain storage, since tests run without collectstatic (the
# hashed, compressed storage is exercised by the production-serving tests). Cache: local memory,
# so that query counts measure the pages, not the database cache table; Redis and the database
# cache have tests of their own.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A worker's own short-lived copies of pages (pages/cache/local.py) are off, so that what a
# test changes in the page cache is what the next request sees; their tests turn them on.
settings.PAGE_CACHE_LOCAL_SECONDS = 0
# WhiteNoise serves from the source folders, as in development: there is no collected STATIC_ROOT.
settings.WHITENOISE_USE_FINDERS = True
settings.WHITENOISE_AUTOREFRESH = True
# Passwords: a fast hasher, so that creating and signing in users costs microseconds, not the
# production hasher's deliberate hundreds of milliseconds. Production's own hasher is checked by
# tests/test_production.py against config/settings.py.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The API's rate limit: out of the way of tests that send many requests; its own tests lower it.
settings.API_ANON_RATE = "100000/minute"


def load_installed_seed() -> None:
    """`load_seed`, as a newcomer's `make run` runs it: the seed file's sections of the installed
    apps (`load_seed` refuses sections no installed app declares)."""
    data = tomllib.loads(DEFAULT_SEED_FILE.read_text(encoding="utf-8"))
    installed = {*section_names(), "defaults"}
    apply_seed(data={name: value for name, value in data.items() if name in installed})


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker) -> list[TableRows]:
    """The rows `load_seed` writes, read once per worker (see `tests/seedrows.py`)."""
    with django_db_blocker.unblock():
        return rows_written_by(load_installed_seed)


@pytest.fixture
def seeded(db, seed_rows):
    """The database after `load_seed`, as a newcomer's `make run` leaves it: the seed's rows,
    copied in, and rolled back with the test."""
    insert(seed_rows)


@pytest.fixture
def member(client, seeded):
    """Sign in a staff member holding one of the secretariat's roles: ``member(EDITORS)``."""

    def sign_in(role: str):
        client.force_login(
            staff_member(role, username=role.split()[-1], password="a-long-passphrase-for-tests")
        )
        return client

    return sign_in


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to a /lo/ page leaves Lao active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache (tests use a local-memory cache, see below), and
    no worker's own copies of pages (pages/cache/local.py)."""
    from django.core.cache import cache

    from pages.cache.local import local_pages

    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()
