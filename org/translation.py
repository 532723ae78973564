"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Mandate,
    Person,
    RelatedBody,
    StaffRole,
)


@register(RelatedBody)
class RelatedBodyTranslation(TranslationOptions):
    fields = ("name", "short_name", "location", "description")


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name", "short_name", "establishing_instrument", "designation", "summary")


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(StaffRole)
class StaffRoleTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Mandate)
class MandateTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "honorific", "photo_alt")


@register(ContactPoint)
class ContactPointTranslation(TranslationOptions):
    fields = ("contact_type", "street_address", "locality", "region", "office_hours")


# Change history, registered after the translation options so that the historical records carry
# the English and Lao columns too.
for model in (RelatedBody, Department, Division, StaffRole, Person, Appointment, ContactPoint):
    simple_history.register(model)
simple_history.register(Mandate, m2m_fields=["divisions"])
