"""Dates typed in the back office are read day first, as the Ministry writes them, in Lao and in
English; month first (Django's American default) is refused rather than read as another day."""

import datetime
import re

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.admin import site
from django.utils import translation

from core.dates import DayFirstDateField
from programmes.models import Leg
from tests.helpers import admin_form_data, admin_url
from tests.programmes.factories import LegFactory

FEBRUARY_3 = datetime.date(2027, 2, 3)


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("typed", ["2027-02-03", "03/02/2027", "3/2/2027", "03.02.2027"])
def test_a_date_field_reads_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == FEBRUARY_3


@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_month_first_date_is_a_field_error_not_another_day(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateField().clean("02/25/2027")


@pytest.mark.django_db
def test_a_leg_dated_day_first_in_the_lao_back_office_keeps_its_days(admin_client):
    leg = LegFactory(draft=True)  # known only to a quarter; a draft, edited in place
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    url = admin_url(Leg, "change", leg.pk)
    data = admin_form_data(
        admin_client.get(url),
        date_precision="day",
        period_year="",
        period_quarter="",
        start_date="03/02/2027",
        end_date="05/02/2027",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    leg.refresh_from_db()
    assert (leg.start_date, leg.end_date) == (FEBRUARY_3, datetime.date(2027, 2, 5))


# -- What a Lao or English-speaking editor types (core/dates.py) -----------------------------------

FEBRUARY_1 = datetime.date(2027, 2, 1)


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize(
    "typed",
    [
        "໐໑/໐໒/໒໐໒໗",  # Lao digits
        "1/2/໒໐໒໗",
        "1 ກຸມພາ 2027",
        "໑ ກຸມພາ ໒໐໒໗",
        "ວັນທີ 1 ເດືອນກຸມພາ 2027",
        "1 ກ.ພ. 2027",
        "1 Feb 2027",
        "1 feb. 2027",
        "1 February 2027",
        "1-FEB-2027",
        "February 1, 2027",
        "2027/02/01",
        "2027-02-01",
        "2027.2.1",
        "01/02/2027",
        "1.2.2027",
        "01-02-2027",
        "01\u00a0/\u00a002/2027",  # pasted no-break spaces
        "1\u00a0ກຸມພາ\u00a02027",
        " 01/02/2027\u200b",  # a zero-width space pasted at the end
    ],
)
def test_the_back_offices_date_field_reads_every_form_that_names_one_day(language, typed):
    with translation.override(language):
        assert DayFirstDateField().clean(typed) == FEBRUARY_1


ACCEPTED_FORMS = {
    "en": "Type the date day first, with the year in four digits, for example 01/02/2027, "
    "1 February 2027, 1 ກຸມພາ 2027 or 2027-02-01 (all are 1 February 2027).",
    "lo": "ພິມວັນທີໂດຍເອົາວັນກ່ອນ ແລະ ປີເປັນຕົວເລກ 4 ຫຼັກ, ເຊັ່ນ: 01/02/2027, 1 ກຸມພາ 2027, "
    "1 February 2027 ຫຼື 2027-02-01 (ທັງໝົດແມ່ນວັນທີ 1 ກຸມພາ 2027).",
}
TWO_DIGIT_YEAR = {
    "en": "Type the year in four digits (2027, not 27): two digits could mean either century. "
    "For example 01/02/2027, 1 February 2027 or 1 ກຸມພາ 2027.",
    "lo": "ພິມປີເປັນຕົວເລກ 4 ຫຼັກ (2027, ບໍ່ແມ່ນ 27): ຕົວເລກ 2 ຫຼັກອາດໝາຍເຖິງສະຕະວັດໃດກໍໄດ້. "
    "ເຊັ່ນ: 01/02/2027, 1 ກຸມພາ 2027 ຫຼື 1 February 2027.",
}
REFUSED = {
    "1/2/27": TWO_DIGIT_YEAR,
    "1 ກຸມພາ 27": TWO_DIGIT_YEAR,
    "ກຸມພາ 2027": ACCEPTED_FORMS,  # no day
    "1 Febuary 2027": ACCEPTED_FORMS,
    "1/2/027": ACCEPTED_FORMS,
    "01/02-2027": ACCEPTED_FORMS,
    "0/2/2027": ACCEPTED_FORMS,
    "tomorrow": ACCEPTED_FORMS,
    "02/25/2027": {
        "en": "There is no month 25: type the day first, then the month, for example "
        "25/02/2027 for 25 February 2027.",
        "lo": "ບໍ່ມີເດືອນ 25: ພິມວັນກ່ອນ ແລ້ວຈຶ່ງພິມເດືອນ, ເຊັ່ນ: 25/02/2027 ສຳລັບວັນທີ 25 ກຸມພາ 2027.",
    },
    "31/04/2027": {
        "en": "There is no such day: April 2027 has 30 days.",
        "lo": "ບໍ່ມີວັນທີນີ້: ເດືອນເມສາ 2027 ມີ 30 ວັນ.",
    },
    "29 ກຸມພາ 2027": {
        "en": "There is no such day: February 2027 has 28 days.",
        "lo": "ບໍ່ມີວັນທີນີ້: ເດືອນກຸມພາ 2027 ມີ 28 ວັນ.",
    },
}


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("typed", list(REFUSED))
def test_a_date_not_read_is_refused_naming_the_forms_accepted(language, typed):
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            DayFirstDateField().clean(typed)
        assert refused.value.messages == [REFUSED[typed][language]]


def date_fields(form_class) -> dict[str, forms.Field]:
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField)
    }


