"""Back office for the Department's records.

English and Lao fields stand side by side (modeltranslation's admin classes); children are edited
inline under their parent: Divisions, Department-wide roles and mandates under the Department,
a Division's own roles under the Division.

Publication, history and preview come from ``backoffice/admin.py``, shared with every app.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationStackedInline,
    TranslationTabularInline,
)

from backoffice.admin import PublishableAdmin, PublishableInlineMixin

# The back office for people in post lives in its own module, which registers PersonAdmin and
# AppointmentAdmin when imported. Django imports only this module (``org.admin``), so it is
# imported here as a whole, on purpose: moving ``PostHoldersInline`` cannot unregister them.
from org import people_admin
from org.models import (
    ContactPoint,
    Department,
    Division,
    Mandate,
    RelatedBody,
    StaffRole,
)

NOT_STATED = _("not stated")


def headcount_display(value: int | None) -> str:
    """A headcount as staff should read it: an empty one is "not stated", never 0."""
    return NOT_STATED if value is None else str(value)


class HeadcountStatedFilter(admin.SimpleListFilter):
    title = _("headcount")
    parameter_name = "headcount_stated"

    def lookups(self, request, model_admin):
        return [("yes", _("Stated")), ("no", _("Not stated"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(headcount__isnull=False)
        if self.value() == "no":
            return queryset.filter(headcount__isnull=True)
        return queryset


class DivisionInline(PublishableInlineMixin, TranslationTabularInline):
    model = Division
    fields = ["order", "name", "slug", "pillar"]
    prepopulated_fields = {"slug": ["name_en"]}
    extra = 0
    show_change_link = True


class DepartmentRoleInline(PublishableInlineMixin, TranslationTabularInline):
    model = StaffRole
    fk_name = "department"
    fields = ["seniority", "title", "headcount"]
    extra = 0
    verbose_name = _("Department-wide staff role")
    verbose_name_plural = _("Department-wide staff roles")


class DivisionRoleInline(PublishableInlineMixin, TranslationTabularInline):
    model = StaffRole
    fk_name = "division"
    fields = ["seniority", "title", "headcount"]
    extra = 0


class _ContactPointInline(PublishableInlineMixin, TranslationStackedInline):
    model = ContactPoint
    fields = [
        "order",
        "contact_type",
        "street_address",
        "locality",
        "region",
        "postal_code",
        "country",
        "telephone",
        "email",
        "office_hours",
    ]
    extra = 0
    # Addresses take many lines in two languages: folded, like the mandates.
    classes = ["collapse"]


class DepartmentContactInline(_ContactPointInline):
    fk_name = "department"


class DivisionContactInline(_ContactPointInline):
    fk_name = "division"


class MandateInline(PublishableInlineMixin, TranslationStackedInline):
    model = Mandate
    fields = ["order", "slug", "title", "text"]
    prepopulated_fields = {"slug": ["title_en"]}
    extra = 0
    show_change_link = True
    # Each mandate is a long text in two languages: folded, the Department's page stays short.
    classes = ["collapse"]


@admin.register(RelatedBody)
class RelatedBodyAdmin(PublishableAdmin):
    list_display = ["name", "short_name", "kind", "relation", "part_of", "location", "order"]
    list_filter = ["kind", "relation"]
    search_fields = ["name_en", "name_lo", "short_name_en", "short_name_lo", "location_en"]
    ordering = ["order", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["part_of"]


@admin.register(Department)
class DepartmentAdmin(PublishableAdmin):
    list_display = [
        "name",
        "parent_body",
        "established_on",
        "designation",
        "staff_total",
        "division_count",
    ]
    list_filter = ["parent_body"]
    search_fields = ["name_en", "name_lo", "short_name_en", "designation_en", "designation_lo"]
    ordering = ["name_en"]
    date_hierarchy = "established_on"
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["parent_body"]
    inlines = [DivisionInline, DepartmentRoleInline, MandateInline, DepartmentContactInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "parent_body", "summary"]}),
        (
            _("Establishment and designation"),
            {"fields": ["established_on", "establishing_instrument", "designation"]},
        ),
        (_("Staff and mandates"), {"fields": ["stated_staff_total", "mandates_are_exhaustive"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_divisions=Count("divisions"))

    @admin.display(description=_("stated total staff"), ordering="stated_staff_total")
    def staff_total(self, obj: Department) -> str:
        return headcount_display(obj.stated_staff_total)

    @admin.display(description=_("divisions"), ordering="num_divisions")
    def division_count(self, obj: Department) -> int:
        return obj.num_divisions


@admin.register(Division)
class DivisionAdmin(PublishableAdmin):
    list_display = ["name", "department", "pillar", "order", "role_count"]
    list_filter = ["pillar", "department"]
    search_fields = ["name_en", "name_lo", "summary_en", "summary_lo"]
    ordering = ["department", "order"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["department"]
    inlines = [DivisionRoleInline, DivisionContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_roles=Count("roles"))

    @admin.display(description=_("staff roles"), ordering="num_roles")
    def role_count(self, obj: Division) -> int:
        return obj.num_roles


@admin.register(StaffRole)
class StaffRoleAdmin(PublishableAdmin):
    list_display = ["title", "belongs_to", "headcount_shown", "seniority"]
    list_filter = [HeadcountStatedFilter, "department", "division"]
    search_fields = ["title_en", "title_lo", "division__name_en", "department__name_en"]
    ordering = ["seniority", "title_en"]
    list_select_related = ["department", "division"]
    # Who holds the post, read-only: people and their appointments are edited from the person.
    inlines = [people_admin.PostHoldersInline]

    @admin.display(description=_("belongs to"))
    def belongs_to(self, obj: StaffRole) -> str:
        return str(obj.division or obj.department)

    @admin.display(description=_("headcount"), ordering="headcount")
    def headcount_shown(self, obj: StaffRole) -> str:
        return headcount_display(obj.headcount)


@admin.register(ContactPoint)
class ContactPointAdmin(PublishableAdmin):
    list_display = ["contact_type", "belongs_to", "telephone", "email"]
    list_filter = ["department", "division"]
    search_fields = ["contact_type_en", "contact_type_lo", "telephone", "email", "locality_en"]
    ordering = ["order", "contact_type_en"]
    list_select_related = ["department", "division"]

    @admin.display(description=_("belongs to"))
    def belongs_to(self, obj: ContactPoint) -> str:
        return str(obj.division or obj.department)


@admin.register(Mandate)
class MandateAdmin(PublishableAdmin):
    list_display = ["order", "title", "department", "division_names"]
    list_display_links = ["title"]
    list_filter = ["department", "divisions"]
    search_fields = ["title_en", "title_lo", "text_en", "text_lo"]
    ordering = ["department", "order"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["divisions"]
    list_select_related = ["department"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("divisions")

    @admin.display(description=_("divisions that carry it"))
    def division_names(self, obj: Mandate) -> str:
        return ", ".join(str(d) for d in obj.divisions.all()) or "—"
