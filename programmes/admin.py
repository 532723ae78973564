"""Back office for training programmes: legs inline under their programme, partners under a leg.

A change to a leg's schedule or status asks for a short public change note; the leg keeps the
schedule it had before (``ScheduleChange``) and its public page lists them. Legs whose tentative
period has passed without confirmation are flagged on the list and on the leg itself.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
)

from backoffice.admin import HistoryAdmin, PublishableAdmin, PublishableInlineMixin
from backoffice.concurrent_editing import ConcurrentEditingAdmin
from backoffice.labels import LanguageLabelsAdmin
from core.permissions import may_publish
from core.plaintext import MultiLineTextField
from programmes.models import Leg, LegPartner, Schedule, ScheduleChange, TrainingProgramme
from programmes.schedule import REQUIRED_FOR_PRECISION
from programmes.services import save_leg_with_schedule_change
from translations.admin import LaoReviewAdmin


def schedule_changed(form: forms.ModelForm) -> bool:
    """Whether the form would change the public schedule or status of a published leg.
    Compared with the database (the working copy, on its change page: ``backoffice/drafts.py``),
    not with the form's starting values: restoring an earlier version is a change too. A leg
    never published has no public schedule yet: its changes are no public history."""
    if not form.instance.pk:
        return False
    saved = Leg.objects.filter(pk=form.instance.pk).first()
    if saved is None or not saved.is_published:
        return False
    submitted = {
        name: form.cleaned_data.get(name, getattr(form.instance, name)) for name in Schedule.FIELDS
    }
    return submitted != saved.schedule_values()


class LegAdminForm(forms.ModelForm):
    change_note_en = MultiLineTextField(
        label=_("Change note (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when the schedule or status changes: shown to the public with the earlier schedule."
        ),
    )
    change_note_lo = MultiLineTextField(
        label=_("Change note (Lao)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if schedule_changed(self) and not (cleaned.get("change_note_en") or "").strip():
            if (cleaned.get("change_note_lo") or "").strip():
                # A Lao note was given: what is missing is the English one, which every reader
                # falls back to (a visitor reads the Lao only once it is reviewed).
                message = _(
                    "The schedule or status changed: give the note in English too; the Lao "
                    "note alone is not enough."
                )
            else:
                message = _("The schedule or status changed: say why, in a short public note.")
            self.add_error("change_note_en", message)
        return cleaned

    def add_error(self, field, error):
        # A date the form could not read ("Enter a valid date") has its error already; the model
        # then checks the schedule without that field, and its "required when the precision
        # is …" (above the form, core/publication.py) would contradict it.
        if field is None and hasattr(error, "error_dict"):
            kept = {
                name: [e for e in errors if e.code != REQUIRED_FOR_PRECISION]
                if name == NON_FIELD_ERRORS
                else errors
                for name, errors in error.error_dict.items()
            }
            kept = {name: errors for name, errors in kept.items() if errors}
            if not kept:
                return
            error = ValidationError(kept)
        super().add_error(field, error)


class LegInlineForm(forms.ModelForm):
    """Under the programme, an existing leg's schedule is shown but changed only on the leg's
    own page, where the change gets its public note."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in Schedule.FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Change it on the leg's own page.")


class LegInline(PublishableInlineMixin, TranslationStackedInline):
    """A leg with its whole schedule, so that one can be added here; partners on its own page."""

    model = Leg
    form = LegInlineForm
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


class LegPartnerInline(PublishableInlineMixin, TranslationStackedInline):
    """Stacked, a few fields to a line: nine columns side by side did not fit a 1366 px screen."""

    model = LegPartner
    fields = [("name", "order"), ("role", "rank"), ("department", "related_body")]
    extra = 0


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(PublishableAdmin):
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
class LegAdmin(PublishableAdmin):
    form = LegAdminForm
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
                    "change_note_en",
                    "change_note_lo",
                ],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        # A new leg has no earlier schedule to explain: no change note on "Add leg".
        notes = ("change_note_en", "change_note_lo")
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in notes]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def save_model(self, request, obj: Leg, form, change: bool) -> None:
        if not (change and schedule_changed(form)):
            return super().save_model(request, obj, form, change)
        self.keep_publication(request, obj, change)
        save_leg_with_schedule_change(
            leg=obj,
            note_en=form.cleaned_data["change_note_en"].strip(),
            note_lo=form.cleaned_data["change_note_lo"].strip(),
        )

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            today = timezone.localdate()
            lapsed = [
                leg
                for leg in Leg.objects.select_related("programme")
                if leg.timing(today) == Leg.Timing.LAPSED
            ]
            if lapsed:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d leg's tentative period has passed without confirmation: %(legs)s. "
                        "Confirm its dates, or record it as held, postponed or cancelled.",
                        "%(count)d legs' tentative periods have passed without confirmation: %(legs)s. "
                        "Confirm their dates, or record them as held, postponed or cancelled.",
                        len(lapsed),
                    )
                    % {"count": len(lapsed), "legs": "; ".join(str(leg) for leg in lapsed)},
                )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        leg = self.get_object(request, object_id)
        if (
            request.method == "GET"
            and leg is not None
            and leg.timing(timezone.localdate()) == Leg.Timing.LAPSED
        ):
            messages.warning(
                request,
                _(
                    "This leg's tentative period (%(schedule)s) has passed without confirmation. "
                    "Confirm its dates, or record it as held, postponed or cancelled."
                )
                % {"schedule": leg.schedule_text()},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("schedule"))
    def schedule(self, obj: Leg) -> str:
        return obj.schedule_summary()

    @admin.display(description=_("timing"))
    def timing(self, obj: Leg) -> str:
        return obj.timing(timezone.localdate()).label


@admin.register(LegPartner)
class LegPartnerAdmin(PublishableAdmin):
    list_display = ["name", "role_label", "leg"]
    list_filter = ["role", "leg__programme"]
    search_fields = ["name_en", "name_lo", "leg__theme_en"]
    ordering = ["leg", "order"]
    list_select_related = ["leg", "leg__programme"]

    @admin.display(description=_("role"), ordering="role")
    def role_label(self, obj: LegPartner) -> str:
        return obj.role_label


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(
    LaoReviewAdmin, ConcurrentEditingAdmin, HistoryAdmin, LanguageLabelsAdmin, TranslationAdmin
):
    """Earlier schedules, made by changing a leg. Only the note can be edited here (to add its
    Lao translation, say); the schedule it records is history. The notes are public: only
    publishers delete one."""

    list_display = ["leg", "recorded_at", "schedule", "note"]
    list_filter = ["leg__programme"]
    search_fields = ["note_en", "note_lo", "leg__theme_en"]
    ordering = ["-recorded_at"]
    list_select_related = ["leg", "leg__programme"]
    fields = ["leg", "recorded_at", *Schedule.FIELDS, "note"]
    readonly_fields = ["leg", "recorded_at", *Schedule.FIELDS]

    def has_add_permission(self, request) -> bool:
        return False

    def has_review_lao_permission(self, request) -> bool:
        return may_publish(request.user, Leg)  # the note is the leg's: its publishers review it

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and may_publish(request.user, Leg)

    @admin.display(description=_("earlier schedule"))
    def schedule(self, obj: ScheduleChange) -> str:
        return obj.schedule_summary()
