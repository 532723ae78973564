"""Owned by the Department or one Division: one rule (``org/models/ownership.py``) shared by staff
roles and contact points."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from org.models import ContactPoint, StaffRole
from org.models.ownership import OWNERS, OwnedByDepartmentOrDivision, exactly_one_owner
from tests.factories import ContactPointFactory, DivisionFactory, StaffRoleFactory
from tests.helpers import errors_of

pytestmark = pytest.mark.django_db

# Each model owned this way, its factory and the field that names a record.
OWNED = [
    pytest.param(StaffRoleFactory, "title_en", id="staff role"),
    pytest.param(ContactPointFactory, "contact_type_en", id="contact point"),
]


def test_every_model_owned_by_the_department_or_a_division_shares_the_rule():
    owned = {m for m in apps.get_models() if issubclass(m, OwnedByDepartmentOrDivision)}
    assert owned == {StaffRole, ContactPoint}
    for model in owned:
        checks = [c for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
        assert [c.condition for c in checks] == [exactly_one_owner()]
        for name, (target, _label) in OWNERS.items():
            assert model._meta.get_field(name).related_model._meta.label == target


def test_the_constraints_keep_the_names_the_database_knows():
    names = {
        model: {c.name for c in model._meta.constraints} for model in (StaffRole, ContactPoint)
    }
    assert names == {
        StaffRole: {
            "staffrole_in_department_or_division",
            "staffrole_unique_title_in_department",
            "staffrole_unique_title_in_division",
        },
        ContactPoint: {
            "contactpoint_in_department_or_division",
            "contactpoint_unique_in_department",
            "contactpoint_unique_in_division",
        },
    }


@pytest.mark.parametrize(("factory", "name_field"), OWNED)
def test_a_record_with_both_owners_is_refused_on_the_division_field(factory, name_field):
    division = DivisionFactory()
    record = factory.build(department=division.department, division=division)
    assert "division" in errors_of(record)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


@pytest.mark.parametrize(("factory", "name_field"), OWNED)
def test_a_record_without_an_owner_is_refused_on_the_division_field(factory, name_field):
    record = factory.build(department=None, division=None)
    assert "division" in errors_of(record)


@pytest.mark.parametrize(("factory", "name_field"), OWNED)
@pytest.mark.parametrize("owner", list(OWNERS))
def test_a_name_is_unique_ignoring_case_among_one_owners_records(factory, name_field, owner):
    division = DivisionFactory()
    owners = {"department": division.department, "division": division}
    kept = {name: owners[name] if name == owner else None for name in OWNERS}
    factory(**kept, **{name_field: "General enquiries"})
    duplicate = factory.build(**kept, **{name_field: "GENERAL ENQUIRIES"})
    assert name_field in errors_of(duplicate)


@pytest.mark.parametrize(("factory", "name_field"), OWNED)
def test_the_same_name_may_belong_to_the_department_and_to_a_division(factory, name_field):
    division = DivisionFactory()
    factory(department=division.department, **{name_field: "Director"})
    factory(department=None, division=division, **{name_field: "Director"}).full_clean()


@pytest.mark.parametrize(("factory", "name_field"), OWNED)
def test_the_owner_is_the_division_else_the_department(factory, name_field):
    division = DivisionFactory()
    assert factory.build(department=None, division=division).owner == division
    department = division.department
    assert factory.build(department=department).owner == department
