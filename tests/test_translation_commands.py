"""The translation commands: translation_report for operators, and export_translations /
import_translations, a PO file of every record's English and Lao for translators."""

import json
import re

import polib
import pytest
from django.core.management import CommandError

from core.history import NOT_RECORDED, author
from org.models import Department, Division
from tests.factories import DivisionFactory
from tests.helpers import admin_url, command_output
from translations.po_syntax import syntax_problems
from translations.state import LaoState, lao_state, mark_lao_reviewed

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
    from translations.overview import translatable_models

    for model in translatable_models():
        review_all(model)
    DivisionFactory(department=Department.objects.get(), draft=True)  # visitors do not see it
    assert "without reviewed Lao: 0" in command_output("translation_report", "--strict")


def test_strict_lets_outdated_lao_pass_but_reports_it(seeded):
    from translations.overview import translatable_models

    for model in translatable_models():
        review_all(model)
    Division.objects.filter(slug="general-affairs").update(name_en="General Affairs Office")
    output = command_output("translation_report", "--strict")
    assert "outdated  org.division: General Affairs Office" in output


# -- export_translations / import_translations ----------------------------------------------------

GENERAL_AFFAIRS = "org.division:asean-department/general-affairs:name"


def export(tmp_path, name: str = "lao.po"):
    path = tmp_path / name
    command_output("export_translations", str(path))
    return path


def entry_of(path, msgctxt: str) -> polib.POEntry:
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgctxt == msgctxt]
    return entry


def edit(path, context: str, **changes) -> None:
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == context:
            for name, value in changes.items():
                setattr(entry, name, value)
    path.write_text(str(po) + "\n", encoding="utf-8")


def test_the_export_has_an_entry_per_translated_field_with_english_named_by_record_and_field(
    seeded, tmp_path
):
    po = polib.pofile(str(export(tmp_path)))
    assert len(po) == 39
    entry = entry_of(export(tmp_path), GENERAL_AFFAIRS)
    assert (entry.msgid, entry.msgstr) == ("General Affairs Division", "ພະແນກບໍລິຫານທົ່ວໄປ")


def test_draft_lao_is_fuzzy_and_reviewed_lao_is_not(seeded, tmp_path):
    mark_lao_reviewed(Department.objects.get(), reason="Lao reviewed")
    path = export(tmp_path)
    assert entry_of(path, GENERAL_AFFAIRS).fuzzy
    assert not entry_of(path, "org.department:asean-department:name").fuzzy


def test_outdated_lao_is_fuzzy_with_the_english_it_was_reviewed_against(seeded, tmp_path):
    mark_lao_reviewed(Division.objects.get(slug="general-affairs"), reason="Lao reviewed")
    Division.objects.filter(slug="general-affairs").update(name_en="General Affairs Office")
    entry = entry_of(export(tmp_path), GENERAL_AFFAIRS)
    assert entry.fuzzy
    assert (entry.previous_msgid, entry.msgid) == (
        "General Affairs Division",
        "General Affairs Office",
    )


def test_two_exports_of_the_same_records_are_byte_identical(seeded, tmp_path):
    assert export(tmp_path, "a.po").read_bytes() == export(tmp_path, "b.po").read_bytes()


def test_imported_lao_is_written_as_a_draft(seeded, tmp_path):
    mark_lao_reviewed(Division.objects.get(slug="general-affairs"), reason="Lao reviewed")
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="ພະແນກບໍລິຫານ")
    output = command_output("import_translations", str(path))
    assert "1 field(s) of 1 record(s) changed" in output
    division = Division.objects.get(slug="general-affairs")
    assert (division.name_lo, lao_state(division)) == ("ພະແນກບໍລິຫານ", LaoState.DRAFT)


def test_the_history_names_import_translations_as_the_author_of_the_lao_it_wrote(
    admin_client, seeded, tmp_path
):
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="ພະແນກບໍລິຫານ")
    command_output("import_translations", str(path))
    division = Division.objects.get(slug="general-affairs")
    assert author(division.history.first()) == "import_translations"
    listing = admin_client.get(admin_url(Division, "history", division.pk)).content.decode()
    assert listing.count("import_translations") == 1
    assert str(NOT_RECORDED) not in listing


def test_a_missing_or_unreadable_file_is_an_error_that_says_so(seeded, tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        command_output("import_translations", str(tmp_path / "absent.po"))
    (latin := tmp_path / "latin.po").write_bytes('msgid "café"\n'.encode("latin-1"))
    with pytest.raises(CommandError, match=r"Cannot read .* as UTF-8 text"):
        command_output("import_translations", str(latin))


def test_an_empty_msgstr_leaves_the_lao_as_it_is(seeded, tmp_path):
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="")
    command_output("import_translations", str(path))
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານທົ່ວໄປ"


