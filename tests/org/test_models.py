import pytest
from django.db import IntegrityError, transaction

from org.models import StaffRole
from tests.factories import (
    DepartmentFactory,
    DivisionFactory,
    MandateFactory,
    RelatedBodyFactory,
    StaffRoleFactory,
)
from tests.helpers import errors_of

pytestmark = pytest.mark.django_db


def test_each_model_reads_as_its_name():
    division = DivisionFactory(name_en="External Partners Division")
    role = StaffRoleFactory(department=None, division=division, title_en="Director")
    assert str(division) == "External Partners Division"
    assert str(division.department) == division.department.name_en
    assert str(division.department.parent_body) == division.department.parent_body.name_en
    assert str(role) == "Director (External Partners Division)"
    assert str(StaffRoleFactory(title_en="Director-General")) == "Director-General"
    assert str(MandateFactory(title_en="Researching policies")) == "Researching policies"


def test_division_names_are_unique_within_a_department_in_the_database():
    division = DivisionFactory(name_en="General Affairs Division")
    with pytest.raises(IntegrityError), transaction.atomic():
        DivisionFactory(department=division.department, name_en="General Affairs Division")


def test_the_same_division_name_may_exist_in_another_department():
    DivisionFactory(name_en="General Affairs Division")
    DivisionFactory(name_en="General Affairs Division")


def test_a_duplicate_division_name_is_reported_on_the_name_field():
    division = DivisionFactory(name_en="General Affairs Division")
    duplicate = DivisionFactory.build(
        department=division.department, name_en="General Affairs Division"
    )
    assert "name_en" in errors_of(duplicate)


def test_a_duplicate_division_slug_is_reported_on_the_slug_field():
    division = DivisionFactory(slug="general-affairs")
    duplicate = DivisionFactory.build(department=division.department, slug="general-affairs")
    assert "slug" in errors_of(duplicate)


def test_a_negative_headcount_is_refused_by_the_database():
    role = StaffRoleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.filter(pk=role.pk).update(headcount=-1)


def test_a_negative_headcount_is_reported_on_the_headcount_field():
    role = StaffRoleFactory.build(department=DepartmentFactory(), headcount=-1)
    assert "headcount" in errors_of(role)


def test_a_headcount_the_source_does_not_state_stays_empty():
    role = StaffRoleFactory(headcount=None)
    role.refresh_from_db()
    assert role.headcount is None


def test_a_role_belongs_to_the_department_or_one_division_not_both():
    division = DivisionFactory()
    role = StaffRoleFactory.build(department=division.department, division=division)
    assert "division" in errors_of(role)
    with pytest.raises(IntegrityError), transaction.atomic():
        role.save()


def test_a_role_belongs_to_something():
    role = StaffRoleFactory.build(department=None, division=None)
    assert "division" in errors_of(role)


def test_role_titles_are_unique_within_a_department_and_within_a_division():
    role = StaffRoleFactory(title_en="Director-General")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRoleFactory(department=role.department, title_en="Director-General")
    division = DivisionFactory()
    StaffRoleFactory(department=None, division=division, title_en="Director")
    duplicate = StaffRoleFactory.build(department=None, division=division, title_en="Director")
    assert "title_en" in errors_of(duplicate)


def test_the_same_role_title_may_exist_in_two_divisions():
    department = DepartmentFactory()
    for division in DivisionFactory.create_batch(2, department=department):
        StaffRoleFactory(department=None, division=division, title_en="Director")
    assert StaffRole.objects.filter(title_en="Director").count() == 2


def test_mandate_slugs_are_unique_within_a_department():
    mandate = MandateFactory(slug="research")
    with pytest.raises(IntegrityError), transaction.atomic():
        MandateFactory(department=mandate.department, slug="research")


def test_a_negative_stated_staff_total_is_reported_on_its_field():
    department = DepartmentFactory.build(parent_body=RelatedBodyFactory(), stated_staff_total=-5)
    assert "stated_staff_total" in errors_of(department)


def test_a_body_cannot_be_part_of_itself_even_through_another():
    mission = RelatedBodyFactory()
    function = RelatedBodyFactory(part_of=mission)
    mission.part_of = function
    assert "part_of" in errors_of(mission)


def test_a_body_directly_part_of_itself_is_refused_by_the_database():
    body = RelatedBodyFactory()
    body.part_of = body
    assert "part_of" in errors_of(body)
    with pytest.raises(IntegrityError), transaction.atomic():
        body.save()


def test_english_is_the_fallback_when_no_lao_text_is_entered():
    from django.utils import translation

    division = DivisionFactory(name_en="External Partners Division", name_lo=None)
    with translation.override("lo"):
        assert division.name == "External Partners Division"
    division.name_lo = "ພະແນກຄູ່ຮ່ວມມືພາຍນອກ"
    with translation.override("lo"):
        assert division.name == "ພະແນກຄູ່ຮ່ວມມືພາຍນອກ"
