"""Demo member development, meetings and trainings, after the seed reports.

清水乡 as of 2020-11-15 (the 2020 seed: 「入党积极分子20名，顺利发展预备党员13名，
按期转正25名」, 「培训班2期223人次」 and 「1期60人次」): the 13 probationary
members already in the demo are the 13 admitted in 2020, and 25 members
converted on time in 2020 up to that day; each gets the record of their 25
steps, linked to their member record (no member is added). Three of the 13
were built as admitted in December 2019 and 11 more full members are moved to
have joined in 2019 so that exactly 25 convert in 2020: both changes keep every
figure on 2020-11-15 that the demo promises (546 members, 13 probationary …).

长岭乡 as of 2023-12-31 (the 2023 seed: 「共有入党申请人6人，入党积极分子9人，
列为发展对象2人，2023年发展党员6人」, 「培训班2期，培训党员438人次」): six people
are admitted in 2023 through the service (which creates their member records,
later than any day the demo's member figures are checked on) and converted on
time in 2024; a year of meetings for every branch, with a few gaps; two
training classes.

Deterministic: its own random.Random and the demo's person generator.
"""

import datetime
import random

from django.utils import timezone

from activities.models import Attendance, AttendanceStatus, Grade, Meeting, MeetingKind, Organizer, Training
from dangjian.dates import add_years, age_on
from demo.people import People
from demo.specs import REPORT_DAY
from development.models import Candidate, StepRecord
from development.services import candidate_create, candidate_record_step
from development.steps import ADMITTED, CONVERTED, LAST_STEP, TRAINED
from organizations.ethnicities import HAN
from organizations.models import Education, Gender, Level, Member, Occupation, Organization

SEED = 9_25
CHANGLING_DAY = datetime.date(2023, 12, 31)
ONE_DAY = datetime.timedelta(days=1)

QINGSHUI_PIPELINE = {"applicants": 11, "activists": 20, "targets": 6}
QINGSHUI_ADMITTED = 13
QINGSHUI_CONVERTED = 25
CHANGLING_PIPELINE = {"applicants": 6, "activists": 9, "targets": 2}
CHANGLING_ADMITTED = 6
CHANGLING_PERSON_TIMES = (219, 219)
CHANGLING_COVERAGE = 0.64

