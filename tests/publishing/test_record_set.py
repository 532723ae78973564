"""export_records and import_records carry what the publishing app keeps about each record
(``publishing/record_set.py``): working copies, review states, schedules, change notes, and the
Lao review state (``records/format.py``, version 2)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from programmes.models import Leg, LegPartner, TrainingProgramme
from publishing import approval, review, revisions
from publishing.models import ChangeNote, Review, Revision, ScheduledStep
from tests.helpers import command_output
from tests.programmes.factories import LegFactory
from translations.state import LaoState, lao_state

pytestmark = pytest.mark.django_db

WORKFLOW_ROWS = (Revision, Review, ScheduledStep, ChangeNote)


def draft(obj, by, **values):
    def change(record):
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        LegPartner.objects.create(leg=record, name_en="Added in the draft", role="partner")

    return revisions.edit_working_copy(obj, change, by=by)


@pytest.fixture
def workflow(editor, publisher):
    """A leg with reviewed Lao and a working copy in review; one approved for later with a note;
    one approved now with a public change note."""
    in_review = LegFactory(draft=True, theme_en="As published", theme_lo="ຫົວຂໍ້")
    review.mark_lao_reviewed(in_review, by=publisher)
    approval.approve(in_review, by=publisher)
    draft(in_review, editor, theme_en="Edited in the draft")
    review.submit(in_review, by=editor, comment="Please check the new theme")
    later = LegFactory(theme_en="Published theme")
    draft(later, editor, theme_en="Goes live in January")
    go_live_at = timezone.now() + datetime.timedelta(days=30)
    approval.approve(later, by=publisher, go_live_at=go_live_at, note_en="Theme changed")
    noted = LegFactory(theme_en="Before")
    draft(noted, editor, theme_en="After")
    approval.approve(noted, by=publisher, note_en="Theme corrected", note_lo="ແກ້ໄຂ")
    return in_review, later, noted


def empty_the_database() -> None:
    for model in (*WORKFLOW_ROWS, Leg, TrainingProgramme):
        model.objects.all().delete()


def test_export_then_empty_database_then_import_keeps_every_workflow_row(workflow, tmp_path):
    first = command_output("export_records")
    data = json.loads(first)
    assert data["version"] == 2
    assert [e["record"]["theme_en"] for e in data["working_copies"]] == [
        "Edited in the draft",
        "Goes live in January",
    ]
    assert sorted(e["state"] for e in data["reviews"]) == ["approved", "in_review", "scheduled"]
    (tmp_path / "records.json").write_text(first, "utf-8")
    empty_the_database()

    call_command("import_records", str(tmp_path / "records.json"), stdout=io.StringIO())

    assert command_output("export_records") == first
    leg = Leg.objects.get(theme_en="As published")  # the live version, as visitors read it
    assert lao_state(leg) == LaoState.REVIEWED
    copy = Revision.objects.get(object_id=leg.pk)
    assert copy.content["record"]["theme_en"] == "Edited in the draft"
    assert len(copy.content["rows"]["programmes.legpartner.leg"]) == 1
    assert (copy.created_by.username, copy.number) == ("editor", 1)
    assert Review.objects.get(object_id=leg.pk).comment == "Please check the new theme"
    assert not LegPartner.objects.filter(leg=leg).exists()  # added in the copy, not live
    later = Leg.objects.get(theme_en="Published theme")
    step = ScheduledStep.objects.get(object_id=later.pk)
    assert (step.note_en, step.approved_by.username) == ("Theme changed", "publisher")
    noted = Leg.objects.get(theme_en="After")
    assert ChangeNote.objects.get(object_id=noted.pk).text("lo") == "ແກ້ໄຂ"


def test_importing_the_same_file_again_changes_nothing(workflow, tmp_path):
    (tmp_path / "records.json").write_text(command_output("export_records"), "utf-8")
    out = io.StringIO()
    call_command("import_records", str(tmp_path / "records.json"), stdout=out)
    assert " 0 created, 0 updated" in out.getvalue()


def test_the_file_wins_a_working_copy_it_does_not_give_is_discarded(workflow, tmp_path):
    in_review, _later, _noted = workflow
    data = json.loads(command_output("export_records"))
    data["working_copies"] = [e for e in data["working_copies"] if "January" not in json.dumps(e)]
    data["working_copies"][0]["record"]["theme_en"] = "Changed in the file"
    (tmp_path / "records.json").write_text(json.dumps(data), "utf-8")
    call_command("import_records", str(tmp_path / "records.json"), stdout=io.StringIO())
    assert Revision.objects.get().content["record"]["theme_en"] == "Changed in the file"
    assert Leg.objects.get(pk=in_review.pk).theme_en == "As published"


def test_a_version_1_file_leaves_working_copies_and_reviews_as_they_are(workflow, tmp_path):
    data = json.loads(command_output("export_records"))
    for name in ("working_copies", "reviews", "schedules", "change_notes"):
        del data[name]
    data["version"] = 1
    (tmp_path / "records.json").write_text(json.dumps(data), "utf-8")
    counts = [model.objects.count() for model in WORKFLOW_ROWS]
    call_command("import_records", str(tmp_path / "records.json"), stdout=io.StringIO())
    assert [model.objects.count() for model in WORKFLOW_ROWS] == counts


def refused_import(path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_records", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_bad_workflow_entries_are_reported_with_their_place_and_change_nothing(workflow, tmp_path):
    data = json.loads(command_output("export_records"))
    data["working_copies"][0]["number"] = 0
    data["working_copies"][1]["rows"] = {"appointments": []}
    data["reviews"][0]["state"] = "lost"
    data["schedules"][0]["key"] = "no-such-programme/9"
    (tmp_path / "records.json").write_text(json.dumps(data), "utf-8")
    before = command_output("export_records")
    message = refused_import(tmp_path / "records.json")
    assert "working_copies[0]" in message and "number: must be a whole number from 1" in message
    assert "working_copies[1]" in message and "appointments are not rows of a legs" in message
    assert "reviews[0]" in message and "state" in message
    assert "schedules[0]: names legs 'no-such-programme/9'" in message
    assert command_output("export_records") == before


def test_a_working_copy_of_a_draft_is_refused(workflow, tmp_path):
    data = json.loads(command_output("export_records"))
    key = data["working_copies"][0]["key"]
    next(e for e in data["legs"] if e["key"] == key)["publication_status"] = "draft"
    (tmp_path / "records.json").write_text(json.dumps(data), "utf-8")
    message = refused_import(tmp_path / "records.json")
    assert "only a published record has a working copy; this one is a draft" in message


def test_a_working_copy_is_exported_as_shown_over_a_live_version_changed_since(editor):
    leg = LegFactory(theme_en="Live theme", venue_en="Live venue")
    draft(leg, editor, theme_en="Draft theme")
    Leg.objects.filter(pk=leg.pk).update(venue_en="Published since")  # a scheduled go-live, say
    (copy,) = json.loads(command_output("export_records"))["working_copies"]
    assert (copy["record"]["theme_en"], copy["record"]["venue_en"]) == (
        "Draft theme",
        "Published since",
    )
    assert [row["name_en"] for row in copy["rows"]["leg_partners"]] == ["Added in the draft"]
