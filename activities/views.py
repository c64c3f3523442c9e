"""Organizational life pages: meetings with attendance, compliance by branch and year, trainings."""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.dates import year_day
from dangjian.shares import Share
from organizations.models import Level, Member, Organization

from .figures import meeting_figures, meeting_rows, training_figures, year_span
from .forms import AttendanceForm, MeetingForm, TrainingForm
from .models import FREQUENCY, Attendance, AttendanceStatus, Meeting, MeetingKind, Training
from .services import meeting_set_attendance


def _year(request) -> int:
    """?year= when it is a plausible year, else this year (nonsense is ignored, never a 500)."""
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year


def _as_of(year: int) -> datetime.date:
    return year_day(year, timezone.localdate())


@scoped()
def meeting_list(request):
    year = _year(request)
    meetings = visible(Meeting, request.user).filter(held_on__year=year)
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    rows = meeting_rows(meetings)[::-1]
    context = {"rows": rows, "year": year, "kind": kind, "kinds": MeetingKind.choices, "years": _years(year)}
    return render(request, "activities/meeting_list.html", context)


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def _meeting(request, pk: int) -> Meeting:
    return get_visible_or_404(Meeting.objects.select_related("organization"), request.user, pk=pk)


def _members_for(meeting: Meeting) -> list[Member]:
    """The members expected at the meeting: those of its organization (a party group: its branch) on the day."""
    org = meeting.organization
    root = org.parent if org.level == Level.PARTY_GROUP and org.parent_id else org
    return list(
        Member.objects.under(root).active_on(meeting.held_on).select_related("organization").order_by("name", "id")
    )


@scoped()
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    expected = _members_for(meeting)
    attendance = {a.member_id: a for a in meeting.attendance.select_related("member")}
    rows = [(m, attendance.get(m.pk)) for m in expected]
    # Someone listed who has since left the branch still shows.
    rows += [(a.member, a) for pk, a in attendance.items() if pk not in {m.pk for m in expected}]
    # 应到 and 出席 as the ledger and the report count them.
    [figures] = meeting_rows(Meeting.objects.filter(pk=meeting.pk))
    context = {"meeting": meeting, "rows": rows, "present": figures.present, "expected": figures.expected}
    return render(request, "activities/meeting_detail.html", context)


@scoped(write=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None, user=request.user, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, f"已登记{meeting.organization.name}{meeting.get_kind_display()}，请登记出席情况。")
        return redirect("meeting_attendance", pk=meeting.pk)
    return render(request, "activities/form.html", {"form": form, "title": "登记会议"})


@scoped(write=True)
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存会议信息。")
        return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "activities/form.html", {"form": form, "title": f"编辑会议：{meeting}", "meeting": meeting})


@scoped(write=True)
def meeting_attendance(request, pk: int):
    meeting = _meeting(request, pk)
    members = _members_for(meeting)
    current = {a.member_id: a for a in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, meeting=meeting, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting_set_attendance(
            meeting=meeting,
            rows=[
                (m.pk, data[f"status_{m.pk}"], data.get(f"reason_{m.pk}", ""), data.get(f"grade_{m.pk}", ""))
                for m in members
            ],
        )
        # The same 应到 and 出席 as the meeting's page, the ledger and the report.
        [figures] = meeting_rows(Meeting.objects.filter(pk=meeting.pk))
        messages.success(
            request, f"已登记出席情况：应到{figures.expected}人，出席{figures.present}人，请假{figures.leave}人。"
        )
        return redirect("meeting_detail", pk=meeting.pk)
    return render(request, "activities/attendance.html", {"meeting": meeting, "form": form, "members": members})


def _subtree(user) -> list[Organization]:
    return list(visible(Organization, user).select_related("parent"))


@scoped()
def compliance(request, year: int):
    day = _as_of(year)
    figures = meeting_figures(visible(Meeting, request.user), _subtree(request.user), year, day)
    kinds = [MeetingKind(k).label for k in FREQUENCY]
    frequencies = [(MeetingKind(k).label, f.label) for k, f in FREQUENCY.items()]
    context = {
        "figures": figures,
        "year": year,
        "day": day,
        "kinds": kinds,
        "frequencies": frequencies,
        "years": _years(year),
    }
    return render(request, "activities/compliance.html", context)


@scoped()
def branch_life(request, pk: int, year: int):
    """One branch's meetings in a year and each member's attendance rate."""
    branch = get_visible_or_404(Organization.objects.filter(level=Level.BRANCH), request.user, pk=pk)
    day = _as_of(year)
    meetings = meeting_rows(
        Meeting.objects.filter(
            Q(organization=branch) | Q(organization__parent=branch, organization__level=Level.PARTY_GROUP)
        ).filter(held_on__range=(datetime.date(year, 1, 1), day))
    )
    members = list(
        Member.objects.filter(organization=branch)
        .filter(joined_on__lte=day)
        .exclude(left_on__lt=datetime.date(year, 1, 1))
    )
    present = dict(
        Attendance.objects.filter(meeting__in=[m.pk for m in meetings], status=AttendanceStatus.PRESENT)
        .values_list("member_id")
        .annotate(n=Count("id"))
    )
    rows = []
    for member in members:
        due = [m for m in meetings if member.is_active_on(m.held_on)]
        rows.append((member, present.get(member.pk, 0), len(due), Share(present.get(member.pk, 0), len(due))))
    context = {
        "branch": branch,
        "year": year,
        "meetings": meetings,
        "rows": rows,
        "years": _years(year),
    }
    return render(request, "activities/branch_life.html", context)


@scoped()
def training_list(request):
    year = _year(request)
    day = _as_of(year)
    members = visible(Member, request.user)
    total = members.active_on(day).count()
    figures = training_figures(visible(Training, request.user), members, year, day, total)
    start, end = year_span(year, day)
    in_year = visible(Training, request.user).filter(start_on__year=year).order_by("start_on", "id")
    # The figures count trainings started by the date; those planned after it are listed apart.
    trainings = list(in_year.filter(start_on__range=(start, end)))
    context = {
        "figures": figures,
        "trainings": zip(trainings, figures.trainings, strict=True),
        "later": list(in_year.filter(start_on__gt=end)),
        "year": year,
        "day": day,
        "years": _years(year),
    }
    return render(request, "activities/training_list.html", context)


def _training(request, pk: int) -> Training:
    return get_visible_or_404(Training.objects.select_related("township"), request.user, pk=pk)


@scoped()
def training_detail(request, pk: int):
    training = _training(request, pk)
    participants = list(training.participants.select_related("organization").order_by("organization__path", "name"))
    return render(request, "activities/training_detail.html", {"training": training, "participants": participants})


@scoped(write=True)
def training_create(request):
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        training = form.save()
        messages.success(request, f"已登记培训班「{training.title}」。")
        return redirect("training_detail", pk=training.pk)
    return render(request, "activities/form.html", {"form": form, "title": "登记培训班"})


@scoped(write=True)
def training_edit(request, pk: int):
    training = _training(request, pk)
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存培训班「{training.title}」。")
        return redirect("training_detail", pk=training.pk)
    return render(
        request, "activities/form.html", {"form": form, "title": f"编辑培训班：{training.title}", "training": training}
    )
