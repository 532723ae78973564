"""The search page (search/) in Chromium, in English and in Lao: no serious accessibility violation (axe),
and it fits a phone without scrolling sideways."""

from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from org.models import Division
from programmes.models import TrainingProgramme
from translations.state import mark_lao_reviewed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SEARCHES = [
    "/en/search/?q=division",
    "/en/search/?q=nothing+like+this",
    "/lo/search/?q=" + quote("ການຝຶກອົບຮົມ"),
    "/lo/search/?q=" + quote("ພະແນກ"),
    "/en/search/?q=" + "x" * 201,
]


@pytest.fixture
def searchable_site(live_server):
    call_command("load_seed", verbosity=0)
    for record in [*Division.objects.all(), *TrainingProgramme.objects.all()]:
        mark_lao_reviewed(record, reason="Lao reviewed")
    call_command("rebuild_search_index", verbosity=0)
    return live_server.url


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, PHONE], ids=["laptop", "phone"]
)
def test_the_search_page_is_accessible_and_fits_the_screen(browser, searchable_site, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(15_000)
    found = []
    try:
        page = context.new_page()
        for path in SEARCHES:
            response = page.goto(searchable_site + path)
            assert response.status in (200, 400), path
            for violation in Axe().run(page).response["violations"]:
                if violation["impact"] in {"serious", "critical"}:
                    found.append(f"{path}: {violation['id']}: {violation['help']}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                found.append(f"{path}: {width}px wide at {viewport['width']}px")
        page.goto(searchable_site + SEARCHES[2])
        assert page.locator(".result-list mark").count()
    finally:
        context.close()
    assert not found, "\n".join(found)
