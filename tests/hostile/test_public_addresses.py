"""Every public address with a hostile part in its path or query string, and every method:
an answer (404, 405, the page, a redirect), never a server error."""

import pytest
from django.test import Client

from tests.hostile.probe import (
    Probe,
    encode,
    exported_records,
    public_addresses,
    send_until_drawn,
)
from tests.hostile.values import CORE, VALUES, chosen

pytestmark = pytest.mark.django_db

QUERY_PARAMETERS = ["preview", "page", "language", "q", "lang", "page_size"]


def segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def one_of_each_shape() -> list[str]:
    """One address per URL pattern and language (the many Divisions share one shape)."""
    chosen: dict[tuple, str] = {}
    for address in public_addresses():
        parts = address.strip("/").split("/")
        # The API's endpoints share their first two segments (api/v1): each is a shape.
        named = parts[1:3] if parts[0] == "api" else parts[1:2]
        shape = (parts[0], len(parts), parts[-1].endswith(".ics"), tuple(named))
        chosen.setdefault(shape, address)
    return sorted(chosen.values())


def with_hostile_segments(address: str, value: str):
    """The address with each of its path segments, one at a time, replaced by ``value``."""
    parts = address.split("/")
    for index, part in enumerate(parts):
        if part:
            yield "/".join([*parts[:index], segment(value), *parts[index + 1 :]])


@pytest.mark.parametrize("name", chosen(CORE))
def test_public_addresses_with_a_hostile_part_answer(visitor, staff, records, name):
    value = VALUES[name]
    probe, as_staff = Probe(visitor), Probe(staff)
    before = exported_records()
    for address in one_of_each_shape():
        for hostile in with_hostile_segments(address, value):
            probe.send("GET", hostile)
        for parameter in QUERY_PARAMETERS:
            probe.send("GET", address, query=encode([(parameter, value)]))
        # Staff get every page drawn for them (never from the page cache), previews included:
        # the parameters go together, each read by its own code (the preview, the API's pages and
        # language), and one at a time only where the page refuses them together.
        send_until_drawn(as_staff, address, QUERY_PARAMETERS, value)
        probe.send("GET", address, query=encode([(value, "1")]))
    probe.send("GET", "/", query=encode([("language", value)]))
    assert exported_records() == before
    probe.failures += as_staff.failures
    probe.check()


@pytest.mark.parametrize("method", ["HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def test_public_addresses_answer_every_method(records, method):
    probe = Probe(Client())
    body = encode(VALUES.items())
    for address in public_addresses():
        probe.send(method, address, body=body if method != "HEAD" else None)
    probe.check()


@pytest.mark.parametrize("name", chosen(CORE))
def test_a_hostile_accept_language_header_still_finds_a_language(records, name):
    probe = Probe(Client())
    value = VALUES[name].encode("utf-8", "surrogatepass").decode("latin-1")
    for address in ["/", "/en/", "/sitemap.xml"]:
        probe.client.defaults["HTTP_ACCEPT_LANGUAGE"] = value
        probe.send("GET", address)
    probe.check()