@pytest.mark.django_db
def test_every_date_field_of_the_back_office_reads_dates_as_typed(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    found = {}
    for model in apps.get_models():
        if not site.is_registered(model):
            continue
        model_admin = site.get_model_admin(model)
        forms_of = [model_admin.get_form(request)] + [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in forms_of:
            for name, field in date_fields(form_class).items():
                found[f"{form_class._meta.model.__name__}.{name}"] = type(field)
    # Every editable date of the records: a leg's, an appointment's, the Department's founding.
    assert {"Leg.start_date", "Appointment.start_date", "Department.established_on"} <= set(found)
    assert set(found.values()) == {DayFirstDateField}


def leg_page(client, language: str, leg) -> tuple[str, object]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = admin_url(Leg, "change", leg.pk)
    return url, client.get(url)


def shown_date(response, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    assert found, f"no {name} field"
    return found[1]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize("typed", ["໐໑/໐໒/໒໐໒໗", "1 ກຸມພາ 2027", "1 Feb 2027", "2027/02/01"])
def test_a_leg_dated_as_a_lao_editor_types_is_saved(admin_client, language, typed):
    leg = LegFactory(draft=True)
    url, page = leg_page(admin_client, language, leg)
    data = admin_form_data(
        page, date_precision="day", period_year="", period_quarter="", start_date=typed
    )
    data["end_date"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    leg.refresh_from_db()
    assert leg.start_date == FEBRUARY_1


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_date_not_read_is_the_fields_error_and_comes_back_as_typed(admin_client, language):
    leg = LegFactory(draft=True)
    url, page = leg_page(admin_client, language, leg)
    data = admin_form_data(
        page, date_precision="day", period_year="", period_quarter="", start_date="1/2/27"
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_date"] == [TWO_DIGIT_YEAR[language]]
    assert shown_date(response, "start_date") == "1/2/27"
    leg.refresh_from_db()
    assert leg.start_date is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "en"])
def test_a_date_is_shown_day_first_on_the_change_form_and_after_a_refused_save(
    admin_client, language
):
    leg = LegFactory(draft=True, exact_dates=True, start_date=datetime.date(2027, 1, 1))
    url, page = leg_page(admin_client, language, leg)
    assert shown_date(page, "start_date") == "01/01/2027"
    # Refused for another field: the date is shown as typed, not as ISO.
    data = admin_form_data(page, start_date="01/01/2027", end_date="31/04/2027")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert shown_date(response, "start_date") == "01/01/2027"
    assert "2027-01-01" not in response.content.decode()
