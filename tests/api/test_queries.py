"""Each endpoint costs the same queries at the seed's size and at twenty times it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import endpoints, first_detail_url
from tests.scale import grow_records

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("prefix", endpoints())
def test_a_list_and_a_record_cost_the_same_queries_at_twenty_times_the_seed(
    api, prefix, django_capture_on_commit_callbacks
):
    # A page size that holds every record at both sizes: the whole list is serialized.
    addresses = [f"/api/v1/{prefix}/?page_size=200", first_detail_url(api, prefix)]
    at_seed_size = [count_queries(api, address) for address in addresses]
    # Committing the new records makes the cached answers stale: both counts are of making them.
    with django_capture_on_commit_callbacks(execute=True):
        grow_records(20)
    assert [count_queries(api, address) for address in addresses] == at_seed_size
    assert max(at_seed_size) <= 5
