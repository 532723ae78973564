"""The open data API's documentation page in Chromium: the site's Content-Security-Policy
holds (a blocked script or style shows as a console error), it is accessible, and it fits a
phone's screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.browser.support import DESKTOP, PHONE, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A common phone's width: the page's field tables are laid out differently below 40rem.
PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
@pytest.mark.parametrize("query", ["", "?lang=lo"])
def test_the_api_documentation_page_loads_cleanly_and_is_accessible(
    page, live_server, query, viewport
):
    call_command("load_seed", verbosity=0)
    page.set_viewport_size(viewport)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{live_server.url}/api/v1/docs/{query}", wait_until="networkidle")
    assert response.status == 200
    assert "Content-Security-Policy" in {name.title() for name in response.headers} or (
        "content-security-policy" in response.headers
    )
    assert errors == []
    assert page.locator("h2").count() >= 12  # each endpoint's list and record
    violations = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []


@pytest.mark.parametrize("query", ["", "?lang=lo"])
def test_the_api_documentation_page_does_not_scroll_sideways_on_a_phone(page, live_server, query):
    """At 390 px (a common phone) and the site's smallest width, every line fits the screen: long
    addresses and dotted field names break, and each field's name, type and description stack.
    A screenshot of a page that is too wide is written to var/screenshots/api-docs/."""
    failures = []
    for viewport in (PHONE_390, PHONE):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        response = page.goto(f"{live_server.url}/api/v1/docs/{query}", wait_until="networkidle")
        assert response.status == 200
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        screen = page.evaluate("window.innerWidth")
        if scrolled > screen:
            target = SCREENSHOTS / "api-docs" / f"phone-{width}{query.replace('?', '-')}.png"
            page.screenshot(path=target, full_page=True)
            failures.append(f"{scrolled}px wide in a {screen}px window: see {target}")
    assert failures == []
