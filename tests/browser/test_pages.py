"""Every public page, in a real browser: it loads cleanly, switches language, is accessible,
and fits a phone and a laptop.

The pages come from the site's sitemap (see `paths_with`). Each is opened as few times as the
checks need, all checks at once (the sweep below): at laptop width for its console, axe and a
screenshot, then its switch to Lao (English pages), then at phone width for a screenshot. The
sweep runs once for each state of the records (`CONTENTS`): the seed alone, every page; then with
people in post and contact points, the pages they show on (`PEOPLE_PAGES`; the rest read as with
the seed). Each test reads its own check's findings from it; every page that fails is reported,
not only the first. Opening every page once per check and state, as these tests did, took 74 s
where this takes 42 s (one run each, on 2 cores).
"""

import shutil
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Error as PlaywrightError

from tests.browser.people import CONTENTS, PEOPLE_PAGES, paths_with
from tests.browser.support import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    file_name_for,
    language_of,
    path_of,
)

# The sweep commits its records for the live server's thread and empties the database after, as
# a transactional test does; the tests only read its findings. They stay on one worker
# (xdist_group), so the sweep runs once per state of the records.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.xdist_group("browser-public-pages"),
]

SWITCHER_TO_LAO = '#language-switcher [hreflang="lo"], #language-switcher [lang="lo"]'
BLOCKING_IMPACTS = {"serious", "critical"}
CHECKS = ("status", "console", "switcher", "axe", "layout")


def report(failures: list[str]) -> str:
    return "\n".join(["", *failures])


def console_error(message) -> str:
    """The console's text with the address it is about, which for a failed load is the file's."""
    where = message.location.get("url")
    return f"{message.text} [{path_of(where)}]" if where else message.text


class Sweep:
    """One tab going over every public page; what each check found, by check."""

    def __init__(self, page, folder) -> None:
        self.page, self.folder = page, folder
        self.found: dict[str, list[str]] = defaultdict(list)
        self.errors: list[str] = []
        self.axe = Axe()
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(console_error(message)),
        )
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def open(self, url: str, wait_until: str = "load") -> bool:
        """Go to a page, noting it unless it answers 200: nothing else on an error page is worth
        judging, and a check that passed on one would be a false comfort."""
        response = self.page.goto(url, wait_until=wait_until)
        status = response.status if response else None
        if status != 200:
            self.found["status"].append(f"{path_of(url)}: HTTP {status}")
        return status == 200

    def at_laptop_width(self, url: str) -> None:
        path = path_of(url)
        self.errors.clear()
        # Wait for the network to settle: Chromium asks for /favicon.ico and the like after
        # "load", and their errors must be blamed on this page, not the next.
        opened = self.open(url, wait_until="networkidle")
        self.found["console"].extend(f"{path}: console error: {e}" for e in self.errors)
        if not opened:
            return
        # axe-core finds what a screen-reader or keyboard user would hit first (missing labels,
        # names, contrast); its script comes from the Python package, so nothing is fetched.
        for violation in self.axe.run(self.page).response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                self.found["axe"].append(
                    f"{path}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {targets} ({len(violation['nodes'])} in all)"
                )
        self.screenshot(path, "desktop-1280", DESKTOP)
        if language_of(path) == "en":
            self.switch_to_lao(path)

    def at_phone_width(self, url: str) -> None:
        if self.open(url):
            self.screenshot(path_of(url), "phone-360", PHONE)

    def screenshot(self, path: str, label: str, viewport: dict) -> None:
        """For people to look at, in var/screenshots/<content>/ (git-ignored): a layout can
        break in ways no assertion names, though one that scrolls sideways fails here."""
        target = self.folder / label / f"{file_name_for(path)}.png"
        self.page.screenshot(path=target, full_page=True)
        if not target.stat().st_size:
            self.found["layout"].append(f"{path}: empty screenshot at {target}")
        # A page wider than the screen makes its reader scroll sideways to read every line.
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            self.found["layout"].append(f"{path}: {width}px wide at {label}, see {target}")

    def switch_to_lao(self, path: str) -> None:
        """A reader who switches language expects the page they were on, not the home page."""
        expected = "/lo/" + path.removeprefix("/en/")
        switch = self.page.locator(SWITCHER_TO_LAO).first
        if not switch.count():
            self.found["switcher"].append(
                f"{path}: no element with lang or hreflang 'lo' in #language-switcher"
            )
            return
        try:
            with self.page.expect_navigation() as navigation:
                switch.click()
        except PlaywrightError as error:
            self.found["switcher"].append(
                f"{path}: following the switch to Lao failed: {error.message}"
            )
            return
        status = navigation.value.status if navigation.value else None
        landed, lang = path_of(self.page.url), self.page.locator("html").get_attribute("lang")
        if (landed, lang, status) != (expected, "lo", 200):
            self.found["switcher"].append(
                f"{path}: landed on {landed} (HTTP {status}, <html lang={lang!r}>), "
                f"not on {expected} in Lao"
            )


@pytest.fixture(scope="module", params=CONTENTS)
def sweep(
    request, browser, django_db_setup, live_server, django_db_blocker, tmp_path_factory
) -> dict:
    """What every check found on every public page, with the records ``request.param`` names
    (photos stored in a temporary folder). The screenshots' folder is emptied first, so it shows
    only the pages of this run."""
    content = request.param
    folder = SCREENSHOTS / content
    shutil.rmtree(folder, ignore_errors=True)
    media = tmp_path_factory.mktemp("media")
    # pytest-django lets the live server's host in for a test's own duration only.
    host = urlsplit(live_server.url).hostname
    allowed = [*settings.ALLOWED_HOSTS, host]
    with override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=allowed), django_db_blocker.unblock():
        try:
            call_command("load_seed", verbosity=0)
            paths = paths_with(content)
            if content == "with-people":
                paths = [path for path in paths if path in PEOPLE_PAGES]
            urls = [live_server.url + path for path in paths]
            context = browser.new_context(viewport=DESKTOP)
            context.set_default_timeout(15_000)
            try:
                run = Sweep(context.new_page(), folder)
                for url in urls:
                    run.at_laptop_width(url)
                run.page.set_viewport_size(PHONE)
                for url in urls:
                    run.at_phone_width(url)
            finally:
                context.close()
            if not any(language_of(path_of(url)) == "en" for url in urls):
                run.found["switcher"].append("the sitemap lists no English pages")
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return run.found


def test_every_public_page_answers_200_in_both_languages(sweep):
    assert not sweep["status"], report(sweep["status"])


def test_every_public_page_loads_without_console_errors_in_both_languages(sweep):
    """A page that answers 200 can still be broken: a missing stylesheet or a script blocked by
    the Content-Security-Policy shows only in the browser console."""
    assert not sweep["console"], report(sweep["console"])


def test_language_switcher_leads_from_each_english_page_to_the_same_page_in_lao(sweep):
    assert not sweep["switcher"], report(sweep["switcher"])


def test_no_public_page_has_serious_or_critical_accessibility_violations(sweep):
    assert not sweep["axe"], report(sweep["axe"])


def test_every_public_page_fits_a_phone_and_a_laptop_and_is_screenshotted(sweep):
    assert not sweep["layout"], report(sweep["layout"])
