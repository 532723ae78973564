"""Contact points: how to reach the Department and each Division, on their pages, on the contact
page and in their schema.org JSON-LD (ContactPoint, PostalAddress)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.publication import Publication
from org.models import ContactPoint, Department, Division
from tests.factories import ContactPointFactory, DivisionFactory
from tests.helpers import admin_form_data, admin_url, errors_of
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def jsonld_of(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))


@pytest.fixture
def department(seeded) -> Department:
    return Department.objects.get()


@pytest.fixture
def division(seeded) -> Division:
    return Division.objects.get(slug="general-affairs")


def test_the_seed_records_no_contact_point():
    # The seed states no address, telephone or email: none is invented.
    assert not ContactPoint.objects.exists()


def test_a_contact_point_belongs_to_the_department_or_one_division_not_both(department, division):
    contact = ContactPointFactory.build(department=department, division=division)
    assert "division" in errors_of(contact)
    contact = ContactPointFactory.build(department=None, division=None)
    assert "division" in errors_of(contact)


@pytest.mark.parametrize(
    "telephone",
    [
        *("call us", "+856 21 abc", "12", "++856 21 000 000", "1+2", "021 000 001\n"),
        # Separators at the ends or two in a row, parentheses open or empty: no number's spelling.
        *("---123---", "123 -456", "-021 000", "021 000-", "+ 856 21 000"),
        *("(021 000 001", "021) 000", "() 021 000", "((021)) 000", "+856 ໒໑ 000"),
    ],
)
def test_a_malformed_telephone_number_is_refused_on_its_field(department, telephone):
    contact = ContactPointFactory.build(department=department, telephone=telephone)
    assert "telephone" in errors_of(contact)


@pytest.mark.parametrize(
    "telephone",
    ["+856 (21) 000-001", "021 000 001", "1234567", "(021) 000-001", "+856(21)000001", "123"],
)
def test_a_well_formed_telephone_number_is_accepted(department, telephone):
    ContactPointFactory.build(department=department, telephone=telephone).full_clean()


def test_a_malformed_email_or_country_is_refused_on_its_field(department):
    contact = ContactPointFactory.build(department=department, email="not an email", country="X1")
    errors = errors_of(contact)
    assert {"email", "country"} <= set(errors)


def test_the_same_kind_of_contact_twice_in_one_division_is_refused(division):
    ContactPointFactory(department=None, division=division, contact_type_en="Press")
    contact = ContactPointFactory.build(department=None, division=division, contact_type_en="press")
    assert errors_of(contact)


def test_telephone_uri_keeps_the_digits_and_the_leading_plus():
    assert ContactPoint(telephone="+856 (21) 000-001").telephone_uri == "tel:+85621000001"
    assert ContactPoint(telephone="021 000 001").telephone_uri == "tel:021000001"


def test_home_page_shows_the_departments_contact_with_usable_links(client, department):
    ContactPointFactory(department=department, contact_type_en="General enquiries")
    html = client.get(url("org:home")).content.decode()
    assert "General enquiries" in html
    assert 'href="mailto:desk@example.org"' in html
    assert 'href="tel:+85621000001"' in html
    assert "<address>" in html and "1 Example Road" in html and "Lao" in html


def test_division_page_shows_its_own_contact_only(client, department, division):
    ContactPointFactory(department=None, division=division, contact_type_en="Division desk")
    ContactPointFactory(department=department, contact_type_en="Front office")
    html = client.get(division.get_absolute_url()).content.decode()
    assert "Division desk" in html
    assert "Front office" not in html


def test_division_pages_title_is_its_name_and_its_contact_shows_once(client, division):
    ContactPointFactory(department=None, division=division, contact_type_en="Division desk")
    html = client.get(division.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith(f"{division.name} · ")
    assert html.count('class="contact-points"') == 1


def test_pages_show_no_contact_section_when_none_is_recorded(client, department, division):
    for page in (url("org:home"), division.get_absolute_url()):
        assert 'class="contact-points"' not in client.get(page).content.decode()
    html = client.get(url("org:contact")).content.decode()
    assert "No contact details have been published yet." in html


def test_a_draft_contact_point_is_not_shown_to_visitors(client, department):
    ContactPointFactory(department=department, contact_type_en="Secret desk", draft=True)
    for page in (url("org:home"), url("org:contact")):
        assert "Secret desk" not in client.get(page).content.decode()


def test_contact_page_lists_the_department_and_every_division(client, department, division):
    ContactPointFactory(department=department, contact_type_en="Front office")
    ContactPointFactory(department=None, division=division, contact_type_en="Division desk")
    response = client.get(url("org:contact"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Front office" in html and "Division desk" in html
    assert f'<a href="{division.get_absolute_url()}">{division.name}</a>' in html
    assert "No contact details have been published yet." not in html


def test_contact_page_is_in_the_navigation_and_the_sitemap(client, department):
    html = client.get(url("org:home")).content.decode()
    assert f'href="{url("org:contact")}"' in html
    assert url("org:contact") in client.get("/sitemap.xml").content.decode()


def test_jsonld_gives_contact_points_and_the_postal_address(client, department):
    ContactPointFactory(department=department, contact_type_en="General enquiries")
    data = jsonld_of(client.get(url("org:home")))
    assert data["@type"] == "GovernmentOrganization"
    (point,) = data["contactPoint"]
    assert point == {
        "@type": "ContactPoint",
        "contactType": "General enquiries",
        "telephone": "+856 21 000 001",
        "email": "desk@example.org",
        "description": "Monday to Friday, 08:00-16:00",
    }
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 Example Road",
        "addressLocality": "Example Town",
        "postalCode": "0100",
        "addressCountry": "LA",
    }


def test_jsonld_without_contact_points_has_neither_key(client, department):
    data = jsonld_of(client.get(url("org:home")))
    assert "contactPoint" not in data and "address" not in data


def test_division_jsonld_and_contact_page_jsonld_carry_division_contacts(client, division):
    ContactPointFactory(department=None, division=division, contact_type_en="Division desk")
    data = jsonld_of(client.get(division.get_absolute_url()))
    assert data["contactPoint"][0]["contactType"] == "Division desk"
    contact_page = jsonld_of(client.get(url("org:contact")))
    sub = next(s for s in contact_page["subOrganization"] if s["name"] == division.name)
    assert sub["contactPoint"][0]["contactType"] == "Division desk"


def test_jsonld_escapes_a_closing_script_tag_in_recorded_text(client, department):
    ContactPointFactory(department=department, office_hours_en="</script><script>alert(1)")
    html = client.get(url("org:home")).content.decode()
    assert "</script><script>alert(1)" not in html
    assert jsonld_of(client.get(url("org:home")))["contactPoint"][0]["description"] == (
        "</script><script>alert(1)"
    )


def test_lao_page_shows_lao_only_once_reviewed(
    client, department, django_capture_on_commit_callbacks
):
    contact = ContactPointFactory(
        department=department, contact_type_en="General enquiries", contact_type_lo="ສອບຖາມທົ່ວໄປ"
    )
    assert "ສອບຖາມທົ່ວໄປ" not in client.get(url("org:contact", "lo")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mark_lao_reviewed(contact, reason="Lao reviewed")
    assert "ສອບຖາມທົ່ວໄປ" in client.get(url("org:contact", "lo")).content.decode()


def test_a_country_name_without_lao_is_marked_english_on_the_lao_page(client, department):
    """django-countries has no Lao names, and the Lao catalog gives only the ASEAN members':
    a screen reader must not read "Japan" as Lao."""
    ContactPointFactory(department=department, country="JP")
    assert '<span lang="en">Japan</span>' in client.get(url("org:contact", "lo")).content.decode()
    english = client.get(url("org:contact")).content.decode()
    assert "Japan" in english
    assert '<span lang="en">Japan</span>' not in english


def test_an_asean_members_name_is_in_lao_on_the_lao_page(client, department):
    ContactPointFactory(department=department, country="TH")
    lao = client.get(url("org:contact", "lo")).content.decode()
    assert "ໄທ" in lao and "Thailand" not in lao


def count_queries(client, page: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["org:home", "org:contact", "org:structure"])
def test_pages_cost_the_same_queries_with_many_contact_points(
    client, department, name, django_capture_on_commit_callbacks
):
    ContactPointFactory(department=department)
    before = count_queries(client, url(name))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            ContactPointFactory(department=department)
            ContactPointFactory(department=None, division=DivisionFactory(department=department))
    assert count_queries(client, url(name)) == before


def test_division_page_costs_the_same_queries_with_many_contact_points(
    client, division, django_capture_on_commit_callbacks
):
    ContactPointFactory(department=None, division=division)
    before = count_queries(client, division.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            ContactPointFactory(department=None, division=division)
    assert count_queries(client, division.get_absolute_url()) == before


def test_saving_a_contact_point_refreshes_the_cached_page(
    client, department, django_capture_on_commit_callbacks
):
    assert "Front office" not in client.get(url("org:contact")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ContactPointFactory(department=department, contact_type_en="Front office")
    assert "Front office" in client.get(url("org:contact")).content.decode()


def test_division_admin_adds_a_contact_point_inline(admin_client, division):
    # A draft division, saved in place: the inline, not publication, is the point.
    Division.objects.filter(pk=division.pk).update(publication_status=Publication.DRAFT)
    page = admin_client.get(admin_url(Division, "change", division.pk))
    data = admin_form_data(
        page,
        **{
            "contact_points-TOTAL_FORMS": "1",
            "contact_points-0-order": "0",
            "contact_points-0-contact_type_en": "Division desk",
            "contact_points-0-telephone": "+856 21 000 002",
            "contact_points-0-email": "division@example.org",
            "contact_points-0-publication_status": "published",
        },
    )
    response = admin_client.post(admin_url(Division, "change", division.pk), data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert division.contact_points.get().email == "division@example.org"


def test_division_admin_shows_a_bad_telephone_number_on_its_field(admin_client, division):
    page = admin_client.get(admin_url(Division, "change", division.pk))
    data = admin_form_data(
        page,
        **{
            "contact_points-TOTAL_FORMS": "1",
            "contact_points-0-order": "0",
            "contact_points-0-contact_type_en": "Division desk",
            "contact_points-0-telephone": "call the desk",
        },
    )
    response = admin_client.post(admin_url(Division, "change", division.pk), data)
    assert response.status_code == 200
    (formset,) = [
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "contact_points"
    ]
    assert "telephone" in formset.formset.forms[0].errors


def test_department_admin_has_the_contact_point_inline(admin_client, department):
    page = admin_client.get(admin_url(Department, "change", department.pk))
    assert "contact_points-TOTAL_FORMS" in page.content.decode()
