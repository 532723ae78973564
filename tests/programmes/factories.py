"""factory-boy factories for the ``programmes`` models, with valid defaults; published unless a
test asks for a draft (``LegFactory(draft=True)``)."""

import datetime

import factory

from programmes.models import Leg, LegPartner, TrainingProgramme
from tests.factories import PublishableFactory


class TrainingProgrammeFactory(PublishableFactory):
    class Meta:
        model = TrainingProgramme

    title_en = factory.Sequence(lambda n: f"Training programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class LegFactory(PublishableFactory):
    """A tentative leg known only to a quarter, like the seed's Leg 3.

    Traits: ``exact_dates`` (a start date, no period; pass ``start_date``/``end_date`` for
    others) and ``confirmed`` (exact dates, confirmed: the schedule rule allows no other).
    """

    class Meta:
        model = Leg

    class Params:
        exact_dates = factory.Trait(
            date_precision=Leg.Precision.DAY,
            period_year=None,
            period_quarter=None,
            start_date=datetime.date(2027, 3, 1),
        )
        confirmed = factory.Trait(exact_dates=True, schedule_confirmed=True)

    programme = factory.SubFactory(TrainingProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    theme_en = factory.Sequence(lambda n: f"Theme of leg {n}")
    host_country_en = "Lao PDR"
    host_country_code = "LA"
    date_precision = Leg.Precision.QUARTER
    period_year = 2021
    period_quarter = 3
    schedule_confirmed = False
    status = Leg.Status.PLANNED


class LegPartnerFactory(PublishableFactory):
    class Meta:
        model = LegPartner

    leg = factory.SubFactory(LegFactory)
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    role = LegPartner.Role.PARTNER
