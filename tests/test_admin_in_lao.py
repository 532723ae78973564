"""With Lao chosen, no back-office screen shows English interface text.

Every page is rendered as a superuser whose language cookie says Lao, as the header's switch
leaves it. Its visible text (text, and the attributes people and screen readers meet: titles,
labels, placeholders, button values) is searched for words of three or more Latin letters, once
the records' own text is taken out: what the records hold (names, usernames, addresses of
requests) is content, in whatever language it was written, not interface. Text marked as
another language (``lang="en"``: the switch's "English") is that language on purpose.
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessFailureLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.two_factor import devices
from core.history import COMMANDS
from org.models import ContactPoint, Department, Division, StaffRole
from programmes.models import Leg
from programmes.services import save_leg_with_schedule_change
from publishing.roles import role_permissions
from tests.factories import AppointmentFactory
from tests.helpers import admin_form_data, admin_url

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
PASSWORD = "a-long-passphrase-for-lao-tests"

# Latin words that are Lao interface text too, each with the reason.
TECHNICAL = {
    "ASEAN": "the Association's name, written in Latin letters in Lao texts too",
    "TOTP": "the authenticator standard's name (time-based one-time password)",
    "OTP": "one-time password: the standard's name, as authenticator apps show it",
    "HTTP": "the protocol's name (django-axes' record of a request)",
    "Accept": "an HTTP header's name (django-axes' record of a request)",
    "GET": "an HTTP method's name, as the request carried it",
    "POST": "an HTTP method's name, as the request carried it",
    "sha256": "a hash algorithm's name",
    "md5": "the tests' password hasher's name, shown with a user's password",
    "LDAP": "a directory protocol's name (Django's help text on other ways to sign in)",
    "Unix": "Unix time: the name of the time scale",
    "Google": "an authenticator app's name (Google Authenticator)",
    "Microsoft": "an authenticator app's name (Microsoft Authenticator)",
    "Authenticator": "part of authenticator apps' names",
    "FreeOTP": "an authenticator app's name",
    "Ctrl": "a key's name, as printed on the keyboard",
    "ISO": "ISO 3166-1 alpha-2: a country code standard's name",
    "alpha": "ISO 3166-1 alpha-2: a country code standard's name",
    "inter": "the Ministry's text's Latin phrase, quoted: \u201cinter alia\u201d",
    "alia": "the Ministry's text's Latin phrase, quoted: \u201cinter alia\u201d",
    "JPEG": "an image format's name (a person's photo)",
    "PNG": "an image format's name (a person's photo)",
    "WebP": "an image format's name (a person's photo)",
}
# A technical term in parentheses after its Lao gloss: "ຊື່ໃນທີ່ຢູ່ເວັບ (slug)", as the catalogs
# write them for the staff who maintain the system.
GLOSS = re.compile(r"(?<=[\u0e80-\u0eff]) ?\([A-Za-z0-9 .\-]+\)")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Elements whose text is not shown, or is a form's value (content).
# <code>: a value to type or compare (a secret key, recovery codes), not words.
HIDDEN = {"script", "style", "textarea", "template", "code"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}


class VisibleText(HTMLParser):
    """The texts a page shows or reads out, except those inside another language's element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = (
            self.skipping
            or tag in HIDDEN
            or attributes.get("lang", "lo") not in ("lo", "")
            or attributes.get("type") == "hidden"
        )
        if not skipped:
            self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
                self.texts.append(attributes.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def interface_texts() -> set[str]:
    """Texts the database holds that are interface, not content: the permissions' names (Django
    writes "Can add log entry" for each model), the secretariat's roles (the groups
    ``ensure_roles`` makes) and the commands a version names as its author (``load_seed``)."""
    return {
        *Permission.objects.values_list("name", flat=True),
        *role_permissions(),
        *COMMANDS,
    }


def record_texts() -> list[str]:
    """Every text the database holds (records, their history, users, sign-in records, the rows
    joining records) but the interface's own (``interface_texts``), each record's name in both
    languages (but for those the back office names through a proxy: django-axes' "Access Log for
    boss @ …" is its interface), and the summary of each user's password the user's page shows: longest first, so that a name is
    taken out before a word of it."""
    texts = set()
    # Records the back office shows through proxies that name them (backoffice/models.py).
    renamed = {model._meta.concrete_model for model in REGISTERED if model._meta.proxy}
    for model in apps.get_models(include_auto_created=True):
        text_fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for obj in model._default_manager.all():
            for field in text_fields:
                value = getattr(obj, field.attname) or ""
                texts.add(value)
                texts.update(value.splitlines())
            if model in renamed:
                continue
            for language in ("en", "lo"):
                with translation.override(language):
                    texts.add(str(obj))
    for user in get_user_model().objects.all():
        texts.update(map(str, identify_hasher(user.password).safe_summary(user.password).values()))
    texts -= interface_texts()
    return sorted((text.strip() for text in texts if len(text.strip()) >= 3), key=len, reverse=True)


def english_left(html: str, content: list[str]) -> list[str]:
    """The Latin words of the page's visible text that are neither content nor technical."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        text = GLOSS.sub(" ", " ".join(text.split()))
        for record_text in content:
            if record_text in text:
                text = text.replace(record_text, " ")
        found += [word for word in LATIN_WORD.findall(text) if len(word) >= 3]
    return sorted({word for word in found if word not in TECHNICAL})


def in_lao(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    return client


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)


@pytest.fixture
def every_record(seeded, boss, client):
    """A record for every admin: the seed with a schedule change (history with changes), a
    contact point (the seed gives none), the superuser's authenticator app and recovery codes, and sign-in records (a failed and a
    successful sign-in from another browser)."""
    leg = Leg.objects.get()
    save_leg_with_schedule_change(leg=leg, note_en="First planned for 2021.")
    ContactPoint.objects.create(
        department=Department.objects.get(), contact_type_en="Test enquiries", telephone="123 456"
    )
    TOTPDevice.objects.create(user=boss, name=devices.APP_DEVICE_NAME, confirmed=True)
    devices.new_recovery_codes(boss)
    browser = type(client)()
    browser.post(reverse("admin:login"), {"username": "someone", "password": "wrong"})
    browser.post(reverse("admin:login"), {"username": "boss", "password": PASSWORD})
    AccessFailureLog.objects.create(
        username="someone", ip_address="127.0.0.1", user_agent="", path_info="/admin/login/"
    )
    # A person in post (the seed names no one).
    AppointmentFactory(role=StaffRole.objects.get(title_en="Director-General"))


@pytest.fixture
def lao_admin(client, boss, every_record):
    client.force_login(boss)
    return in_lao(client)


def assert_in_lao(responses: dict[str, object], status: int = 200) -> None:
    content = record_texts()
    left = {}
    for page, response in responses.items():
        assert response.status_code == status, f"{page}: {response.status_code}"
        assert '<html lang="lo"' in response.content.decode(), page
        words = english_left(response.content.decode(), content)
        if words:
            left[page] = words
    assert not left, "English interface text on Lao pages:\n" + "\n".join(
        f"  {page}: {' '.join(words)}" for page, words in left.items()
    )


def pages_of(client, model) -> dict[str, object]:
    """Every page of one model's admin: list (plain, searched), add (empty, refused), change,
    history, deleted records, an earlier version, delete, and the delete action's confirmation."""
    changelist = admin_url(model, "changelist")
    pages = {
        "list": client.get(changelist),
        "list, searched": client.get(changelist, {"q": "ບໍ່ມີ"}),
    }
    add = client.get(admin_url(model, "add"))
    if add.status_code != 403:
        pages["add"] = add
        # The empty form as the page shows it: every admin refuses it, with its errors.
        pages["add, refused"] = client.post(admin_url(model, "add"), admin_form_data(add))
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} to show"
    pages["change"] = client.get(admin_url(model, "change", obj.pk))
    pages["history"] = client.get(admin_url(model, "history", obj.pk))
    if hasattr(obj, "history"):
        pages["deleted records"] = client.get(admin_url(model, "deleted"))
    if hasattr(obj, "history") and obj.history.exists():
        version = obj.history.earliest()
        pages["earlier version"] = client.get(
            admin_url(model, "simple_history", obj.pk, version.history_id)
        )
    delete = client.get(admin_url(model, "delete", obj.pk))
    if delete.status_code != 403:
        pages["delete"] = delete
    # Where the list offers deleting (publishable records' lists do not), its confirmation.
    confirmation = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk]}
    )
    if confirmation.status_code == 200 and b'name="post"' in confirmation.content:
        pages["delete selected"] = confirmation
    return {f"{model._meta.label} {page}": response for page, response in pages.items()}


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_page_of_each_admin_is_in_lao(lao_admin, model):
    assert_in_lao(pages_of(lao_admin, model))


