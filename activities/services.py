"""Writes of organizational life that touch several rows."""

from django.db import transaction

from .models import Attendance, AttendanceStatus, Meeting


@transaction.atomic
def meeting_set_attendance(*, meeting: Meeting, rows: list[tuple[int, str, str, str]]) -> tuple[int, int]:
    """Replace the meeting's attendance by ``rows`` of (member id, status, reason, grade); absent members
    get no row. Returns (present, on leave)."""
    # Two clerks saving at once would both delete and both insert (the second failing on the unique
    # member-per-meeting constraint, PostgreSQL): lock the meeting so the second waits and replaces.
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))
    Attendance.objects.filter(meeting=meeting).delete()
    kept = [
        Attendance(
            meeting=meeting,
            member_id=member_id,
            status=status,
            reason=reason.strip() if status == AttendanceStatus.LEAVE else "",
            grade=grade,
        )
        for member_id, status, reason, grade in rows
        if status in AttendanceStatus.values
    ]
    Attendance.objects.bulk_create(kept)
    present = sum(a.status == AttendanceStatus.PRESENT for a in kept)
    return present, len(kept) - present
