"""Smoke tests for every model's admin pages, and field errors for invalid input."""

import re

import pytest
from django.contrib import admin
from django.utils.html import escape

from core.publication import SAME_NAME_MESSAGE, Publication
from org.models import ContactPoint, Department, Division, StaffRole
from programmes.models import Leg, TrainingProgramme
from publishing.models import Revision
from tests.factories import AppointmentFactory
from tests.helpers import admin_form_data, admin_url

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
CONTENT = [model for model in REGISTERED if model._meta.app_label in ("org", "programmes")]
# Records only the system writes: the seed's bookkeeping, and earlier schedules.
NO_ADD = {"seedrecord", "schedulechange"}


@pytest.fixture
def records(seeded):
    """The seed, with one change of Leg 3's schedule, a person in post (the seed names no one)
    and a contact point (the seed gives none), so that every admin has a record."""
    from programmes.services import save_leg_with_schedule_change

    leg = Leg.objects.get()
    save_leg_with_schedule_change(leg=leg, note_en="First planned for 2021.")
    AppointmentFactory(role=StaffRole.objects.get(title_en="Director-General"))
    ContactPoint.objects.create(
        department=Department.objects.get(), contact_type_en="Test enquiries", telephone="123 456"
    )


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_changelist_lists_the_seeded_records_and_searches(admin_client, records, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    first = escape(str(model.objects.first()))
    assert first in response.content.decode()
    nothing = admin_client.get(admin_url(model, "changelist"), {"q": "no-such-thing-ຫ"})
    assert nothing.status_code == 200
    assert nothing.context["cl"].result_count == 0


@pytest.mark.parametrize(
    ("model", "term", "found", "not_found"),
    [
        (Division, "Economic", "ASEAN Economic Community Division", "General Affairs Division"),
        (StaffRole, "Deputy", "Deputy Director-General", "Technical Officer"),
        (Leg, "Reconciliation Models", "Leg 3", None),
    ],
)
def test_search_finds_records_by_their_english_text(
    admin_client, seeded, model, term, found, not_found
):
    response = admin_client.get(admin_url(model, "changelist"), {"q": term})
    results = [str(obj) for obj in response.context["cl"].result_list]
    assert any(found in result for result in results)
    if not_found:
        assert not any(not_found in result for result in results)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "nul\x00byte"},
        {"o": "abc"},
        {"p": "-1"},
        {"pillar__exact": "x" * 300},
        {"nonsense": "1"},
    ],
)
def test_hostile_changelist_query_strings_never_cause_a_server_error(admin_client, seeded, query):
    response = admin_client.get(admin_url(Division, "changelist"), query)
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_change_page_opens_for_a_seeded_record(admin_client, records, model):
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in CONTENT if m._meta.model_name not in NO_ADD], ids=lambda m: m._meta.label
)
def test_add_page_opens(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in CONTENT if m._meta.model_name in NO_ADD], ids=lambda m: m._meta.label
)
def test_records_the_system_writes_cannot_be_added_by_hand(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403


def test_every_model_of_the_apps_is_registered():
    from django.apps import apps

    models = [
        *apps.get_app_config("org").get_models(),
        *apps.get_app_config("programmes").get_models(),
    ]
    # History tables are shown through each record's history page.
    models = [m for m in models if not m._meta.model_name.startswith("historical")]
    assert set(models) <= set(admin.site._registry)


def test_changelist_filters_answer(admin_client, seeded):
    assert (
        admin_client.get(admin_url(StaffRole, "changelist"), {"headcount_stated": "no"}).status_code
        == 200
    )
    response = admin_client.get(admin_url(StaffRole, "changelist"), {"headcount_stated": "yes"})
    assert "Director-General" in response.content.decode()
    assert "Technical Officer" not in response.content.decode()
    assert (
        admin_client.get(admin_url(Leg, "changelist"), {"status__exact": "planned"}).status_code
        == 200
    )
    assert (
        admin_client.get(
            admin_url(Division, "changelist"), {"pillar__exact": "economic"}
        ).status_code
        == 200
    )


def test_unstated_headcount_shows_as_not_stated_never_zero(admin_client, seeded):
    content = admin_client.get(admin_url(StaffRole, "changelist")).content.decode()
    cells = re.findall(r'<td class="field-headcount_shown">(.*?)</td>', content)
    assert sorted(cells) == ["1", "3", "not stated", "not stated", "not stated"]


def test_leg_list_shows_the_schedule_in_words_and_its_lapse(admin_client, seeded):
    content = admin_client.get(admin_url(Leg, "changelist")).content.decode()
    assert "Third quarter of 2021, tentative" in content
    assert "Tentative period ended without confirmation" in content


# -- Invalid input shows a field error, never a server error ----------------------------------------


def field_errors(response, field):
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.context["adminform"].form.errors.get(field)


def test_duplicate_division_name_is_a_field_error(admin_client, seeded):
    department = Department.objects.get()
    page = admin_client.get(admin_url(Division, "add"))
    data = admin_form_data(
        page,
        department=department.pk,
        name_en="General Affairs Division",
        slug="another-slug",
        order=9,
    )
    response = admin_client.post(admin_url(Division, "add"), data)
    assert field_errors(response, "name_en")
    assert Division.objects.count() == 5


def test_duplicate_division_name_in_the_department_inline_is_an_error_not_a_crash(
    admin_client, seeded
):
    department = Department.objects.get()
    page = admin_client.get(admin_url(Department, "change", department.pk))
    data = admin_form_data(
        page, **{"divisions-1-name_en": "ASEAN Political-Security Community Division"}
    )
    response = admin_client.post(admin_url(Department, "change", department.pk), data)
    assert response.status_code == 200
    assert "Please correct" in response.content.decode()
    assert Division.objects.filter(name_en="ASEAN Economic Community Division").exists()


def test_negative_headcount_is_a_field_error(admin_client, seeded):
    page = admin_client.get(admin_url(StaffRole, "add"))
    data = admin_form_data(
        page, department=Department.objects.get().pk, title_en="Driver", headcount=-2
    )
    response = admin_client.post(admin_url(StaffRole, "add"), data)
    assert field_errors(response, "headcount")
    assert not StaffRole.objects.filter(title_en="Driver").exists()


def test_negative_headcount_in_the_department_inline_is_a_field_error(admin_client, seeded):
    department = Department.objects.get()
    page = admin_client.get(admin_url(Department, "change", department.pk))
    data = admin_form_data(page, **{"roles-0-headcount": "-1"})
    response = admin_client.post(admin_url(Department, "change", department.pk), data)
    assert response.status_code == 200
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "roles"
    )
    assert formset.forms[0].errors.get("headcount")
    assert StaffRole.objects.get(title_en="Director-General").headcount == 1


