"""The back office's part of Lao translation: the state on every list and record, the review by
publishers only, what changed in the English since, and the Translations page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from backoffice.history import shown_value
from core.publication import Publication
from org.models import Department, Division
from programmes.models import ScheduleChange
from publishing.roles import EDITORS, PUBLISHERS, VIEWERS
from tests.factories import DivisionFactory
from tests.helpers import admin_form_data, admin_url, list_step
from translations.overview import translatable_models
from translations.state import LaoState, lao_state, mark_lao_reviewed

pytestmark = pytest.mark.django_db

MODELS = translatable_models()


def review_action(client, model, *objs):
    """The list action "Mark Lao as reviewed", confirmed on the page it shows."""
    return list_step(client, model, "mark_lao_reviewed", *objs)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_list_of_a_translatable_model_shows_the_lao_state_and_filters_by_it(
    admin_client, seeded, model
):
    response = admin_client.get(admin_url(model, "changelist"), {"lao": "draft"})
    assert response.status_code == 200
    assert "lao_state_label" in response.context["cl"].list_display


def test_the_filter_lists_only_the_records_in_its_state(admin_client, seeded):
    reviewed = Division.objects.get(slug="general-affairs")
    mark_lao_reviewed(reviewed, reason="Lao reviewed")
    response = admin_client.get(admin_url(Division, "changelist"), {"lao": "reviewed"})
    assert list(response.context["cl"].result_list) == [reviewed]


def test_a_publisher_marks_lao_reviewed_from_the_list(member, seeded):
    client = member(PUBLISHERS)
    # Drafts, reviewed in place (a published record's review is kept in its working copy).
    Division.objects.update(publication_status=Publication.DRAFT)
    divisions = list(Division.objects.all()[:2])
    assert review_action(client, Division, *divisions).status_code == 302
    assert {lao_state(d) for d in Division.objects.filter(pk__in=[d.pk for d in divisions])} == {
        LaoState.REVIEWED
    }


def test_an_editor_cannot_mark_lao_reviewed_from_the_list(member, seeded):
    client = member(EDITORS)
    review_action(client, Division, Division.objects.first())
    assert {lao_state(division) for division in Division.objects.all()} == {LaoState.DRAFT}


def test_an_editor_cannot_mark_lao_reviewed_from_the_record_page(member, seeded):
    client = member(EDITORS)
    division = Division.objects.first()
    page = client.get(admin_url(Division, "change", division.pk))
    assert b"_mark_lao_reviewed" not in page.content
    response = client.post(
        admin_url(Division, "change", division.pk),
        admin_form_data(page, _mark_lao_reviewed="1"),
    )
    assert response.status_code == 403
    assert lao_state(Division.objects.get(pk=division.pk)) == LaoState.DRAFT


def test_a_publisher_saves_and_marks_lao_reviewed_from_the_record_page(member, seeded):
    client = member(PUBLISHERS)
    division = Division.objects.get(slug="general-affairs")
    # A draft, saved in place: the button, not publication, is the point.
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    url = admin_url(Division, "change", division.pk)
    page = client.get(url)
    assert b'name="_mark_lao_reviewed"' in page.content
    response = client.post(url, admin_form_data(page, name_lo="ພະແນກບໍລິຫານ", _mark_lao_reviewed="1"))
    assert response.status_code == 302
    division = Division.objects.get(pk=division.pk)
    assert (division.name_lo, lao_state(division)) == ("ພະແນກບໍລິຫານ", LaoState.REVIEWED)
    assert division.history.first().history_change_reason == "Lao reviewed by a publisher"


def test_a_publisher_reviewing_the_departments_lao_shows_it_to_visitors_in_lao(
    member, seeded, django_capture_on_commit_callbacks
):
    client = member(PUBLISHERS)
    department = Department.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_action(client, Department, department).status_code == 302
        # The department is published: its review is in its working copy until approved.
        assert list_step(client, Department, "publish", department).status_code == 302
    client.logout()
    with translation.override("lo"):
        html = client.get(reverse("org:home")).content.decode()
    assert "<h1>ກົມອາຊຽນ</h1>" in html
    assert '<span lang="en">ASEAN Department</span>' not in html
    assert '<span lang="en">General Affairs Division</span>' in html
    assert "ພະແນກບໍລິຫານທົ່ວໄປ" not in html


def test_an_editors_change_to_reviewed_lao_makes_it_a_draft_with_a_reason_in_history(
    member, seeded
):
    division = Division.objects.get(slug="general-affairs")
    # A draft, edited in place: an edit of a published record has no version until approved.
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    mark_lao_reviewed(division, reason="Lao reviewed")
    client = member(EDITORS)
    url = admin_url(Division, "change", division.pk)
    assert (
        client.post(url, admin_form_data(client.get(url), name_lo="ພະແນກບໍລິຫານ")).status_code == 302
    )
    division = Division.objects.get(pk=division.pk)
    assert lao_state(division) == LaoState.DRAFT
    assert "draft" in division.history.first().history_change_reason


def test_the_record_page_warns_of_outdated_lao_and_shows_the_english_old_and_new(
    admin_client, seeded
):
    division = Division.objects.get(slug="general-affairs")
    mark_lao_reviewed(division, reason="Lao reviewed")
    Division.objects.filter(pk=division.pk).update(name_en="General Affairs and Finance Division")
    html = admin_client.get(admin_url(Division, "change", division.pk)).content.decode()
    assert "has changed since its Lao was reviewed" in html
    assert "“General Affairs Division” → “General Affairs and Finance Division”" in html
    assert html.count('class="form-row field-lao_translation"') == 1


def test_the_translations_page_gives_the_figures_of_each_model_with_links(admin_client, seeded):
    mark_lao_reviewed(Division.objects.get(slug="general-affairs"), reason="Lao reviewed")
    response = admin_client.get(reverse("admin:translations"))
    assert response.status_code == 200
    (row,) = [row for row in response.context["rows"] if row["name"] == "divisions"]
    assert [count["number"] for count in row["counts"]] == [0, 4, 1, 0]
    assert row["counts"][2]["url"] == admin_url(Division, "changelist") + "?lao=reviewed"
    assert len(row["needing_work"]) == 4


def test_the_back_office_index_links_to_the_translations_page(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:translations")}"' in html


def test_the_translations_page_is_for_staff_only(client, seeded):
    response = client.get(reverse("admin:translations"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_viewer_sees_the_translations_page(member):
    assert member(VIEWERS).get(reverse("admin:translations")).status_code == 200


def test_the_translations_page_costs_the_same_queries_however_many_records(admin_client, seeded):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(reverse("admin:translations"))
        return len(captured)

    before = queries()
    department = Department.objects.get()
    for number in range(5):
        DivisionFactory(department=department, name_lo=f"ພະແນກ {number}")
    assert queries() == before


def test_an_editor_restoring_a_reviewed_version_does_not_bring_back_its_review(member, seeded):
    from tests.helpers import restore_url

    division = Division.objects.get(slug="general-affairs")
    # A draft, restored in place (a published record's restore is its working copy).
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    mark_lao_reviewed(division, reason="Lao reviewed")
    reviewed_version = division.history.first()
    Division.objects.filter(pk=division.pk).update(
        name_lo="ພະແນກໃໝ່", lao_reviewed_source=None, lao_reviewed_fingerprint=""
    )
    client = member(EDITORS)
    url = restore_url(Division, division.pk, reviewed_version.history_id)
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    division = Division.objects.get(pk=division.pk)
    assert division.name_lo == "ພະແນກບໍລິຫານທົ່ວໄປ"
    assert lao_state(division) == LaoState.DRAFT


def test_a_leg_publisher_reviews_the_lao_of_its_schedule_change_notes(member, seeded):
    from programmes.models import Leg, ScheduleChange

    leg = Leg.objects.get()
    change = ScheduleChange.objects.create(
        leg=leg, note_en="Moved.", note_lo="ເລື່ອນ.", **leg.schedule_values()
    )
    client = member(PUBLISHERS)
    assert review_action(client, ScheduleChange, change).status_code == 302
    assert lao_state(ScheduleChange.objects.get()) == LaoState.REVIEWED


def test_a_multi_line_lao_text_sent_back_untouched_is_not_a_lao_change(admin_client):
    # Browsers send a textarea's line ends as CR LF; the record stores plain line breaks.
    division = DivisionFactory(
        summary_en="Line one.\nLine two.", summary_lo="ແຖວໜຶ່ງ.\nແຖວສອງ.", draft=True
    )
    assert mark_lao_reviewed(division, reason="Lao reviewed by a publisher")
    url = admin_url(Division, "change", division.pk)
    data = admin_form_data(admin_client.get(url), summary_en="Line one, revised.\nLine two.")
    as_sent = {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }
    assert admin_client.post(url, as_sent).status_code == 302
    division.refresh_from_db()
    latest = division.history.order_by("-history_date", "-history_id").first()
    assert latest.summary_en == "Line one, revised.\nLine two."
    assert latest.history_change_reason is None  # not "Lao changed: a draft until …"
    assert lao_state(division) == LaoState.OUTDATED  # reviewed Lao, English changed since


def test_the_time_of_the_lao_review_is_in_vientiane_time(admin_client):
    division = DivisionFactory(summary_lo="ສະຫຼຸບ.")
    # 17:00 in UTC is midnight of the next day in Vientiane (UTC+7).
    Division.objects.filter(pk=division.pk).update(
        lao_reviewed_at=datetime.datetime(2026, 12, 3, 17, 0, tzinfo=datetime.UTC)
    )
    page = admin_client.get(admin_url(Division, "change", division.pk)).content.decode()
    assert "Last reviewed: Dec. 4, 2026, midnight" in page


def test_a_time_in_the_history_is_in_vientiane_time():
    recorded_at = ScheduleChange._meta.get_field("recorded_at")
    when = datetime.datetime(2026, 12, 3, 17, 0, tzinfo=datetime.UTC)
    with translation.override("lo"):
        assert shown_value(recorded_at, when) == "4 ທັນວາ 2026, 00:00"
