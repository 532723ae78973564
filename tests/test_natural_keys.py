"""Natural keys as text (core/naturalkeys.py): one text per record, whatever its parts hold,
and unchanged for the plain keys files written before already carry."""

import pytest
from django.db import models
from django.test.utils import isolate_apps

from core.naturalkeys import NaturalKeyed, ambiguous_shapes, check_natural_keys
from org.models import Department, Division, StaffRole
from tests.factories import StaffRoleFactory

pytestmark = pytest.mark.django_db


def test_keys_of_plain_text_are_written_as_before(seeded):
    division = Division.objects.get(slug="general-affairs")
    in_division = StaffRoleFactory(department=None, division=division, title_en="Clerk")
    lao = StaffRoleFactory(department=division.department, title_en="ຜູ້ອຳນວຍການ (acting)")
    assert division.natural_key_text() == "asean-department/general-affairs"
    assert in_division.natural_key_text() == "asean-department/general-affairs/Clerk"
    assert lao.natural_key_text() == "asean-department/ຜູ້ອຳນວຍການ (acting)"


def test_a_department_roles_title_that_spells_a_divisions_role_gives_a_key_of_its_own(seeded):
    division = Division.objects.get(slug="general-affairs")
    in_division = StaffRoleFactory(department=None, division=division, title_en="Clerk")
    in_department = StaffRoleFactory(
        department=division.department, title_en="general-affairs/Clerk"
    )
    assert in_department.natural_key_text() == "asean-department/general-affairs%2FClerk"
    assert in_department.natural_key_text() != in_division.natural_key_text()


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("50%", "50%25"),
        ("%2F", "%252F"),
        ("a\\b", "a\\b"),
        ("a\nb", "a%0Ab"),
        ("a\x85b", "a%C2%85b"),
        ("a\u2028b", "a%E2%80%A8b"),
    ],
)
def test_the_escape_character_and_control_characters_are_escaped(title, written):
    role = StaffRole(department=Department(slug="d"), title_en=title)
    assert role.natural_key_text() == f"d/{written}"


def test_the_system_check_names_a_model_whose_key_parts_could_be_read_two_ways():
    with isolate_apps("tests") as registry:

        class Place(NaturalKeyed, models.Model):  # noqa: DJ008 - never shown
            slug = models.SlugField()
            natural_key_fields = ("slug",)

            class Meta:
                app_label = "tests"

        class Desk(NaturalKeyed, models.Model):  # noqa: DJ008 - never shown
            # "lobby/Front" could be a desk of the place "lobby" found in either field.
            here = models.ForeignKey(Place, models.CASCADE, null=True, related_name="+")
            there = models.ForeignKey(Place, models.CASCADE, null=True, related_name="+")
            name = models.CharField(max_length=20)
            natural_key_fields = ("here", "there", "name")

            class Meta:
                app_label = "tests"

        (error,) = check_natural_keys(app_configs=[registry.get_app_config("tests")])
    assert (error.id, error.obj) == ("site.E001", Desk)
    assert ambiguous_shapes(Place) == []


def test_the_models_keys_all_read_one_way():
    assert check_natural_keys() == []
