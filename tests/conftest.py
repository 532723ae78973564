"""Test-only settings and fixtures shared by every test."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database after `load_seed`, as a newcomer's `make run` leaves it."""
    call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a request to a /lo/ page leaves Lao active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
