import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from programmes.models import Leg
from tests.helpers import admin_form_data, admin_url, errors_of
from tests.programmes.factories import LegFactory, LegPartnerFactory, TrainingProgrammeFactory

pytestmark = pytest.mark.django_db

AFTER_Q3_2021 = datetime.date(2026, 11, 28)


def test_leg_numbers_are_unique_within_a_programme():
    leg = LegFactory(number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegFactory(programme=leg.programme, number=3)
    duplicate = LegFactory.build(programme=leg.programme, number=3)
    assert "number" in errors_of(duplicate)


def test_the_same_leg_number_may_exist_in_another_programme():
    LegFactory(number=3)
    LegFactory(number=3)
    assert Leg.objects.filter(number=3).count() == 2


def test_a_quarter_of_five_is_refused_on_the_quarter_field_and_by_the_database():
    leg = LegFactory.build(programme=TrainingProgrammeFactory(), period_quarter=5)
    assert "period_quarter" in errors_of(leg)
    with pytest.raises(IntegrityError), transaction.atomic():
        leg.save()


def test_an_end_before_the_start_is_refused_on_the_end_field_and_by_the_database():
    leg = LegFactory.build(
        programme=TrainingProgrammeFactory(),
        date_precision=Leg.Precision.DAY,
        period_year=None,
        period_quarter=None,
        start_date=datetime.date(2021, 9, 10),
        end_date=datetime.date(2021, 9, 1),
    )
    assert "end_date" in errors_of(leg)
    with pytest.raises(IntegrityError), transaction.atomic():
        leg.save()


def test_a_quarter_schedule_needs_its_quarter_and_year():
    leg = LegFactory.build(
        programme=TrainingProgrammeFactory(), period_quarter=None, period_year=None
    )
    errors = errors_of(leg)
    assert "period_quarter" in errors
    assert "period_year" in errors


def test_fields_beyond_the_precision_must_stay_empty():
    leg = LegFactory.build(programme=TrainingProgrammeFactory(), period_month=8)
    assert "period_month" in errors_of(leg)


def test_a_schedule_that_does_not_match_its_precision_is_refused_by_the_database():
    leg = LegFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(period_quarter=None)


def test_a_confirmed_schedule_must_have_exact_dates():
    leg = LegFactory.build(programme=TrainingProgrammeFactory(), schedule_confirmed=True)
    assert "schedule_confirmed" in errors_of(leg)
    with pytest.raises(IntegrityError), transaction.atomic():
        leg.save()


def test_a_leg_cannot_be_recorded_as_held_before_its_dates():
    next_year = timezone.localdate().year + 1
    leg = LegFactory.build(
        programme=TrainingProgrammeFactory(), period_year=next_year, status=Leg.Status.HELD
    )
    assert "status" in errors_of(leg)


def test_an_out_of_range_year_is_a_field_error_not_a_crash():
    leg = LegFactory.build(
        programme=TrainingProgrammeFactory(), period_year=10000, status=Leg.Status.HELD
    )
    assert "period_year" in errors_of(leg)
    assert leg.schedule_text() == "Date not stated"


def test_a_valid_exact_leg_passes_validation():
    leg = LegFactory.build(
        programme=TrainingProgrammeFactory(),
        date_precision=Leg.Precision.DAY,
        period_year=None,
        period_quarter=None,
        start_date=datetime.date(2021, 9, 1),
        end_date=datetime.date(2021, 9, 3),
        schedule_confirmed=True,
    )
    leg.full_clean()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"period_year": 2021, "period_quarter": 3}, "Third quarter of 2021, tentative"),
        ({"period_year": 2022, "period_quarter": 1}, "First quarter of 2022, tentative"),
        (
            {
                "date_precision": "month",
                "period_year": 2021,
                "period_quarter": None,
                "period_month": 8,
            },
            "August 2021, tentative",
        ),
        (
            {"date_precision": "year", "period_year": 2021, "period_quarter": None},
            "2021, tentative",
        ),
        (
            {
                "date_precision": "day",
                "period_year": None,
                "period_quarter": None,
                "start_date": datetime.date(2021, 9, 1),
                "end_date": datetime.date(2021, 9, 3),
                "schedule_confirmed": True,
            },
            "1 September 2021 to 3 September 2021, confirmed",
        ),
        (
            {
                "date_precision": "day",
                "period_year": None,
                "period_quarter": None,
                "start_date": datetime.date(2021, 9, 1),
            },
            "1 September 2021, tentative",
        ),
    ],
)
def test_the_schedule_reads_in_words_with_the_precision_of_the_source(fields, expected):
    leg = LegFactory.build(**fields)
    with translation.override("en"):
        assert leg.schedule_summary() == expected


