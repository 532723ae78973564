"""Back office for the Department's records.

English and Lao fields stand side by side (modeltranslation's admin classes); children are edited
inline under their parent: Divisions, Department-wide roles and mandates under the Department,
a Division's own roles under the Division.

Every content record has a publication state, a change history (django-simple-history: who,
when, what changed, and a revert that is itself recorded) and a preview on the public design.
What each secretariat role may do is in org/roles.py; the admin enforces the rest: only
publishers publish, unpublish, or delete what is published.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from org.models import (
    Department,
    Division,
    Mandate,
    Publication,
    RelatedBody,
    SeedRecord,
    StaffRole,
)


def can_publish(request, model) -> bool:
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def preview_url(obj) -> str:
    """The record's public page, showing drafts (for signed-in staff only)."""
    url, _hash, fragment = obj.get_absolute_url().partition("#")
    return f"{url}?preview=1" + (f"#{fragment}" if fragment else "")


class PublishableAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Publication column, filter and actions; preview on the site; history with revert."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request) -> bool:
        return can_publish(request, self.model)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_status"]

    def get_list_filter(self, request):
        return ["publication_status", *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publication_status")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        # Editors may delete their drafts, never what visitors can see.
        return obj is None or not obj.is_published or self.has_publish_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)
        return actions

    def view_on_site(self, obj) -> str:
        return preview_url(obj)

    def keep_publication_unless_publisher(self, request, obj, change: bool) -> None:
        """Only publishers change a record's publication: whatever a form or a restored
        version says, anyone else leaves it as it is (a new record stays a draft)."""
        if self.has_publish_permission(request):
            return
        current = (
            type(obj).objects.filter(pk=obj.pk).values_list("publication_status", flat=True).first()
        )
        obj.publication_status = current if change and current else Publication.DRAFT

    def save_model(self, request, obj, form, change: bool) -> None:
        self.keep_publication_unless_publisher(request, obj, change)
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version is a change: it needs the permission to change the record, and
        bringing back a deleted record needs the publisher's permission to delete (and undelete)."""
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            if current is None:
                allowed = self.has_add_permission(request) and self.has_publish_permission(request)
            else:
                allowed = self.has_change_permission(request, current)
            if not allowed:
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Each version's title names its parent records: load them with the versions.
        parents = [
            f.name
            for f in history_manager.model._meta.concrete_fields
            if f.is_relation and f.name != "history_user"
        ]
        return (
            super()
            .get_history_queryset(request, history_manager, pk_name, object_id)
            .select_related(*parents)
        )

    def _set_publication(self, request, queryset, state: str) -> None:
        changed = 0
        for obj in queryset.exclude(publication_status=state):
            obj.publication_status = state
            obj.save()  # one by one, so that each change is kept in the history
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d record changed.", "%(count)d records changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Publish the selected records"))
    def publish(self, request, queryset) -> None:
        self._set_publication(request, queryset, Publication.PUBLISHED)

    @admin.action(
        permissions=["publish"], description=_("Unpublish the selected records (back to draft)")
    )
    def unpublish(self, request, queryset) -> None:
        self._set_publication(request, queryset, Publication.DRAFT)


class PublishableInlineMixin:
    """Inline children show their publication state; only publishers change it or delete rows
    (a row may be published, and an inline cannot tell a draft from a published row)."""

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "publication_status"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request, self.model):
            fields.append("publication_status")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and can_publish(request, self.model)


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


class MandateInline(PublishableInlineMixin, TranslationStackedInline):
    model = Mandate
    fields = ["order", "slug", "title", "text"]
    prepopulated_fields = {"slug": ["title_en"]}
    extra = 0
    show_change_link = True


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
    inlines = [DivisionInline, DepartmentRoleInline, MandateInline]
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
    inlines = [DivisionRoleInline]

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

    @admin.display(description=_("belongs to"))
    def belongs_to(self, obj: StaffRole) -> str:
        return str(obj.division or obj.department)

    @admin.display(description=_("headcount"), ordering="headcount")
    def headcount_shown(self, obj: StaffRole) -> str:
        return headcount_display(obj.headcount)


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


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    """Read-only: what ``load_seed`` wrote, so staff can see which records came from the source."""

    list_display = ["key", "content_type", "object_id", "applied_at"]
    list_filter = ["content_type"]
    search_fields = ["key"]
    ordering = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
