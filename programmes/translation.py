"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from programmes.models import Leg, LegPartner, TrainingProgramme


@register(TrainingProgramme)
class TrainingProgrammeTranslation(TranslationOptions):
    fields = ("title", "short_title", "summary")


@register(Leg)
class LegTranslation(TranslationOptions):
    fields = ("theme", "description", "host_country", "venue")


@register(LegPartner)
class LegPartnerTranslation(TranslationOptions):
    fields = ("name",)
