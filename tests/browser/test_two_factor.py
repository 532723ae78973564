"""Two-factor sign-in in a real browser, as a new staff member meets it with debug off: set up an
authenticator app from the QR code's key, sign in with its codes, use a recovery code once; a
password alone reaches neither the back office nor a draft. Screenshots of each page go to
var/two-factor-screenshots/ (git-ignored), for a person to look at."""

from base64 import b32encode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from org.models import Department, Division
from publishing.roles import EDITORS, ensure_roles
from tests.two_factor import code_for_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-the-browser-test"
SCREENSHOTS = django_settings.BASE_DIR / "var" / "two-factor-screenshots"


@pytest.fixture
def newcomer(transactional_db, settings, django_user_model):
    """A new editor, on a site where two-factor sign-in is required, with a draft Division."""
    settings.TWO_FACTOR_REQUIRED = True
    settings.AXES_RESET_ON_SUCCESS = False
    call_command("load_seed", verbosity=0)
    ensure_roles()
    Division.objects.create(
        department=Department.objects.get(), name_en="Protocol Division", slug="protocol", order=6
    )
    user = django_user_model.objects.create_user("newcomer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return user


@pytest.fixture
def csp_errors(page):
    """Whatever the browser refuses under the Content-Security-Policy, as it reports it."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [v["id"] for v in found if v["impact"] in {"serious", "critical"}]


def sign_in_with_password(page, base: str, next_path: str = "/admin/") -> None:
    page.goto(base + next_path)
    page.fill("#id_username", "newcomer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def give_code(page, code: str) -> None:
    page.fill("#id_code", code)
    page.click("#two-factor-form input[type=submit]")


def sign_out(page, base: str) -> None:
    page.goto(base + "/admin/")
    page.click("#logout-form button")


def code_of(app: TOTPDevice, steps_ahead: int) -> str:
    # A code works once: each sign-in in this test takes the code of a later 30-second step,
    # which the device accepts (one step of tolerance, and it follows the app's drift).
    return f"{totp(app.bin_key, app.step, app.t0, app.digits, drift=steps_ahead):06d}"


def test_a_new_staff_member_sets_up_an_app_and_signs_in_with_codes(
    page, live_server, newcomer, csp_errors
):
    base = live_server.url
    sign_in_with_password(page, base)
    assert "/admin/two-factor/set-up/" in page.url
    assert page.locator("svg.two-factor-qr").is_visible()
    shot(page, "01-set-up")
    assert serious_violations(page) == []

    # A password alone: no back-office page, no draft.
    page.goto(base + "/admin/org/division/")
    assert "/admin/two-factor/" in page.url
    response = page.goto(base + "/en/divisions/protocol/?preview=1")
    assert (response.status, page.url) == (404, base + "/en/divisions/protocol/")

    # The app is set up from the key the page shows (the QR code carries the same).
    page.goto(base + "/admin/two-factor/set-up/")
    setup_key = page.locator(".two-factor-key").inner_text()
    give_code(page, code_for_key(setup_key))
    assert "/admin/two-factor/recovery-codes/" in page.url
    app = TOTPDevice.objects.get(user=newcomer)
    assert setup_key.replace(" ", "") == b32encode(app.bin_key).decode().rstrip("=")
    codes = page.locator(".two-factor-codes code").all_inner_texts()
    assert len(codes) == 10
    shot(page, "02-recovery-codes")
    assert serious_violations(page) == []
    page.click(".two-factor-continue a")
    assert page.url == base + "/admin/"
    shot(page, "03-back-office")
    page.goto(base + "/admin/two-factor/recovery-codes/")
    assert page.locator(".two-factor-codes").count() == 0  # shown once
    shot(page, "04-recovery-codes-afterwards")

    # Next sign-in: the password, then a code from the app (a wrong one first).
    sign_out(page, base)
    sign_in_with_password(page, base, "/admin/org/division/")
    assert "/admin/two-factor/" in page.url
    shot(page, "05-code-page")
    give_code(page, "zzzz-zzzz")
    assert "That code is not right" in page.locator(".errorlist").inner_text()
    shot(page, "06-wrong-code")
    give_code(page, code_of(app, 1))
    assert page.url == base + "/admin/org/division/"

    # A recovery code signs in once.
    sign_out(page, base)
    sign_in_with_password(page, base)
    give_code(page, codes[0])
    assert page.url == base + "/admin/"
    assert "9 are left" in page.locator(".messagelist").inner_text()
    shot(page, "07-signed-in-with-a-recovery-code")
    page.goto(base + "/en/divisions/protocol/?preview=1")
    assert page.locator(".preview-banner").is_visible()
    sign_out(page, base)
    sign_in_with_password(page, base)
    give_code(page, codes[0])
    assert "/admin/two-factor/" in page.url
    assert "That code is not right" in page.locator(".errorlist").inner_text()
    assert csp_errors == []


def test_the_set_up_page_reads_in_lao(browser, live_server, newcomer):
    context = browser.new_context(locale="lo", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        sign_in_with_password(page, live_server.url)
        assert page.locator("html").get_attribute("lang") == "lo"
        assert page.locator("h1").inner_text() == "ຕັ້ງຄ່າການເຂົ້າສູ່ລະບົບສອງຂັ້ນຕອນ"
        shot(page, "08-set-up-in-lao-on-a-phone")
    finally:
        context.close()
