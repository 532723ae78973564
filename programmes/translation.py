"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from programmes.models import Leg, LegPartner, ScheduleChange, TrainingProgramme


@register(TrainingProgramme)
class TrainingProgrammeTranslation(TranslationOptions):
    fields = ("title", "short_title", "summary")


@register(Leg)
class LegTranslation(TranslationOptions):
    fields = ("theme", "description", "host_country", "venue")


@register(LegPartner)
class LegPartnerTranslation(TranslationOptions):
    fields = ("name",)


@register(ScheduleChange)
class ScheduleChangeTranslation(TranslationOptions):
    fields = ("note",)


# Change history, registered after the translation options (see org/translation.py).
for model in (TrainingProgramme, Leg, LegPartner, ScheduleChange):
    simple_history.register(model)
