"""The translation commands: translation_report for operators, and export_translations /
import_translations, a PO file of every record's English and Lao for translators."""

import json

import pytest
from django.core.management import CommandError

from config.translations.state import mark_lao_reviewed
from org.models import Department, Division
from tests.factories import DivisionFactory
from tests.helpers import command_output

pytestmark = pytest.mark.django_db


def review_all(model):
    for obj in model._default_manager.all():
        mark_lao_reviewed(obj, reason="Lao reviewed")


# -- translation_report ---------------------------------------------------------------------------


def test_the_report_counts_each_state_per_kind_of_record(seeded):
    mark_lao_reviewed(Department.objects.get(), reason="Lao reviewed")
    data = json.loads(command_output("translation_report", "--json"))
    assert data["org.department"]["counts"] == {
        "missing": 0,
        "draft": 0,
        "reviewed": 1,
        "outdated": 0,
    }
    assert data["org.division"]["counts"]["draft"] == 5


def test_the_report_names_each_record_needing_work(seeded):
    output = command_output("translation_report")
    assert "draft     org.division: General Affairs Division" in output


def test_strict_fails_with_what_to_do_while_a_published_record_lacks_reviewed_lao(seeded):
    with pytest.raises(CommandError, match=r"23 published record.*Mark Lao as reviewed") as caught:
        command_output("translation_report", "--strict")
    assert caught.value.returncode == 1


def test_strict_passes_once_every_published_records_lao_is_reviewed(seeded):
    from config.translations.overview import translatable_models

    for model in translatable_models():
        review_all(model)
    DivisionFactory(department=Department.objects.get(), draft=True)  # visitors do not see it
    assert "without reviewed Lao: 0" in command_output("translation_report", "--strict")


def test_strict_lets_outdated_lao_pass_but_reports_it(seeded):
    from config.translations.overview import translatable_models

    for model in translatable_models():
        review_all(model)
    Division.objects.filter(slug="general-affairs").update(name_en="General Affairs Office")
    output = command_output("translation_report", "--strict")
    assert "outdated  org.division: General Affairs Office" in output
