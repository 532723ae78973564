"""A record has one address in the API: its ``id``, written as the API writes it. Any other
spelling of the same key (a leading zero, a sign, a space, a decimal point, other digits, other
letter case) is a 404, not a second address of the record: each would be one more answer in
the cache, and one more key for the same record in a client's data."""

from urllib.parse import quote

import pytest

from tests.api.conftest import LEG_3, endpoints, get_json

pytestmark = pytest.mark.django_db

# Digits a lax parser reads as 0-9 (Python's int() and str.isdigit() do): the first of each set.
OTHER_ZEROS = {"arabic-indic": 0x0660, "lao": 0x0ED0, "fullwidth": 0xFF10}


def number_spellings(number: str) -> set[str]:
    """Other ways of writing the whole number ``number``."""
    spellings = {f"0{number}", number.zfill(4), f"+{number}", f" {number}", f"{number}.0"}
    for zero in OTHER_ZEROS.values():
        spellings.add("".join(chr(zero + int(digit)) for digit in number))
    return spellings


def other_spellings(identifier: str) -> set[str]:
    """Other ways of writing ``identifier`` that a lax lookup could take for it."""
    head, dot, last = identifier.rpartition(".")
    spellings = {identifier.upper(), f"{identifier} ", f" {identifier}"}
    if last.isdigit():
        spellings |= {f"{head}{dot}{number}" for number in number_spellings(last)}
    return spellings - {identifier}


def answer_to(client, identifier: str, prefix: str) -> int:
    return client.get(f"/api/v1/{prefix}/{quote(identifier, safe='.')}/").status_code


@pytest.mark.parametrize("prefix", endpoints())
def test_a_records_id_written_another_way_is_no_address_of_it(api, prefix):
    results = get_json(api, f"/api/v1/{prefix}/")["results"]
    answered = {}
    for record in (results[0], results[-1]):
        assert answer_to(api, record["id"], prefix) == 200
        for spelling in other_spellings(record["id"]):
            answered[spelling] = answer_to(api, spelling, prefix)
    assert {spelling: status for spelling, status in answered.items() if status != 404} == {}


def test_leg_3_with_leading_zeros_is_not_a_second_address_of_leg_3(api):
    slug, _dot, number = LEG_3.rpartition(".")
    assert api.get(f"/api/v1/legs/{slug}.{number}/").status_code == 200
    response = api.get(f"/api/v1/legs/{slug}.{number.zfill(4)}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
