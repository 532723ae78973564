"""The back office on an office laptop's screen (1366 × 768) and on a phone (390 px), in English
and in Lao: no change page scrolls sideways and the Department's page with its inlines stays a
page, not a scroll; a record's history reads on a phone, with no word broken; a list keeps its
records' names in view while its other columns scroll; the legs' partners fit a laptop."""

import pytest
from django.core.management import call_command

from org.models import Department, Division
from programmes.models import Leg, LegPartner, TrainingProgramme
from tests.browser.support import SCREENSHOTS as ALL_SCREENSHOTS
from tests.helpers import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-the-layout-test"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ["en", "lo"]
# Screenshots of the pages checked here, for people to look at (git-ignored).
SCREENSHOTS = ALL_SCREENSHOTS / "admin-layout"


@pytest.fixture
def open_tab(browser, live_server, django_user_model):
    """A new tab at a screen size, in a language, signed in to the seeded back office."""
    call_command("load_seed", verbosity=0)
    django_user_model.objects.create_superuser("layout", "", PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    contexts = []

    def open_at(viewport, language="en"):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        tab = context.new_page()
        tab.goto(live_server.url + "/admin/login/")
        tab.fill("#id_username", "layout")
        tab.fill("#id_password", PASSWORD)
        tab.click("input[type=submit]")
        return tab

    yield open_at
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(open_tab):
    return open_tab(LAPTOP)


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


# Each word (as the browser's own word breaker, ICU, finds words: Lao ones too) whose letters
# the page laid out on more than one line: "Vanida" set as "Vanid" / "a".
BROKEN_WORDS = """(selector) => {
  const words = new Intl.Segmenter(undefined, {granularity: "word"});
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const {segment, index, isWordLike} of words.segment(text.data)) {
        if (!isWordLike) continue;
        const range = document.createRange();
        range.setStart(text, index);
        range.setEnd(text, index + segment.length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(segment);
      }
    }
  }
  return broken;
}"""


def six_versions(division: Division, django_user_model) -> None:
    """load_seed's version and five more, by two people, with reasons and changed names."""
    editor = django_user_model.objects.create_user(
        "somchai", first_name="Somchai", last_name="Editor", is_staff=True
    )
    publisher = django_user_model.objects.create_user(
        "vanida", first_name="Vanida", last_name="Publisher", is_staff=True
    )
    english, lao = division.name_en, division.name_lo
    edits = [
        (editor, "Submitted for review", english + " (edited)", lao),
        (publisher, "Sent back: add the English summary of what this Division does", None, None),
        (editor, "Submitted for review", english, "ພະແນກການເມືອງ-ຄວາມໝັ້ນຄົງ"),
        (publisher, "Approved", None, lao),
        (editor, "Submitted for review", None, None),
    ]
    for person, reason, name_en, name_lo in edits:
        division.name_en = name_en or division.name_en
        division.name_lo = name_lo or division.name_lo
        division._history_user, division._change_reason = person, reason
        division.save()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_history_on_a_phone_breaks_no_word_and_stays_short(
    open_tab, live_server, django_user_model, language
):
    tab = open_tab(PHONE, language)
    division = Division.objects.order_by("order")[0]
    six_versions(division, django_user_model)
    tab.goto(live_server.url + admin_url(Division, "history", division.pk))
    assert tab.locator("#change-history tbody tr").count() == 6
    assert tab.evaluate(BROKEN_WORDS, "#change-history tbody td") == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each version at most about half a phone's screen (the six took 6,500 px as a table).
    assert tab.locator("#change-history").bounding_box()["height"] < 6 * PHONE["height"] / 2
    tab.screenshot(path=SCREENSHOTS / f"history-phone-{language}.png", full_page=True)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_on_a_phone_scrolls_its_columns_beside_the_records_names(
    open_tab, live_server, language
):
    tab = open_tab(PHONE, language)
    tab.goto(live_server.url + admin_url(Division, "changelist"))
    results = tab.locator("#changelist-form .results")
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The columns that do not fit are in a box that scrolls, not cut off.
    assert results.evaluate("e => e.scrollWidth > e.clientWidth")
    assert results.evaluate("e => getComputedStyle(e).overflowX") in {"auto", "scroll"}
    names = tab.locator("#result_list tbody th a")
    assert names.count() == 5
    # Each name reads on at most three lines (in Lao it took five, a syllable or two a line).
    assert max(names.evaluate_all("links => links.map(a => a.getClientRects().length)")) <= 3
    results.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    box = results.bounding_box()
    tab.screenshot(path=SCREENSHOTS / f"list-phone-scrolled-{language}.png", full_page=True)
    for index in range(names.count()):
        name = names.nth(index).bounding_box()
        assert box["x"] <= name["x"] and name["x"] + name["width"] <= box["x"] + box["width"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_legs_partners_fit_a_laptop_screen(open_tab, live_server, language):
    tab = open_tab(LAPTOP, language)
    tab.goto(live_server.url + admin_url(LegPartner, "changelist"))
    results = tab.locator("#changelist-form .results")
    assert results.evaluate("e => e.scrollWidth <= e.clientWidth")  # no column cut off
    leg = tab.locator("#result_list td.field-leg").first.bounding_box()
    box = results.bounding_box()
    assert leg["x"] + leg["width"] <= box["x"] + box["width"]
    name = tab.locator("#result_list tbody th a").first
    assert name.evaluate("a => a.getClientRects().length") <= 2
    tab.screenshot(path=SCREENSHOTS / f"partners-laptop-{language}.png", full_page=True)
