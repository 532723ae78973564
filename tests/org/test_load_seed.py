"""load_seed: a bad file is reported with its place and changes nothing; after it, every fact
of the source about the Department is a field. (The command run on the site's seed file, and
the programme's facts: tests/test_seed.py.)"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from org.models import Department, Division, Mandate, RelatedBody, StaffRole
from tests.helpers import SOURCE

pytestmark = pytest.mark.django_db


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


def test_the_seeds_lao_is_loaded_as_a_draft_for_the_department_to_review(seeded):
    from translations.state import LaoState, lao_state

    divisions = Division.objects.all()
    assert all(division.name_lo for division in divisions)
    assert {lao_state(division) for division in divisions} == {LaoState.DRAFT}
