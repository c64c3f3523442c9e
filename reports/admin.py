from django.contrib import admin

from reports.models import Report, ReportSection


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "township", "year", "as_of", "updated_at"]
    list_filter = ["year"]
    inlines = [ReportSectionInline]
