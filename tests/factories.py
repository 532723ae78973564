"""factory-boy factories for every model, with valid defaults. Records are published unless a
test asks for a draft (``publication_status="draft"``)."""

import factory

from org.models import Department, Division, Mandate, Pillar, RelatedBody, StaffRole
from programmes.models import Leg, LegPartner, TrainingProgramme


class RelatedBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedBody

    publication_status = "published"

    name_en = factory.Sequence(lambda n: f"Ministry number {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")
    kind = RelatedBody.Kind.MINISTRY
    relation = RelatedBody.Relation.PARENT


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    publication_status = "published"

    name_en = factory.Sequence(lambda n: f"Department number {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    parent_body = factory.SubFactory(RelatedBodyFactory)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    publication_status = "published"

    department = factory.SubFactory(DepartmentFactory)
    name_en = factory.Sequence(lambda n: f"Division number {n}")
    slug = factory.Sequence(lambda n: f"division-{n}")
    order = factory.Sequence(lambda n: n)
    pillar = Pillar.ECONOMIC


class StaffRoleFactory(factory.django.DjangoModelFactory):
    """A Department-wide role; pass ``division=...`` and ``department=None`` for a Division's."""

    class Meta:
        model = StaffRole

    publication_status = "published"

    department = factory.SubFactory(DepartmentFactory)
    division = None
    title_en = factory.Sequence(lambda n: f"Officer grade {n}")
    headcount = None


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    publication_status = "published"

    department = factory.SubFactory(DepartmentFactory)
    order = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"mandate-{n}")
    title_en = factory.Sequence(lambda n: f"Mandate number {n}")
    text_en = "To do the work the Department is mandated to do."


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    publication_status = "published"

    title_en = factory.Sequence(lambda n: f"Training programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")


class LegFactory(factory.django.DjangoModelFactory):
    """A tentative leg known only to a quarter, like the seed's Leg 3."""

    class Meta:
        model = Leg

    publication_status = "published"

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


class LegPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegPartner

    publication_status = "published"

    leg = factory.SubFactory(LegFactory)
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    role = LegPartner.Role.PARTNER
