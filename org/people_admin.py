"""Back office for people in post: a person with their appointments inline (where a secretary
records "who holds which post, since when"), every appointment in one list, and each post's
holders shown read-only on the post's page (they are edited from the person).

Photos are checked by ``org/photos.py`` (the model field's validator): the error appears beside
the photo field.
"""

import re

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.admin import (
    NamesDifferFormSet,
    PublishableAdmin,
    PublishableInlineMixin,
    UntranslatedPublishableAdmin,
)
from org.models import Appointment, Person, StaffRole
from org.models.people import Tenure, current_q, holder_message, lock_posts
from org.photos import PhotoFormField

OVERLAP_MESSAGE = _(
    "Two rows give this post to a holder (not acting) for overlapping dates: change the dates "
    "or tick “acting” on one of them."
)
NOT_RECORDED_MESSAGE = _(
    "This is not in the records (it was deleted?). To bring back an appointment, first bring "
    "back its person and its post from their deleted records."
)


def _roles_with_parents(db_field, kwargs) -> None:
    if db_field.name == "role":
        # Each choice is named with its Division: load them with the roles.
        kwargs["queryset"] = StaffRole.objects.select_related("division", "department")
    if db_field.name in ("role", "person"):
        # Restoring a deleted appointment whose person or post is deleted too: say what to do.
        kwargs.setdefault("error_messages", {})["invalid_choice"] = NOT_RECORDED_MESSAGE


ROW_POST = re.compile(r"appointments-[0-9]+-role")


def _keys(values) -> set[int]:
    return {int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit()}


class PostsLockedFirstForm(forms.ModelForm):
    """Locks the posts a save touches (``lock_posts``) before anything else: its ``clean`` runs
    before the concurrent-editing check locks the record and its rows. A post's own page locks
    the post, then its holders' rows; a person's or an appointment's page, if it locked the
    person and the appointments first, could each wait for the other's lock in a circle. Posts
    first everywhere (in key order), and saves queue instead."""

    def posts_touched(self) -> set[int]:
        return set()

    def clean(self):
        lock_posts(self.posts_touched())
        return super().clean()


# The English name is required, and the form says why. The English pages name the person, and
# the page's address is made from the name in Latin letters (``core/slugs.py``); a Lao-only name
# would leave them a transliteration nobody agreed to (an invented spelling) or Lao script.
# Officials of the Department have a spelling of their own in Latin letters (their passports,
# ASEAN's documents): the form asks for that one.
ENGLISH_NAME_HELP = _(
    "Required. The name in Latin letters as the person spells it (their passport, ASEAN "
    "documents): the English pages show it and the page's address is made from it. It is not "
    "made from the Lao name, so that no spelling is invented."
)
ENGLISH_NAME_REQUIRED = _(
    "Type the name in Latin letters as the person spells it: the English pages show it and the "
    "page's address is made from it. If you do not know it, ask the person; a Lao name alone "
    "cannot be saved."
)
LAO_NAME_HELP = _(
    "The name in Lao script. The Lao pages show it once a publisher has reviewed it; until then "
    "they show the name in Latin letters."
)


class PersonForm(PostsLockedFirstForm):
    class Meta:
        field_classes = {"photo": PhotoFormField}  # a picture too large in pixels says so

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english, lao = self.fields.get("name_en"), self.fields.get("name_lo")
        if english is not None:
            english.help_text = ENGLISH_NAME_HELP
            english.error_messages["required"] = ENGLISH_NAME_REQUIRED
        if lao is not None:
            lao.help_text = LAO_NAME_HELP

    def posts_touched(self) -> set[int]:
        named = _keys(value for key, value in self.data.items() if ROW_POST.fullmatch(key))
        if self.instance.pk:
            named |= set(self.instance.appointments.values_list("role_id", flat=True))
        return named


class AppointmentForm(PostsLockedFirstForm):
    def posts_touched(self) -> set[int]:
        named = _keys([self.data.get(self.add_prefix("role"))])
        return named | ({self.instance.role_id} if self.instance.role_id else set())


class AppointmentFormSet(NamesDifferFormSet):
    """A person's appointments. Their new and changed rows are not in the database for
    ``Appointment.clean`` to compare with one another: each row is checked here by the same rule
    (``Appointment.clash``) against the post's other stored holders and the form's earlier
    rows, so one form cannot give a post more holders than its headcount."""

    def clean(self) -> None:
        super().clean()
        replaced = [form.instance.pk for form in self.forms if form.instance.pk]
        earlier: dict[int, list[Tenure]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            appointment = form.instance
            clash = appointment.clash(
                unsaved=earlier.get(appointment.role_id, ()), replaced=replaced
            )
            if clash is not None:
                message = OVERLAP_MESSAGE if clash.person is None else holder_message(clash.person)
                form.add_error("start_date", message)
            if not appointment.acting and appointment.role_id and appointment.start_date:
                tenure = Tenure(None, appointment.start_date, appointment.end_date)
                earlier.setdefault(appointment.role_id, []).append(tenure)


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


class PostFilter(admin.SimpleListFilter):
    """By post: Django's own filter names each choice with ``str(role)``, which reads the
    role's Division once per post; here the Divisions come with the roles, in one query."""

    title = _("post")
    parameter_name = "role__id__exact"

    def lookups(self, request, model_admin):
        roles = StaffRole.objects.select_related("division", "department")
        return [(str(role.pk), str(role)) for role in roles]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(role_id=int(value))
        return queryset


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
    form = PersonForm
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
    form = AppointmentForm
    list_display = ["person", "role", "start_date", "end_date", "acting"]
    list_filter = [CurrentFilter, "acting", PostFilter]
    search_fields = ["person__name_en", "person__name_lo", "role__title_en", "role__title_lo"]
    ordering = ["role__seniority", "-start_date"]
    date_hierarchy = "start_date"
    list_select_related = ["person", "role__division"]
    fields = ["person", "role", "start_date", "end_date", "acting"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _roles_with_parents(db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
