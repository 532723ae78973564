"""Which text fields staff can enter in Lao beside English (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from core.contributions import content_models
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
for model in content_models("programmes"):
    simple_history.register(model, m2m_fields=[f.name for f in model._meta.many_to_many])
