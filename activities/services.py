"""Writes of organizational life that touch several rows."""

from django.db import transaction

from .models import Attendance, AttendanceStatus, Meeting


@transaction.atomic
def meeting_set_attendance(*, meeting: Meeting, rows: list[tuple[int, str, str, str]]) -> tuple[int, int]:
    """Replace the attendance of the members in ``rows`` of (member id, status, reason, grade); absent
    members get no row. Rows of people not listed (moved to another branch since) are kept: the page
    lists today's members of the organization, and re-saving must not erase what they did then.
    Returns (present, on leave) among ``rows``."""
    # Two clerks saving at once would both delete and both insert (the second failing on the unique
    # member-per-meeting constraint, PostgreSQL): lock the meeting so the second waits and replaces.
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))
    Attendance.objects.filter(meeting=meeting, member_id__in=[member_id for member_id, *_ in rows]).delete()
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