def test_role_in_both_department_and_division_is_a_field_error(admin_client, seeded):
    page = admin_client.get(admin_url(StaffRole, "add"))
    data = admin_form_data(
        page,
        department=Department.objects.get().pk,
        division=Division.objects.first().pk,
        title_en="Desk Officer",
    )
    response = admin_client.post(admin_url(StaffRole, "add"), data)
    assert field_errors(response, "division")


def test_quarter_of_five_is_a_field_error(admin_client, seeded):
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk))
    response = admin_client.post(
        admin_url(Leg, "change", leg.pk), admin_form_data(page, period_quarter=5)
    )
    assert field_errors(response, "period_quarter")
    leg.refresh_from_db()
    assert leg.period_quarter == 3


def test_end_before_start_is_a_field_error(admin_client, seeded):
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk))
    data = admin_form_data(
        page,
        date_precision="day",
        period_year="",
        period_quarter="",
        start_date="2021-09-10",
        end_date="2021-09-01",
    )
    response = admin_client.post(admin_url(Leg, "change", leg.pk), data)
    assert field_errors(response, "end_date")


def test_a_leg_can_be_added_under_its_programme(admin_client, seeded):
    # A draft programme, edited in place: the inline's schedule is the point, not publication.
    TrainingProgramme.objects.update(publication_status=Publication.DRAFT)
    programme = TrainingProgramme.objects.get()
    page = admin_client.get(admin_url(TrainingProgramme, "change", programme.pk))
    data = admin_form_data(
        page,
        **{
            "legs-TOTAL_FORMS": "2",
            "legs-1-number": "4",
            "legs-1-theme_en": "A fourth theme",
            "legs-1-status": "planned",
            "legs-1-date_precision": "year",
            "legs-1-publication_status": "draft",
            "legs-1-period_year": "2027",
        },
    )
    response = admin_client.post(admin_url(TrainingProgramme, "change", programme.pk), data)
    assert response.status_code == 302
    assert programme.legs.get(number=4).schedule_summary() == "2027, tentative"


