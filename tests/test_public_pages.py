"""The public pages: what they show, in both languages (what they cost in queries:
``tests/test_query_counts.py``)."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.helpers import LEG_3_ARGS, PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def page_url(name: str, kwargs: dict, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def text_of(response) -> str:
    """The page's visible text, tags stripped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def jsonld_of(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


@pytest.mark.parametrize("language", ["en", "lo"])
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_every_page_answers_in_both_languages_with_its_language_declared(
    client, seeded, name, kwargs, language
):
    response = client.get(page_url(name, kwargs, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_every_page_links_to_itself_in_the_other_language(client, seeded, name, kwargs):
    html = client.get(page_url(name, kwargs, "en")).content.decode()
    lao = page_url(name, kwargs, "lo")
    assert f'href="{lao}" hreflang="lo" lang="lo"' in html
    assert f'hreflang="lo" href="http://testserver{lao}"' in html
    assert 'hreflang="x-default"' in html


def test_every_page_is_reachable_by_links_from_the_home_page(client, seeded):
    seen, queue = set(), [page_url("org:home", {})]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        html = client.get(url).content.decode()
        for href in re.findall(r'href="(/en/[^"#]*)"', html):
            if href not in seen and not href.endswith(".ics"):
                queue.append(href)
    for name, kwargs in PUBLIC_PAGES:
        assert page_url(name, kwargs) in seen


def test_the_root_sends_visitors_to_a_language(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 302
    assert response["Location"] == "/lo/"


def test_home_page_shows_the_department_in_brief(client, seeded):
    text = text_of(client.get(page_url("org:home", {})))
    for fact in [
        "ASEAN Department",
        "Ministry of Foreign Affairs of the Lao PDR (MOFA)",
        "2 March 1996",
        "Decree of the Prime Minister of the Lao PDR on the Establishment of the ASEAN Department",
        "ASEAN National Secretariat of the Lao PDR",
        "30 members",
        "facilitates the Ministry of Foreign Affairs and Sectoral Bodies and Macro-management",
    ]:
        assert fact in text


def test_structure_shows_every_role_and_division_and_unstated_headcounts_as_not_stated(
    client, seeded
):
    response = client.get(page_url("org:structure", {}))
    text = text_of(response)
    assert "Director-General 1" in text
    assert "Deputy Director-General 3" in text
    for role in ["Division Director", "Deputy Director", "Technical Officer"]:
        assert f"{role} not stated" in text
        assert f"{role} 0" not in text
    for division in [
        "ASEAN Political-Security Community Division",
        "ASEAN Economic Community Division",
        "ASEAN Socio-culture Community Division",
        "External Partners Division",
        "General Affairs Division",
    ]:
        assert division in text
    html = response.content.decode()
    assert '<figure class="org-chart"' in html
    assert html.index("ASEAN Political-Security") < html.index("General Affairs Division")


def test_division_page_says_what_the_source_does_not_state(client, seeded):
    text = text_of(client.get(page_url("org:division_detail", {"slug": "socio-culture-community"})))
    assert "ASEAN Socio-culture Community Division" in text
    assert "ASEAN Socio-Cultural Community" in text
    assert (
        "The source does not say which of the Department's mandates this Division carries." in text
    )


def test_mandates_page_lists_every_mandate_in_order_and_says_the_list_is_not_exhaustive(
    client, seeded
):
    from org.models import Mandate

    text = text_of(client.get(page_url("org:mandate_list", {})))
    positions = [text.index(m.text_en) for m in Mandate.objects.order_by("order")]
    assert positions == sorted(positions)
    assert "inter alia" in text


def test_related_bodies_page_shows_the_mission_and_the_asean_ipr_function(client, seeded):
    text = text_of(client.get(page_url("org:relatedbody_list", {})))
    assert "Permanent Mission of the Lao PDR to ASEAN" in text
    assert "Jakarta" in text
    assert "ASEAN-IPR Lao PDR" in text
    assert "Works under the guidance and supervision of the Department" in text


def test_lapsed_tentative_leg_is_not_listed_as_upcoming(client, seeded):
    text = text_of(client.get(page_url("programmes:programme_list", {})))
    upcoming = text[text.index("Upcoming legs") : text.index("Past legs")]
    assert "Leg 3" not in upcoming
    assert "No upcoming legs are recorded." in upcoming
    past = text[text.index("Past legs") :]
    assert "Leg 3: Post-Conflict and Reintegration Experience" in past
    assert "Tentative period ended without confirmation" in past


def test_leg_page_shows_theme_host_partners_schedule_and_that_the_date_was_never_confirmed(
    client, seeded
):
    text = text_of(client.get(page_url("programmes:leg_detail", LEG_3_ARGS)))
    for fact in [
        "Mainstreaming Peace & Reconciliation in Southeast Asia Training Programme",
        "Post-Conflict and Reintegration Experience in Southeast Asia: Focus on Reconciliation Models",
        "Host country Lao PDR",
        "ASEAN-IPR Lao PDR / ASEAN Department: Co-Proponent 2",
        "Third quarter of 2021, tentative",
        "Status Planned",
        "The date of this leg was tentative and has not been confirmed.",
    ]:
        assert fact in text


def test_an_upcoming_leg_is_listed_as_upcoming(client, seeded):
    from programmes.models import Leg

    Leg.objects.filter(number=3).update(period_year=2099)
    text = text_of(client.get(page_url("programmes:programme_list", {})))
    upcoming = text[text.index("Upcoming legs") : text.index("Past legs")]
    assert "Leg 3" in upcoming


# -- Lao pages ------------------------------------------------------------------------------------


def test_lao_pages_mark_english_fallback_content_for_screen_readers(client, seeded):
    html = client.get(page_url("org:home", {}, "lo")).content.decode()
    assert '<h1><span lang="en">ASEAN Department</span></h1>' in html
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert '<span lang="en">ASEAN Department</span>' in lead
    assert '<span lang="en">ASEAN National Secretariat of the Lao PDR</span>' in lead
    for name in ["mandate_list", "relatedbody_list"]:
        html = client.get(page_url(f"org:{name}", {}, "lo")).content.decode()
        lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
        assert '<span lang="en">ASEAN Department</span>' in lead


def test_lao_content_replaces_english_once_a_publisher_reviews_it(client, seeded):
    from org.models import Division
    from translations.state import mark_lao_reviewed

    division = Division.objects.get(slug="general-affairs")
    division.name_lo = "ພະແນກບໍລິຫານ"
    division.save()
    mark_lao_reviewed(division, reason="Lao reviewed")
    html = client.get(
        page_url("org:division_detail", {"slug": "general-affairs"}, "lo")
    ).content.decode()
    assert "<h1>ພະແນກບໍລິຫານ</h1>" in html


def test_lao_pages_show_dates_with_lao_month_names(client, seeded):
    text = text_of(client.get(page_url("org:home", {}, "lo")))
    assert "2 ມີນາ 1996" in text


def test_lao_pages_have_no_untranslated_interface_strings(client, seeded):
    html = client.get(page_url("org:structure", {}, "lo")).content.decode()
    for english in ["Structure", "Organisation chart", "not stated", "Skip to main content"]:
        assert f">{english}<" not in html


def test_the_lao_font_is_served_by_the_site_to_every_page(client, seeded):
    from django.contrib.staticfiles import finders

    assert finders.find("fonts/noto-sans-lao-400.woff2")
    fonts = Path(finders.find("css/lao-font.css")).read_text(encoding="utf-8")
    assert 'url("../fonts/noto-sans-lao-400.woff2")' in fonts
    for name in ("css/lao-font.css", "css/site.css", "css/admin.css"):
        css = Path(finders.find(name)).read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", css), (
            f"{name} must not load assets from elsewhere"
        )
    for url in (page_url("org:home", {}, "lo"), "/admin/login/"):
        assert "/static/css/lao-font.css" in client.get(url).content.decode()


# -- Machine-readable outputs ----------------------------------------------------------------------


def test_home_page_describes_the_department_as_a_government_organization(client, seeded):
    data = jsonld_of(client.get(page_url("org:home", {})))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "ASEAN Department"
    assert data["foundingDate"] == "1996-03-02"
    assert data["parentOrganization"]["name"] == "Ministry of Foreign Affairs of the Lao PDR"
    assert data["numberOfEmployees"]["value"] == 30
    assert len(data["subOrganization"]) == 5
    assert data["subOrganization"][0]["url"].endswith("/en/divisions/political-security-community/")


def test_leg_page_describes_the_leg_as_an_education_event_with_an_honest_date(client, seeded):
    data = jsonld_of(client.get(page_url("programmes:leg_detail", LEG_3_ARGS)))
    assert data["@type"] == "EducationEvent"
    # The tentative quarter ended unconfirmed: no status is claimed, the words say what is known.
    assert "eventStatus" not in data
    assert (data["startDate"], data["endDate"]) == ("2021-07", "2021-09")
    assert data["description"] == "Third quarter of 2021, tentative"
    assert data["location"]["address"]["addressCountry"] == "LA"
    assert data["organizer"][0]["name"] == "ASEAN-IPR Lao PDR / ASEAN Department"
    assert data["organizer"][0]["description"] == "Co-Proponent 2"


def test_an_upcoming_tentative_leg_is_an_event_scheduled(client, seeded):
    from programmes.models import Leg

    Leg.objects.update(period_year=2099)
    data = jsonld_of(client.get(page_url("programmes:leg_detail", LEG_3_ARGS)))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["name"] == (
        "Mainstreaming Peace & Reconciliation in Southeast Asia Training Programme – Leg 3: "
        "Post-Conflict and Reintegration Experience in Southeast Asia: Focus on Reconciliation Models"
    )


def test_lao_leg_title_is_translated_in_the_structured_data(client, seeded):
    data = jsonld_of(client.get(page_url("programmes:leg_detail", LEG_3_ARGS, "lo")))
    assert "Leg 3" not in data["name"]
    assert "ໄລຍະ" in data["name"]


def test_jsonld_cannot_be_broken_out_of_by_content(client, seeded):
    from org.models import Department

    Department.objects.update(name_en="</script><script>alert(1)</script>")
    html = client.get(page_url("org:home", {})).content.decode()
    assert "<script>alert(1)" not in html
    assert (
        jsonld_of(client.get(page_url("org:home", {})))["name"]
        == "</script><script>alert(1)</script>"
    )


def test_sitemap_lists_only_divisions_that_have_a_page(client, seeded):
    from tests.factories import DivisionFactory

    other = DivisionFactory(slug="of-another-department")
    assert client.get(other.get_absolute_url()).status_code == 404
    assert "of-another-department" not in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_every_public_page_in_both_languages(client, seeded):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = set(re.findall(r"<loc>http://testserver(.*?)</loc>", response.content.decode()))
    for name, kwargs in PUBLIC_PAGES:
        for language in ("en", "lo"):
            assert page_url(name, kwargs, language) in locations
    for slug in ["political-security-community", "economic-community", "external-partners"]:
        assert f"/lo/divisions/{slug}/" in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_reads_addresses_not_the_records_text(client, seeded):
    # Two queries (Divisions' slugs; legs' numbers with their programme's slug): no record's
    # text, partners or schedule changes, which a sitemap never shows.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    selected = [query["sql"].partition(" FROM ")[0] for query in queries]
    assert len(selected) == 2, selected
    for text_column in ('"name_en"', '"name_lo"', '"theme_en"', '"theme_lo"', "lao_reviewed"):
        assert not any(text_column in columns for columns in selected), text_column
