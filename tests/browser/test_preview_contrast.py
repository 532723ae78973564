"""Staff previewing the public pages in Lao see draft Lao marked (translations/visibility.py),
and the mark is readable wherever it falls: on the org chart's dark top box as on a white page.
axe checks every mark's contrast (WCAG AA) as it checks the rest of the page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-the-preview-test"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def previewing_in_lao(page, live_server, django_user_model):
    """A signed-in member of staff reading the public site in Lao; the seed's Lao is a draft."""
    call_command("load_seed", verbosity=0)
    django_user_model.objects.create_superuser("previewer", "", PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": "lo", "url": live_server.url}])
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "previewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page


def blocking_violations(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("path", ["/lo/structure/?preview=1", "/lo/?preview=1"])
def test_draft_lao_marks_in_a_preview_pass_axe(previewing_in_lao, live_server, path):
    page = previewing_in_lao
    page.goto(live_server.url + path)
    assert page.locator(".preview-banner").is_visible()
    assert page.locator(".draft-translation").count() > 0  # the marks this test is about
    assert blocking_violations(page) == []


def test_the_draft_mark_on_the_chart_s_top_box_is_dark_on_light(previewing_in_lao, live_server):
    """The Department's name in the chart's top box, white on dark blue when published, reads
    as dark on the mark's pale yellow while its Lao is a draft (it was white on pale yellow)."""
    page = previewing_in_lao
    page.goto(live_server.url + "/lo/structure/?preview=1")
    mark = page.locator(".node-root .draft-translation")
    assert mark.inner_text().strip() == "ກົມອາຊຽນ"
    colours = mark.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    text, background = (_luminance(colour) for colour in colours)
    assert (max(text, background) + 0.05) / (min(text, background) + 0.05) >= 4.5


def _luminance(css_colour: str) -> float:
    """WCAG's relative luminance of an opaque `rgb(r, g, b)` colour as the browser gives it."""
    channels = [int(part) / 255 for part in css_colour[css_colour.index("(") + 1 : -1].split(",")]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
