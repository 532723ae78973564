"""import_records and load_seed take values of exactly the field's type and plain text only:
every hostile value is a problem named with its place, the command fails, nothing changes, and
no traceback is shown."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from org.models import Department, RelatedBody
from programmes.models import Leg
from programmes.services import save_leg_with_schedule_change
from records.format import record_fields, sections
from records.values import CONVERTERS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "@@HOSTILE@@"
LEG = "legs[0] (key 'mainstreaming-peace-and-reconciliation/3')"
DEPARTMENT = "departments[0] (key 'asean-department')"


def export() -> str:
    out = io.StringIO()
    call_command("export_records", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def records(seeded):
    """The seed, with one earlier schedule of Leg 3: every section has an entry."""
    save_leg_with_schedule_change(leg=Leg.objects.get(), note_en="First planned for 2021.")


def refused_import(text: str, tmp_path: Path) -> str:
    """Import ``text``; it must fail, change nothing, and say why: what it says."""
    target = tmp_path / "records.json"
    target.write_text(text, encoding="utf-8")
    before = export()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed") as caught:
        call_command("import_records", str(target), stdout=io.StringIO(), stderr=err)
    assert export() == before
    return f"{err.getvalue()}\n{caught.value}"


def with_value(section: str, field: str, raw_json: str) -> str:
    """The exported records with one field of the first entry of ``section`` written as
    ``raw_json``, exactly as given."""
    data = json.loads(export())
    data[section][0][field] = HOSTILE
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(HOSTILE), raw_json)


@pytest.mark.parametrize(
    ("section", "field", "raw", "message"),
    [
        ("legs", "number", "3.7", f"{LEG}: number: must be a whole number, not the number 3.7"),
        ("legs", "number", "3.0", "number: must be a whole number, not the number 3.0"),
        ("legs", "number", "1" + "0" * 19, "number: Ensure this value is less than or equal to"),
        ("legs", "number", "-1", "number: Ensure this value is greater than or equal to"),
        ("departments", "stated_staff_total", "1.9", "must be a whole number, not the number 1.9"),
        ("departments", "stated_staff_total", "true", "must be a whole number, not true"),
        ("departments", "stated_staff_total", '"30"', 'must be a whole number, not the text "30"'),
        ("departments", "mandates_are_exhaustive", '"true"', "must be true or false, not the text"),
        ("departments", "mandates_are_exhaustive", "1", "must be true or false, not the number 1"),
        ("departments", "name_en", "true", f"{DEPARTMENT}: name_en: must be text, not true"),
        ("departments", "name_en", "5", "name_en: must be text, not the number 5"),
        ("departments", "name_en", '["a"]', "name_en: must be text, not a list"),
        ("departments", "name_en", '{"a": 1}', "name_en: must be text, not a table"),
        (
            "departments",
            "name_en",
            '"ASEAN\\u0000Dept"',
            "remove the character U+0000 at position 6",
        ),
        ("departments", "name_en", '"ASEAN\\nDept"', "name_en: This text must be one line"),
        ("departments", "name_en", '"ASEAN\\u0085Dept"', "U+0085"),
        ("departments", "name_en", '"ASEAN\\u2028Dept"', "U+2028"),
        ("departments", "name_en", '"ASEAN \\ud800"', "U+D800 at position 7"),
        ("departments", "summary_en", '"One.\\u001b[2J"', "summary_en: This text may hold line"),
        ("departments", "established_on", "19960302", "must be a date written YYYY-MM-DD"),
        ("departments", "established_on", '"19960302"', 'YYYY-MM-DD, not the text "19960302"'),
        ("departments", "established_on", '"1996-02-30"', "is not a date of the calendar"),
        ("departments", "parent_body", "7", "must give the key of a related_bodies entry as text"),
        ("schedule_changes", "recorded_at", '"2021-05-01T10:00:00"', "with its offset from UTC"),
        ("schedule_changes", "recorded_at", "1620000000", "recorded_at: must be a date and time"),
        ("departments", "stated_staff_total", "NaN", "stated_staff_total: NaN is not a number"),
        ("departments", "stated_staff_total", "Infinity", "Infinity is not a number a record"),
        ("departments", "stated_staff_total", "-Infinity", "-Infinity is not a number a record"),
        ("departments", "stated_staff_total", "1e400", "stated_staff_total: 1e400 is not a number"),
        ("departments", "stated_staff_total", "9" * 5000, "has too many digits"),
        ("departments", "stated_staff_total", "[" * 30 + "]" * 30, "nested too deeply"),
        ("departments", "stated_staff_total", "[" * 100_000 + "]" * 100_000, "far deeper"),
    ],
)
def test_a_hostile_value_in_an_import_is_named_with_its_place_and_changes_nothing(
    records, tmp_path, section, field, raw, message
):
    assert message in refused_import(with_value(section, field, raw), tmp_path)


def test_a_key_given_twice_in_one_entry_is_refused_not_silently_the_last(records, tmp_path):
    text = with_value("departments", "name_en", '"First", "name_en": "Second"')
    assert "departments[0]: 'name_en' is given more than once" in refused_import(text, tmp_path)


def test_a_control_character_in_a_key_or_a_field_name_is_shown_escaped(records, tmp_path):
    data = json.loads(export())
    data["divisions"][0]["key"] = "asean-department/evil\x1b[2J"
    data["mandates"][0]["colour\ud800"] = "blue"
    report = refused_import(json.dumps(data), tmp_path)
    assert "divisions[0]: the key 'asean-department/evil\\u001b[2J' holds a control" in report
    assert "has no field 'colour\\ud800'" in report
    assert "\x1b" not in report and "\ud800" not in report


@pytest.mark.parametrize("version", ["true", "1.0", '"1"'])
def test_the_version_must_be_the_number_itself(db, tmp_path, version):
    text = f'{{"format": "asean-department-records", "version": {version}}}'
    assert f"version {version} is not one this site reads" in refused_import(text, tmp_path)


SEED = """
[[related_bodies]]
key = "mofa"
slug = "mofa"
name_en = "Ministry"
kind = "ministry"
relation = "parent"

