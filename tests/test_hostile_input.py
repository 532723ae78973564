"""Odd and hostile requests answer 4xx in the site's design, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

NOT_FOUND = [
    "/en/divisions/no-such-division/",
    "/lo/divisions/no-such-division/",
    "/en/divisions/" + "a" * 5000 + "/",
    "/en/divisions/%E0%BA%9E%E0%BA%B0%E0%BB%81%E0%BA%99%E0%BA%81/",  # Lao letters in a slug
    "/en/divisions/%00/",
    "/en/divisions/..%2F..%2Fetc%2Fpasswd/",
    "/en/programmes/mainstreaming-peace-and-reconciliation/legs/0/",
    "/en/programmes/mainstreaming-peace-and-reconciliation/legs/99999999999999999999/",
    "/en/programmes/mainstreaming-peace-and-reconciliation/legs/-1/",
    "/en/programmes/mainstreaming-peace-and-reconciliation/legs/4/",
    "/en/programmes/no-such-programme/legs/3/",
    "/en/programmes/no-such-programme/legs/3/calendar.ics",
    "/xx/",
    "/en-gb-xx/structure/",
    "/zz/structure/",
    "/" + "ລ" * 300 + "/",
    "/en/structure/%ff%fe/",
    "/en/" + "x/" * 500,
]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_unknown_or_hostile_paths_answer_404_in_the_site_design(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/en/"):
        assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?q=%00", "?page=-1", "?language=xx", "?" + "a=1&" * 500, "?%ff=%fe", "?next=//evil.example"],
)
def test_query_strings_are_ignored_by_the_public_pages(client, seeded, query):
    assert client.get("/en/structure/" + query).status_code == 200


def test_a_bad_language_header_falls_back_to_english(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="xx-ZZ;q=abc, ;;;")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_unknown_host_is_a_bad_request_not_an_error(client, seeded):
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


def test_pages_without_a_department_answer_404_not_500(client, db):
    for path in [
        "/en/",
        "/en/structure/",
        "/en/mandates/",
        "/en/related-bodies/",
        "/en/divisions/x/",
    ]:
        assert client.get(path).status_code == 404
    assert client.get("/en/programmes/").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_a_server_error_answers_the_500_page_in_the_site_design(seeded, monkeypatch):
    from django.test import Client

    from org import views

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(views.selectors, "get_department_overview", broken)
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'lang="lo"' in html
    assert "simulated failure" not in html


def test_the_404_page_offers_each_language_home_page(client, seeded):
    html = client.get("/en/no-such-page/").content.decode()
    assert 'href="/lo/" hreflang="lo"' in html
    assert 'href="/en/no-such-page/" hreflang' not in html


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
