"""Every public page, in a real browser: it loads cleanly, switches language, is accessible.

The pages come from the site's sitemap (see `public_urls`), so each test visits them all in one
tab and reports every page that fails, rather than stopping at the first.
"""

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.browser.support import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    file_name_for,
    language_of,
    path_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SWITCHER_TO_LAO = '#language-switcher [hreflang="lo"], #language-switcher [lang="lo"]'
BLOCKING_IMPACTS = {"serious", "critical"}


def report(failures: list[str]) -> str:
    return "\n".join(["", *failures])


def opened(page, url: str, failures: list[str], wait_until: str = "load") -> bool:
    """Go to a page, noting it as a failure unless it answers 200: nothing else on an error page
    is worth judging, and a check that passed on one would be a false comfort."""
    response = page.goto(url, wait_until=wait_until)
    status = response.status if response else None
    if status != 200:
        failures.append(f"{path_of(url)}: HTTP {status}")
    return status == 200


def console_error(message) -> str:
    """The console's text with the address it is about, which for a failed load is the file's."""
    where = message.location.get("url")
    return f"{message.text} [{path_of(where)}]" if where else message.text


def test_every_public_page_loads_without_console_errors_in_both_languages(page, public_urls):
    """A page that answers 200 can still be broken: a missing stylesheet or a script blocked by
    the Content-Security-Policy shows only in the browser console."""
    errors: list[str] = []
    page.on(
        "console", lambda message: message.type == "error" and errors.append(console_error(message))
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    failures = []
    for url in public_urls:
        errors.clear()
        # Wait for the network to settle: Chromium asks for /favicon.ico and the like after
        # "load", and their errors must be blamed on this page, not the next.
        opened(page, url, failures, wait_until="networkidle")
        failures.extend(f"{path_of(url)}: console error: {error}" for error in errors)

    assert not failures, report(failures)


def test_language_switcher_leads_from_each_english_page_to_the_same_page_in_lao(page, public_urls):
    """A reader who switches language expects the page they were on, not the home page."""
    english_urls = [url for url in public_urls if language_of(path_of(url)) == "en"]
    assert english_urls, "the sitemap lists no English pages"
    failures = []
    for url in english_urls:
        path = path_of(url)
        expected = "/lo/" + path.removeprefix("/en/")
        if not opened(page, url, failures):
            continue
        switch = page.locator(SWITCHER_TO_LAO).first
        if not switch.count():
            failures.append(f"{path}: no element with lang or hreflang 'lo' in #language-switcher")
            continue
        try:
            with page.expect_navigation() as navigation:
                switch.click()
        except PlaywrightError as error:
            failures.append(f"{path}: following the switch to Lao failed: {error.message}")
            continue
        status = navigation.value.status if navigation.value else None
        landed, lang = path_of(page.url), page.locator("html").get_attribute("lang")
        if (landed, lang, status) != (expected, "lo", 200):
            failures.append(
                f"{path}: landed on {landed} (HTTP {status}, <html lang={lang!r}>), "
                f"not on {expected} in Lao"
            )

    assert not failures, report(failures)


def test_no_public_page_has_serious_or_critical_accessibility_violations(page, public_urls):
    """axe-core finds what a screen-reader or keyboard user would hit first (missing labels,
    names, contrast); its script comes from the Python package, so nothing is fetched."""
    axe = Axe()
    failures = []
    for url in public_urls:
        if not opened(page, url, failures):
            continue
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                failures.append(
                    f"{path_of(url)}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {targets} ({len(violation['nodes'])} in all)"
                )

    assert not failures, report(failures)


def test_screenshots_of_every_public_page_are_written_at_phone_and_desktop_widths(
    page, public_urls, content
):
    """For people to look at, in var/screenshots/<content>/ (git-ignored): a layout can break in
    ways no assertion names, though one that scrolls sideways fails here. The folder is emptied
    first, so it shows only the pages of this run."""
    folder = SCREENSHOTS / content
    shutil.rmtree(folder, ignore_errors=True)
    failures = []
    for label, viewport in [("phone-360", PHONE), ("desktop-1280", DESKTOP)]:
        page.set_viewport_size(viewport)
        for url in public_urls:
            if not opened(page, url, failures):
                continue
            target = folder / label / f"{file_name_for(path_of(url))}.png"
            page.screenshot(path=target, full_page=True)
            if not target.stat().st_size:
                failures.append(f"{path_of(url)}: empty screenshot at {target}")
            # A page wider than the screen makes its reader scroll sideways to read every line.
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                failures.append(f"{path_of(url)}: {width}px wide at {label}, see {target}")

    assert not failures, report(failures)
