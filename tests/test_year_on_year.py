"""This year against last: the comparison against an independent recount at both dates."""

import datetime

import pytest

from dangjian.dates import add_years
from dangjian.shares import Share
from organizations.models import Member
from reports import submission
from reports.document import build_document
from reports.models import Report
from reports.statistics import township_statistics
from reports.year_on_year import ShareChange, YearOnYear, year_on_year
from tests.factories import make_member
from tests.recount import percent, recount
from tests.test_review import ready_report

DAY = datetime.date(2020, 11, 15)
BEFORE = datetime.date(2019, 11, 15)


@pytest.fixture
def members(branch):
    make_member(branch, name="老党员", birth_date=datetime.date(1960, 1, 1), joined_on=datetime.date(2000, 7, 1))
    make_member(branch, name="刚满36", birth_date=datetime.date(1984, 6, 1))
    make_member(branch, name="一直在", birth_date=datetime.date(1970, 1, 1))
    # Joined during the year: counted now, not a year earlier.
    make_member(
        branch, name="今年入党甲", gender="F", birth_date=datetime.date(1995, 1, 1), joined_on=datetime.date(2020, 3, 1), full_on=None
    )  # fmt: skip
    make_member(
        branch, name="今年入党乙", gender="F", birth_date=datetime.date(1990, 1, 1), joined_on=datetime.date(2020, 7, 1), full_on=None
    )  # fmt: skip
    # Left during the year: counted a year earlier, not now.
    make_member(branch, name="今年转出", joined_on=datetime.date(2005, 7, 1), left_on=datetime.date(2020, 5, 1), leave_reason="transferred_out")  # fmt: skip
    # Neither: joins after the date, or left before the earlier one.
    make_member(branch, name="年底入党", joined_on=datetime.date(2020, 12, 1), full_on=None)
    make_member(branch, name="早已转出", joined_on=datetime.date(2000, 7, 1), left_on=datetime.date(2019, 6, 1), leave_reason="transferred_out")  # fmt: skip


def comparison(township):
    now = township_statistics(township, DAY).members
    return year_on_year(Member.objects.under(township), DAY, now)


def test_each_side_equals_a_recount_at_its_own_date(township, members):
    yoy, _ = comparison(township)
    now, before = recount(township, DAY), recount(township, BEFORE)
    assert yoy.before_day == add_years(DAY, -1) == BEFORE
    # The two who joined this year count only now; the one who left this year only before.
    assert (now["total"], before["total"]) == (5, 4)
    assert (yoy.now.total, yoy.before.total) == (now["total"], before["total"])
    for change in yoy.changes:
        key = {
            "女党员": "women",
            "35岁及以下党员": "young",
            "60岁及以上党员": "old",
            "少数民族党员": "minorities",
            "大专及以上学历党员": "higher_education",
            "预备党员": "probationary",
        }[change.label]
        assert (change.now.count, change.before.count) == (now[key], before[key]), change.label
        assert change.now.percent_text == percent(now[key], now["total"])
        assert change.before.percent_text == percent(before[key], before["total"])


def test_the_sentence_reads_as_the_bulletin_writes_it(township, members):
    yoy, _ = comparison(township)
    # Worked out by hand: 5 against 4 is 1 more, 25.00%; women 2/5 = 40.00% against 0/4;
    # 35 and under 2/5 = 40.00% against 1/4 = 25.00% (刚满36 was 35 a year ago); 60 and over
    # 1/5 = 20.00% against 0/4 (老党员 turned 60 in the year); probationary 2/5 against 0/4.
    assert yoy.sentence() == (
        "与上年同期相比（上年数字按2019年11月15日的在册数据计算），党员总数5名，比上年净增1名，增幅25.00%；"
        "女党员占40.00%，比上年提高40个百分点；35岁及以下党员占40.00%，比上年提高15个百分点；"
        "60岁及以上党员占20.00%，比上年提高20个百分点；预备党员占40.00%，比上年提高40个百分点。"
    )


def test_falls_and_no_change_are_worded_too():
    assert ShareChange("女党员", Share(1, 4), Share(2, 5)).text == "女党员占25.00%，比上年降低15个百分点"
    assert ShareChange("女党员", Share(1, 4), Share(2, 8)).text == "女党员占25.00%，与上年持平"
    assert ShareChange("女党员", Share(69, 546), Share(66, 534)).text == "女党员占12.64%，比上年提高0.28个百分点"
    fewer = YearOnYear(DAY, BEFORE, _figures(534), _figures(546), "")
    assert fewer.total_text == "党员总数534名，比上年净减12名，降幅2.20%"


def _figures(total):
    from organizations.figures import HeadlineFigures, member_figures_from_counts

    return HeadlineFigures.of(member_figures_from_counts({"total": total}))


def test_the_trend_counts_five_dates_a_year_apart(township, members):
    _, trend = comparison(township)
    assert trend.days == [datetime.date(y, 11, 15) for y in range(2016, 2021)]
    assert [f.total for f in trend.figures] == [recount(township, day)["total"] for day in trend.days]
    assert [f.young.count for f in trend.figures] == [recount(township, day)["young"] for day in trend.days]


def test_the_report_offers_the_sentence_only_when_the_clerk_chose_it(township, members):
    report = Report.objects.create(township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY)
    basic = build_document(report).sections[0].paragraphs
    assert not any(p.startswith("与上年同期相比") for p in basic)
    assert "近五年党员队伍变化" not in [t.title for t in build_document(report).tables]
    report.compare_with_last_year = True
    report.save()
    document = build_document(report)
    assert (
        document.sections[0]
        .paragraphs[-1]
        .startswith("与上年同期相比（上年数字按2019年11月15日的在册数据计算），党员总数5名")
    )
    [trend] = [t for t in document.tables if t.title == "近五年党员队伍变化"]
    assert [row[1] for row in trend.rows] == [recount(township, datetime.date(y, 11, 15))["total"] for y in range(2016, 2021)]  # fmt: skip


def test_with_submitted_figures_it_uses_last_years_version_and_says_so(township, branch, staff):
    last_year = ready_report(township, branch)  # 4 members joined 2010
    Report.objects.filter(pk=last_year.pk).update(year=2019, as_of=BEFORE, issued_on=BEFORE)
    last_year.refresh_from_db()
    submission.report_submit(report=last_year, user=staff)
    # Entered later, backdated: the live count of 2019-11-15 becomes 6, the submitted one stays 4.
    make_member(branch, name="补录一")
    make_member(branch, name="补录二")
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY,
        compare_with_last_year=True, compare_with_submitted=True,
    )  # fmt: skip
    sentence = build_document(report).sections[0].paragraphs[-1]
    assert sentence.startswith(
        "与上年同期相比（上年数字取自2019年报送的第1版汇报，统计截至2019年11月15日），党员总数6名，比上年净增2名，增幅50.00%"
    )
    report.compare_with_submitted = False
    report.save()
    assert "党员总数6名，与上年持平" in build_document(report).sections[0].paragraphs[-1]


def test_a_returned_version_of_last_year_is_not_used(township, branch, staff, reviewer):
    last_year = ready_report(township, branch)
    Report.objects.filter(pk=last_year.pk).update(year=2019, as_of=BEFORE, issued_on=BEFORE)
    last_year.refresh_from_db()
    submission.report_submit(report=last_year, user=staff)
    submission.report_return(report=last_year, user=reviewer, comment="重写")
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY,
        compare_with_last_year=True, compare_with_submitted=True,
    )  # fmt: skip
    assert "上年数字按2019年11月15日的在册数据计算" in build_document(report).sections[0].paragraphs[-1]
