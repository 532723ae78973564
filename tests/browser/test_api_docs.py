"""The open data API's documentation page in Chromium: the site's Content-Security-Policy
holds (a blocked script or style shows as a console error), and it is accessible."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("query", ["", "?lang=lo"])
def test_the_api_documentation_page_loads_cleanly_and_is_accessible(page, live_server, query):
    call_command("load_seed", verbosity=0)
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
