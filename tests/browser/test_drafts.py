"""Drafts in a real browser: visitors never see them; signed-in staff preview them on the
public design from the back office."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from org.models import Department, Division

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-the-browser-test"


@pytest.fixture
def draft_division(transactional_db):
    call_command("load_seed", verbosity=0)
    return Division.objects.create(
        department=Department.objects.get(),
        name_en="Protocol Division (draft)",
        slug="protocol",
        order=6,
    )


def test_visitors_never_see_a_draft(page, live_server, draft_division):
    page.goto(live_server.url + "/en/structure/")
    assert "Protocol Division" not in page.content()
    response = page.goto(live_server.url + "/en/divisions/protocol/")
    assert response.status == 404
    response = page.goto(live_server.url + "/en/divisions/protocol/?preview=1")
    assert page.url == live_server.url + "/en/divisions/protocol/"  # sent away from the preview
    assert response.status == 404


def test_staff_preview_a_draft_from_the_back_office(
    page, live_server, draft_division, django_user_model
):
    django_user_model.objects.create_superuser("editor", "", PASSWORD)
    page.goto(live_server.url + f"/admin/org/division/{draft_division.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    preview_link = page.locator("a.viewsitelink")
    assert preview_link.get_attribute("href") == "/en/divisions/protocol/?preview=1"
    page.goto(live_server.url + preview_link.get_attribute("href"))
    assert page.locator("h1").inner_text() == "Protocol Division (draft)"
    assert page.locator(".preview-banner").is_visible()
    violations = [
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []
