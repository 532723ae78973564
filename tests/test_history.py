"""History: every change to a content record is kept, with who and what, and an earlier version
can be restored, with the same permissions as any change."""

import re
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse

from backoffice.history import excerpt
from core.publication import Publication
from org.models import Division, StaffRole
from publishing import review
from publishing.roles import EDITORS, PUBLISHERS, VIEWERS
from tests.helpers import admin_form_data, admin_url, restore_url

pytestmark = pytest.mark.django_db


def test_every_change_is_kept_with_who_and_what_and_can_be_restored(
    admin_client, admin_user, seeded
):
    division = Division.objects.get(slug="general-affairs")
    # A draft, edited in place (an edit of a published record is its working copy, with no
    # version until approved); update(), so that the history holds the seed's version alone.
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    page = admin_client.get(admin_url(Division, "change", division.pk))
    admin_client.post(
        admin_url(Division, "change", division.pk),
        admin_form_data(page, name_en="Administration Division"),
    )
    history = list(division.history.order_by("history_date"))
    assert [h.name_en for h in history] == ["General Affairs Division", "Administration Division"]
    assert history[-1].history_user == admin_user

    listing = admin_client.get(admin_url(Division, "history", division.pk)).content.decode()
    assert "General Affairs Division" in listing and "Administration Division" in listing
    assert re.search(r"name_en|Name \(English\)", listing)

    original = history[0]
    restore = reverse("admin:org_division_simple_history", args=[division.pk, original.history_id])
    form = admin_client.get(restore)
    assert form.status_code == 200
    response = admin_client.post(restore, admin_form_data(form))
    assert response.status_code == 302
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"
    assert division.history.count() == 3  # restoring is itself a recorded change


def test_changes_made_outside_the_admin_are_kept_too(seeded):
    role = StaffRole.objects.get(title_en="Technical Officer")
    role.headcount = 20
    role.save()
    assert [h.headcount for h in role.history.order_by("history_date")] == [None, 20]


def test_viewers_cannot_restore_a_version(member):
    division = Division.objects.get(slug="general-affairs")
    division.name_en = "Renamed"
    division.save()
    first = division.history.earliest("history_date")
    client = member(VIEWERS)
    form = client.get(restore_url(Division, division.pk, first.history_id))
    assert form.status_code == 200
    assert (
        client.post(
            restore_url(Division, division.pk, first.history_id), admin_form_data(form)
        ).status_code
        == 403
    )
    division.refresh_from_db()
    assert division.name_en == "Renamed"


def test_editors_restoring_a_version_do_not_change_its_publication(member):
    division = Division.objects.get(slug="general-affairs")
    published_version = division.history.earliest("history_date")
    division.publication_status = "draft"
    division.save()
    client = member(EDITORS)
    form = client.get(restore_url(Division, division.pk, published_version.history_id))
    assert (
        client.post(
            restore_url(Division, division.pk, published_version.history_id), admin_form_data(form)
        ).status_code
        == 302
    )
    division.refresh_from_db()
    assert division.publication_status == "draft"


def test_only_publishers_bring_back_a_deleted_record(member):
    division = Division.objects.get(slug="general-affairs")
    pk, version = division.pk, division.history.earliest("history_date").history_id
    division.delete()
    editor = member(EDITORS)
    form = editor.get(restore_url(Division, pk, version))
    assert editor.post(restore_url(Division, pk, version), admin_form_data(form)).status_code == 403
    assert not Division.objects.filter(pk=pk).exists()


def changes_listed(client, obj) -> str:
    return client.get(admin_url(type(obj), "history", obj.pk)).content.decode()


