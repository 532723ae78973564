"""The glossary of official terms: seeded as drafts, confirmed by publishers, and checked against
every translation (warnings, never refusals) on the Translations page, in translation_report, on
each record's page and in the PO export's comments."""

import json

import polib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.models import Division
from programmes.models import TrainingProgramme
from publishing.roles import EDITORS, PUBLISHERS
from tests.helpers import admin_form_data, admin_url, command_output
from translations.glossary import AVOID, MISSING, glossary_warnings, terms_in
from translations.models import GlossaryTerm
from translations.overview import all_figures
from translations.po import export_po, import_po

pytestmark = pytest.mark.django_db

COURSE = "ຫຼັກສູດຝຶກອົບຮົມ ການເຊື່ອມສານສັນຕິພາບ"


def term(english: str, lao: str, avoid: str = "") -> GlossaryTerm:
    return GlossaryTerm(english=english, lao=lao, avoid=avoid)


PROGRAMME = term("programme", "ໂຄງການ", "ຫຼັກສູດ")


def kinds(english: str, lao: str, terms) -> list[tuple[str, str]]:
    return [(w.term.english, w.kind) for w in glossary_warnings(english, lao, terms)]


# -- The check ------------------------------------------------------------------------------------


def test_a_lao_text_using_a_variant_to_avoid_is_flagged():
    warnings = glossary_warnings("A training programme", "ຫຼັກສູດຝຶກອົບຮົມ", [PROGRAMME])
    assert [(w.kind, w.variant) for w in warnings] == [(MISSING, ""), (AVOID, "ຫຼັກສູດ")]


def test_the_approved_translation_present_gives_no_warning():
    assert glossary_warnings("Training Programmes", "ໂຄງການຝຶກອົບຮົມ", [PROGRAMME]) == []


def test_a_term_is_found_in_any_capitals_and_in_the_plural_but_only_as_a_whole_word():
    assert kinds("PROGRAMMES of 2027", "ປີ 2027", [PROGRAMME]) == [("programme", MISSING)]
    assert kinds("Programmer", "ນັກຂຽນໂປຣແກຣມ", [PROGRAMME]) == []


def test_spaces_are_not_compared_in_lao():
    lao_pdr = term("Lao PDR", "ສປປ ລາວ")
    assert glossary_warnings("the Lao PDR", "ສປປລາວ", [lao_pdr]) == []


def test_the_longest_term_found_is_the_one_meant():
    terms = [
        term("Deputy Director", "ຮອງຫົວໜ້າພະແນກ"),
        term("Director-General", "ຫົວໜ້າກົມ"),
        term("Deputy Director-General", "ຮອງຫົວໜ້າກົມ"),
    ]
    assert [t.english for t in terms_in("Deputy Director-General", terms)] == [
        "Deputy Director-General"
    ]
    assert glossary_warnings("Deputy Director-General", "ຮອງຫົວໜ້າກົມ", terms) == []


def test_a_variant_inside_the_approved_lao_is_not_flagged():
    department = term("ASEAN Department", "ກົມອາຊຽນ", "ກົມ")
    assert glossary_warnings("ASEAN Department", "ກົມອາຊຽນ", [department]) == []
    assert kinds("the Department", "ກົມ", [department]) == [("ASEAN Department", AVOID)]


def test_no_lao_is_not_a_glossary_warning():
    assert glossary_warnings("A training programme", "", [PROGRAMME]) == []


# -- The seed -------------------------------------------------------------------------------------


def test_the_seed_gives_the_domain_terms_as_drafts(seeded):
    programme = GlossaryTerm.objects.get(english="programme")
    assert (programme.lao, programme.variants) == ("ໂຄງການ", ["ຫຼັກສູດ"])
    assert not GlossaryTerm.objects.filter(confirmed_at__isnull=False).exists()
    assert GlossaryTerm.objects.get(english="Dialogue Partners").lao == "ຄູ່ເຈລະຈາ"
    names = set(Division.objects.values_list("name_en", flat=True))
    assert names <= set(GlossaryTerm.objects.values_list("english", flat=True))


def test_the_seeds_lao_follows_its_glossary(seeded):
    assert [found for f in all_figures(with_glossary=True) for found in f.glossary] == []


def call_the_programme_a_course() -> TrainingProgramme:
    programme = TrainingProgramme.objects.get()
    programme.title_lo = COURSE
    programme.save()
    return programme


# -- Where the warnings show ----------------------------------------------------------------------


def test_the_translations_page_shows_each_fields_warning(admin_client, seeded):
    programme = call_the_programme_a_course()
    page = admin_client.get(reverse("admin:translations")).content.decode()
    assert "Glossary warnings" in page
    assert "uses “ຫຼັກສູດ”, a variant to avoid: “programme” is “ໂຄງການ”" in page
    assert f'href="{admin_url(programme, "change", programme.pk)}"' in page
    assert f'href="{admin_url(GlossaryTerm, "changelist")}"' in page


