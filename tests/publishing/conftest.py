"""The two people of the publishing tests, as users (``test_working_copies.py`` signs them in
as clients of its own)."""

import pytest

from publishing.roles import EDITORS, PUBLISHERS
from tests.helpers import staff_member


@pytest.fixture
def editor():
    return staff_member(EDITORS, username="editor")


@pytest.fixture
def publisher():
    return staff_member(PUBLISHERS, username="publisher")
