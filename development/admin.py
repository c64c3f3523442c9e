from django.contrib import admin

from development.models import Candidate, ProbationChange, StepRecord


class StepRecordInline(admin.TabularInline):
    model = StepRecord
    extra = 0
    fields = ["number", "done_on", "note", "training_days", "training_hours"]
    # Steps are recorded through the person's page, which enforces their order.
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ProbationChangeInline(admin.TabularInline):
    model = ProbationChange
    extra = 0
    readonly_fields = ["kind", "decided_on", "months", "reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "gender", "birth_date", "member"]
    search_fields = ["name"]
    exclude = ["id_number"]  # masked everywhere but the person's own form
    raw_id_fields = ["organization", "member"]
    inlines = [StepRecordInline, ProbationChangeInline]
