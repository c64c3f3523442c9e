from django.contrib import admin

from imports.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Read-only: an import record is a log of what happened."""

    list_display = [
        "created_at",
        "kind",
        "township",
        "user",
        "source",
        "file_name",
        "status",
        "rows_created",
        "rows_updated",
    ]
    list_filter = ["kind", "status", "source"]
    search_fields = ["file_name", "sha256"]
    exclude = ["data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
