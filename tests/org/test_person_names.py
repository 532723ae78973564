"""A person's name: the English name (in Latin letters) is required, and the form says why,
beside the field, in the back office's language; a Lao name alone is refused with that reason,
and nothing typed is lost."""

import html

import pytest
from django.conf import settings
from django.utils import translation

from org.models import Person
from org.people_admin import ENGLISH_NAME_HELP, ENGLISH_NAME_REQUIRED, LAO_NAME_HELP
from tests.helpers import admin_form_data, admin_url

pytestmark = pytest.mark.django_db

LAO_NAME = "ສົມໃຈ ພົມມະວົງ"


def in_language(text, language: str) -> str:
    with translation.override(language):
        return str(text)


@pytest.mark.parametrize("language", ["en", "lo"])
def test_the_form_says_beside_the_names_why_the_english_one_is_required(
    admin_client, seeded, language
):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = admin_client.get(admin_url(Person, "add"))
    shown = html.unescape(page.content.decode())
    assert in_language(ENGLISH_NAME_HELP, language) in shown
    assert in_language(LAO_NAME_HELP, language) in shown
    data = admin_form_data(page, name_en="", name_lo=LAO_NAME, honorific_lo="ທ່ານ")
    response = admin_client.post(admin_url(Person, "add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["name_en"] == [in_language(ENGLISH_NAME_REQUIRED, language)]
    assert in_language(ENGLISH_NAME_REQUIRED, language) in html.unescape(response.content.decode())
    # Nothing saved, nothing typed lost.
    assert not Person.objects.exists()
    assert form["name_lo"].value() == LAO_NAME and form["honorific_lo"].value() == "ທ່ານ"


def test_the_reason_is_in_lao_in_the_lao_catalog():
    for text in (ENGLISH_NAME_HELP, ENGLISH_NAME_REQUIRED, LAO_NAME_HELP):
        assert in_language(text, "lo") != in_language(text, "en")
