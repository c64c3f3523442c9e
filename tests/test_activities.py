"""Organizational life: compliance with the meeting frequencies, attendance, trainings."""

import datetime

from django.urls import reverse

from activities.figures import meeting_figures, training_figures
from activities.models import Attendance, Meeting, MeetingKind, Training
from organizations.models import Category, Level, Member, Organization
from tests.factories import make_member, make_org

D = datetime.date
YEAR_END = D(2023, 12, 31)
MONTHLY = (MeetingKind.COMMITTEE, MeetingKind.THEME_DAY)
QUARTERLY = (MeetingKind.GENERAL_MEETING, MeetingKind.LECTURE)
YEARLY = (MeetingKind.LIFE_MEETING, MeetingKind.EVALUATION)


def full_year(branch, skip=()):
    """Every meeting the frequencies ask for in 2023, except (kind, month) in ``skip``."""
    plan = [(kind, month) for kind in MONTHLY for month in range(1, 13)]
    plan += [(kind, 3 * q + 2) for kind in QUARTERLY for q in range(4)]
    plan += [(kind, 12) for kind in YEARLY]
    return Meeting.objects.bulk_create(
        Meeting(organization=branch, kind=kind, held_on=D(2023, month, 15), topic=f"{kind}{month}")
        for kind, month in plan
        if (kind, month) not in skip
    )


def figures(township, day=YEAR_END):
    subtree = list(Organization.objects.subtree(township))
    return meeting_figures(Meeting.objects.under(township), subtree, 2023, day)


def test_a_branch_missing_marchs_theme_day_shows_march_missing(township, branch):
    full_year(branch, skip={(MeetingKind.THEME_DAY, 3)})
    [row] = figures(township).compliance
    assert row.missing == {"主题党日": ["3月"]}
    assert row.missing_text == "主题党日缺3月"


def test_a_complete_year_complies(township, branch):
    full_year(branch)
    [row] = figures(township).compliance
    assert row.complies


def test_quarters_and_the_year_are_listed_by_name(township, branch):
    full_year(branch, skip={(MeetingKind.LECTURE, 5), (MeetingKind.LECTURE, 8), (MeetingKind.LIFE_MEETING, 12)})
    [row] = figures(township).compliance
    assert row.missing == {"党课": ["第二季度", "第三季度"], "组织生活会": ["全年"]}


def test_only_periods_ended_by_the_date_are_due(township, branch):
    for i in range(7):
        make_member(branch, name=f"正式党员{i}")
    Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=D(2023, 1, 15), topic="t")
    [row] = figures(township, D(2023, 2, 27)).compliance
    # January is covered; February has not ended; no quarter and not the year have ended.
    assert row.missing == {"支部委员会": ["1月"]}


def test_party_group_meetings_count_for_their_branch_and_are_due_only_there(township, branch):
    other = make_org(township, Level.BRANCH, "无党小组的支部", Category.ORGAN)
    group = make_org(branch, Level.PARTY_GROUP, "第一党小组", Category.ORGAN)
    full_year(branch)
    full_year(other)
    Meeting.objects.bulk_create(
        Meeting(organization=group, kind=MeetingKind.GROUP, held_on=D(2023, m, 20), topic="小组学习")
        for m in range(1, 12)
    )
    rows = {row.branch: row for row in figures(township).compliance}
    assert rows["甲乡机关党支部"].missing == {"党小组会": ["12月"]}
    assert rows["无党小组的支部"].complies


def test_meeting_counts_are_by_date_within_the_year(township, branch):
    for day in (D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1)):
        Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=day, topic="t")
    assert dict(figures(township).by_kind)["主题党日"] == 2
    assert dict(figures(township, D(2023, 6, 30)).by_kind)["主题党日"] == 1


def test_attendance_rate_per_meeting_counts_the_members_on_its_date(township, branch):
    present = [make_member(branch, name=f"到{i}") for i in range(3)]
    on_leave = make_member(branch, name="请假")
    make_member(branch, name="缺席")
    make_member(branch, name="后来", joined_on=D(2023, 6, 1), full_on=None)  # not yet a member on the day
    meeting = Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=D(2023, 3, 15), topic="t")
    for member in present:
        Attendance.objects.create(meeting=meeting, member=member, status="present")
    Attendance.objects.create(meeting=meeting, member=on_leave, status="leave", reason="外出务工")
    [row] = figures(township).meetings
    assert (row.present, row.leave, row.expected, row.rate.percent_text) == (3, 1, 5, "60.00%")


