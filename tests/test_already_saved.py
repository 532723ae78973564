"""A new record sent again (Back, then Save) says it was already saved, with a link to it, rather
than "a person with this slug already exists"; any other clash of an address names the record
that holds it, with a link (backoffice/already_saved.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.admin_urls import change_url
from org.models import Person
from tests.factories import PersonFactory
from tests.helpers import admin_form_data, admin_url

pytestmark = pytest.mark.django_db

ALREADY_SAVED = {
    "en": "This was already saved, by you at",
    "lo": "ອັນນີ້ໄດ້ຖືກບັນທຶກແລ້ວ ໂດຍທ່ານ ເມື່ອ",
}
HOLDS_IT = {"en": "already has this", "lo": "ນີ້ແລ້ວ: ກະລຸນາປ່ຽນມັນຢູ່ນີ້"}


def new_person_form(client, **changes) -> dict:
    page = client.get(admin_url(Person, "add"))
    return admin_form_data(page, name_en="Somsak Phommachanh", honorific_en="Mr", **changes)


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["en", "lo"])
def test_the_same_new_record_sent_again_says_it_was_already_saved(admin_client, language):
    client = in_language(admin_client, language)
    data = new_person_form(client)
    assert client.post(admin_url(Person, "add"), data).status_code == 302
    person = Person.objects.get()

    again = client.post(admin_url(Person, "add"), data)  # Back, then Save
    assert again.status_code == 200
    page = again.content.decode()
    assert ALREADY_SAVED[language] in page
    assert f'<a href="{change_url(person)}">{person}</a>' in page
    assert "already exists" not in page and "ມີຢູ່ແລ້ວ" not in page
    assert not again.context["adminform"].form.errors.get("slug")
    assert Person.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "lo"])
def test_a_record_of_someone_else_holding_the_address_is_named_with_a_link(admin_client, language):
    other = get_user_model().objects.create_user("colleague")
    holder = PersonFactory.build(name_en="Somsak Phommachanh", slug="somsak-phommachanh")
    holder._history_user = other
    holder.save()
    client = in_language(admin_client, language)

    response = client.post(admin_url(Person, "add"), new_person_form(client))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert HOLDS_IT[language] in errors[0]
    assert f'<a href="{change_url(holder)}">{holder}</a>' in response.content.decode()
    assert ALREADY_SAVED[language] not in response.content.decode()
    assert Person.objects.count() == 1


def test_a_record_of_ones_own_with_other_values_is_named_not_called_saved(admin_client):
    data = new_person_form(admin_client)
    admin_client.post(admin_url(Person, "add"), data)
    response = admin_client.post(admin_url(Person, "add"), {**data, "honorific_en": "Dr"})
    page = response.content.decode()
    assert ALREADY_SAVED["en"] not in page and HOLDS_IT["en"] in page
    assert Person.objects.count() == 1


def test_a_record_of_ones_own_saved_over_an_hour_ago_is_named_not_called_saved(admin_client):
    data = new_person_form(admin_client)
    admin_client.post(admin_url(Person, "add"), data)
    person = Person.objects.get()
    person.history.update(history_date=timezone.now() - timedelta(hours=1, minutes=1))
    page = admin_client.post(admin_url(Person, "add"), data).content.decode()
    assert ALREADY_SAVED["en"] not in page and HOLDS_IT["en"] in page
