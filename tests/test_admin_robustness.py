"""Staff requests the back office did not expect get a clear 4xx, never a server error, and
records deleted with their parent can still be shown and restored."""

import pytest
from django.urls import reverse

from org.models import Division, StaffRole
from programmes.models import Leg, ScheduleChange, TrainingProgramme
from tests.helpers import admin_form_data, admin_url, restore_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


def test_a_malformed_history_address_is_not_found(staff_client, seeded):
    leg = Leg.objects.first()
    assert staff_client.get("/admin/org/division/abc/history/").status_code == 404
    assert staff_client.get(f"/admin/programmes/leg/{leg.pk}/history/abc/").status_code == 404
    assert staff_client.get("/admin/programmes/leg/abc/history/1/").status_code == 404


def test_a_malformed_history_address_of_an_earlier_schedule_is_not_found(staff_client, seeded):
    from programmes.services import save_leg_with_schedule_change

    save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="First planned for 2021.")
    change = ScheduleChange.objects.get()
    base = "/admin/programmes/schedulechange"
    assert staff_client.get(f"{base}/abc/history/").status_code == 404
    assert staff_client.get(f"{base}/{change.pk}/history/abc/").status_code == 404
    assert staff_client.get(f"{base}/abc/history/1/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/admin/org/division/?publication_status=%00",
        "/admin/org/division/?pillar=%00",
        "/admin/org/division/?q=%00",
        "/admin/programmes/leg/?status=%00",
        "/admin/autocomplete/?term=%00&app_label=org&model_name=division&field_name=department",
    ],
)
def test_a_nul_character_in_a_request_is_refused_not_a_server_error(staff_client, seeded, address):
    assert staff_client.get(address).status_code == 400


def test_public_pages_still_ignore_a_nul_in_their_query_string(client, seeded):
    assert client.get("/en/structure/?q=%00").status_code == 200


def test_a_nul_character_in_a_form_is_refused_and_changes_nothing(staff_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    change = reverse("admin:org_division_change", args=[division.pk])
    data = admin_form_data(staff_client.get(change), name_en="Bad\x00Name")
    assert staff_client.post(change, data).status_code == 400
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"


def test_the_history_of_a_role_deleted_with_its_division_can_be_read(staff_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRole.objects.create(division=division, title_en="Clerk")
    version = role.history.first()
    division.delete()
    assert not StaffRole.objects.filter(pk=role.pk).exists()
    listing = staff_client.get(admin_url(StaffRole, "history", role.pk))
    assert listing.status_code == 200
    assert "Clerk" in listing.content.decode()
    assert staff_client.get(restore_url(StaffRole, role.pk, version.history_id)).status_code == 200


def test_the_history_of_a_leg_deleted_with_its_programme_can_be_read(staff_client, seeded):
    leg = Leg.objects.first()
    version = leg.history.first()
    TrainingProgramme.objects.all().delete()
    assert staff_client.get(admin_url(Leg, "history", leg.pk)).status_code == 200
    assert staff_client.get(restore_url(Leg, leg.pk, version.history_id)).status_code == 200


def test_a_role_deleted_with_its_division_is_restored_after_the_division(staff_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRole.objects.create(division=division, title_en="Clerk")
    division_version = division.history.first()
    role_version = role.history.first()
    division_pk, role_pk = division.pk, role.pk
    division.delete()

    for model, pk, version in [
        (Division, division_pk, division_version),
        (StaffRole, role_pk, role_version),
    ]:
        address = restore_url(model, pk, version.history_id)
        response = staff_client.post(address, admin_form_data(staff_client.get(address)))
        assert response.status_code == 302, response.content.decode()[:2000]

    restored = StaffRole.objects.get(pk=role_pk)
    assert (restored.title_en, restored.division.slug) == ("Clerk", "general-affairs")


@pytest.mark.parametrize("number", ["0", "10000"])
def test_a_refused_leg_number_is_shown_with_its_error_not_a_server_error(
    staff_client, seeded, number
):
    leg = Leg.objects.get()
    change = reverse("admin:programmes_leg_change", args=[leg.pk])
    response = staff_client.post(change, admin_form_data(staff_client.get(change), number=number))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number"]
    assert f"{leg.get_absolute_url()}?preview=1" in response.content.decode()
    leg.refresh_from_db()
    assert leg.number == 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_blank_to_field_parameter_is_refused_not_a_server_error(staff_client, seeded, method):
    division = Division.objects.get(slug="general-affairs")
    change = reverse("admin:org_division_change", args=[division.pk])
    response = getattr(staff_client, method)(change + "?_to_field=")
    assert response.status_code == 400


@pytest.mark.parametrize("lookup", ["publication_status__regex", "pillar__iregex"])
def test_a_pattern_lookup_in_a_list_address_is_refused(staff_client, seeded, lookup):
    response = staff_client.get(f"/admin/org/division/?{lookup}=A%5C")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "attempt_time__year=9223372036854775808",
        "attempt_time__year=99999999999999999999999",
        "pk__in=99999999999999999999999",
    ],
)
def test_a_number_or_date_out_of_range_in_a_list_address_is_not_a_server_error(
    staff_client, db, query
):
    # 400 where Python or SQLite cannot hold the number; PostgreSQL compares it and finds none.
    assert staff_client.get(f"/admin/backoffice/failedsignins/?{query}").status_code in (200, 400)