[[departments]]
key = "d"
slug = "d"
name_en = "Department"
parent_body = "mofa"
{field} = {value}
"""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "stated_staff_total",
            "1.9",
            "departments[0] (key 'd'): stated_staff_total: must be a whole",
        ),
        ("stated_staff_total", "true", "stated_staff_total: must be a whole number, not true"),
        ("stated_staff_total", "nan", "departments[0].stated_staff_total: nan is not a number"),
        ("stated_staff_total", "-inf", "departments[0].stated_staff_total: -inf is not a number"),
        ("stated_staff_total", "1" + "0" * 5000, "is not valid TOML"),
        ("mandates_are_exhaustive", '"true"', "must be true or false"),
        ("established_on", "19960302", "established_on: must be a date written YYYY-MM-DD"),
        (
            "established_on",
            "1996-03-02T00:00:00",
            "must be a date written YYYY-MM-DD, not a date and",
        ),
        ("summary_en", '"Text\\u0000"', "summary_en: This text may hold line breaks"),
        ("short_name_en", '"A\\tB"', "short_name_en: This text must be one line"),
        ("short_name_en", "true", "short_name_en: must be text, not true"),
        (
            "short_name_en",
            "[" * 20 + "]" * 20,
            "departments[0].short_name_en" + "[0]" * 5 + ": nested too deeply",
        ),
        ("short_name_en", "[" * 5000 + "]" * 5000, "far deeper"),
    ],
)
def test_a_hostile_value_in_the_seed_is_named_with_its_place_and_changes_nothing(
    db, tmp_path, field, value, message
):
    seed = tmp_path / "seed.toml"
    seed.write_text(SEED.format(field=field, value=value), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed") as caught:
        call_command("load_seed", "--file", str(seed), stdout=io.StringIO(), stderr=err)
    assert message in f"{err.getvalue()}\n{caught.value}"
    assert not RelatedBody.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": NaN}', "a: NaN is not a number a record may hold"),
        ("[" * 100_000, "far deeper than a record set does"),
    ],
)
def test_the_command_exits_non_zero_with_a_message_and_no_traceback(tmp_path, content, message):
    target = tmp_path / "records.json"
    target.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_records", str(target)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_windows_line_ends_in_a_multi_line_field_are_imported_as_line_breaks(records, tmp_path):
    target = tmp_path / "records.json"
    target.write_text(with_value("departments", "summary_en", '"One.\\r\\n\\tTwo."'), "utf-8")
    call_command("import_records", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    assert Department.objects.get().summary_en == "One.\n\tTwo."


def test_every_field_of_the_record_set_has_a_strict_reader():
    for section in sections():
        for field in record_fields(section.model):
            if not field.is_relation:
                assert field.get_internal_type() in CONVERTERS, (section.name, field.name)