def test_the_history_names_the_command_that_wrote_a_version(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    listing = changes_listed(admin_client, division)
    assert "load_seed" in listing
    assert ">None<" not in listing.replace(" ", "").replace("\n", "")


def test_a_changed_name_is_listed_once_under_its_label(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    # A draft, edited in place: an edit of a published record has no version until approved.
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    url = admin_url(Division, "change", division.pk)
    admin_client.post(url, admin_form_data(admin_client.get(url), name_en="Administration"))
    listing = changes_listed(admin_client, division)
    assert listing.count("<strong>Name (English):</strong>") == 1
    assert "<strong>Name:</strong>" not in listing


def test_a_change_late_in_a_long_text_is_shown_not_hidden_behind_the_same_beginning(
    admin_client, seeded
):
    division = Division.objects.get(slug="general-affairs")
    opening = "Coordinates the Department's administration, finance and records. " * 3
    division.summary_en = opening + "Reports to the Director-General weekly."
    division.publication_status = Publication.DRAFT  # edited in place, not as a working copy
    division.save()
    url = admin_url(Division, "change", division.pk)
    edited = opening + "Reports to the Director-General monthly."
    admin_client.post(url, admin_form_data(admin_client.get(url), summary_en=edited))
    listing = re.sub(r"\s+", " ", changes_listed(admin_client, division))
    assert "Director-General weekly." in listing
    assert "Director-General monthly." in listing


def test_a_publication_change_is_listed_with_the_words_the_form_uses(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.publication_status = "draft"
    division.save()
    listing = re.sub(r"\s+", " ", changes_listed(admin_client, division))
    assert "Published &nbsp;&rarr;&nbsp;&nbsp;Draft" in listing
    assert "published &nbsp;" not in listing


def test_each_list_links_to_its_deleted_records(admin_client, seeded):
    page = admin_client.get(admin_url(Division, "changelist")).content.decode()
    assert f'href="{admin_url(Division, "deleted")}"' in page


def test_a_deleted_record_is_listed_with_who_deleted_it_and_a_link_to_its_last_version(
    admin_client, admin_user, seeded
):
    division = Division.objects.get(slug="general-affairs")
    pk = division.pk
    division._history_user = admin_user
    division.delete()
    Division.objects.get(slug="external-partners").delete()
    Division.objects.create(**{**_copy_fields(Division, pk), "slug": "restored-other"})
    page = admin_client.get(admin_url(Division, "deleted"))
    rows = page.context["rows"]
    assert [row["record"].slug for row in rows] == ["external-partners", "general-affairs"]
    assert rows[1]["by"] == str(admin_user)
    last = Division.history.filter(id=pk, history_type="-").get()
    assert rows[1]["url"] == restore_url(Division, pk, last.history_id)


def _copy_fields(model, pk) -> dict:
    """A new record unlike the deleted ones, so that only deleted ones are listed."""
    return {
        "department_id": model.history.filter(id=pk).first().department_id,
        "order": 9,
        "name_en": "New",
    }


def test_a_publisher_restores_a_deleted_record_from_the_list(member):
    division = Division.objects.get(slug="general-affairs")
    pk = division.pk
    division.delete()
    publisher = member(PUBLISHERS)
    url = publisher.get(admin_url(Division, "deleted")).context["rows"][0]["url"]
    form = publisher.get(url)
    assert publisher.post(url, admin_form_data(form)).status_code == 302
    assert Division.objects.filter(pk=pk).exists()
    assert publisher.get(admin_url(Division, "deleted")).context["rows"] == []


def test_viewers_see_the_deleted_records_but_restore_none(member):
    division = Division.objects.get(slug="general-affairs")
    division.delete()
    viewer = member(VIEWERS)
    page = viewer.get(admin_url(Division, "deleted"))
    assert page.status_code == 200
    form = viewer.get(page.context["rows"][0]["url"])
    assert form.status_code == 200
    assert 'name="_save"' not in form.content.decode()
    assert re.search(r'<input [^>]*name="name_en"[^>]*disabled', form.content.decode())


def test_a_text_going_from_no_value_to_empty_is_not_listed_as_a_change(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.summary_lo = None
    division.save()
    division.summary_lo = ""
    division.summary_en = "Looks after the Department's administration."
    division.save()
    listing = changes_listed(admin_client, division)
    assert "<strong>Summary (English):</strong>" in listing
    assert "<strong>Summary (Lao):</strong>" not in listing


def test_a_review_steps_reason_is_shown_in_the_readers_language(admin_client, admin_user, seeded):
    division = Division.objects.get(slug="general-affairs")
    division.publication_status = "draft"
    division.save()
    review.submit(division, by=admin_user, comment="Please check the name.")
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    listing = changes_listed(admin_client, division)
    assert "ສົ່ງໃຫ້ກວດກາແລ້ວ: Please check the name." in listing


def test_posting_to_a_malformed_version_address_is_a_page_that_does_not_exist(member):
    publisher = member(PUBLISHERS)
    response = publisher.post("/admin/org/division/abc/history/1/", {})
    assert response.status_code == 404


def test_restoring_a_published_version_leaves_a_draft_a_draft_even_for_a_publisher(member):
    division = Division.objects.get(slug="general-affairs")
    assert division.publication_status == Publication.PUBLISHED
    published = division.history.latest("history_date")
    division.publication_status = Publication.DRAFT
    division.name_en = "Renamed while unpublished"
    division.save()
    publisher = member(PUBLISHERS)
    url = restore_url(Division, division.pk, published.history_id)
    assert publisher.post(url, admin_form_data(publisher.get(url))).status_code == 302
    division.refresh_from_db()
    assert division.name_en == "General Affairs Division"  # the text is restored...
    assert division.publication_status == Publication.DRAFT  # ...its publication is not


def test_a_published_record_brought_back_after_deletion_returns_as_a_draft(member):
    division = Division.objects.get(slug="general-affairs")
    assert division.publication_status == Publication.PUBLISHED
    pk = division.pk
    division.delete()
    publisher = member(PUBLISHERS)
    url = publisher.get(admin_url(Division, "deleted")).context["rows"][0]["url"]
    assert publisher.post(url, admin_form_data(publisher.get(url))).status_code == 302
    assert Division.objects.get(pk=pk).publication_status == Publication.DRAFT


def test_a_cut_lao_text_never_begins_or_ends_on_a_vowel_or_tone_mark():
    text = "ກະລຸນາເພີ່ມສະຖານທີ່ຈັດຝຶກອົບຮົມ ແລະ ວັນທີທີ່ເຈົ້າພາບຢືນຢັນແລ້ວ. " * 4
    for at in range(len(text)):
        shown = excerpt(text, at).strip("…")
        end = text.index(shown) + len(shown)
        assert not unicodedata.category(shown[0]).startswith("M"), at
        assert end == len(text) or not unicodedata.category(text[end]).startswith("M"), at
