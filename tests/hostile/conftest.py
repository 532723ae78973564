"""Fixtures of the hostile-input suite: a small set of records, one of every kind the admin
shows, and a signed-in superuser.

Small on purpose: each admin page is rendered hundreds of times, and its cost grows with the
rows of its inlines. The seed has many; here each parent has one child of each kind.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.hostile.probe import QuietClient


@pytest.fixture
def records(db):
    from programmes.models import Leg
    from programmes.services import save_leg_with_schedule_change
    from tests import factories
    from tests.programmes import factories as programme_factories

    ministry = factories.RelatedBodyFactory(slug="ministry")
    factories.RelatedBodyFactory(part_of=ministry, kind="permanent-mission", relation="guided")
    department = factories.DepartmentFactory(parent_body=ministry, slug="asean")
    division = factories.DivisionFactory(department=department)
    factories.StaffRoleFactory(department=department, headcount=3)
    division_role = factories.StaffRoleFactory(department=None, division=division)
    # A person in post (with a past and a current appointment) and contact points of both kinds.
    person = factories.PersonFactory()
    factories.AppointmentFactory(
        person=person, role=division_role, start_date="2020-01-01", end_date="2021-12-31"
    )
    factories.AppointmentFactory(person=person, role=division_role, start_date="2022-01-01")
    factories.ContactPointFactory(department=department)
    factories.ContactPointFactory(department=None, division=division)
    factories.MandateFactory(department=department).divisions.add(division)
    leg = programme_factories.LegFactory(
        date_precision=Leg.Precision.DAY,
        period_year=None,
        period_quarter=None,
        start_date="2030-03-01",
        end_date="2030-03-05",
    )
    programme_factories.LegPartnerFactory(leg=leg, department=department, rank=1)
    save_leg_with_schedule_change(leg=leg, note_en="First planned for March.")
    get_user_model().objects.create_user("sample-user", "user@example.org", "pw")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("hostile-admin", "admin@example.org", "pw")


@pytest.fixture
def staff(superuser):
    """A signed-in superuser's client."""
    client = QuietClient()
    client.force_login(superuser)
    return client


@pytest.fixture
def visitor():
    return QuietClient()


@pytest.fixture(autouse=True)
def untraced():
    """Run every hostile test untraced by line coverage (``make coverage``, CI's PostgreSQL run).
    They send thousands of requests through code the feature tests already cover, and tracing
    them cost two thirds again of their time; their worth is in their assertions (no 5xx,
    nothing lost), not in coverage.

    Every running measurement is paused, not only the newest: an xdist worker has two (the one
    pytest-cov starts for subprocesses as the interpreter starts, and the worker's own), and
    pausing only one left the tracer running."""
    try:
        import coverage
    except ImportError:  # a run without the dev tools
        yield
        return
    paused = []
    while (current := coverage.Coverage.current()) is not None:
        current.stop()
        paused.append(current)
    try:
        yield
    finally:
        for measurement in reversed(paused):
            measurement.start()


@pytest.fixture(autouse=True)
def quiet_request_log():
    """Thousands of refused requests would each log a warning, with a traceback, to the
    console; the server errors this suite looks for are caught by ``Probe`` instead."""
    import logging

    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