def test_the_translations_page_loads_the_glossary_once(admin_client, seeded):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(reverse("admin:translations"))
        return len(captured)

    call_the_programme_a_course()
    before = queries()
    for number in range(20):
        GlossaryTerm.objects.create(english=f"term {number}", lao=f"ຄຳ {number}", avoid="ກ")
    assert queries() == before


def test_translation_report_gives_the_warnings_as_json_and_text(seeded):
    call_the_programme_a_course()
    data = json.loads(command_output("translation_report", "--json"))
    warnings = data["programmes.trainingprogramme"]["glossary_warnings"]
    assert {(w["field"], w["term"], w["kind"], w["variant"]) for w in warnings} == {
        ("title", "programme", "missing", ""),
        ("title", "programme", "avoid", "ຫຼັກສູດ"),
    }
    assert data["org.division"]["glossary_warnings"] == []
    text = command_output("translation_report")
    assert "Glossary warnings" in text
    assert "uses “ຫຼັກສູດ”, a variant to avoid" in text


def test_the_export_names_the_glossary_terms_in_each_entrys_comments(seeded):
    po = polib.pofile(export_po())
    entry = next(e for e in po if e.msgctxt.endswith(":title") and "Programme" in e.msgid)
    assert "Glossary: programme → ໂຄງການ (avoid ຫຼັກສູດ; draft term)" in entry.comment.splitlines()
    name = next(e for e in po if e.msgctxt == "org.department:asean-department:name")
    assert name.comment.splitlines() == [
        "Lao: draft",
        "Glossary: ASEAN Department → ກົມອາຊຽນ (draft term)",
    ]


def test_an_exported_file_with_glossary_comments_reads_back(seeded):
    text = export_po().replace('msgstr "ກົມອາຊຽນ"', 'msgstr "ກົມອາຊຽນ ແຫ່ງ ສປປ ລາວ"')
    assert "#. Glossary: " in text
    report = import_po(text)
    assert report.changed == ["org.department:asean-department:name"]
    assert export_po().count("#. Glossary: ") == text.count("#. Glossary: ")


def test_a_records_page_shows_the_warning_and_a_save_warns_without_refusing(admin_client, seeded):
    programme = TrainingProgramme.objects.get()
    url = admin_url(programme, "change", programme.pk)
    response = admin_client.post(
        url, admin_form_data(admin_client.get(url), title_lo=COURSE), follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any("a variant to avoid" in message for message in shown)
    assert response.redirect_chain  # saved: a refused form is shown again, not redirected
    page = admin_client.get(url).content.decode()
    assert "uses “ຫຼັກສູດ”, a variant to avoid" in page


# -- The glossary's page --------------------------------------------------------------------------


def test_the_glossary_list_searches_and_filters(admin_client, seeded):
    changelist = admin_url(GlossaryTerm, "changelist")
    found = admin_client.get(changelist, {"q": "ຫຼັກສູດ"}).context["cl"].result_list
    assert [t.english for t in found] == ["programme"]
    with_variants = admin_client.get(changelist, {"variants": "yes"}).context["cl"].result_list
    assert [t.english for t in with_variants] == ["programme"]
    drafts = admin_client.get(changelist, {"state": "draft"}).context["cl"].result_count
    assert drafts == GlossaryTerm.objects.count()


def test_a_publisher_confirms_a_term_and_an_editor_cannot(member):
    programme = GlossaryTerm.objects.get(english="programme")
    changelist = admin_url(GlossaryTerm, "changelist")
    confirm = {"action": "confirm", "_selected_action": [programme.pk]}
    member(EDITORS).post(changelist, confirm)
    programme.refresh_from_db()
    assert not programme.is_confirmed
    member(PUBLISHERS).post(changelist, confirm)
    programme.refresh_from_db()
    assert programme.is_confirmed
    assert programme.confirmed_by == "publishers"
    assert programme.history.first().history_change_reason == "Confirmed as the Department's term"


def test_an_editor_changing_a_confirmed_terms_lao_makes_it_a_draft_again(member):
    programme = GlossaryTerm.objects.get(english="programme")
    GlossaryTerm.objects.filter(pk=programme.pk).update(
        confirmed_by="Someone", confirmed_at="2026-01-01T00:00:00Z"
    )
    client = member(EDITORS)
    url = admin_url(GlossaryTerm, "change", programme.pk)
    client.post(url, admin_form_data(client.get(url), avoid="ຫຼັກສູດ\nວິຊາ"))
    programme.refresh_from_db()
    assert programme.variants == ["ຫຼັກສູດ", "ວິຊາ"]
    assert not programme.is_confirmed
