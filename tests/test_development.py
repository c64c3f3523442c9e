"""Member development: the order of the 25 steps, admission and conversion, extension and cancellation,
every timing warning, and the figures as of a date and for a year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from development.figures import development_figures
from development.models import Candidate, ProbationChange, StepRecord
from development.progress import Progress
from development.services import (
    candidate_cancel,
    candidate_create,
    candidate_extend_probation,
    candidate_record_step,
)
from development.steps import STAGES, STEPS
from development.timing import (
    a_year_as_activist,
    applicant_under_18,
    approval_within_three_months,
    centralized_training,
    conversation_within_a_month,
    conversion_due,
)
from organizations import idcard
from organizations.models import Member

TODAY = datetime.date(2026, 6, 1)
D = datetime.date


APPLIED = D(2020, 1, 10)
BORN = D(1995, 3, 1)


def new_person(branch, applied_on=APPLIED, birth_date=BORN, **fields) -> Candidate:
    candidate = Candidate(
        name=fields.pop("name", "张申请"),
        gender=fields.pop("gender", "M"),
        birth_date=birth_date,
        education=fields.pop("education", "high_school"),
        occupation=fields.pop("occupation", "farmer"),
        organization=branch,
        **fields,
    )
    return candidate_create(candidate=candidate, applied_on=applied_on, today=TODAY)


def record(candidate, number, day, **extra):
    if number == 11:
        extra = {"training_days": 3, "training_hours": 24, **extra}
    return candidate_record_step(candidate=candidate, number=number, done_on=day, today=TODAY, **extra)


def walk(candidate, until: int, start=APPLIED, gap=30, dates: dict | None = None):
    """Record steps 2..until a month apart (or on the given dates)."""
    dates = dates or {}
    last = Progress.load(candidate).last
    day = last.done_on if last else start
    for number in range(Progress.load(candidate).next_step, until + 1):
        day = dates.get(number, day + datetime.timedelta(days=gap))
        record(candidate, number, day)
    return candidate


def progress(candidate) -> Progress:
    return Progress.load(Candidate.objects.get(pk=candidate.pk))


def test_the_25_steps_fall_into_five_stages():
    assert len(STEPS) == 25
    assert [sum(s.stage == stage for s in STEPS) for stage in STAGES] == [2, 4, 5, 7, 7]
    assert (STEPS[14].name, STEPS[14].stage.name) == ("支部大会讨论", "预备党员的接收")


# ---------------------------------------------------------------- order rules


def test_it_creates_the_person_with_their_application(branch):
    person = new_person(branch)
    assert [(s.number, s.done_on) for s in person.steps.all()] == [(1, D(2020, 1, 10))]
    assert progress(person).status.label == "入党申请人"


def test_a_step_cannot_skip_the_one_before_it(branch):
    person = new_person(branch)
    with pytest.raises(ValidationError, match="必须按顺序登记：张申请的下一步是第2步 党组织派人谈话"):
        record(person, 3, D(2020, 2, 1))
    assert person.steps.count() == 1


def test_a_step_cannot_be_recorded_twice(branch):
    person = new_person(branch)
    record(person, 2, D(2020, 1, 20))
    with pytest.raises(ValidationError, match="第2步 党组织派人谈话已经登记过了"):
        record(person, 2, D(2020, 1, 25))
    assert person.steps.count() == 2


def test_a_step_cannot_be_dated_before_the_previous_one(branch):
    person = new_person(branch)
    with pytest.raises(ValidationError, match="日期不能早于上一步"):
        record(person, 2, D(2020, 1, 9))
    assert person.steps.count() == 1


def test_a_step_cannot_be_dated_in_the_future(branch):
    person = new_person(branch)
    with pytest.raises(ValidationError, match="不能登记今天以后的日期"):
        record(person, 2, TODAY + datetime.timedelta(days=1))
    assert person.steps.count() == 1


def test_the_centralized_training_needs_its_days_or_hours(branch):
    person = walk(new_person(branch), 10)
    with pytest.raises(ValidationError, match="请填写集中培训的天数或学时"):
        candidate_record_step(candidate=person, number=11, done_on=D(2021, 1, 1), today=TODAY)
    assert person.steps.count() == 10


def test_a_refused_step_on_the_page_changes_nothing(staff_client, branch):
    person = new_person(branch)
    response = staff_client.post(reverse("candidate_step", args=[person.pk]), {"number": 3, "done_on": "2020-02-01"})
    assert response.status_code == 400
    assert "必须按顺序登记" in response.content.decode()
    assert person.steps.count() == 1


def test_the_page_records_the_next_step(staff_client, branch):
    person = new_person(branch)
    response = staff_client.post(reverse("candidate_step", args=[person.pk]), {"number": 2, "done_on": "2020-01-20"})
    assert response.status_code == 302
    assert list(person.steps.values_list("number", "done_on")) == [(1, D(2020, 1, 10)), (2, D(2020, 1, 20))]


# ---------------------------------------------------------------- admission and conversion


def test_admission_creates_the_member_as_probationary(branch):
    id_number = "11010119950301661" + idcard.check_digit("11010119950301661")  # a man born 1995-03-01
    person = walk(new_person(branch, id_number=id_number, birth_date=D(1995, 3, 1)), 14)
    assert not Member.objects.exists()
    record(person, 15, D(2022, 6, 1))
    person.refresh_from_db()
    member = person.member
    assert (member.name, member.organization, member.joined_on, member.full_on) == (
        "张申请",
        branch,
        D(2022, 6, 1),
        None,
    )
    assert member.id_number == id_number
    assert person.masked_id_number == "110101" + "*" * 11 + id_number[-1]  # birth date and sequence hidden
    assert member.is_probationary_on(D(2022, 6, 1))


def test_admission_refused_by_the_member_rules_creates_nothing(branch):
    # 17 on the branch meeting's date: the member record refuses, so the step is not recorded either.
    person = walk(
        new_person(branch, birth_date=D(2005, 9, 1), applied_on=D(2021, 1, 10)), 14, start=D(2021, 1, 10), gap=20
    )
    with pytest.raises(ValidationError, match="入党时必须年满18周岁"):
        record(person, 15, D(2022, 2, 1))
    assert not Member.objects.exists()
    assert person.steps.count() == 14


def test_conversion_sets_the_full_date_on_the_member(branch):
    person = walk(new_person(branch), 22, dates={15: D(2022, 6, 1), 16: D(2022, 6, 10)})
    record(person, 23, D(2023, 6, 1))
    person.refresh_from_db()
    assert (person.member.joined_on, person.member.full_on) == (D(2022, 6, 1), D(2023, 6, 1))


def test_conversion_cannot_come_before_the_probation_has_run(branch):
    person = walk(new_person(branch), 22, dates={15: D(2022, 6, 1), 16: D(2022, 6, 10)})
    with pytest.raises(ValidationError, match="预备期到2023年6月1日才满"):
        record(person, 23, D(2023, 5, 31))
    person.refresh_from_db()
    assert person.member.full_on is None


def test_an_extension_moves_the_conversion_and_is_recorded(branch):
    person = walk(new_person(branch), 21, dates={15: D(2022, 6, 1), 16: D(2022, 6, 10)})
    candidate_extend_probation(candidate=person, decided_on=D(2023, 5, 20), months=6, reason="考察不够", today=TODAY)
    assert progress(person).conversion_due == D(2023, 12, 1)
    record(person, 22, D(2023, 11, 1))
    with pytest.raises(ValidationError, match="预备期到2023年12月1日才满"):
        record(person, 23, D(2023, 11, 30))
    with pytest.raises(ValidationError, match="预备期只能延长一次"):
        candidate_extend_probation(candidate=person, decided_on=D(2023, 6, 1), months=3, reason="再延", today=TODAY)
    assert ProbationChange.objects.filter(candidate=person).count() == 1


def test_an_extension_is_at_most_a_year(branch):
    person = walk(new_person(branch), 16, dates={15: D(2022, 6, 1)})
    with pytest.raises(ValidationError, match="最长1年"):
        candidate_extend_probation(candidate=person, decided_on=D(2023, 5, 20), months=13, reason="x", today=TODAY)
    assert not ProbationChange.objects.exists()


def test_cancellation_is_recorded_and_the_member_leaves(branch):
    person = walk(new_person(branch), 16, dates={15: D(2022, 6, 1)})
    candidate_cancel(candidate=person, decided_on=D(2023, 1, 15), reason="不履行党员义务", today=TODAY)
    person.refresh_from_db()
    assert (person.member.left_on, person.member.leave_reason) == (D(2023, 1, 15), "probation_cancelled")
    assert StepRecord.objects.filter(candidate=person).count() == 16  # nothing deleted
    assert progress(person).status.label == "已取消预备党员资格"
    with pytest.raises(ValidationError, match="被取消预备党员资格，不能再登记步骤"):
        record(person, 17, D(2023, 2, 1))


def test_nobody_is_extended_or_cancelled_before_admission(branch):
    person = walk(new_person(branch), 10)
    with pytest.raises(ValidationError, match="还不是预备党员"):
        candidate_cancel(candidate=person, decided_on=D(2021, 1, 15), reason="x", today=TODAY)
    assert not ProbationChange.objects.exists()


def test_a_member_who_has_already_left_cannot_have_probation_cancelled(branch):
    person = walk(new_person(branch), 16, dates={15: D(2022, 6, 1)})
    member = Member.objects.get(candidate=person)
    member.left_on, member.leave_reason = D(2022, 10, 1), "transferred_out"
    member.save()
    with pytest.raises(ValidationError, match="已于2022年10月1日转出"):
        candidate_cancel(candidate=person, decided_on=D(2023, 1, 15), reason="不履行党员义务", today=TODAY)
    member.refresh_from_db()
    assert (member.left_on, member.leave_reason) == (D(2022, 10, 1), "transferred_out")
    assert not ProbationChange.objects.exists()


# ---------------------------------------------------------------- timing warnings


def test_warning_applicant_under_18(branch):
    young = progress(new_person(branch, birth_date=D(2002, 2, 1), applied_on=D(2020, 1, 10)))
    adult = progress(new_person(branch, name="成年", birth_date=D(2002, 1, 10), applied_on=D(2020, 1, 10)))
    assert applicant_under_18(young, TODAY) == ["递交入党申请书时（2020年1月10日）未满18周岁。"]
    assert applicant_under_18(adult, TODAY) == []


def test_warning_no_conversation_within_a_month(branch):
    waiting = progress(new_person(branch, applied_on=D(2026, 4, 1)))
    assert conversation_within_a_month(waiting, D(2026, 5, 1)) == []
    assert conversation_within_a_month(waiting, D(2026, 5, 2)) == [
        "递交申请书已超过一个月，党组织尚未派人谈话（应在2026年5月1日前）。"
    ]
    late = new_person(branch, name="晚谈", applied_on=D(2020, 1, 10))
    record(late, 2, D(2020, 2, 11))
    assert conversation_within_a_month(progress(late), TODAY) == [
        "党组织派人谈话（2020年2月11日）超过了递交申请书后一个月（应在2020年2月10日前）。"
    ]


def test_warning_less_than_a_year_as_activist(branch):
    person = walk(new_person(branch), 6, dates={3: D(2020, 3, 1)})
    record(person, 7, D(2021, 2, 28))
    assert a_year_as_activist(progress(person), TODAY) == [
        "确定为入党积极分子（2020年3月1日）到确定为发展对象（2021年2月28日）不满一年，培养考察应满一年（2021年3月1日起）。"
    ]
    enough = walk(new_person(branch, name="满一年"), 6, dates={3: D(2020, 3, 1)})
    record(enough, 7, D(2021, 3, 1))
    assert a_year_as_activist(progress(enough), TODAY) == []


def test_warning_target_without_centralized_training(branch):
    person = walk(new_person(branch), 10)
    assert centralized_training(progress(person), TODAY) == ["发展对象尚未参加集中培训（至少3天或24学时）。"]
    record(person, 11, D(2021, 6, 1), training_days=2, training_hours=16)
    assert centralized_training(progress(person), TODAY) == ["集中培训不足3天或24学时（登记为2天、16学时）。"]
    hours = walk(new_person(branch, name="够学时"), 10)
    record(hours, 11, D(2021, 6, 1), training_days=2, training_hours=24)
    assert centralized_training(progress(hours), TODAY) == []


def test_warning_approval_more_than_three_months_after_the_branch_meeting(branch):
    person = walk(new_person(branch), 16, dates={15: D(2022, 6, 1), 16: D(2022, 6, 10)})
    assert approval_within_three_months(progress(person), D(2022, 9, 1)) == []
    assert approval_within_three_months(progress(person), D(2022, 9, 2)) == [
        "支部大会讨论接收已超过三个月，上级党委尚未审批（应在2022年9月1日前）。"
    ]
    record(person, 17, D(2022, 9, 5))
    assert approval_within_three_months(progress(person), TODAY) == [
        "上级党委审批（2022年9月5日）超过了支部大会讨论后三个月（应在2022年9月1日前）。"
    ]


def test_warning_conversion_due_and_overdue(branch):
    person = walk(new_person(branch), 21, dates={15: D(2022, 6, 1), 16: D(2022, 6, 10)})
    p = progress(person)
    assert conversion_due(p, D(2023, 5, 1)) == []
    assert conversion_due(p, D(2023, 5, 2)) == ["预备期将于2023年6月1日期满，请按期召开支部大会讨论转正。"]
    assert conversion_due(p, D(2023, 6, 11)) == ["预备期已于2023年6月1日期满，逾期10天仍未讨论转正。"]
    walk(person, 23, dates={22: D(2023, 5, 20), 23: D(2023, 6, 1)})
    assert conversion_due(progress(person), D(2023, 6, 11)) == []


def test_the_person_page_and_the_overview_show_the_warnings(staff_client, branch):
    person = walk(new_person(branch), 6, dates={3: D(2020, 3, 1)})
    record(person, 7, D(2020, 9, 1))
    detail = staff_client.get(reverse("candidate_detail", args=[person.pk])).content.decode()
    overview = staff_client.get(reverse("development_overview")).content.decode()
    for page in (detail, overview):
        assert "到确定为发展对象（2020年9月1日）不满一年" in page
        assert "发展对象尚未参加集中培训" in page


# ---------------------------------------------------------------- figures


def test_figures_as_of_a_date_and_for_a_year(township, branch, other_branch):
    new_person(branch, name="申请人", applied_on=D(2023, 3, 1))
    walk(
        new_person(branch, name="积极分子", applied_on=D(2022, 5, 1)), 3, start=D(2022, 5, 1), dates={3: D(2023, 2, 1)}
    )
    walk(new_person(branch, name="发展对象", applied_on=D(2021, 1, 1)), 7, dates={3: D(2021, 6, 1), 7: D(2023, 7, 1)})
    walk(
        new_person(
            branch, name="接收", gender="F", birth_date=D(1990, 1, 1), education="bachelor", applied_on=D(2020, 1, 1)
        ),
        16,
        dates={15: D(2023, 4, 1), 16: D(2023, 4, 10)},
    )
    walk(
        new_person(branch, name="按期"),
        23,
        dates={15: D(2022, 3, 1), 16: D(2022, 3, 5), 22: D(2023, 2, 20), 23: D(2023, 3, 1)},
    )
    walk(
        new_person(branch, name="逾期"),
        23,
        dates={15: D(2022, 1, 1), 16: D(2022, 1, 5), 22: D(2023, 2, 1), 23: D(2023, 3, 5)},
    )
    extended = walk(new_person(branch, name="延长"), 16, dates={15: D(2022, 9, 1), 16: D(2022, 9, 5)})
    candidate_extend_probation(candidate=extended, decided_on=D(2023, 8, 20), months=6, reason="x", today=TODAY)
    # Events after the date are not counted, nor people of another township.
    walk(
        new_person(branch, name="年末后", applied_on=D(2023, 12, 1)),
        3,
        start=D(2023, 12, 1),
        dates={2: D(2023, 12, 5), 3: D(2024, 1, 5)},
    )
    new_person(other_branch, name="乙乡申请人", applied_on=D(2023, 3, 1))
    f = development_figures(township, D(2023, 12, 31), 2023)
    assert (f.applicants, f.activists, f.targets) == (2, 1, 1)  # 申请人, 年末后 (an activist only in 2024)
    assert (f.new_applicants, f.new_activists, f.new_targets) == (2, 1, 1)
    assert (f.admitted, f.converted_on_time, f.converted_late, f.extended, f.cancelled) == (1, 1, 1, 1, 0)
    assert dict(f.admitted_by_gender)["女"].count == 1
    assert dict(f.admitted_by_age_band)["35岁及以下"].count == 1  # 33 on admission
    assert dict(f.admitted_by_education)["大学本科"].count == 1


# ---------------------------------------------------------------- scope


def test_staff_see_only_their_townships_people(staff_client, branch, other_branch):
    new_person(branch, name="甲乡申请人")
    theirs = new_person(other_branch, name="乙乡申请人")
    page = staff_client.get(reverse("candidate_list")).content.decode()
    assert "甲乡申请人" in page
    assert "乙乡申请人" not in page
    assert staff_client.get(reverse("candidate_detail", args=[theirs.pk])).status_code == 404


def test_a_person_cannot_be_placed_in_another_townships_branch(staff_client, branch, other_branch):
    response = staff_client.post(
        reverse("candidate_create"),
        {
            "name": "越界",
            "gender": "M",
            "ethnicity": "01",
            "birth_date": "1995-03-01",
            "education": "high_school",
            "occupation": "farmer",
            "organization": other_branch.pk,
            "applied_on": "2020-01-10",
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Candidate.objects.exists()


def test_the_create_form_registers_the_application(staff_client, branch):
    response = staff_client.post(
        reverse("candidate_create"),
        {
            "name": "新申请",
            "gender": "F",
            "ethnicity": "07",
            "birth_date": "1999-05-02",
            "education": "college",
            "occupation": "farmer",
            "organization": branch.pk,
            "applied_on": "2024-03-01",
        },
    )
    person = Candidate.objects.get(name="新申请")
    assert response.url == reverse("candidate_detail", args=[person.pk])
    assert list(person.steps.values_list("number", "done_on")) == [(1, D(2024, 3, 1))]


def test_a_step_number_outside_1_to_25_is_refused(staff_client, branch):
    person = new_person(branch)
    for number in ("0", "26", "-3", "x"):
        response = staff_client.post(
            reverse("candidate_step", args=[person.pk]), {"number": number, "done_on": "2020-02-01"}
        )
        assert response.status_code == 400
    with pytest.raises(ValidationError, match="步骤只能是第1至第25步"):
        record(person, 0, D(2020, 2, 1))
    assert person.steps.count() == 1


def test_the_member_page_links_to_the_development_record(staff_client, branch):
    person = walk(new_person(branch), 15, dates={15: D(2022, 6, 1)})
    person.refresh_from_db()
    page = staff_client.get(reverse("member_detail", args=[person.member_id])).content.decode()
    assert reverse("candidate_detail", args=[person.pk]) in page


# ---------------------------------------------------------------- conversions due elsewhere (checks, dashboard)


def test_an_extended_probation_is_not_flagged_as_overdue_until_the_extension_runs_out(township, branch, staff):
    from reports.checks import run_checks
    from reports.todo import conversions_due

    person = walk(new_person(branch), 15, dates={15: D(2022, 6, 1)})
    candidate_extend_probation(
        candidate=person, decided_on=D(2023, 5, 20), months=6, reason="考察期表现一般", today=TODAY
    )

    def flagged(day):
        checks = next(r for r in run_checks(township, day, year=day.year) if r.check.key == "conversions")
        return [f.message for f in checks.findings], [item.label for item in conversions_due(staff, day)]

    # One year from admission (2023-06-01) plus six months: due on 2023-12-01.
    assert flagged(D(2023, 7, 1)) == ([], [])
    assert flagged(D(2023, 12, 2)) == (
        ["甲乡机关党支部预备党员张申请2022年6月1日入党，预备期延长6个月，已于2023年12月1日期满，尚未转正。"],
        ["1名预备党员入党已满一年、尚未转正"],
    )
