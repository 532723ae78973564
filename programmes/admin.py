"""Back office for training programmes: legs inline under their programme, partners under a leg."""

import datetime

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from programmes.models import Leg, LegPartner, TrainingProgramme


class LegInline(TranslationStackedInline):
    """A leg with its whole schedule, so that one can be added here; partners on its own page."""

    model = Leg
    fields = [
        ("number", "status"),
        "theme",
        ("date_precision", "schedule_confirmed"),
        ("start_date", "end_date"),
        ("period_year", "period_quarter", "period_month"),
    ]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # Each leg's title names its programme.
        return super().get_queryset(request).select_related("programme")


class LegPartnerInline(TranslationTabularInline):
    model = LegPartner
    fields = ["order", "name", "role", "rank", "department", "related_body"]
    extra = 0


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(TranslationAdmin):
    list_display = ["title", "short_title", "leg_count"]
    search_fields = ["title_en", "title_lo", "short_title_en", "summary_en"]
    ordering = ["title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [LegInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_legs=Count("legs"))

    @admin.display(description=_("legs"), ordering="num_legs")
    def leg_count(self, obj: TrainingProgramme) -> int:
        return obj.num_legs


@admin.register(Leg)
class LegAdmin(TranslationAdmin):
    list_display = ["__str__", "theme", "schedule", "status", "timing"]
    list_filter = ["programme", "status", "schedule_confirmed", "date_precision", "period_year"]
    search_fields = [
        "theme_en",
        "theme_lo",
        "programme__title_en",
        "partners__name_en",
        "host_country_en",
    ]
    ordering = ["programme", "number"]
    list_select_related = ["programme"]
    inlines = [LegPartnerInline]
    fieldsets = [
        (None, {"fields": ["programme", "number", "theme", "description"]}),
        (_("Place"), {"fields": ["host_country", "host_country_code", "venue"]}),
        (
            _("Schedule"),
            {
                "description": _(
                    "Give exact dates when known. Otherwise choose the precision the source gives "
                    "(a month, a quarter or a year) and fill in only those fields."
                ),
                "fields": [
                    "date_precision",
                    ("start_date", "end_date"),
                    ("period_year", "period_quarter", "period_month"),
                    "schedule_confirmed",
                    "status",
                ],
            },
        ),
    ]

    @admin.display(description=_("schedule"))
    def schedule(self, obj: Leg) -> str:
        return obj.schedule_summary()

    @admin.display(description=_("timing"))
    def timing(self, obj: Leg) -> str:
        return obj.timing(datetime.date.today()).label


@admin.register(LegPartner)
class LegPartnerAdmin(TranslationAdmin):
    list_display = ["name", "role_label", "leg"]
    list_filter = ["role", "leg__programme"]
    search_fields = ["name_en", "name_lo", "leg__theme_en"]
    ordering = ["leg", "order"]
    list_select_related = ["leg", "leg__programme"]

    @admin.display(description=_("role"), ordering="role")
    def role_label(self, obj: LegPartner) -> str:
        return obj.role_label
