"""Fixtures for driving Debian's Chromium against pytest-django's live server.

One browser for the whole session, rather than one per test; a fresh context, so fresh cookies,
for each test. Chromium is the system's, not Playwright's download: `playwright install`
cannot reach the network on the machines this runs on, and CI installs the Debian package.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.people import CONTENTS
from tests.browser.support import DESKTOP
from tests.helpers import require

# Playwright's sync API runs an event loop in the main thread; Django would then refuse the
# database work pytest-django does around each test. Nothing here is actually concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    # Nothing may be fetched from outside the live server during a run.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Chromium for the whole session; skipped (failed in CI) where it is not installed."""
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK), f"Chromium not found at {CHROMIUM}"
    )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A desktop-sized tab with its own cookies, so no test sees another's language choice."""
    context = browser.new_context(viewport=DESKTOP)
    # Fail a stuck page in seconds, not Playwright's default half-minute.
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture(params=CONTENTS)
def content(request, settings, tmp_path) -> str:
    """What the public pages are checked with, one run each: the seed alone ("seed": no one in
    post, no contact points, so the pages' empty states), or with people in post and contact
    points ("with-people", see `tests/browser/people.py`). Photos are stored in ``tmp_path``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return request.param


@pytest.fixture
def contexts(browser):
    """Browser contexts for several people at once, closed at the end of the test (their open
    connections must not outlive the live server's test)."""
    opened = []

    def new():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()
