from django.contrib import admin

from activities.models import Attendance, Meeting, Training


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "organization", "kind", "topic"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    raw_id_fields = ["organization"]
    inlines = [AttendanceInline]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "township", "start_on", "sessions", "person_times"]
    raw_id_fields = ["township", "participants"]