def test_the_attendance_page_records_present_and_leave(staff_client, township, branch):
    here, away, absent = (make_member(branch, name=n) for n in ("出席者", "请假者", "缺席者"))
    meeting = Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=D(2023, 3, 15), topic="t")
    url = reverse("meeting_attendance", args=[meeting.pk])
    data = {f"status_{here.pk}": "present", f"status_{away.pk}": "leave", f"status_{absent.pk}": "absent"}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert "请假者请假，请填写原因。" in refused.content.decode()
    assert not Attendance.objects.exists()
    response = staff_client.post(url, {**data, f"reason_{away.pk}": "外出务工"})
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("member__name", "status", "reason")) == [
        ("出席者", "present", ""),
        ("请假者", "leave", "外出务工"),
    ]


def test_evaluation_grades_each_member(staff_client, branch):
    one, two = make_member(branch, name="甲"), make_member(branch, name="乙")
    meeting = Meeting.objects.create(
        organization=branch, kind=MeetingKind.EVALUATION, held_on=D(2023, 12, 20), topic="评议"
    )
    staff_client.post(
        reverse("meeting_attendance", args=[meeting.pk]),
        {
            f"status_{one.pk}": "present",
            f"grade_{one.pk}": "excellent",
            f"status_{two.pk}": "present",
            f"grade_{two.pk}": "qualified",
        },
    )
    assert dict(Attendance.objects.values_list("member__name", "grade")) == {"甲": "excellent", "乙": "qualified"}


def test_member_attendance_rate_on_the_branch_page(staff_client, township, branch):
    member = make_member(branch, name="常到")
    meetings = full_year(branch)[:4]
    for meeting in meetings[:3]:
        Attendance.objects.create(meeting=meeting, member=member, status="present")
    page = staff_client.get(reverse("branch_life", args=[branch.pk, 2023])).content.decode()
    # 34 meetings in 2023, 3 attended.
    assert '<td>常到</td><td class="text-end">3</td><td class="text-end">34</td><td class="text-end">8.82%</td>' in page


def test_trainings_person_times_and_coverage(township, branch, other_branch):
    members = [make_member(branch, name=f"党员{i}") for i in range(10)]
    left = make_member(branch, name="已离开", left_on=D(2023, 6, 1), leave_reason="transferred_out")
    chosen = Training.objects.create(
        township=township, title="甲", start_on=D(2023, 4, 1), end_on=D(2023, 4, 3), sessions=2
    )
    chosen.participants.set([*members[:4], left])
    entered = Training.objects.create(
        township=township, title="乙", start_on=D(2023, 5, 1), end_on=D(2023, 5, 1), person_times=30
    )
    entered.participants.set(members[2:6])
    Training.objects.create(
        township=township, title="丙", start_on=D(2023, 7, 1), end_on=D(2023, 7, 1), participant_count=25
    )
    Training.objects.create(
        township=township, title="上一年", start_on=D(2022, 7, 1), end_on=D(2022, 7, 1), participant_count=9
    )
    t = training_figures(Training.objects.under(township), Member.objects.under(township), 2023, YEAR_END, 10)
    # 5 chosen × 2 sessions = 10; 30 as entered; 25 × 1 = 25.
    assert (len(t.trainings), t.sessions, t.person_times) == (3, 4, 65)
    # Distinct members trained who are members on the date: 党员0–5 (已离开 is not).
    assert (t.trained, t.coverage.percent_text) == (6, "60.00%")


def test_a_training_needs_participants_or_a_count(staff_client, township):
    response = staff_client.post(
        reverse("training_create"),
        {
            "township": township.pk,
            "title": "空",
            "organizer": "township",
            "start_on": "2023-04-01",
            "end_on": "2023-04-02",
            "sessions": 1,
        },
    )
    assert response.status_code == 200
    assert "请选择参训党员，或填写参训人数。" in response.content.decode()
    assert not Training.objects.exists()


def test_a_training_cannot_list_another_townships_members(admin_client_, township, other_member):
    response = admin_client_.post(
        reverse("training_create"),
        {
            "township": township.pk,
            "title": "跨乡",
            "organizer": "township",
            "start_on": "2023-04-01",
            "end_on": "2023-04-02",
            "sessions": 1,
            "participants": [other_member.pk],
        },
    )
    assert "参训党员必须属于甲乡：乙乡党员。" in response.content.decode()
    assert not Training.objects.exists()


