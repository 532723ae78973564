"""The rules of people in post: how many hold a post at a time (one rule, for the model and the
person's form, checked with the post locked), what deleting a post or a person does to who held
it, and the back office's list of appointments and its registration."""

import ast
import datetime
import threading

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from org.models import Appointment, Division, Person, StaffRole
from org.models.people import Tenure, over_capacity
from publishing.roles import PUBLISHERS
from tests.factories import AppointmentFactory, DivisionFactory, PersonFactory, StaffRoleFactory
from tests.helpers import (
    ROOT,
    admin_form_data,
    admin_url,
    restore_url,
    staff_member,
    wait_until_blocked_or_done,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
JAN, APR, JUL = datetime.date(2025, 1, 1), datetime.date(2025, 4, 1), datetime.date(2025, 7, 1)


@pytest.fixture
def director_general(seeded):
    return StaffRole.objects.get(title_en="Director-General")


def inline_formset(response):
    return response.context["inline_admin_formsets"][0].formset


def post_rows(client, person, *rows):
    """Save ``person``'s page with new appointment rows ``(role, start, end)``, open if no end."""
    url = admin_url(Person, "change", person.pk)
    changes = {"appointments-TOTAL_FORMS": str(len(rows))}
    for index, (role, start, end) in enumerate(rows):
        changes |= {
            f"appointments-{index}-role": role.pk,
            f"appointments-{index}-start_date": start.isoformat(),
            f"appointments-{index}-end_date": end.isoformat() if end else "",
            f"appointments-{index}-publication_status": "draft",
        }
    data = admin_form_data(client.get(url), **changes)
    data.pop("photo", None)  # no file chosen: the browser sends none
    return client.post(url, data)


# -- One rule: how many hold a post at a time --------------------------------------------------


def test_the_rule_counts_holders_on_the_busiest_day_not_every_overlap():
    earlier, later = Tenure(None, JAN, APR - DAY), Tenure(None, APR, JUL - DAY)
    assert over_capacity(JAN, JUL, [earlier, later], 2) is None  # never more than one at once
    assert over_capacity(JAN, JUL, [earlier, later], 1) == earlier
    assert over_capacity(APR, None, [earlier, later, Tenure(None, JUL, None)], 2) is None
    assert over_capacity(JAN, None, [Tenure(None, APR, None), Tenure(None, JUL, None)], 2)


def test_a_post_of_two_takes_a_third_holder_whose_dates_span_two_successive_ones():
    role = StaffRoleFactory(headcount=2)
    AppointmentFactory(role=role, start_date=JAN, end_date=APR - DAY)
    AppointmentFactory(role=role, start_date=APR, end_date=JUL - DAY)
    spanning = AppointmentFactory.build(person=PersonFactory(), role=role, start_date=JAN)
    spanning.full_clean()  # on no day more than two hold it


def test_a_post_of_two_with_one_holder_cannot_get_two_more_from_one_persons_form(admin_client):
    role = StaffRoleFactory(headcount=2)
    AppointmentFactory(role=role, start_date=JAN)

    response = post_rows(admin_client, PersonFactory(), (role, APR, None), (role, JUL, None))

    assert response.status_code == 200
    errors = inline_formset(response).forms[1].errors
    assert "overlapping dates" in " ".join(errors["start_date"])
    assert Appointment.objects.filter(role=role).count() == 1


def test_a_row_of_the_form_refused_for_a_stored_holder_names_that_holder(admin_client):
    role = StaffRoleFactory(headcount=2)
    AppointmentFactory(role=role, start_date=JAN, person=PersonFactory(name_en="Noy Sisavath"))
    AppointmentFactory(role=role, start_date=JAN)

    response = post_rows(admin_client, PersonFactory(), (role, APR, None))

    assert "Noy Sisavath" in " ".join(inline_formset(response).forms[0].errors["start_date"])


def test_one_form_may_record_a_post_held_twice_in_succession(admin_client, director_general):
    person = PersonFactory(draft=True)  # saved in place (a published person's: its working copy)
    rows = [(director_general, JAN, APR - DAY), (director_general, JUL, None)]
    assert post_rows(admin_client, person, *rows).status_code == 302
    assert person.appointments.count() == 2


# -- Two people at the same moment (PostgreSQL) -----------------------------------------------

ON_POSTGRESQL = connection.vendor == "postgresql"


def concurrent_forms(clients, role, page: str):
    """Each client's form giving ``role`` to a new person from JAN, on the appointments' add
    page or on the person's own page, and the admin whose ``save_model`` follows the check."""
    forms = {}
    for name, client in clients.items():
        # Never published, so each save writes the person's rows (a published person's page
        # writes its working copy: two drafts meet at approval, tests/publishing/test_steps.py).
        person = PersonFactory(draft=True)
        if page == "appointment":
            url = admin_url(Appointment, "add")
            changes = {"person": person.pk, "role": role.pk, "start_date": JAN.isoformat()}
            changes["publication_status"] = "draft"
        else:
            url = admin_url(Person, "change", person.pk)
            changes = {
                "appointments-TOTAL_FORMS": "1",
                "appointments-0-role": role.pk,
                "appointments-0-start_date": JAN.isoformat(),
                "appointments-0-publication_status": "draft",
            }
        data = admin_form_data(client.get(url), **changes)
        data.pop("photo", None)
        forms[name] = (url, data)
    return forms, admin.site._registry[Appointment if page == "appointment" else Person]


def start_date_errors(response, page: str) -> str:
    if page == "appointment":
        return " ".join(response.context["adminform"].form.errors["start_date"])
    return " ".join(inline_formset(response).forms[0].errors["start_date"])


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no row locks and lets one "
    "writer at a time through, so two saves cannot overlap there",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", ["appointment", "person"])
def test_two_people_giving_a_single_post_a_holder_at_the_same_moment_cannot_both_succeed(
    monkeypatch, page
):
    """Alice's save is held after the check, with the post locked, while Bob's arrives: Bob's
    check must wait for Alice's commit and then see her holder. Without the lock both checks
    pass on a post with no holder, and the post gets two. On the appointments' own page and on
    a person's page (the inline rows)."""
    role = StaffRoleFactory(title_en="Director-General", headcount=1)
    clients = {}
    for name in ("alice", "bob"):
        clients[name] = Client()
        clients[name].force_login(staff_member(PUBLISHERS, username=name))
    forms, model_admin = concurrent_forms(clients, role, page)
    alice_is_saving, go_on = threading.Event(), threading.Event()
    save_model = model_admin.save_model

    def held_save_model(request, obj, form, change):
        if request.user.username == "alice":
            alice_is_saving.set()
            go_on.wait(timeout=10)
        save_model(request, obj, form, change)

    monkeypatch.setattr(model_admin, "save_model", held_save_model)
    answers = {}

    def post(name):
        try:
            answers[name] = clients[name].post(*forms[name])
        finally:
            connection.close()

    alices = threading.Thread(target=post, args=("alice",))
    bobs = threading.Thread(target=post, args=("bob",))
    alices.start()
    assert alice_is_saving.wait(timeout=10)
    bobs.start()
    wait_until_blocked_or_done(bobs)
    go_on.set()
    alices.join(timeout=20)
    bobs.join(timeout=20)

    assert answers["alice"].status_code == 302
    assert answers["bob"].status_code == 200  # a form error, not a server error
    assert "holds this post" in start_date_errors(answers["bob"], page)
    assert Appointment.objects.filter(role=role, acting=False).count() == 1


# -- Deleting a post or a person keeps who held it ----------------------------------------------


def test_a_post_or_a_person_with_appointments_cannot_be_deleted(director_general):
    appointment = AppointmentFactory(role=director_general)
    with pytest.raises(ProtectedError):
        director_general.delete()
    with pytest.raises(ProtectedError):
        appointment.person.delete()
    appointment.delete()
    appointment.person.delete()
    assert StaffRole.objects.filter(pk=director_general.pk).exists()


def test_the_back_office_names_the_appointments_that_keep_a_post_from_being_deleted(
    admin_client, director_general
):
    AppointmentFactory(role=director_general, person=PersonFactory(name_en="Khamla Phommavong"))
    url = admin_url(StaffRole, "delete", director_general.pk)

    page = admin_client.get(url)
    refused = admin_client.post(url, {"post": "yes"})

    assert "Khamla Phommavong" in page.content.decode()
    assert "protected related objects" in page.content.decode()
    assert refused.status_code == 200
    assert StaffRole.objects.filter(pk=director_general.pk).exists()


def test_removing_a_post_with_holders_from_its_division_is_a_form_error(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRoleFactory(department=None, division=division, title_en="Director")
    AppointmentFactory(role=role)
    url = admin_url(Division, "change", division.pk)
    page = admin_client.get(url)
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is StaffRole
    )
    form = next(form for form in formset.forms if form.instance.pk == role.pk)

    response = admin_client.post(url, admin_form_data(page, **{form.add_prefix("DELETE"): "on"}))

    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()
    assert StaffRole.objects.filter(pk=role.pk).exists()


def test_restoring_an_appointment_whose_person_is_deleted_says_to_bring_the_person_back_first(
    admin_client, director_general
):
    appointment = AppointmentFactory(role=director_general)
    pk, version = appointment.pk, appointment.history.latest()
    appointment.delete()
    appointment.person.delete()
    url = restore_url(Appointment, pk, version.history_id)

    response = admin_client.post(url, admin_form_data(admin_client.get(url)))

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["person"])
    assert "first bring back its person" in errors


# -- The list of appointments and the admin's registration ------------------------------------


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(Appointment, "changelist")).status_code == 200
    return len(queries)


def test_the_list_of_appointments_costs_the_same_queries_with_one_post_or_twenty(admin_client):
    def posts_in_divisions(count):
        for _n in range(count):
            role = StaffRoleFactory(department=None, division=DivisionFactory())
            AppointmentFactory(role=role)

    posts_in_divisions(1)
    one = changelist_queries(admin_client)
    posts_in_divisions(19)
    assert changelist_queries(admin_client) == one


def test_the_list_of_appointments_filters_by_post(admin_client):
    wanted, other = AppointmentFactory(), AppointmentFactory()
    response = admin_client.get(
        admin_url(Appointment, "changelist"), {"role__id__exact": wanted.role_id}
    )
    assert list(response.context["cl"].result_list) == [wanted]
    assert other.role.title_en in response.content.decode()  # still a choice of the filter


def test_the_people_admins_are_registered_by_an_explicit_import_of_their_module():
    """Not as a side effect of importing one name from it: ``org/admin.py`` imports the module."""
    tree = ast.parse((ROOT / "org" / "admin.py").read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("org", "people_admin") in imported
    assert {Person, Appointment} <= set(admin.site._registry)
