"""The search page, in English and in Lao: results with a title, an excerpt and a link; no results
said plainly, with the same search in the other language; hostile input answered, never a 500;
and a search costs the same queries however many records there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.models import Division
from search.forms import MAX_QUERY_LENGTH
from search.indexing import rebuild
from tests.hostile.probe import Probe, encode
from tests.hostile.values import VALUES
from tests.scale import grow_records
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db


def test_every_public_page_links_to_the_search_in_its_language(client, seeded):
    assert 'href="/en/search/"' in client.get("/en/").content.decode()
    assert 'href="/lo/search/"' in client.get("/lo/structure/").content.decode()


def test_a_search_lists_each_result_with_its_title_link_and_excerpt(client, seeded):
    rebuild()
    response = client.get("/en/search/", {"q": "dialogue partners"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert '<a href="/en/mandates/#mandate-cooperation-with-partners">' in html
    assert "<mark>Dialogue</mark> <mark>Partners</mark>" in html
    assert "results for “dialogue partners”" in html


def test_a_lao_search_finds_a_division_by_a_word_of_its_lao_name(client, seeded):
    division = Division.objects.get(slug="external-partners")
    assert mark_lao_reviewed(division, reason="Lao reviewed")
    rebuild()
    html = client.get("/lo/search/", {"q": "ຄູ່ຮ່ວມມື"}).content.decode()
    assert '<a href="/lo/divisions/external-partners/">ພະແນກ<mark>ຄູ່ຮ່ວມມື</mark>ພາຍນອກ</a>' in html


def test_no_results_says_what_was_searched_and_offers_the_other_language(client, seeded):
    rebuild()
    html = client.get("/lo/search/", {"q": "Zanzibar & co"}).content.decode()
    assert "Zanzibar &amp; co" in html
    assert 'href="/en/search/?q=Zanzibar+%26+co"' in html
    html = client.get("/en/search/", {"q": "nothing-like-this"}).content.decode()
    assert "No results for “nothing-like-this”" in html
    assert 'href="/lo/search/?q=nothing-like-this"' in html


def test_an_empty_search_shows_the_form_alone(client, seeded):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "result" not in response.content.decode().split("</form>")[1].split("</main>")[0]


def test_a_query_too_long_is_refused_with_a_message(client, seeded):
    response = client.get("/en/search/", {"q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    assert f"at most {MAX_QUERY_LENGTH} characters" in response.content.decode()


def test_hostile_queries_are_answered_never_with_a_server_error(client, seeded):
    rebuild()
    probe = Probe(client)
    for language in ("en", "lo"):
        for value in [*VALUES.values(), "ການ' OR 1=1 --", "a & b | !c <-> d:*", "\ud800ການ"]:
            response = probe.send("GET", f"/{language}/search/", query=encode([("q", value)]))
            assert response is None or response.status_code in (200, 400), value
    probe.check()


def test_a_search_costs_the_same_queries_at_one_and_twenty_times_the_records(client, seeded):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/search/", {"q": query}).status_code == 200
        return len(captured)

    rebuild()
    at_one = [queries(q) for q in ("division", "holder", "theme 2030")]
    grow_records(20)
    rebuild()
    assert (
        "Only the 30 most relevant results" in client.get("/en/search/?q=holder").content.decode()
    )
    assert [queries(q) for q in ("division", "holder", "theme 2030")] == at_one
    assert max(at_one) <= 1
