from django.contrib import admin

from records.models import SeedRecord


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
