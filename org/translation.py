"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from core.contributions import content_models
from org.models import (
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
# the English and Lao columns too: of each content model (``apps.py``), with its links to others.
for model in content_models("org"):
    simple_history.register(model, m2m_fields=[f.name for f in model._meta.many_to_many])