def test_compliance_page_lists_the_missing_month(staff_client, township, branch):
    full_year(branch, skip={(MeetingKind.THEME_DAY, 3)})
    page = staff_client.get(reverse("meeting_compliance", args=[2023])).content.decode()
    assert "主题党日缺3月" in page


def test_staff_see_only_their_townships_meetings_and_branches(staff_client, township, branch, other_branch):
    Meeting.objects.create(organization=branch, kind="theme_day", held_on=D(2023, 3, 15), topic="甲乡的主题党日")
    theirs = Meeting.objects.create(
        organization=other_branch, kind="theme_day", held_on=D(2023, 3, 15), topic="乙乡的主题党日"
    )
    meetings = staff_client.get(reverse("meeting_list") + "?year=2023").content.decode()
    assert "甲乡的主题党日" in meetings and "乙乡的主题党日" not in meetings
    compliance = staff_client.get(reverse("meeting_compliance", args=[2023])).content.decode()
    assert "甲乡机关党支部" in compliance and "乙乡机关党支部" not in compliance
    assert staff_client.get(reverse("meeting_attendance", args=[theirs.pk])).status_code == 404
    form = staff_client.get(reverse("meeting_create")).content.decode()
    assert "甲乡机关党支部" in form and "乙乡机关党支部" not in form


def test_a_training_with_no_sessions_is_refused(staff_client, township):
    response = staff_client.post(
        reverse("training_create"),
        {
            "township": township.pk,
            "title": "零期",
            "organizer": "township",
            "start_on": "2023-04-01",
            "end_on": "2023-04-02",
            "sessions": 0,
            "participant_count": 5,
        },
    )
    assert response.status_code == 200
    assert "确保该值大于或等于1" in response.content.decode()
    assert not Training.objects.exists()


def test_the_committee_is_due_only_in_branches_with_seven_full_members(township, branch):
    small = make_org(township, Level.BRANCH, "小支部", Category.ORGAN)
    for i in range(7):
        make_member(branch, name=f"正式{i}")
    for i in range(6):
        make_member(small, name=f"小支部正式{i}")
    make_member(small, name="预备", joined_on=D(2023, 3, 1), full_on=None)  # 7 members, 6 of them full
    full_year(branch, skip={(MeetingKind.COMMITTEE, 5)})
    full_year(small, skip={(MeetingKind.COMMITTEE, m) for m in range(1, 13)})
    rows = {row.branch: row for row in figures(township).compliance}
    assert rows["甲乡机关党支部"].missing == {"支部委员会": ["5月"]}
    assert rows["小支部"].complies


def test_a_training_planned_for_next_year_is_listed_apart_and_not_counted(staff_client, township):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    Training.objects.create(
        township=township,
        title="明年的培训班",
        start_on=D(next_year, 3, 1),
        end_on=D(next_year, 3, 2),
        participant_count=40,
    )
    response = staff_client.get(reverse("training_list"), {"year": next_year})
    assert response.status_code == 200
    html = response.content.decode()
    assert "明年的培训班" in html
    assert response.context["figures"].person_times == 0


def test_a_year_ahead_is_counted_on_its_first_day_like_every_other_years_page(staff_client, township):
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    response = staff_client.get(reverse("meeting_compliance", args=[next_year]))
    assert response.context["day"] == D(next_year, 1, 1)
    response = staff_client.get(reverse("training_list"), {"year": next_year})
    assert response.context["day"] == D(next_year, 1, 1)


def test_a_participant_id_beyond_any_integer_is_refused_in_chinese(staff_client, township):
    response = staff_client.post(
        reverse("training_create"),
        {
            "township": township.pk,
            "title": "越界",
            "organizer": "township",
            "start_on": "2023-04-01",
            "end_on": "2023-04-02",
            "sessions": 1,
            "participants": ["9" * 30],
        },
    )
    assert response.status_code == 200
    assert f"选择一个有效的选项。 {'9' * 30} 不在可用的选项中。" in response.content.decode()
    assert not Training.objects.exists()


