"""Back office for people in post: a person with their appointments inline (where a secretary
records "who holds which post, since when"), every appointment in one list, and each post's
holders shown read-only on the post's page (they are edited from the person).

Photos are checked by ``org/photos.py`` (the model field's validator): the error appears beside
the photo field.
"""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.admin import (
    NamesDifferFormSet,
    PublishableAdmin,
    PublishableInlineMixin,
    UntranslatedPublishableAdmin,
)
from org.models import Appointment, Person, StaffRole
from org.models.people import current_q

OVERLAP_MESSAGE = _(
    "Two rows give this post to a holder (not acting) for overlapping dates: change the dates "
    "or tick “acting” on one of them."
)


def _roles_with_parents(db_field, kwargs) -> None:
    if db_field.name == "role":
        # Each choice is named with its Division: load them with the roles.
        kwargs["queryset"] = StaffRole.objects.select_related("division", "department")


class AppointmentFormSet(NamesDifferFormSet):
    """New rows are not in the database yet for ``Appointment.clean`` to compare with one
    another: two rows of one form giving one single-holder post to two people at once are
    refused here. (Posts with a headcount above one are left to the model's check.)"""

    def clean(self) -> None:
        super().clean()
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("acting"):
                continue
            role, start = data.get("role"), data.get("start_date")
            if role is None or start is None or (role.headcount or 1) > 1:
                continue
            end = data.get("end_date")
            for other_role, other_start, other_end in rows:
                if (
                    other_role == role
                    and (end is None or other_start <= end)
                    and (other_end is None or other_end >= start)
                ):
                    form.add_error("start_date", OVERLAP_MESSAGE)
                    break
            rows.append((role, start, end))


class AppointmentInline(PublishableInlineMixin, admin.TabularInline):
    model = Appointment
    formset = AppointmentFormSet
    fields = ["role", "start_date", "end_date", "acting"]
    extra = 0
    verbose_name = _("appointment to a post")
    verbose_name_plural = _("appointments to posts")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _roles_with_parents(db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PostHoldersInline(admin.TabularInline):
    """On a post's page: who holds and held it. Read-only; appointments are edited from the
    person (or the list of appointments), where the change link leads."""

    model = Appointment
    fk_name = "role"
    fields = ["person", "start_date", "end_date", "acting", "publication_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("holder")
    verbose_name_plural = _("holders (recorded under each person)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Past or future"))]

    def queryset(self, request, queryset):
        today = current_q(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(today)
        if self.value() == "no":
            return queryset.exclude(today)
        return queryset


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    list_display = ["name", "honorific", "has_photo", "posts"]
    search_fields = ["name_en", "name_lo", "honorific_en"]
    ordering = ["name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [AppointmentInline]
    fieldsets = [
        (None, {"fields": ["honorific", "name", "slug"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt"]}),
    ]

    def get_queryset(self, request):
        appointments = Appointment.objects.filter(current_q(timezone.localdate()))
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "appointments",
                    queryset=appointments.select_related("role__division"),
                    to_attr="current_appointments",
                )
            )
        )

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, obj: Person) -> bool:
        return bool(obj.photo)

    @admin.display(description=_("current posts"))
    def posts(self, obj: Person) -> str:
        return ", ".join(str(a.role) for a in obj.current_appointments) or "—"


@admin.register(Appointment)
class AppointmentAdmin(UntranslatedPublishableAdmin):
    list_display = ["person", "role", "start_date", "end_date", "acting"]
    list_filter = [CurrentFilter, "acting", "role"]
    search_fields = ["person__name_en", "person__name_lo", "role__title_en", "role__title_lo"]
    ordering = ["role__seniority", "-start_date"]
    date_hierarchy = "start_date"
    list_select_related = ["person", "role__division"]
    fields = ["person", "role", "start_date", "end_date", "acting"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _roles_with_parents(db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
