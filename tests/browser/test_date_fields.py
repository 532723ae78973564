"""A back-office date field in Chromium (core/dates.py, config/formats/): shown day first, and
the calendar's "Today" writes the date day first too, which the field reads."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from programmes.models import Leg
from tests.browser.support import PASSWORD, signed_in
from tests.helpers import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_calendar_writes_the_date_day_first_and_it_is_saved(
    contexts, live_server, django_user_model, language
):
    call_command("load_seed", verbosity=0)
    django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    tab = signed_in(contexts, live_server, "boss")
    tab.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    leg = Leg.objects.get()
    Leg.objects.filter(pk=leg.pk).update(
        date_precision="day",
        period_year=None,
        period_quarter=None,
        start_date=datetime.date(2027, 3, 1),
        publication_status="draft",
    )
    tab.goto(live_server.url + admin_url(Leg, "change", leg.pk))
    assert tab.input_value("#id_start_date") == "01/03/2027"
    # "Today" beside the end date, written by Django's calendar script.
    tab.locator("#id_end_date").locator("xpath=..").get_by_role("link").first.click()
    today = timezone.localdate()
    assert tab.input_value("#id_end_date") == today.strftime("%d/%m/%Y")
    tab.fill("#id_start_date", "໐໑/໐໒/໒໐໒໖")  # Lao digits: 1 February 2026
    with tab.expect_navigation():
        tab.click("input[name=_continue]")
    leg.refresh_from_db()
    assert (leg.start_date, leg.end_date) == (datetime.date(2026, 2, 1), today)
    assert tab.input_value("#id_start_date") == "01/02/2026"
