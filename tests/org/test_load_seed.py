import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from org.models import Department, Division, Mandate, RelatedBody, SeedRecord, StaffRole
from programmes.models import Leg, LegPartner, TrainingProgramme

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).resolve().parents[2] / "seed" / "source.txt").read_text(encoding="utf-8")
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
    from io import StringIO

    out = StringIO()
    call_command("load_seed", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row of every content model, plus the seed's bookkeeping."""
    rows = {}
    for model in [*CONTENT_MODELS, SeedRecord]:
        rows[model.__name__] = list(model.objects.order_by("pk").values())
    return rows


def test_load_seed_reports_what_it_created():
    output = load()
    assert "created   divisions:external-partners" in output
    assert "23 created, 0 updated, 0 unchanged, 0 skipped" in output


def test_running_load_seed_twice_leaves_exactly_the_same_rows():
    load()
    first = snapshot()
    output = load()
    assert snapshot() == first
    assert "0 created, 0 updated, 23 unchanged, 0 skipped" in output


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
    assert "0 created, 0 updated, 23 unchanged" in output
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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is = = not toml", "is not valid TOML"),
        ("[[divisions]]\nname_en = 'x'\n", "needs a 'key'"),
        ("[[nonsense]]\nkey = 'x'\n", "unknown section(s) nonsense"),
        ("[[related_bodies]]\nkey = 'x'\ncolour = 'red'\n", "has no field 'colour'"),
        ("[[divisions]]\nkey = 'x'\ndepartment = 'nowhere'\n", "refers to 'nowhere'"),
        (
            "[[related_bodies]]\nkey = 'x'\nname_en = 07:32:00\n",
            "name_en: must be text, not a time of day",
        ),
        (
            "[[related_bodies]]\nkey = 'x'\nname_en = ['a', 'b']\n",
            "name_en: must be text, not a list",
        ),
        ("[related_bodies]\nkey = 'x'\n", "must be a list of entries"),
        (
            "[[related_bodies]]\nkey = 'x'\nslug = 'x'\nname_en = 'X'\nkind = 'ministry'\nrelation = 'parent'\n"
            "[[departments]]\nkey = 'd'\nslug = 'd'\nname_en = 'D'\nparent_body = 'x'\nstated_staff_total = -3\n",
            "stated_staff_total",
        ),
    ],
)
def test_a_bad_seed_file_gives_an_error_that_says_where_and_changes_nothing(
    tmp_path, content, message
):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was changed") as caught:
        call_command("load_seed", "--file", str(bad), stderr=err)
    assert message in str(caught.value) + err.getvalue()
    assert not RelatedBody.objects.exists()


def test_a_seed_file_that_is_not_utf8_text_is_a_clear_error(tmp_path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name_en = 'Lao PDR \xe9'".encode("latin-1"))
    with pytest.raises(CommandError, match=r"Cannot read .* as UTF-8 text"):
        call_command("load_seed", "--file", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_seed", "--file", str(tmp_path))


def test_a_missing_seed_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Seed file not found"):
        call_command("load_seed", "--file", str(tmp_path / "absent.toml"))


# -- Every fact of the source is a field after load_seed ------------------------------------------


def test_every_fact_of_the_department_is_held(seeded):
    department = Department.objects.get()
    assert department.name_en == "ASEAN Department"
    assert department.parent_body.name_en == "Ministry of Foreign Affairs of the Lao PDR"
    assert department.parent_body.short_name_en == "MOFA"
    assert department.established_on == datetime.date(1996, 3, 2)
    assert department.establishing_instrument_en == (
        "Decree of the Prime Minister of the Lao PDR on the Establishment of the ASEAN Department"
    )
    assert department.designation_en == "ASEAN National Secretariat of the Lao PDR"
    assert department.stated_staff_total == 30
    assert department.mandates_are_exhaustive is False


def test_the_five_divisions_are_named_and_ordered_as_the_source_names_them(seeded):
    names = list(Division.objects.order_by("order").values_list("name_en", flat=True))
    assert names == [
        "ASEAN Political-Security Community Division",
        "ASEAN Economic Community Division",
        "ASEAN Socio-culture Community Division",
        "External Partners Division",
        "General Affairs Division",
    ]
    for name in names:
        assert name in SOURCE
    pillars = list(Division.objects.order_by("order").values_list("pillar", flat=True))
    assert pillars == ["political-security", "economic", "socio-cultural", "", ""]


def test_only_the_headcounts_the_source_states_are_filled(seeded):
    roles = {role.title_en: role.headcount for role in StaffRole.objects.all()}
    assert roles == {
        "Director-General": 1,
        "Deputy Director-General": 3,
        "Division Director": None,
        "Deputy Director": None,
        "Technical Officer": None,
    }


def test_the_mandates_are_held_in_the_source_order_in_its_words(seeded):
    mandates = list(Mandate.objects.order_by("order"))
    assert len(mandates) == 6
    assert [m.slug for m in mandates] == [
        "asean-national-secretariat",
        "facilitating-ministry-and-sectoral-bodies",
        "researching-policies",
        "cooperation-with-partners",
        "asean-activities-nationwide",
        "guiding-diplomatic-missions",
    ]
    normalised_source = " ".join(SOURCE.split())
    # The first two are the Department's functions: "serves as …", "facilitates …".
    assert "serves as the ASEAN National Secretariat of the Lao PDR" in normalised_source
    assert mandates[0].text_en == "Serves as the ASEAN National Secretariat of the Lao PDR."
    assert mandates[1].text_en[1:].rstrip(".") in normalised_source
    for mandate in mandates[2:]:
        # "To research policies ..." appears in the source as "to research policies ...".
        assert mandate.text_en[3:].rstrip(".") in normalised_source


def test_the_related_bodies_and_their_relations_are_held(seeded):
    mission = RelatedBody.objects.get(slug="permanent-mission-to-asean")
    assert mission.name_en == "Permanent Mission of the Lao PDR to ASEAN"
    assert mission.location_en == "Jakarta"
    function = RelatedBody.objects.get(slug="asean-ipr-lao-pdr")
    assert function.part_of == mission
    assert function.relation == RelatedBody.Relation.GUIDED


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


def test_lao_content_is_left_empty_rather_than_invented(seeded):
    assert not Division.objects.exclude(name_lo__isnull=True).exclude(name_lo="").exists()