def test_a_quarter_covers_its_three_months():
    leg = LegFactory.build(period_year=2021, period_quarter=3)
    assert (leg.period_start, leg.period_end) == (
        datetime.date(2021, 7, 1),
        datetime.date(2021, 9, 30),
    )


def test_a_month_and_a_year_cover_their_days():
    month = LegFactory.build(
        date_precision="month", period_year=2024, period_quarter=None, period_month=2
    )
    assert (month.period_start, month.period_end) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )
    year = LegFactory.build(date_precision="year", period_year=2021, period_quarter=None)
    assert (year.period_start, year.period_end) == (
        datetime.date(2021, 1, 1),
        datetime.date(2021, 12, 31),
    )


def test_tentative_leg_whose_period_has_ended_is_lapsed_not_past():
    leg = LegFactory.build(period_year=2021, period_quarter=3, schedule_confirmed=False)
    assert leg.timing(AFTER_Q3_2021) == Leg.Timing.LAPSED


def test_leg_recorded_as_held_is_past():
    leg = LegFactory.build(period_year=2021, period_quarter=3, status=Leg.Status.HELD)
    assert leg.timing(AFTER_Q3_2021) == Leg.Timing.PAST


def test_leg_before_and_during_its_period():
    leg = LegFactory.build(period_year=2021, period_quarter=3)
    assert leg.timing(datetime.date(2021, 6, 30)) == Leg.Timing.UPCOMING
    assert leg.timing(datetime.date(2021, 8, 15)) == Leg.Timing.IN_PROGRESS


def test_cancelled_leg_is_cancelled_whatever_the_date():
    leg = LegFactory.build(status=Leg.Status.CANCELLED)
    assert leg.timing(datetime.date(2021, 1, 1)) == Leg.Timing.CANCELLED


def test_partner_role_reads_with_its_rank():
    partner = LegPartnerFactory(
        name_en="ASEAN-IPR Lao PDR / ASEAN Department", role="co-proponent", rank=2
    )
    assert partner.role_label == "Co-Proponent 2"
    assert str(partner) == "ASEAN-IPR Lao PDR / ASEAN Department (Co-Proponent 2)"
    assert LegPartnerFactory(role="host").role_label == "Host"


def test_two_partners_cannot_hold_the_same_ranked_role_in_a_leg():
    partner = LegPartnerFactory(role="co-proponent", rank=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegPartnerFactory(leg=partner.leg, role="co-proponent", rank=2)


def test_leg_and_programme_read_as_their_names():
    leg = LegFactory(programme__title_en="Mainstreaming", number=3)
    assert str(leg.programme) == "Mainstreaming"
    assert str(leg) == "Mainstreaming – Leg 3"


def test_a_host_country_code_that_is_no_iso_3166_country_is_refused_on_its_field():
    leg = LegFactory.build(host_country_code="X1")
    assert "host_country_code" in errors_of(leg)


def test_a_host_country_code_typed_in_small_letters_is_stored_in_capitals():
    leg = LegFactory(host_country_code=" th ")
    leg.full_clean()
    assert leg.host_country_code == "TH"


def test_the_admin_refuses_a_made_up_country_code_and_keeps_the_other_input(admin_client, seeded):
    leg = Leg.objects.get(number=3)
    url = admin_url(Leg, "change", leg.pk)
    response = admin_client.post(
        url, admin_form_data(admin_client.get(url), host_country_code="X1", venue_en="Vientiane")
    )
    form = response.context["adminform"].form
    assert response.status_code == 200
    assert list(form.errors) == ["host_country_code"]
    assert form["venue_en"].value() == "Vientiane"
    leg.refresh_from_db()
    assert leg.host_country_code == "LA"
