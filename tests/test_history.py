"""History: every change to a content record is kept, with who and what, and an earlier version
can be restored, with the same permissions as any change."""

import re

import pytest
from django.urls import reverse

from config.roles import EDITORS, VIEWERS
from org.models import Division, StaffRole
from tests.helpers import admin_form_data, admin_url, restore_url

pytestmark = pytest.mark.django_db


def test_every_change_is_kept_with_who_and_what_and_can_be_restored(
    admin_client, admin_user, seeded
):
    division = Division.objects.get(slug="general-affairs")
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
    assert re.search(r"name_en|Name \[en\]", listing)

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
