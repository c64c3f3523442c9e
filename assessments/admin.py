from django.contrib import admin

from assessments.models import Assessment, CommitteePost, Pairing, Rectification


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "grade", "stars", "standardized"]
    list_filter = ["year", "grade"]
    raw_id_fields = ["organization"]


@admin.register(Rectification)
class RectificationAdmin(admin.ModelAdmin):
    list_display = ["organization", "started_on", "deadline", "completed_on", "responsible"]
    raw_id_fields = ["organization"]


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "advanced", "partner"]
    raw_id_fields = ["township", "advanced", "partner"]


@admin.register(CommitteePost)
class CommitteePostAdmin(admin.ModelAdmin):
    list_display = ["organization", "post", "member", "started_on", "ended_on"]
    list_filter = ["post"]
    raw_id_fields = ["organization", "member"]