def test_a_general_branch_meeting_expects_the_members_of_its_branches(staff_client, township):
    general = make_org(township, level=Level.GENERAL_BRANCH, name="甲乡党总支")
    first, second = make_org(general, name="一支部"), make_org(general, name="二支部")
    members = [make_member(first, name=f"一{i}") for i in range(3)] + [
        make_member(second, name=f"二{i}") for i in range(2)
    ]
    meeting = Meeting.objects.create(
        organization=general, kind=MeetingKind.GENERAL_MEETING, held_on=D(2023, 3, 15), topic="总支党员大会"
    )
    for member in members[:4]:
        Attendance.objects.create(meeting=meeting, member=member, status="present")
    # 5 members under the general branch, 4 present: the report, the ledger and the meeting's page agree.
    [row] = figures(township).meetings
    assert (row.present, row.expected, row.rate.percent_text) == (4, 5, "80.00%")
    [listed] = staff_client.get(reverse("meeting_list"), {"year": 2023}).context["rows"]
    assert (listed.present, listed.expected) == (4, 5)
    page = staff_client.get(reverse("meeting_detail", args=[meeting.pk])).context
    assert (page["expected"], page["present"]) == (5, 4)


def test_a_party_group_meetings_page_expects_what_the_ledger_expects(staff_client, township, branch):
    group = make_org(branch, level=Level.PARTY_GROUP, name="第一党小组")
    members = [make_member(branch, name=f"组员{i}") for i in range(5)]
    meeting = Meeting.objects.create(organization=group, kind=MeetingKind.GROUP, held_on=D(2023, 3, 15), topic="小组会")
    Attendance.objects.create(meeting=meeting, member=members[0], status="present")
    Attendance.objects.create(meeting=meeting, member=members[1], status="leave", reason="外出")
    # A party group holds no members itself: expected = present + on leave (activities/figures.py).
    [listed] = staff_client.get(reverse("meeting_list"), {"year": 2023}).context["rows"]
    assert (listed.present, listed.expected) == (1, 2)
    page = staff_client.get(reverse("meeting_detail", args=[meeting.pk])).context
    assert (page["expected"], page["present"]) == (2, 1)


def test_saving_attendance_again_keeps_the_row_of_a_member_who_has_since_moved_branch(staff_client, township, branch):
    stays, moves = make_member(branch, name="留下"), make_member(branch, name="调走")
    meeting = Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, held_on=D(2023, 3, 15), topic="t")
    url = reverse("meeting_attendance", args=[meeting.pk])
    assert staff_client.post(url, {f"status_{stays.pk}": "absent", f"status_{moves.pk}": "present"}).status_code == 302
    moves.organization = make_org(township, name="新党支部")
    moves.save()
    # The form now lists only 留下; correcting their row must not erase 调走's attendance.
    assert staff_client.post(url, {f"status_{stays.pk}": "present"}).status_code == 302
    assert sorted(Attendance.objects.values_list("member__name", "status")) == [
        ("留下", "present"),
        ("调走", "present"),
    ]


def test_editing_a_training_keeps_participants_who_have_since_left(staff_client, township, branch):
    stays = make_member(branch, name="在册")
    left = make_member(branch, name="已转出")
    training = Training.objects.create(
        township=township, title="旧名称", start_on=D(2023, 4, 1), end_on=D(2023, 4, 2), sessions=1
    )
    training.participants.set([stays, left])
    left.left_on, left.leave_reason = D(2023, 9, 1), "transferred_out"
    left.save()
    response = staff_client.post(
        reverse("training_edit", args=[training.pk]),
        {
            "township": township.pk,
            "title": "新名称",
            "organizer": "township",
            "start_on": "2023-04-01",
            "end_on": "2023-04-02",
            "sessions": 1,
            "participants": [stays.pk, left.pk],
        },
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.title, sorted(training.participants.values_list("name", flat=True))) == (
        "新名称",
        ["在册", "已转出"],
    )


def test_the_saved_message_counts_a_party_groups_attendance_as_its_page_does(staff_client, branch):
    # The form lists the branch's members for a party group's meeting; the meeting's page, the ledger
    # and the report expect those marked present or on leave. The message said 应到 5 against the page's 2.
    group = make_org(branch, Level.PARTY_GROUP, "第二党小组", Category.ORGAN)
    members = [make_member(branch, name=f"组员{i}") for i in range(5)]
    meeting = Meeting.objects.create(organization=group, kind=MeetingKind.GROUP, held_on=D(2023, 3, 15), topic="t")
    data = {f"status_{m.pk}": "absent" for m in members}
    data |= {f"status_{members[0].pk}": "present", f"status_{members[1].pk}": "leave", f"reason_{members[1].pk}": "病"}
    response = staff_client.post(reverse("meeting_attendance", args=[meeting.pk]), data, follow=True)
    text = response.content.decode()
    assert "已登记出席情况：应到2人，出席1人，请假1人。" in text
    assert "应到5人" not in text
