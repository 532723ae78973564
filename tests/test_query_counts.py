"""Every public page, calendar, the sitemap and every API answer cost the same number of queries
however many records there are: a query per row (an N+1) would show as more queries once the
records grow.

The data are built once for the module: the seed (with one person in post, since the seed names
no one), each address counted; then the records doubled (``grow_records(2)``: one more copy of
every kind of row is enough to tell a fixed count from one that grows), each address counted
again. Each test compares one address's two counts.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pages.cache.local import local_pages
from tests.api.conftest import appoint_a_holder, endpoints
from tests.helpers import LEG_3_ARGS, PUBLIC_PAGES
from tests.scale import grow_records
from tests.seedrows import insert

# The counts are taken by the module's fixture; the mark makes pytest-django set the database up
# when these tests run alone.
pytestmark = pytest.mark.django_db

PAGES = [
    *PUBLIC_PAGES,
    ("programmes:leg_ics", LEG_3_ARGS),
    ("programmes:all_legs_ics", {}),
]
# The most any public page may cost: the structure page reads the posts' holders too.
MOST_FOR_A_PAGE = 6
MOST_FOR_AN_API_ANSWER = 5


def page_addresses() -> list[str]:
    with translation.override("en"):
        return [reverse(name, kwargs=kwargs) for name, kwargs in PAGES] + ["/sitemap.xml"]


def api_addresses(client: Client) -> dict[str, list[str]]:
    """Each endpoint's list (a page size that holds every record at both sizes, so the whole
    list is serialized) and its first record."""
    return {
        prefix: [
            f"/api/v1/{prefix}/?page_size=200",
            client.get(f"/api/v1/{prefix}/").json()["results"][0]["url"],
        ]
        for prefix in endpoints()
    }


def count(client: Client, addresses: list[str]) -> dict[str, int]:
    """Queries per address, each rendered afresh (the page cache emptied first)."""
    cache.clear()
    local_pages.clear()
    counts = {}
    for address in addresses:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        counts[address] = len(queries)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker, seed_rows) -> tuple[dict, dict, dict]:
    """(counts at the seed's size, counts at twice it, the API's addresses)."""
    client = Client()
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        insert(seed_rows)
        appoint_a_holder()
        api = api_addresses(client)
        addresses = page_addresses() + [a for pair in api.values() for a in pair]
        at_seed_size = count(client, addresses)
        grow_records(2)
        grown = count(client, addresses)
        transaction.set_rollback(True)
    cache.clear()
    return at_seed_size, grown, api


@pytest.mark.parametrize("address", page_addresses())
def test_a_page_costs_the_same_queries_when_the_records_grow(counts, address):
    at_seed_size, grown, _api = counts
    assert grown[address] == at_seed_size[address]
    assert at_seed_size[address] <= MOST_FOR_A_PAGE


@pytest.mark.parametrize("prefix", endpoints())
def test_an_api_list_and_record_cost_the_same_queries_when_the_records_grow(counts, prefix):
    at_seed_size, grown, api = counts
    addresses = api[prefix]
    assert [grown[a] for a in addresses] == [at_seed_size[a] for a in addresses]
    assert max(at_seed_size[a] for a in addresses) <= MOST_FOR_AN_API_ANSWER
