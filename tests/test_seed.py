"""load_seed with the site's seed file: what it reports, what a second run changes, staff edits
kept, and the training programme's facts. The file holds every app's sections, so these tests
are site-wide; the command's handling of bad files and the Department's facts are tested in
tests/org/test_load_seed.py."""

from pathlib import Path

import pytest
from django.apps import apps

from org.models import Department, Division, Mandate, RelatedBody, StaffRole
from programmes.models import Leg, LegPartner, TrainingProgramme
from records.models import SeedRecord
from tests.helpers import SOURCE, command_output

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    RelatedBody,
    Department,
    Division,
    StaffRole,
    Mandate,
    TrainingProgramme,
    Leg,
    LegPartner,
]


def load(*args) -> str:
    return command_output("load_seed", *args)


def snapshot() -> dict:
    """Every row of every content model, plus the seed's bookkeeping."""
    rows = {}
    for model in [*CONTENT_MODELS, SeedRecord]:
        rows[model.__name__] = list(model.objects.order_by("pk").values())
    return rows


def test_load_seed_reports_what_it_created():
    output = load()
    assert "created   divisions:external-partners" in output
    assert "created   glossary:programme" in output
    # 23 records of the content, 22 terms of the glossary.
    assert "45 created, 0 updated, 0 unchanged, 0 skipped" in output


def test_running_load_seed_twice_leaves_exactly_the_same_rows():
    load()
    first = snapshot()
    output = load()
    assert snapshot() == first
    assert "0 created, 0 updated, 45 unchanged, 0 skipped" in output


def test_load_seed_keeps_what_staff_edited_since():
    load()
    Division.objects.filter(slug="general-affairs").update(
        name_en="General Affairs and Administration Division"
    )
    output = load()
    assert "skipped   divisions:general-affairs — edited by staff" in output
    assert (
        Division.objects.get(slug="general-affairs").name_en
        == "General Affairs and Administration Division"
    )


def test_load_seed_force_reapplies_the_source_values():
    load()
    Division.objects.filter(slug="general-affairs").update(name_en="Renamed by staff")
    StaffRole.objects.filter(title_en="Director-General").update(headcount=2)
    output = load("--force")
    assert "updated   divisions:general-affairs — staff edits overwritten (--force)" in output
    assert Division.objects.get(slug="general-affairs").name_en == "General Affairs Division"
    assert StaffRole.objects.get(title_en="Director-General").headcount == 1


def test_load_seed_does_not_bring_back_what_staff_deleted_unless_forced():
    load()
    Mandate.objects.filter(slug="cooperation-with-partners").delete()
    output = load()
    assert "skipped   mandates:partner-cooperation — deleted by staff" in output
    assert not Mandate.objects.filter(slug="cooperation-with-partners").exists()
    load("--force")
    assert Mandate.objects.filter(slug="cooperation-with-partners").exists()


def test_children_of_a_deleted_record_are_skipped_not_recreated():
    load()
    LegPartner.objects.all().delete()
    Leg.objects.all().delete()
    output = load()
    assert (
        "skipped   leg_partners:mainstreaming-leg-3-co-proponent-2 — its parent legs:mainstreaming-leg-3"
        in output
    )
    assert not LegPartner.objects.exists()


def test_load_seed_adopts_an_existing_record_with_the_same_values_instead_of_duplicating():
    load()
    SeedRecord.objects.all().delete()
    output = load()
    assert "0 created, 0 updated, 45 unchanged" in output
    assert Division.objects.count() == 5


def test_load_seed_applies_a_changed_source_to_records_staff_have_not_touched(tmp_path):
    load()
    seed_file = Path(apps.get_app_config("org").path).parent / "seed" / "initial_content.toml"
    changed = seed_file.read_text(encoding="utf-8").replace("headcount = 3", "headcount = 4")
    edited = tmp_path / "seed.toml"
    edited.write_text(changed, encoding="utf-8")
    output = load("--file", str(edited))
    assert "updated   staff_roles:deputy-director-general — the source values changed" in output
    assert StaffRole.objects.get(title_en="Deputy Director-General").headcount == 4


def test_the_programme_and_leg_3_are_held_with_their_uncertain_schedule(seeded):
    programme = TrainingProgramme.objects.get()
    assert (
        programme.title_en
        == "Mainstreaming Peace & Reconciliation in Southeast Asia Training Programme"
    )
    leg = programme.legs.get()
    assert leg.number == 3
    assert (
        leg.theme_en
        == "Post-Conflict and Reintegration Experience in Southeast Asia: Focus on Reconciliation Models"
    )
    assert leg.host_country_en == "Lao PDR"
    assert (leg.date_precision, leg.period_year, leg.period_quarter) == ("quarter", 2021, 3)
    assert leg.schedule_confirmed is False
    assert leg.status == Leg.Status.PLANNED
    assert leg.schedule_summary() == "Third quarter of 2021, tentative"
    partner = leg.partners.get()
    assert partner.name_en == "ASEAN-IPR Lao PDR / ASEAN Department"
    assert partner.role_label == "Co-Proponent 2"
    assert partner.department == Department.objects.get()
    assert partner.related_body.slug == "asean-ipr-lao-pdr"
    assert leg.theme_en in SOURCE
    assert programme.title_en.replace("Programme", "") in SOURCE


def load_seed_without_lao(tmp_path) -> None:
    """Load the seed as it was before it had Lao."""
    seed_file = Path(apps.get_app_config("org").path).parent / "seed" / "initial_content.toml"
    without_lao = "\n".join(
        line
        for line in seed_file.read_text(encoding="utf-8").splitlines()
        if not line.split("=")[0].strip().endswith("_lo")
    )
    older = tmp_path / "older.toml"
    older.write_text(without_lao, encoding="utf-8")
    load("--file", str(older))


def test_lao_added_to_the_seed_file_reaches_records_loaded_before_it(tmp_path):
    load_seed_without_lao(tmp_path)
    assert not Division.objects.get(slug="general-affairs").name_lo

    output = load()
    assert "skipped" not in output.replace("0 skipped", "")
    assert Division.objects.get(slug="general-affairs").name_lo


def test_a_field_staff_emptied_is_still_a_staff_edit_when_the_seed_gains_lao(tmp_path):
    load_seed_without_lao(tmp_path)
    Department.objects.update(designation_en="")
    output = load()
    assert "skipped   departments:asean-department — edited by staff" in output
