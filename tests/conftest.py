"""Test-only settings and fixtures shared by every test."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database after `load_seed`, as a newcomer's `make run` leaves it."""
    call_command("load_seed", verbosity=0)
