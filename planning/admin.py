from django.contrib import admin

from planning.models import KeyTask, WorkArea


class KeyTaskInline(admin.TabularInline):
    model = KeyTask
    extra = 0
    fields = ["title", "target_value", "unit", "achieved_value", "deadline", "status", "closed_on"]


@admin.register(WorkArea)
class WorkAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "year", "sort_order"]
    list_filter = ["year", "township"]
    inlines = [KeyTaskInline]


@admin.register(KeyTask)
class KeyTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "status", "deadline", "closed_on"]
    list_filter = ["status", "area__year"]
    search_fields = ["title"]
