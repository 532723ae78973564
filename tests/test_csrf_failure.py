"""A form refused by the CSRF check (a page opened before signing in again in another tab) gives a
page in the person's language, in the back office's or the public site's frame, that shows what
was typed to copy from, never a password, and re-posts nothing (backoffice/csrf.py)."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from org.models import Appointment, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TITLE_LO = "ແບບຟອມນີ້ບໍ່ໄດ້ຖືກບັນທຶກ"
TITLE_EN = "This form was not saved"
JARGON = ("CSRF", "csrf", "DEBUG", "token", "Forbidden", "403")


@pytest.fixture
def strict_client(admin_user) -> Client:
    """A browser whose form carries no valid token: the check is on, as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    return client


def in_lao(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    return client


def visible_text(page: str) -> str:
    """The page's text outside tags, scripts and attribute values."""
    return re.sub(r"<[^>]+>", " ", page)


def test_a_refused_back_office_form_shows_in_lao_what_was_typed_in_the_admin_frame(strict_client):
    person = PersonFactory(name_en="Somsak")
    url = reverse("admin:org_person_change", args=[person.pk])
    response = in_lao(strict_client).post(
        url,
        {
            "csrfmiddlewaretoken": "from-a-page-opened-before-signing-in-again",
            "name_en": "Somsak <b>Phommachanh</b>",
            "name_lo": "ສົມສັກ ພົມມະຈັນ",
            "photo_description_en": "Line one\nLine two",
            "password": "hunter2-secret",
            "appointments-TOTAL_FORMS": "1",
            "appointments-0-start_date": "01/02/2027",
            "appointments-__prefix__-start_date": "31/12/2099",  # the blank row "add another" copies
            "_save": "Save",
        },
        HTTP_REFERER=f"http://testserver{url}",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="lo"' in page
    assert TITLE_LO in page and TITLE_EN not in page
    assert 'id="user-tools"' in page and 'id="site-name"' in page  # the back office's frame
    # Each typed value in a read-only box, escaped; the bookkeeping and the password left out.
    assert "<textarea" in page and " readonly " in page
    assert "Somsak &lt;b&gt;Phommachanh&lt;/b&gt;" in page and "<b>Phommachanh" not in page
    assert "ສົມສັກ ພົມມະຈັນ" in page and "Line one\nLine two" in page
    assert "hunter2-secret" not in page and "from-a-page-opened" not in page
    assert "TOTAL_FORMS" not in page and "_save" not in page
    # Each box is labelled as the form labels its field, in Lao; an inline's with its row.
    with translation.override("lo"):
        name = capfirst(Person._meta.get_field("name").verbose_name)
        start = capfirst(Appointment._meta.get_field("start_date").verbose_name)
    assert f"{name} (ພາສາລາວ)</label>" in page and f"{start}, ແຖວທີ 1</label>" in page
    assert "[lo]" not in page and "[en]" not in page
    assert "01/02/2027" in page and "31/12/2099" not in page and "__prefix__" not in page
    assert f'href="http://testserver{url}"' in page  # back to the form, in a new tab
    assert "<form" not in page.split('id="content-main"', 1)[1]  # nothing is posted from here
    text = visible_text(page)
    assert not any(word in text for word in JARGON)
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_refused_sign_in_shows_the_user_name_but_never_the_password(client):
    strict = in_lao(Client(enforce_csrf_checks=True))
    response = strict.post(
        reverse("admin:login"), {"username": "editor1", "password": "a-long-passphrase"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert TITLE_LO in page and "editor1" in page and "a-long-passphrase" not in page
    assert "ລະຫັດຜ່ານ" in page  # says passwords are not shown: type it again
    assert not any(word in visible_text(page) for word in JARGON)


def test_a_refused_form_names_the_files_to_choose_again(strict_client):
    person = PersonFactory()
    url = reverse("admin:org_person_change", args=[person.pk])
    photo = SimpleUploadedFile("face.jpg", b"not really a photo", content_type="image/jpeg")
    response = strict_client.post(url, {"name_en": "Somsak", "photo": photo})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Files you chose are not kept: choose them again." in page
    assert "photo: face.jpg" in page
    assert f'href="{url}"' in page  # no Referer: the address the form was sent to


def test_a_long_value_is_shown_shortened_and_says_so(strict_client):
    url = reverse("admin:org_person_add")
    response = strict_client.post(url, {"biography_en": "x" * 30_000})
    page = response.content.decode()
    assert "x" * 20_000 in page and "x" * 20_001 not in page
    assert "(shortened: only the first 20000 characters are shown)" in page


def test_a_link_back_to_another_site_is_never_offered(strict_client):
    url = reverse("admin:org_person_add")
    response = strict_client.post(
        url, {"name_en": "Somsak"}, HTTP_REFERER="https://evil.example/form"
    )
    page = response.content.decode()
    assert "evil.example" not in page and f'href="{url}"' in page


def test_a_refused_public_form_is_in_the_public_sites_frame_in_the_pages_language(db):
    response = Client(enforce_csrf_checks=True).post(
        "/lo/", {"message": "ສະບາຍດີ, a question", "token": "xyz"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="lo"' in page and 'class="site-header"' in page
    assert TITLE_LO in page and "ສະບາຍດີ, a question" in page and "xyz" not in page
    assert not any(word in visible_text(page) for word in JARGON)
    english = Client(enforce_csrf_checks=True).post("/en/", {"message": "Hello"})
    assert english.status_code == 403 and TITLE_EN in english.content.decode()
