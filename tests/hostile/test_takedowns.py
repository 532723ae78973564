"""Attacks on the page cache and the API's: a page taken down while visitors keep asking for it,
answers poisoned through a query string or a header, made-up session cookies.

In the app alone (the test client, threads for concurrent visitors); the same attacks through
nginx are in tests/test_nginx.py.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from tests.helpers import LEG_3

CONCURRENT = 36
LEG_3_RECORD = "/api/v1/legs/mainstreaming-peace-and-reconciliation.3/"


def at_once(path: str) -> Counter:
    """The statuses of ``CONCURRENT`` GETs of ``path``, twelve at a time, each thread a visitor."""

    def visit(_number: int) -> int:
        try:
            return Client().get(path).status_code
        finally:
            connections.close_all()  # this thread's own; the test database is dropped at the end

    with ThreadPoolExecutor(max_workers=12) as pool:
        return Counter(pool.map(visit, range(CONCURRENT)))


@pytest.mark.django_db(transaction=True)
def test_a_leg_unpublished_while_visitors_ask_for_it_is_gone_for_every_one_of_them(seeded):
    from programmes.models import Leg

    assert at_once(LEG_3) == {200: CONCURRENT}  # stored in the page cache
    leg = Leg.objects.get(programme__slug="mainstreaming-peace-and-reconciliation", number=3)
    leg.publication_status = "draft"
    leg.save()  # committed at once: no transaction around the test
    assert at_once(LEG_3) == {404: CONCURRENT}
    assert at_once(LEG_3_RECORD) == {404: CONCURRENT}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/v1/mandates/?page_size=1", {}),
        ("/api/v1/mandates/?lang=lo", {}),
        ("/api/v1/mandates/", {"HTTP_ACCEPT": "application/json; indent=8"}),
        ("/api/v1/mandates/", {"HTTP_ACCEPT_LANGUAGE": "lo"}),
        ("/api/v1/mandates/", {"HTTP_ACCEPT_ENCODING": "gzip"}),
    ],
)
def test_no_query_string_or_header_chooses_the_cached_api_answer_others_get(seeded, path, headers):
    from django.core.cache import cache

    plain = Client().get("/api/v1/mandates/").content
    cache.clear()
    Client().get(path, **headers)  # the attacker's, first into the cache
    answer = Client().get("/api/v1/mandates/")
    assert answer["Content-Language"] == "en"
    assert answer.content == plain


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cookie", ["garbage", "0" * 32, "0123456789abcdefghijklmnopqrstuv", "A" * 40, "9" * 2000]
)
def test_a_made_up_session_cookie_gets_the_stored_page_not_a_render(
    seeded, cookie, django_assert_max_num_queries
):
    Client().get("/en/structure/")
    attacker = Client()
    attacker.cookies["sessionid"] = cookie
    with django_assert_max_num_queries(1):  # the session store's look-up, at most
        response = attacker.get("/en/structure/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
