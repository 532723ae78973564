"""Fixtures of the open data API's tests."""

import pytest
from django.test import Client

from core.contributions import api_viewsets
from org.models import Division, Person, StaffRole
from tests.factories import AppointmentFactory, PersonFactory, StaffRoleFactory

LEG_3 = "mainstreaming-peace-and-reconciliation.3"


def endpoints() -> list[str]:
    return [prefix for prefix, _dotted in api_viewsets()]


def appoint_a_holder() -> None:
    """One person in post, the Director-General (test data: the seed names no one, so the
    persons and memberships endpoints would be empty)."""
    AppointmentFactory(
        role=StaffRole.objects.get(title_en="Director-General"),
        person=PersonFactory(name_en="Test Holder", slug="test-holder", honorific_en="Ms"),
    )


@pytest.fixture
def api(seeded):
    """A client of the API, with the seeded records and one person in post."""
    appoint_a_holder()
    return Client()


def get_json(client, url: str, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def first_detail_url(client, prefix: str) -> str:
    return get_json(client, f"/api/v1/{prefix}/")["results"][0]["url"]


def ids(client, url: str) -> set[str]:
    """The ids of a list's first page."""
    return {record["id"] for record in get_json(client, url)["results"]}


def save(obj, capture) -> None:
    """Save as an editor does (``capture`` is ``django_capture_on_commit_callbacks``): once
    committed, the cached answers are stale."""
    with capture(execute=True):
        obj.save()


@pytest.fixture
def holder(api) -> Person:
    """The Director-General in post (the ``api`` fixture appoints them)."""
    return Person.objects.get(slug="test-holder")


@pytest.fixture
def division_post(api) -> StaffRole:
    """A published post of the External Partners Division."""
    division = Division.objects.get(slug="external-partners")
    return StaffRoleFactory(division=division, department=None, title_en="Desk Officer")
