"""Fixtures of the open data API's tests."""

import pytest
from django.test import Client

from config.contributions import api_viewsets
from org.models import StaffRole
from tests.factories import AppointmentFactory, PersonFactory

LEG_3 = "mainstreaming-peace-and-reconciliation.3"


def endpoints() -> list[str]:
    return [prefix for prefix, _dotted in api_viewsets()]


@pytest.fixture
def api(seeded):
    """A client of the API, with the seeded records and one person in post: the Director-General
    (test data: the seed names no one, so the persons and memberships endpoints would be empty)."""
    AppointmentFactory(
        role=StaffRole.objects.get(title_en="Director-General"),
        person=PersonFactory(name_en="Test Holder", slug="test-holder", honorific_en="Ms"),
    )
    return Client()


def get_json(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def first_detail_url(client, prefix: str) -> str:
    return get_json(client, f"/api/v1/{prefix}/")["results"][0]["url"]
