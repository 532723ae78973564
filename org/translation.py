"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from org.models import Department, Division, Mandate, RelatedBody, StaffRole


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
