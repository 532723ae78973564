"""factory-boy factories for the ``org`` models, with valid defaults, and the base every
publishable record's factory shares. Records are published unless a test asks for a draft
(``DivisionFactory(draft=True)``).

The ``programmes`` factories are in ``tests/programmes/factories.py``: this module must not
import another app, so that ``org``'s tests run with ``programmes`` uninstalled.
"""

import datetime

import factory
from django.utils import timezone

from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Mandate,
    Person,
    Pillar,
    RelatedBody,
    StaffRole,
)


class PublishableFactory(factory.django.DjangoModelFactory):
    """A record with a publication state: published by default; traits ``draft`` and
    ``published`` say so where a test is about it."""

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(publication_status="draft")
        published = factory.Trait(publication_status="published")

    publication_status = "published"


class RelatedBodyFactory(PublishableFactory):
    class Meta:
        model = RelatedBody

    name_en = factory.Sequence(lambda n: f"Ministry number {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")
    kind = RelatedBody.Kind.MINISTRY
    relation = RelatedBody.Relation.PARENT


class DepartmentFactory(PublishableFactory):
    class Meta:
        model = Department

    name_en = factory.Sequence(lambda n: f"Department number {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    parent_body = factory.SubFactory(RelatedBodyFactory)


class DivisionFactory(PublishableFactory):
    class Meta:
        model = Division

    department = factory.SubFactory(DepartmentFactory)
    name_en = factory.Sequence(lambda n: f"Division number {n}")
    slug = factory.Sequence(lambda n: f"division-{n}")
    order = factory.Sequence(lambda n: n)
    pillar = Pillar.ECONOMIC


class StaffRoleFactory(PublishableFactory):
    """A Department-wide role; pass ``division=...`` and ``department=None`` for a Division's."""

    class Meta:
        model = StaffRole

    department = factory.SubFactory(DepartmentFactory)
    division = None
    title_en = factory.Sequence(lambda n: f"Officer grade {n}")
    headcount = None


class MandateFactory(PublishableFactory):
    class Meta:
        model = Mandate

    department = factory.SubFactory(DepartmentFactory)
    order = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"mandate-{n}")
    title_en = factory.Sequence(lambda n: f"Mandate number {n}")
    text_en = "To do the work the Department is mandated to do."


class PersonFactory(PublishableFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Person number {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    honorific_en = "Ms"


class AppointmentFactory(PublishableFactory):
    """A substantive appointment that began a year ago and has not ended: current."""

    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    role = factory.SubFactory(StaffRoleFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    end_date = None
    acting = False


class ContactPointFactory(PublishableFactory):
    """A Department's contact point (test data: the seed gives none); pass ``division=...`` and
    ``department=None`` for a Division's."""

    class Meta:
        model = ContactPoint

    department = factory.SubFactory(DepartmentFactory)
    division = None
    contact_type_en = factory.Sequence(lambda n: f"Enquiries desk {n}")
    street_address_en = "1 Example Road"
    locality_en = "Example Town"
    postal_code = "0100"
    country = "LA"
    telephone = "+856 21 000 001"
    email = "desk@example.org"
    office_hours_en = "Monday to Friday, 08:00-16:00"