def test_an_incomplete_leg_under_its_programme_is_a_form_error_not_a_crash(admin_client, seeded):
    programme = TrainingProgramme.objects.get()
    page = admin_client.get(admin_url(TrainingProgramme, "change", programme.pk))
    data = admin_form_data(
        page,
        **{
            "legs-TOTAL_FORMS": "2",
            "legs-1-number": "4",
            "legs-1-theme_en": "x",
            "legs-1-status": "planned",
        },
    )
    response = admin_client.post(admin_url(TrainingProgramme, "change", programme.pk), data)
    assert response.status_code == 200
    assert "Please correct" in response.content.decode()
    assert not programme.legs.filter(number=4).exists()


def test_two_new_roles_with_the_same_title_are_a_form_error_not_a_crash(admin_client, seeded):
    department = Department.objects.get()
    page = admin_client.get(admin_url(Department, "change", department.pk))
    rows = {}
    for index, title in ((5, "Driver"), (6, "DRIVER  ")):
        rows.update(
            {
                f"roles-{index}-title_en": title,
                f"roles-{index}-seniority": "90",
                f"roles-{index}-publication_status": "draft",
            }
        )
    response = admin_client.post(
        admin_url(Department, "change", department.pk),
        admin_form_data(page, **{"roles-TOTAL_FORMS": "7"}, **rows),
    )
    assert response.status_code == 200
    assert str(SAME_NAME_MESSAGE) in response.content.decode()
    assert not StaffRole.objects.filter(title_en__iexact="Driver").exists()


def test_a_division_named_like_another_but_for_capitals_and_spaces_is_refused_on_its_name(
    admin_client, seeded
):
    division = Division.objects.order_by("order").last()
    other = Division.objects.order_by("order").first()
    url = admin_url(Division, "change", division.pk)
    near_duplicate = "  ".join(other.name_en.upper().split(" "))
    response = admin_client.post(
        url, admin_form_data(admin_client.get(url), name_en=near_duplicate)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_en"] == [str(SAME_NAME_MESSAGE)]
    division.refresh_from_db()
    assert division.name_en != near_duplicate


def test_a_name_is_stored_with_single_spaces(admin_client, seeded):
    division = Division.objects.order_by("order").first()
    url = admin_url(Division, "change", division.pk)
    admin_client.post(
        url, admin_form_data(admin_client.get(url), name_en="Mekong  Lancang   Division")
    )
    # The seeded division is published: the edit is stored as its working copy.
    draft = Revision.objects.get(object_id=division.pk).content["record"]
    assert draft["name_en"] == "Mekong Lancang Division"


def test_two_partners_with_the_same_ranked_role_are_a_form_error_not_a_crash(admin_client, seeded):
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk))
    data = admin_form_data(
        page,
        **{
            "partners-TOTAL_FORMS": "2",
            "partners-1-name_en": "Someone else",
            "partners-1-role": "co-proponent",
            "partners-1-rank": "2",
            "partners-1-order": "2",
        },
    )
    response = admin_client.post(admin_url(Leg, "change", leg.pk), data)
    assert response.status_code == 200
    assert leg.partners.count() == 1


def test_a_year_out_of_range_is_a_field_error_not_a_crash(admin_client, seeded):
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk))
    response = admin_client.post(
        admin_url(Leg, "change", leg.pk), admin_form_data(page, period_year=10000, status="held")
    )
    assert field_errors(response, "period_year")


def test_programme_page_costs_the_same_queries_with_many_legs(admin_client, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.programmes.factories import LegFactory

    programme = TrainingProgramme.objects.get()
    change = admin_url(TrainingProgramme, "change", programme.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(change).status_code == 200
        return len(queries)

    few = count()
    for number in range(10, 30):
        LegFactory(programme=programme, number=number)
    assert count() == few


def test_a_valid_change_is_saved(admin_client, seeded):
    leg = Leg.objects.get()
    page = admin_client.get(admin_url(Leg, "change", leg.pk))
    data = admin_form_data(
        page,
        date_precision="day",
        period_year="",
        period_quarter="",
        start_date="2021-09-01",
        end_date="2021-09-03",
        schedule_confirmed="on",
        change_note_en="The dates were confirmed by the host.",
        _approve="Save, approve and publish",  # the seeded leg is published: the change goes live
    )
    response = admin_client.post(admin_url(Leg, "change", leg.pk), data)
    assert response.status_code == 302
    leg.refresh_from_db()
    assert leg.schedule_summary() == "1 September 2021 to 3 September 2021, confirmed"


def test_english_and_lao_fields_stand_side_by_side(admin_client, seeded):
    department = Department.objects.get()
    form = (
        admin_client.get(admin_url(Department, "change", department.pk)).context["adminform"].form
    )
    assert {"name_en", "name_lo", "designation_en", "designation_lo"} <= set(form.fields)
