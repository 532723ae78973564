"""export_records and import_records: the record set out and back in, losing nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Mandate,
    Person,
    RelatedBody,
    StaffRole,
)
from programmes.models import Leg, LegPartner, TrainingProgramme
from tests.helpers import command_output
from tests.scale import grow_records

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    ContactPoint,
    LegPartner,
    Leg,
    TrainingProgramme,
    Mandate,
    Appointment,
    Person,
    StaffRole,
    Division,
    Department,
    RelatedBody,
]


def export(*args) -> str:
    return command_output("export_records", *args)


def entries(record_set: str) -> int:
    """How many records a record-set file holds (its sections are the lists)."""
    return sum(len(value) for value in json.loads(record_set).values() if isinstance(value, list))


def run_import(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def empty_the_records() -> None:
    for model in CONTENT_MODELS:
        if model is RelatedBody:  # parts before the bodies they belong to (a protected link)
            model.objects.filter(part_of__isnull=False).delete()
        model.objects.all().delete()


@pytest.fixture
def rich_records(seeded):
    """The seed, more of everything, Lao text and links between records."""
    grow_records(3)
    Division.objects.filter(slug="general-affairs").update(name_lo="ພະແນກບໍລິຫານ")
    Mandate.objects.get(slug="cooperation-with-partners").divisions.add(
        Division.objects.get(slug="external-partners")
    )
    ContactPoint.objects.create(
        department=Department.objects.get(),
        contact_type_en="Test enquiries",
        contact_type_lo="ສອບຖາມ",
        telephone="+1 555 0100",
        country="LA",
    )
    ContactPoint.objects.create(
        division=Division.objects.get(slug="general-affairs"),
        contact_type_en="Test enquiries",
        email="test@example.org",
    )


def test_two_exports_of_the_same_records_are_byte_identical(rich_records):
    first = export()
    assert export() == first
    data = json.loads(first)
    assert (data["format"], data["version"]) == ("asean-department-records", 2)
    assert [d["key"] for d in data["divisions"]] == sorted(d["key"] for d in data["divisions"])


def test_export_writes_the_facts_with_natural_keys(seeded):
    data = json.loads(export())
    (leg,) = data["legs"]
    assert leg["key"] == "mainstreaming-peace-and-reconciliation/3"
    assert (leg["date_precision"], leg["period_year"], leg["period_quarter"]) == (
        "quarter",
        2021,
        3,
    )
    assert leg["schedule_confirmed"] is False
    department = data["departments"][0]
    assert department["established_on"] == "1996-03-02"
    assert department["parent_body"] == "ministry-of-foreign-affairs"
    role = next(r for r in data["staff_roles"] if r["title_en"] == "Technical Officer")
    assert role["headcount"] is None
    assert "name" not in data["divisions"][0]  # only the per-language columns


def test_export_then_empty_database_then_import_gives_identical_records(rich_records, tmp_path):
    target = tmp_path / "records.json"
    call_command("export_records", str(target), stderr=io.StringIO())
    before = target.read_text(encoding="utf-8")
    empty_the_records()
    assert not Division.objects.exists()
    out, _ = run_import(str(target))
    assert "unchanged" in out and " 0 updated" in out
    assert export() == before
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານ"
    assert ContactPoint.objects.get(division__slug="general-affairs").email == "test@example.org"


def test_importing_the_same_file_again_changes_nothing(seeded, tmp_path):
    target = tmp_path / "records.json"
    target.write_text(text := export(), encoding="utf-8")
    out, _ = run_import(str(target))
    assert out.strip().endswith(f"0 created, 0 updated, {entries(text)} unchanged, 0 skipped.")


def test_import_makes_records_say_what_the_file_says(seeded, tmp_path):
    data = json.loads(export())
    next(d for d in data["divisions"] if d["slug"] == "general-affairs")["name_lo"] = "ພະແນກບໍລິຫານ"
    target = tmp_path / "edited.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    out, _ = run_import(str(target))
    assert "updated   asean-department/general-affairs" in out.replace("divisions:", "")
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານ"


def test_dry_run_shows_what_would_change_and_changes_nothing(seeded, tmp_path):
    data = json.loads(export())
    data["staff_roles"][0]["headcount"] = 7
    target = tmp_path / "edited.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    before = export()
    out, _ = run_import(str(target), "--dry-run")
    assert "would be updated" in out
    unchanged = entries(before) - 1
    assert (
        f"Dry run, nothing changed: 0 created, 1 updated, {unchanged} unchanged, 0 skipped." in out
    )
    assert export() == before


def test_a_bad_file_reports_every_problem_with_its_place_and_changes_nothing(seeded, tmp_path):
    data = json.loads(export())
    data["divisions"][1]["name_en"] = ""
    data["legs"][0]["period_quarter"] = 5
    data["mandates"][0]["colour"] = "blue"
    data["staff_roles"][0]["division"] = "asean-department/no-such-division"
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    before = export()
    with pytest.raises(CommandError, match="5 problem"):
        call_command(
            "import_records", str(target), stdout=io.StringIO(), stderr=(err := io.StringIO())
        )
    report = err.getvalue()
    assert (
        f"divisions[1] (key '{data['divisions'][1]['key']}'): name_en: This field cannot be blank."
        in report
    )
    assert "legs[0] (key 'mainstreaming-peace-and-reconciliation/3'): period_quarter:" in report
    assert "mandates[0]" in report and "has no field 'colour'" in report
    assert "refers to 'asean-department/no-such-division'" in report
    # The leg's partner cannot be imported without its leg, and says so.
    assert (
        "refers to legs:mainstreaming-peace-and-reconciliation/3, which has problems of its own"
        in report
    )
    assert export() == before


def test_two_entries_for_one_record_are_refused(seeded, tmp_path):
    data = json.loads(export())
    twin = dict(data["divisions"][0], key="a-second-key")
    data["divisions"].append(twin)
    target = tmp_path / "twins.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_records", str(target), stdout=io.StringIO(), stderr=(err := io.StringIO())
        )
    assert "is the same record as" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "one JSON object"),
        ('{"format": "something-else", "version": 1}', "is this a file from export_records"),
        (
            '{"format": "asean-department-records", "version": 3}',
            "version 3 is not one this site reads (it reads versions 1 and 2)",
        ),
        (
            '{"format": "asean-department-records", "version": 1, "divisions": {}}',
            "must be a list of entries",
        ),
        (
            '{"format": "asean-department-records", "version": 1, "defaults": [], "divisions": [{}]}',
            "defaults: must be a table",
        ),
    ],
)
def test_files_that_are_not_record_sets_are_refused_clearly(db, tmp_path, content, message):
    target = tmp_path / "file.json"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_records", str(target), stdout=io.StringIO(), stderr=(err := io.StringIO())
        )
    assert message in str(caught.value) + err.getvalue()


def test_a_missing_import_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_records", str(tmp_path / "absent.json"))


def test_csv_export_writes_one_table(seeded):
    lines = export("--format", "csv", "--table", "divisions").splitlines()
    assert lines[0].startswith("key,")
    assert "name_en" in lines[0]
    assert len(lines) == 1 + 5
    legs = export("--format", "csv", "--table", "legs").splitlines()
    assert "Post-Conflict and Reintegration Experience" in legs[1]


def test_csv_export_joins_a_mandates_divisions(rich_records):
    rows = export("--format", "csv", "--table", "mandates")
    assert "asean-department/external-partners" in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "add --table"),
        (["--table", "legs"], "--table goes with --format csv"),
    ],
)
def test_export_arguments_that_do_not_fit_are_refused(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_records", *args)


def test_export_to_a_folder_or_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_records", str(tmp_path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_records", str(tmp_path / "nowhere" / "records.json"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_not_in_a_pipe(seeded, tmp_path):
    target = tmp_path / "records.json"
    target.write_text(text := export(), encoding="utf-8")
    call_command(
        "import_records", str(target), stdout=io.StringIO(), stderr=(terminal := Terminal())
    )
    assert f"\rImporting: {entries(text)}/{entries(text)}" in terminal.getvalue()
    call_command(
        "import_records", str(target), stdout=io.StringIO(), stderr=(pipe := io.StringIO())
    )
    assert "Importing" not in pipe.getvalue()
