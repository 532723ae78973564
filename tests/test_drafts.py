"""Drafts: visitors see no draft and no link to one; staff preview drafts on the public design,
never cached."""

import icalendar
import pytest

from org.models import Department, Division, Mandate, RelatedBody
from programmes.models import Leg, LegPartner, TrainingProgramme
from tests.factories import DivisionFactory, MandateFactory, StaffRoleFactory
from tests.helpers import LEG_3, admin_url
from tests.programmes.factories import LegFactory

pytestmark = pytest.mark.django_db


def test_visitors_see_no_draft_and_no_link_to_one(client, seeded):
    department = Department.objects.get()
    draft_division = DivisionFactory(department=department, name_en="Draft Division", draft=True)
    StaffRoleFactory(department=department, title_en="Draft Adviser", draft=True)
    MandateFactory(department=department, title_en="A draft mandate", draft=True)
    carried = Mandate.objects.get(slug="cooperation-with-partners")
    carried.divisions.add(draft_division)
    for path in ["/en/", "/en/structure/", "/en/mandates/", "/sitemap.xml"]:
        html = client.get(path).content.decode()
        assert "Draft Division" not in html and draft_division.slug not in html, path
        assert "Draft Adviser" not in html and "A draft mandate" not in html, path
    assert client.get(draft_division.get_absolute_url()).status_code == 404


def test_legs_of_a_draft_programme_and_draft_legs_are_not_shown(
    client, seeded, django_capture_on_commit_callbacks
):
    leg = Leg.objects.get()
    draft_leg = LegFactory(programme=leg.programme, number=4, theme_en="Draft theme", draft=True)
    assert "Draft theme" not in client.get("/en/programmes/").content.decode()
    assert client.get(draft_leg.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):  # the change makes cached pages stale
        programme = TrainingProgramme.objects.get()
        programme.publication_status = "draft"
        programme.save()
    assert "Reconciliation Models" not in client.get("/en/programmes/").content.decode()
    assert client.get(LEG_3).status_code == 404
    assert not icalendar.Calendar.from_ical(client.get("/en/programmes/calendar.ics").content).walk(
        "VEVENT"
    )
    assert LEG_3 not in client.get("/sitemap.xml").content.decode()


def test_a_draft_partner_and_a_draft_parent_body_are_not_shown(client, seeded):
    LegPartner.objects.update(publication_status="draft")
    assert "Co-Proponent 2" not in client.get(LEG_3).content.decode()
    RelatedBody.objects.filter(slug="permanent-mission-to-asean").update(publication_status="draft")
    html = client.get("/en/related-bodies/").content.decode()
    assert "#body-permanent-mission-to-asean" not in html
    assert "ASEAN-IPR Lao PDR" in html


def test_structured_data_names_no_draft_parent(client, seeded):
    RelatedBody.objects.filter(slug="ministry-of-foreign-affairs").update(
        publication_status="draft"
    )
    html = client.get("/en/").content.decode()
    assert "parentOrganization" not in html
    assert "(MOFA)" not in html  # the "Part of" fact names the body only while it is published


def test_staff_preview_a_draft_on_the_public_design_without_caching_it(
    client, admin_client, seeded
):
    draft = DivisionFactory(
        department=Department.objects.get(), name_en="Draft Division", draft=True
    )
    preview = admin_client.get(draft.get_absolute_url() + "?preview=1")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<h1>Draft Division</h1>" in html
    assert 'class="preview-banner"' in html and '<meta name="robots" content="noindex">' in html
    assert preview["Cache-Control"] == "private, no-store"
    structure = admin_client.get("/en/structure/?preview=1").content.decode()
    assert "Draft Division" in structure
    # Visitors still do not see it, and cannot ask for a preview.
    assert "Draft Division" not in client.get("/en/structure/").content.decode()
    asked = client.get("/en/structure/?preview=1")
    assert (asked.status_code, asked["Location"]) == (302, "/en/structure/")


def test_the_admin_offers_a_preview_of_each_record(admin_client, seeded):
    division = Division.objects.get(slug="general-affairs")
    html = admin_client.get(admin_url(Division, "change", division.pk)).content.decode()
    assert 'href="/en/divisions/general-affairs/?preview=1"' in html
    mandate = Mandate.objects.get(slug="cooperation-with-partners")
    html = admin_client.get(admin_url(Mandate, "change", mandate.pk)).content.decode()
    assert 'href="/en/mandates/?preview=1#mandate-cooperation-with-partners"' in html
