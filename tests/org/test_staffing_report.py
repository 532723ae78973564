import json

import pytest
from django.core.management import CommandError

from org.models import Department, StaffRole
from tests.factories import DivisionFactory, StaffRoleFactory
from tests.helpers import command_output

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    return command_output("staffing_report", *args)


def test_report_shows_each_role_with_its_stated_headcount_or_not_stated(seeded):
    text = report()
    assert "Stated total: 30 members" in text
    assert "Director-General                         1" in text
    assert "Technical Officer                        not stated" in text
    assert "General Affairs Division\n  no roles recorded" in text
    assert "Allocated in stated headcounts: 4" in text
    assert "Roles with no stated headcount: 3" in text
    assert "Result: incomplete" in text
    assert "the other 26 are in roles whose headcount is not stated" in text


def test_json_report_for_machines(seeded):
    data = json.loads(report("--json"))
    assert (data["stated_total"], data["allocated"], data["roles_not_stated"]) == (30, 4, 3)
    assert data["status"] == "incomplete"
    assert data["groups"][0]["roles"][0] == {"title": "Director-General", "headcount": 1}
    assert [g["slug"] for g in data["groups"][1:]] == [
        "political-security-community",
        "economic-community",
        "socio-culture-community",
        "external-partners",
        "general-affairs",
    ]


def test_strict_exits_non_zero_while_the_figures_do_not_agree(seeded):
    with pytest.raises(CommandError) as caught:
        report("--strict")
    assert caught.value.returncode == 1
    assert "do not agree" in str(caught.value)


def test_strict_passes_once_every_headcount_is_stated_and_adds_up(seeded):
    StaffRole.objects.filter(title_en="Division Director").update(headcount=5)
    StaffRole.objects.filter(title_en="Deputy Director").update(headcount=5)
    StaffRole.objects.filter(title_en="Technical Officer").update(headcount=16)
    assert "Result: agrees" in report("--strict")


def test_division_roles_count_towards_the_total(seeded):
    StaffRole.objects.filter(headcount__isnull=True).update(headcount=1)
    division = Department.objects.get().divisions.first()
    StaffRoleFactory(department=None, division=division, title_en="Desk Officer", headcount=30)
    data = json.loads(report("--json"))
    assert data["allocated"] == 37
    assert data["status"] == "over"


def test_all_stated_but_short_of_the_total(seeded):
    StaffRole.objects.filter(headcount__isnull=True).update(headcount=1)
    assert json.loads(report("--json"))["status"] == "short"


def test_a_department_without_a_stated_total(seeded):
    Department.objects.update(stated_staff_total=None)
    assert "Stated total: not stated" in report()
    assert json.loads(report("--json"))["status"] == "no-total"


def test_without_any_department_the_report_says_what_to_do(db):
    with pytest.raises(CommandError, match="run load_seed"):
        report()


def test_report_costs_the_same_queries_with_more_divisions(seeded, django_assert_max_num_queries):
    for _ in range(10):
        division = DivisionFactory(department=Department.objects.get())
        StaffRoleFactory(department=None, division=division)
    with django_assert_max_num_queries(4):
        report()