# What the check of Latin words does not see (two letters, a Lao gloss, a name with a line), and
# the page that showed it before: each must be gone from the Lao back office.
LEFT_BEFORE = {
    "[en]": "a translated field's label (django-modeltranslation's mark)",
    "[lo]": "a translated field's label",
    "(slug)": "an address field's label",
    "alpha-2": "the host country code's help text",
    "inter alia": "the Department's help text on the list of mandates",
    "load_seed": "the author of the seed's versions",
}


def test_field_labels_help_texts_and_authors_are_in_lao_words(lao_admin):
    division = Division.objects.order_by("pk").first()
    department = Department.objects.get()
    pages = {
        "a translated record's form, with its inline table": lao_admin.get(
            admin_url(Division, "change", division.pk)
        ),
        "a leg's form": lao_admin.get(admin_url(Leg, "change", Leg.objects.get().pk)),
        "the Department's form": lao_admin.get(admin_url(Department, "change", department.pk)),
        "the front page": lao_admin.get(reverse("admin:index")),
        "a history page": lao_admin.get(admin_url(Department, "history", department.pk)),
    }
    assert_in_lao(pages)
    left = {
        page: [text for text in LEFT_BEFORE if text.lower() in response.content.decode().lower()]
        for page, response in pages.items()
    }
    assert {page: texts for page, texts in left.items() if texts} == {}
    division_page = pages["a translated record's form, with its inline table"].content.decode()
    assert "ຊື່ (ພາສາອັງກິດ)" in division_page and "ຊື່ (ພາສາລາວ)" in division_page
    assert "ຄຳສັ່ງໂຫຼດຂໍ້ມູນຕັ້ງຕົ້ນ" in pages["a history page"].content.decode()