LEAVE_REASONS = ("外出务工", "生病住院", "家中有事", "外出学习", "在外地参加培训")
TOPICS = {
    MeetingKind.GENERAL_MEETING: "学习贯彻党的二十大精神，讨论本季度工作",
    MeetingKind.COMMITTEE: "研究部署本月工作",
    MeetingKind.GROUP: "党小组学习",
    MeetingKind.LECTURE: "书记讲党课：坚定理想信念",
    MeetingKind.THEME_DAY: "主题党日：学习、议事、服务",
    MeetingKind.LIFE_MEETING: "专题组织生活会",
    MeetingKind.EVALUATION: "民主评议党员",
}


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class DevelopmentBuilder:
    def __init__(self, people: People):
        self.people = people
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()

    # ------------------------------------------------------------ steps

    def full_story(self, member: Member) -> list[StepRecord]:
        """The 25 steps of a member admitted on ``joined_on`` and converted on time on ``full_on``."""
        admitted = member.joined_on
        since_18 = (admitted - add_years(member.birth_date, 18)).days
        before = max(430, min(900, since_18))
        s1 = admitted - days(before)
        s3 = s1 + days(min(180, before - 400))
        s7 = max(add_years(s3, 1) + days(5), s3)
        dates = {
            1: s1,
            2: s1 + days(15),
            3: s3,
            4: s3 + days(7),
            5: s3 + days(10),
            6: s3 + days(20),
            7: s7,
            8: s7 + days(5),
            9: s7 + days(8),
            10: s7 + days(12),
            11: s7 + days(18),
            12: admitted - days(8),
            13: admitted - days(5),
            14: admitted - days(2),
            15: admitted,
            16: admitted + days(20),
            17: admitted + days(45),
            18: admitted + days(55),
            19: admitted + days(60),
            20: admitted + days(62),
            21: admitted + days(90),
        }
        if member.full_on:
            dates |= {
                22: member.full_on - days(20),
                23: member.full_on,
                24: member.full_on + days(30),
                25: member.full_on + days(40),
            }
        limit = max(self.today, member.full_on or self.today)
        dates = {n: d for n, d in dates.items() if d <= limit}
        return [
            StepRecord(
                number=n,
                done_on=d,
                training_days=3 if n == TRAINED else None,
                training_hours=24 if n == TRAINED else None,
            )
            for n, d in sorted(dates.items())
        ]

    def link(self, members: list[Member]) -> None:
        """Development records for members already in the demo: the person as they were, and their steps."""
        candidates = Candidate.objects.bulk_create(
            Candidate(
                name=m.name,
                gender=m.gender,
                ethnicity=m.ethnicity,
                birth_date=m.birth_date,
                education=m.education,
                occupation=m.occupation,
                organization=m.organization,
                id_number=m.id_number,
                member=m,
            )
            for m in members
        )
        steps = []
        for candidate, member in zip(candidates, members, strict=True):
            for record in self.full_story(member):
                record.candidate = candidate
                steps.append(record)
        StepRecord.objects.bulk_create(steps)

    def person(self, branch: Organization, day: datetime.date, age: int) -> Candidate:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.4 else Gender.MALE
        ethnicity = HAN if rng.random() < 0.5 else rng.choice(["07", "06", "08"])
        birth = add_years(day, -age) - days(rng.randint(1, 360))
        if branch.category in ("organ", "institution", "school"):
            education = rng.choice([Education.BACHELOR, Education.COLLEGE, Education.BACHELOR])
            occupation = rng.choice([Occupation.CIVIL_SERVANT, Occupation.PROFESSIONAL])
        else:
            education = rng.choice([Education.HIGH_SCHOOL, Education.JUNIOR_OR_BELOW, Education.COLLEGE])
            occupation = rng.choice([Occupation.FARMER, Occupation.FARMER, Occupation.WORKER, Occupation.OTHER])
        return Candidate(
            name=self.people.name(gender, ethnicity),
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            education=education,
            occupation=occupation,
            organization=branch,
            id_number=self.people.id_number(birth, gender) if rng.random() < 0.7 else None,
        )

    def pipeline(self, branches: list[Organization], day: datetime.date, counts: dict[str, int]) -> None:
        """Applicants, activists and development targets as of ``day`` (their stories stop there)."""
        rng = self.rng
        plans = []
        for index in range(counts["applicants"]):
            applied = day - days(rng.randint(40, 300))
            # The first applicant has waited more than a month for the conversation: a warning to show.
            dates = {1: applied} if index == 0 else {1: applied, 2: applied + days(rng.randint(7, 25))}
            plans.append(dates)
        for _ in range(counts["activists"]):
            s3 = day - days(rng.randint(20, 330))
            s1 = s3 - days(rng.randint(120, 400))
            dates = {1: s1, 2: s1 + days(14), 3: s3}
            for n, gap in ((4, 7), (5, 12), (6, 18)):
                if s3 + days(gap) <= day:
                    dates[n] = s3 + days(gap)
            plans.append(dates)
        for _ in range(counts["targets"]):
            s7 = day - days(rng.randint(40, 150))
            s3 = add_years(s7, -1) - days(rng.randint(10, 90))
            s1 = s3 - days(rng.randint(120, 300))
            dates = {1: s1, 2: s1 + days(14), 3: s3, 4: s3 + days(7), 5: s3 + days(12), 6: s3 + days(18)}
            dates |= {7: s7, 8: s7 + days(5), 9: s7 + days(8), 10: s7 + days(15), 11: s7 + days(25)}
            plans.append(dates)
        candidates = Candidate.objects.bulk_create(
            self.person(rng.choice(branches), day, rng.randint(19, 38)) for _ in plans
        )
        StepRecord.objects.bulk_create(
            StepRecord(
                candidate=candidate,
                number=n,
                done_on=d,
                training_days=4 if n == TRAINED else None,
                training_hours=32 if n == TRAINED else None,
            )
            for candidate, dates in zip(candidates, plans, strict=True)
            for n, d in dates.items()
        )

    # ------------------------------------------------------------ 清水乡

    def qingshui(self, township: Organization) -> None:
        members = list(Member.objects.under(township).select_related("organization").order_by("pk"))
        year_start = datetime.date(REPORT_DAY.year, 1, 1)

        def active(m: Member) -> bool:
            return m.joined_on <= REPORT_DAY and (m.left_on is None or m.left_on > REPORT_DAY)

        probationary = [m for m in members if active(m) and (m.full_on is None or m.full_on > REPORT_DAY)]
        assert len(probationary) == QINGSHUI_ADMITTED, len(probationary)
        for m in probationary:
            if m.joined_on < year_start:  # built as admitted in December 2019: admitted in January instead
                m.joined_on = year_start + days(self.rng.randint(5, 25))
                m.full_on = add_years(m.joined_on, 1)
                m.save(update_fields=["joined_on", "full_on"])
        converted = [m for m in members if active(m) and m.full_on and year_start <= m.full_on <= REPORT_DAY]
        movable = [
            m
            for m in members
            if active(m)
            and m.left_on is None
            and m.full_on
            and m.full_on < year_start
            and not m.is_floating
            and 24 <= age_on(m.birth_date, REPORT_DAY) <= 45
        ]
        for m in self.rng.sample(movable, QINGSHUI_CONVERTED - len(converted)):
            m.joined_on = datetime.date(2019, self.rng.randint(1, 10), self.rng.randint(1, 28))
            m.full_on = add_years(m.joined_on, 1)
            m.save(update_fields=["joined_on", "full_on"])
            converted.append(m)
        self.link(probationary + converted)
        branches = [o for o in Organization.objects.under(township).filter(level=Level.BRANCH)]
        self.pipeline(branches, REPORT_DAY, QINGSHUI_PIPELINE)
        self.qingshui_trainings(township, members, active)

    def qingshui_trainings(self, township, members, active) -> None:
        on_day = [m for m in members if active(m)]
        school = Training.objects.create(
            township=township,
            title="“万名党员进党校”培训班",
            organizer=Organizer.TOWNSHIP,
            start_on=datetime.date(2020, 6, 8),
            end_on=datetime.date(2020, 9, 18),
            sessions=2,
            person_times=223,
        )
        school.participants.set(self.rng.sample(on_day, 196))
        Training.objects.create(
            township=township,
            title="基层党组织书记暨党务干部培训班",
            organizer=Organizer.TOWNSHIP,
            start_on=datetime.date(2020, 7, 20),
            end_on=datetime.date(2020, 7, 22),
            sessions=1,
            participant_count=60,
        )

    # ------------------------------------------------------------ 长岭乡

    def changling(self, township: Organization) -> None:
        branches = list(Organization.objects.under(township).filter(level=Level.BRANCH).order_by("path"))
        self.pipeline(branches, CHANGLING_DAY, CHANGLING_PIPELINE)
        for index in range(CHANGLING_ADMITTED):
            self.admit_in_2023(self.rng.choice(branches), index)
        members = list(Member.objects.under(township).select_related("organization").order_by("pk"))
        self.meetings(branches, members, 2023)
        self.changling_trainings(township, members)

    def admit_in_2023(self, branch: Organization, index: int) -> None:
        """Through the services, as a clerk would: the member record comes from step 15."""
        admitted = datetime.date(2023, 3 + index, 10 + index)
        candidate = self.person(branch, admitted, self.rng.randint(22, 34))
        s1 = admitted - days(700)
        candidate_create(candidate=candidate, applied_on=s1, today=self.today)
        story = {2: s1 + days(15), 3: s1 + days(150), 4: s1 + days(157), 5: s1 + days(160), 6: s1 + days(170)}
        s7 = add_years(story[3], 1) + days(20)
        story |= {7: s7, 8: s7 + days(5), 9: s7 + days(8), 10: s7 + days(15), 11: s7 + days(30)}
        story |= {12: admitted - days(10), 13: admitted - days(6), 14: admitted - days(3), ADMITTED: admitted}
        story |= {n: admitted + days(d) for n, d in ((16, 15), (17, 40), (18, 50), (19, 55), (20, 60), (21, 120))}
        due = add_years(admitted, 1)
        story |= {22: due - days(20), CONVERTED: due, 24: due + days(25), LAST_STEP: due + days(40)}
        for number in range(2, LAST_STEP + 1):
            if story[number] > self.today:
                break
            candidate_record_step(
                candidate=candidate,
                number=number,
                done_on=story[number],
                today=self.today,
                training_days=3 if number == TRAINED else None,
                training_hours=24 if number == TRAINED else None,
            )

    def meetings(self, branches: list[Organization], members: list[Member], year: int) -> None:
        """Every kind at its frequency for every branch, but for a few gaps (so compliance has something to say)."""
        rng = self.rng
        gaps = {
            (1, MeetingKind.THEME_DAY, 3),  # the second branch: no 主题党日 in March
            (1, MeetingKind.COMMITTEE, 8),
            (4, MeetingKind.LECTURE, 2),  # quarter 2
            (6, MeetingKind.THEME_DAY, 7),
            (6, MeetingKind.THEME_DAY, 8),
            (9, MeetingKind.LIFE_MEETING, 1),
        }
        by_branch: dict[int, list[Member]] = {}
        for m in members:
            by_branch.setdefault(m.organization_id, []).append(m)
        planned = []
        for index, branch in enumerate(branches):
            schedule = []
            for month in range(1, 13):
                schedule += [(MeetingKind.COMMITTEE, month, 3), (MeetingKind.THEME_DAY, month, 18)]
            for quarter in range(4):
                schedule += [
                    (MeetingKind.GENERAL_MEETING, 3 * quarter + 2, 10),
                    (MeetingKind.LECTURE, 3 * quarter + 3, 12),
                ]
            schedule += [(MeetingKind.LIFE_MEETING, 12, 20), (MeetingKind.EVALUATION, 12, 22)]
            for kind, month, day in schedule:
                period = (month - 1) // 3 + 1 if kind == MeetingKind.LECTURE else month
                if (index, kind, period) in gaps or (kind == MeetingKind.LIFE_MEETING and (index, kind, 1) in gaps):
                    continue
                held = datetime.date(year, month, min(28, day + rng.randint(-2, 2)))
                planned.append(
                    Meeting(
                        organization=branch,
                        kind=kind,
                        held_on=held,
                        topic=TOPICS[kind],
                        place=f"{branch.name.removesuffix('党支部')}党员活动室",
                        chair=branch.secretary,
                    )
                )
        meetings = Meeting.objects.bulk_create(planned)
        rows = []
        for meeting in meetings:
            for member in by_branch.get(meeting.organization_id, []):
                if not member.is_active_on(meeting.held_on):
                    continue
                roll = rng.random()
                grade = ""
                if meeting.kind == MeetingKind.EVALUATION:
                    grade = rng.choices([Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASICALLY_QUALIFIED], [2, 12, 1])[0]
                if roll < 0.84:
                    rows.append(
                        Attendance(meeting=meeting, member=member, status=AttendanceStatus.PRESENT, grade=grade)
                    )
                elif roll < 0.95 or member.is_floating:
                    reason = "外出务工" if member.is_floating else rng.choice(LEAVE_REASONS)
                    rows.append(
                        Attendance(
                            meeting=meeting, member=member, status=AttendanceStatus.LEAVE, reason=reason, grade=grade
                        )
                    )
        Attendance.objects.bulk_create(rows, batch_size=1000)

    def changling_trainings(self, township: Organization, members: list[Member]) -> None:
        rng = self.rng
        on_day = [m for m in members if m.is_active_on(CHANGLING_DAY)]
        trained = rng.sample(on_day, round(len(on_day) * CHANGLING_COVERAGE))
        half = len(trained) * 3 // 4
        first, second = trained[:half], trained[len(trained) - half :]
        for index, (group, person_times, start) in enumerate(
            zip(
                (first, second),
                CHANGLING_PERSON_TIMES,
                (datetime.date(2023, 4, 17), datetime.date(2023, 10, 16)),
                strict=True,
            ),
            1,
        ):
            training = Training.objects.create(
                township=township,
                title=f"学习贯彻党的二十大精神“万名党员进党校”培训班（第{'一二'[index - 1]}轮）",
                organizer=Organizer.TOWNSHIP,
                start_on=start,
                end_on=start + days(2),
                sessions=1,
                person_times=person_times,
            )
            training.participants.set(group)


def build_development(people: People, townships: dict[str, Organization]) -> None:
    builder = DevelopmentBuilder(people)
    builder.qingshui(townships["清水乡"])
    builder.changling(townships["长岭乡"])