def test_a_re_export_after_an_import_is_byte_identical_to_the_file_imported(seeded, tmp_path):
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="ພະແນກບໍລິຫານ")
    command_output("import_translations", str(path))
    assert export(tmp_path, "again.po").read_bytes() == path.read_bytes()


def test_a_dry_run_reports_the_changes_and_changes_nothing(seeded, tmp_path):
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="ພະແນກບໍລິຫານ")
    output = command_output("import_translations", str(path), "--dry-run")
    assert f"changed {GENERAL_AFFAIRS}" in output
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານທົ່ວໄປ"


def test_a_file_with_problems_changes_nothing_and_names_each_problem_with_its_place(
    seeded, tmp_path
):
    DivisionFactory(department=Department.objects.get(), slug="office", name_en="Office of %(n)s")
    path = export(tmp_path)
    edit(path, GENERAL_AFFAIRS, msgstr="ພະແນກບໍລິຫານ")  # fine alone, but not imported
    edit(path, "org.division:asean-department/economic-community:name", msgid="Economy Division")
    edit(path, "org.division:asean-department/office:name", msgstr="ຫ້ອງການ")
    edit(
        path,
        "org.mandate:asean-department/asean-national-secretariat:title",
        msgctxt="org.mandate:asean-department/nowhere:title",
    )
    with pytest.raises(CommandError) as caught:
        command_output("import_translations", str(path))
    message = str(caught.value)
    assert "nothing was changed; 3 problem(s)" in message
    assert re.search(
        r"line \d+ \(org\.division:asean-department/economic-community:name\): the English has changed",
        message,
    )
    assert re.search(
        r"line \d+ \(org\.division:asean-department/office:name\): the Lao must keep the placeholders",
        message,
    )
    assert "no org.mandate has the key 'asean-department/nowhere'" in message
    assert caught.value.returncode == 1
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານທົ່ວໄປ"


def test_lao_keeping_its_placeholders_is_imported(seeded, tmp_path):
    DivisionFactory(department=Department.objects.get(), slug="office", name_en="Office of %(n)s")
    path = export(tmp_path)
    edit(path, "org.division:asean-department/office:name", msgstr="ຫ້ອງການ %(n)s")
    command_output("import_translations", str(path))
    assert Division.objects.get(slug="office").name_lo == "ຫ້ອງການ %(n)s"


def test_a_file_that_is_not_a_po_file_is_a_clear_error(seeded, tmp_path):
    path = tmp_path / "lao.po"
    path.write_text('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 problem\(s\):\n  line 3: msgstr must follow"):
        command_output("import_translations", str(path))


def test_an_unterminated_msgstr_is_refused_rather_than_cut_short(seeded, tmp_path):
    path = export(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "ພະແນກບໍລິຫານທົ່ວໄປ"', 'msgstr "abc'), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line \d+: the string is not closed"):
        command_output("import_translations", str(path))
    assert Division.objects.get(slug="general-affairs").name_lo == "ພະແນກບໍລິຫານທົ່ວໄປ"


def test_lao_with_quotes_backslashes_and_line_breaks_is_imported_as_written(seeded, tmp_path):
    path = export(tmp_path)
    lao = 'ພະແນກ "ບໍລິຫານ" \\ ທົ່ວໄປ'
    edit(path, GENERAL_AFFAIRS, msgstr=lao)
    assert '"ພະແນກ \\"ບໍລິຫານ\\" \\\\ ທົ່ວໄປ"' in path.read_text(encoding="utf-8")
    command_output("import_translations", str(path))
    assert Division.objects.get(slug="general-affairs").name_lo == lao


def test_po_syntax_reads_every_form_of_entry_translators_tools_write():
    text = """# A translator's comment
#. An extracted comment
#: a/reference.py:1
#, fuzzy, python-format
#| msgctxt "old"
#| msgid "Old"
msgctxt "kind:key:name"
msgid ""
"A long English text wrapped "
"onto lines, with \\"quotes\\", a \\\\ and \\n\\t\\r"
msgstr  "ລາວ"

msgid "one"
msgid_plural "many"
msgstr[0] "ໜຶ່ງ"
msgstr[1] "ຫຼາຍ"
msgid "next, with no blank line between"
msgstr ""

#~ msgid "obsolete, however written
#~ msgstr "
"""
    assert syntax_problems(text) == []


def test_a_plural_entry_is_refused_as_no_field_of_a_record_has_one(seeded, tmp_path):
    path = tmp_path / "lao.po"
    path.write_text(
        f'msgctxt "{GENERAL_AFFAIRS}"\nmsgid "General Affairs Division"\n'
        'msgid_plural "Divisions"\nmsgstr[0] "ພະແນກ"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"line \d+ .*: a record's field has no plural forms"):
        command_output("import_translations", str(path))