def test_translated_fields_are_labelled_by_language_in_english_too(client, boss, seeded):
    client.force_login(boss)
    division = Division.objects.order_by("pk").first()
    page = client.get(admin_url(Division, "change", division.pk)).content.decode()
    assert "Name (English)" in page and "Name (Lao)" in page
    assert "[en]" not in page and "[lo]" not in page


def test_the_roles_and_permissions_are_named_in_lao_in_the_pickers(lao_admin, boss):
    page = lao_admin.get(admin_url(get_user_model(), "change", boss.pk)).content.decode()
    assert "ບັນນາທິການຂອງກອງເລຂາ" in page
    assert "ສາມາດເຜີຍແຜ່ ພະແນກ" in page
    assert "Secretariat editors" not in page and "Can add" not in page


def test_refusing_to_delete_a_post_that_has_holders_is_in_lao(lao_admin):
    """A post with appointments is protected (who held it is a record): the refusal, on the
    post's delete page and on its Division's page, is in Lao."""
    role = StaffRole.objects.get(title_en="Director-General")
    url = admin_url(StaffRole, "delete", role.pk)
    page = lao_admin.get(url)
    division = Division.objects.order_by("pk").first()
    division_role = StaffRole.objects.create(
        division=division, title_en="Director", title_lo="ຫົວໜ້າພະແນກ"
    )
    AppointmentFactory(role=division_role)
    division_url = admin_url(Division, "change", division.pk)
    division_page = lao_admin.get(division_url)
    formset = next(
        inline.formset
        for inline in division_page.context["inline_admin_formsets"]
        if inline.formset.model is StaffRole
    )
    form = next(form for form in formset.forms if form.instance.pk == division_role.pk)
    refused_on_division = lao_admin.post(
        division_url, admin_form_data(division_page, **{form.add_prefix("DELETE"): "on"})
    )

    assert "ຖືກປົກປ້ອງ" in page.content.decode()
    assert "ຖືກປົກປ້ອງ" in refused_on_division.content.decode()
    assert_in_lao(
        {
            "post's delete page": page,
            "post's delete refused": lao_admin.post(url, {"post": "yes"}),
            "division's page, removing the post refused": refused_on_division,
        }
    )
    assert StaffRole.objects.filter(pk__in=[role.pk, division_role.pk]).count() == 2


def test_the_index_app_pages_and_password_pages_are_in_lao(lao_admin, boss):
    pages = {
        "index": lao_admin.get(reverse("admin:index")),
        "translations": lao_admin.get(reverse("admin:translations")),
    }
    for app_label in sorted({model._meta.app_label for model in REGISTERED}):
        pages[f"app {app_label}"] = lao_admin.get(reverse("admin:app_list", args=[app_label]))
    pages["password change"] = lao_admin.get(reverse("admin:password_change"))
    pages["password change, refused"] = lao_admin.post(
        reverse("admin:password_change"), {"old_password": "wrong"}
    )
    pages["password change done"] = lao_admin.get(reverse("admin:password_change_done"))
    pages["a user's password"] = lao_admin.get(
        reverse("admin:auth_user_password_change", args=[boss.pk])
    )
    pages["a record that is gone"] = lao_admin.get(
        reverse("admin:org_department_change", args=[999999]), follow=True
    )
    pages["signed out"] = lao_admin.post(reverse("admin:logout"))
    assert_in_lao(pages)


