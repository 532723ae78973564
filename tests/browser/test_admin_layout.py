"""The back office on an office laptop's screen (1366 × 768): no change page scrolls sideways,
in English or in Lao, and the Department's page with its inlines stays a page, not a scroll."""

import pytest
from django.core.management import call_command

from org.models import Department, Division
from programmes.models import Leg, TrainingProgramme
from tests.helpers import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-the-layout-test"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def signed_in(browser, live_server, django_user_model):
    call_command("load_seed", verbosity=0)
    django_user_model.objects.create_superuser("layout", "", PASSWORD)
    context = browser.new_context(viewport=LAPTOP)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto(live_server.url + "/admin/login/")
    tab.fill("#id_username", "layout")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    yield tab
    context.close()


def change_pages():
    return {
        "department": admin_url(Department, "change", Department.objects.get().pk),
        "division": admin_url(Division, "change", Division.objects.order_by("order")[0].pk),
        "programme": admin_url(TrainingProgramme, "change", TrainingProgramme.objects.get().pk),
        "leg": admin_url(Leg, "change", Leg.objects.get().pk),
    }


@pytest.mark.parametrize("language", ["en", "lo"])
def test_no_change_page_scrolls_sideways_on_a_laptop_screen(signed_in, live_server, language):
    signed_in.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    wide = {}
    for name, path in change_pages().items():
        signed_in.goto(live_server.url + path)
        width = signed_in.evaluate("document.documentElement.scrollWidth")
        if width > LAPTOP["width"]:
            wide[name] = width
    assert wide == {}


def test_the_department_page_folds_its_long_mandates(signed_in, live_server):
    signed_in.goto(live_server.url + change_pages()["department"])
    height = signed_in.evaluate("document.documentElement.scrollHeight")
    # About four screens: the Department's own fields and its folded children (Divisions, roles,
    # mandates and, folded too, contact points).
    assert height < 4.25 * LAPTOP["height"]
    mandates = signed_in.locator("#mandates-group")
    assert not mandates.locator("textarea").first.is_visible()
    mandates.locator("summary").first.click()
    assert mandates.locator("textarea").first.is_visible()
