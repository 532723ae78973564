"""A record's address (slug) from its name, whichever language the name was typed in
(``core/slugs.py``)."""

import pytest
from django.conf import settings

from core.publication import Publication
from core.slugs import NO_LATIN_MESSAGE
from org.models import Department, Division, RelatedBody
from tests.helpers import admin_form_data, admin_url

pytestmark = pytest.mark.django_db


def add_body(client, **fields):
    page = client.get(admin_url(RelatedBody, "add"))
    data = admin_form_data(page, kind="other", relation="other", order="5", **fields)
    return client.post(admin_url(RelatedBody, "add"), data)


def test_an_empty_address_is_made_from_the_english_name(admin_client):
    response = add_body(admin_client, name_en="Mekong  Institute", slug="")
    assert response.status_code == 302
    assert RelatedBody.objects.get().slug == "mekong-institute"


def test_a_name_typed_only_in_lao_asks_for_an_address_in_latin_letters(admin_client):
    response = add_body(admin_client, name_lo="ສະຖາບັນແມ່ນ້ຳຂອງ", slug="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [str(NO_LATIN_MESSAGE)]
    assert not RelatedBody.objects.exists()


@pytest.mark.parametrize("typed", ["ສະຖາບັນ", "mekong institute", "mekong/institute"])
def test_an_address_not_in_latin_letters_says_which_letters_in_lao(admin_client, typed):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    response = add_body(admin_client, name_en="Mekong Institute", slug=typed)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "ກະລຸນາພິມທີ່ຢູ່ຂອງໜ້າເປັນຕົວອັກສອນລາແຕັງ a–z, ຕົວເລກ ແລະ ເຄື່ອງໝາຍຂີດ (-), ເຊັ່ນ "
        "“general-affairs”: ບໍ່ມີຍະຫວ່າງ, ຕົວອັກສອນລາວ ຫຼື ເຄື່ອງໝາຍອື່ນ."
    ]
    assert not RelatedBody.objects.exists()


def test_a_typed_address_is_kept(admin_client):
    add_body(admin_client, name_en="Mekong Institute", slug="mi")
    assert RelatedBody.objects.get().slug == "mi"


def test_a_new_division_row_gets_its_address_from_its_english_name(admin_client, seeded):
    department = Department.objects.get()
    # A draft department, edited in place: the address, not publication, is the point.
    Department.objects.update(publication_status=Publication.DRAFT)
    url = admin_url(Department, "change", department.pk)
    page = admin_client.get(url)
    total = int(page.context["inline_admin_formsets"][0].formset.total_form_count())
    row = {
        f"divisions-{total}-name_en": "Research Division",
        f"divisions-{total}-order": "9",
        f"divisions-{total}-pillar": "",
        f"divisions-{total}-slug": "",
        f"divisions-{total}-publication_status": "draft",
    }
    response = admin_client.post(
        url, admin_form_data(page, **{"divisions-TOTAL_FORMS": str(total + 1)}, **row)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Division.objects.get(name_en="Research Division").slug == "research-division"


NO_NAME = {
    "en": "The page's address is made from the English name: type the English name, or an "
    "address in Latin letters a–z, digits and hyphens.",
    "lo": "ທີ່ຢູ່ຂອງໜ້າແມ່ນສ້າງຈາກຊື່ພາສາອັງກິດ: ກະລຸນາພິມຊື່ພາສາອັງກິດ, ຫຼື ພິມທີ່ຢູ່ເປັນຕົວອັກສອນລາແຕັງ "
    "a–z, ຕົວເລກ ແລະ ເຄື່ອງໝາຍຂີດ (-).",
}
NO_LATIN = {
    "en": "Type the page's address in Latin letters (a–z, digits and hyphens), e.g. the English "
    "name: it cannot be made from Lao letters.",
    "lo": "ກະລຸນາພິມທີ່ຢູ່ຂອງໜ້າເປັນຕົວອັກສອນລາແຕັງ (a–z, ຕົວເລກ ແລະ ເຄື່ອງໝາຍຂີດ), ເຊັ່ນ ຊື່ພາສາອັງກິດ: "
    "ບໍ່ສາມາດສ້າງຈາກຕົວອັກສອນລາວໄດ້.",
}
NOTHING_LATIN = {
    "en": "The page's address cannot be made from “???”, which has no Latin letters or digits: "
    "type an address in Latin letters a–z, digits and hyphens.",
    "lo": "ບໍ່ສາມາດສ້າງທີ່ຢູ່ຂອງໜ້າຈາກ “???” ໄດ້, ເພາະບໍ່ມີຕົວອັກສອນລາແຕັງ ຫຼື ຕົວເລກ: "
    "ກະລຸນາພິມທີ່ຢູ່ເປັນຕົວອັກສອນລາແຕັງ a–z, ຕົວເລກ ແລະ ເຄື່ອງໝາຍຂີດ (-).",
}


def slug_error(client, language: str, **fields) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = add_body(client, slug="", **fields)
    assert response.status_code == 200
    assert not RelatedBody.objects.exists()
    return response.context["adminform"].form.errors["slug"]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_an_empty_form_says_the_address_is_made_from_the_english_name(admin_client, language):
    assert slug_error(admin_client, language) == [NO_NAME[language]]


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize(
    "fields",
    [{"name_lo": "ສະຖາບັນແມ່ນ້ຳຂອງ"}, {"name_en": "ສະຖາບັນແມ່ນ້ຳຂອງ"}],
    ids=["lao-name", "lao-letters-in-the-english-name"],
)
def test_lao_letters_are_blamed_where_they_were_typed(admin_client, language, fields):
    assert slug_error(admin_client, language, **fields) == [NO_LATIN[language]]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_an_english_name_with_no_latin_letters_is_named_not_called_lao(admin_client, language):
    assert slug_error(admin_client, language, name_en="???") == [NOTHING_LATIN[language]]