def test_the_sign_in_pages_are_in_lao(client, boss):
    in_lao(client)
    assert_in_lao(
        {
            "sign-in": client.get(reverse("admin:login")),
            "sign-in, refused": client.post(
                reverse("admin:login"), {"username": "boss", "password": "wrong"}
            ),
        }
    )


def test_the_lockout_page_is_in_lao_and_says_how_long_it_lasts(client, boss):
    in_lao(client)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": "boss", "password": "wrong"})
    assert "ບັນຊີຖືກລັອກ" in response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"ອີກ {minutes} ນາທີ" in response.content.decode()
    with translation.override("lo"):
        assert str(admin.site.site_header) in response.content.decode()
    assert_in_lao({"lockout": response}, status=429)


def test_the_two_factor_pages_are_in_lao(client, boss, settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.AXES_RESET_ON_SUCCESS = False
    in_lao(client)
    sign_in = {"username": "boss", "password": PASSWORD, "next": "/admin/"}
    client.post(reverse("admin:login"), sign_in)
    pages = {"set-up": client.get(reverse("two_factor:enrol"))}
    pages["set-up, wrong code"] = client.post(reverse("two_factor:enrol"), {"code": "000000"})
    app = TOTPDevice.objects.create(user=boss, name=devices.APP_DEVICE_NAME, confirmed=True)
    pages["code"] = client.get(reverse("two_factor:verify"))
    pages["code, wrong"] = client.post(reverse("two_factor:verify"), {"code": "000000"})
    app.throttle_reset()
    code = f"{totp(app.bin_key, app.step, app.t0, app.digits):06d}"
    client.post(reverse("two_factor:verify"), {"code": code, "next": "/admin/"})
    pages["recovery codes"] = client.get(reverse("two_factor:recovery_codes"))
    assert_in_lao(pages)


def test_the_admins_javascript_catalog_is_in_lao(lao_admin):
    response = lao_admin.get(reverse("admin:jsi18n"))
    body = response.content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    assert catalog["January"] == "ມັງກອນ"
    assert catalog["Today"] == "ມື້ນີ້"
    assert catalog["Sunday"] == "ວັນອາທິດ"
    assert catalog["abbrev. month January\x04Jan"] == "ມ.ກ."
    assert catalog["one letter Monday\x04M"] == "ຈ"
    assert catalog["%(sel)s of %(cnt)s selected"] == ["ເລືອກ %(sel)s ຈາກ %(cnt)s ລາຍການ"]
    # One plural form: every count picks the only translation.
    assert "const v = 0;" in body


def test_the_text_check_sees_english_left_in_a_page():
    page = (
        '<html lang="lo"><title>ເພີ່ມ | Site</title><p title="Search">ຄົ້ນຫາ Jakarta</p>'
        '<form lang="en"><button>English</button></form><script>var shown = 1;</script>'
        '<input type="submit" value="Save"><textarea>Draft text</textarea></html>'
    )
    assert english_left(page, ["Jakarta"]) == ["Save", "Search", "Site"]


def test_the_switch_in_the_header_changes_the_language_and_remembers_it(client, boss):
    client.force_login(boss)
    page = client.get(reverse("admin:index")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'value="lo" lang="lo" aria-pressed="false">ລາວ</button>' in page
    response = client.post(reverse("set_language"), {"language": "lo", "next": "/admin/"})
    assert response["Location"] == "/admin/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "lo"
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    page = client.get(reverse("admin:index")).content.decode()
    assert '<html lang="lo"' in page
    assert 'value="lo" lang="lo" aria-pressed="true">ລາວ</button>' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert '<html lang="en"' in client.get(reverse("admin:index")).content.decode()


def test_the_switch_is_on_the_sign_in_page_too(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert 'name="language" value="en" lang="en" aria-pressed="true">English</button>' in page


def test_lao_dates_and_times_in_the_back_office_are_day_first_on_the_24_hour_clock():
    moment = datetime.datetime(2026, 3, 2, 14, 30)  # noqa: DTZ001 (a format, not a time)
    with translation.override("lo"):
        assert date_format(moment, "DATETIME_FORMAT") == "2 ມີນາ 2026, 14:30"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "02/03/2026 14:30"
