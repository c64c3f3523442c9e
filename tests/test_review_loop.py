"""The review loop where people land: dashboards, confirmation, the version page and the comparison."""

import datetime
import re

import pytest
from django.urls import reverse

from organizations.models import Member
from reports import submission
from reports.models import Report, ReportVersion, ReviewDecision, Status
from reports.stored import from_data
from reports.version_diff import compare
from tests.factories import make_member
from tests.test_review import CONFIRMED, ready_report

DAY = datetime.date(2020, 11, 15)
COMMENT = "请补充组织生活会开展情况。"


@pytest.fixture
def report(township, branch):
    return ready_report(township, branch)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class TestDashboards:
    def test_the_clerks_dashboard_shows_the_return_and_the_comment(self, staff_client, staff, reviewer, report):
        submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        submission.report_return(report=report, user=reviewer, comment=COMMENT)
        response = staff_client.get(reverse("dashboard"))
        [state] = response.context["report_states"]
        assert (state.status, state.comment) == (Status.RETURNED, COMMENT)
        page = response.content.decode()
        assert re.search(r'class="badge[^"]*report-state">已退回</span>', page)
        assert f'<span class="return-comment">{COMMENT}</span>' in page

    def test_the_report_list_shows_status_and_the_return_comment(self, staff_client, staff, reviewer, report):
        submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        submission.report_return(report=report, user=reviewer, comment=COMMENT)
        page = staff_client.get(reverse("report_index")).content.decode()
        assert re.search(r'report-state">已退回</span>', page)
        assert f'<span class="return-comment">{COMMENT}</span>' in page

    def test_the_reviewers_dashboard_counts_what_waits_per_township(
        self, reviewer_client, reviewer, staff, township, branch, other_township, other_branch
    ):
        submission.report_submit(report=ready_report(township, branch), user=staff, warnings_acknowledged=True)
        other = ready_report(other_township, other_branch)
        submission.report_submit(report=other, user=staff, warnings_acknowledged=True)
        submission.report_approve(report=other, user=reviewer)  # decided: no longer waits
        # Last year's report of 甲乡 waits too.
        older = Report.objects.create(
            township=township,
            year=2019,
            as_of=datetime.date(2019, 11, 15),
            title="旧",
            issuer="i",
            issued_on=datetime.date(2019, 11, 15),
            opening="x",
            problems="x",
            next_steps="x",
        )
        submission.report_submit(report=older, user=staff, warnings_acknowledged=True)
        response = reviewer_client.get(reverse("dashboard"))
        waiting = {w.township.name: w.years for w in response.context["waiting"]}
        assert waiting == {"甲乡": [2020, 2019]}
        assert re.search(r'id="waiting-total">2</span>', response.content.decode())

    def test_the_review_page_picks_any_year_with_reports_and_counts_what_waits(self, reviewer_client, staff, report):
        submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        response = reviewer_client.get(reverse("review_year", args=[2020]))
        years = {choice.year: choice.waiting for choice in response.context["years"]}
        assert years[2020] == 1
        page = response.content.decode()
        assert (
            f'href="{reverse("review_year", args=[2020])}">2020年 <span class="badge text-bg-warning">待审1</span>'
            in page
        )
        assert "待审核1份" in page

    def test_due_items_list_overdue_tasks_and_conversions_due(self, staff_client, township, branch):
        from django.utils import timezone

        from planning.models import KeyTask, TaskStatus, WorkArea

        today = timezone.localdate()
        area = WorkArea.objects.create(township=township, year=today.year, name="组织建设")
        yesterday = today - datetime.timedelta(days=1)
        KeyTask.objects.create(area=area, title="逾期任务", status=TaskStatus.IN_PROGRESS, deadline=yesterday)
        KeyTask.objects.create(area=area, title="按时任务", status=TaskStatus.IN_PROGRESS, deadline=today)
        make_member(branch, name="该转正", joined_on=today.replace(year=today.year - 2), full_on=None)
        make_member(branch, name="未满一年", joined_on=today - datetime.timedelta(days=100), full_on=None)
        labels = [item.label for item in staff_client.get(reverse("dashboard")).context["due"]]
        assert labels == [f"1项{today.year}年重点任务已过完成时限、尚未完成", "1名预备党员入党已满一年、尚未转正"]


class TestConfirmation:
    def test_submit_asks_first_and_stores_nothing_until_confirmed(self, staff_client, report):
        response = staff_client.post(reverse("report_submit", args=[report.pk]))
        assert response.status_code == 200
        assert "确认提交第1版" in response.content.decode()
        assert not ReportVersion.objects.exists()
        staff_client.post(reverse("report_submit", args=[report.pk]), CONFIRMED)
        assert ReportVersion.objects.count() == 1

    def test_approve_asks_first(self, reviewer_client, staff, report):
        submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        response = reviewer_client.post(reverse("report_approve", args=[report.pk]))
        assert "确认通过第1版" in response.content.decode()
        assert not ReviewDecision.objects.exists()
        reviewer_client.post(reverse("report_approve", args=[report.pk]), CONFIRMED)
        assert report.status() == Status.APPROVED

    def test_return_keeps_its_required_comment_through_the_confirmation(self, reviewer_client, staff, report):
        submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        url = reverse("report_return", args=[report.pk])
        assert reviewer_client.post(url, {"comment": " "}).status_code == 400
        response = reviewer_client.post(url, {"comment": COMMENT})
        page = response.content.decode()
        assert f'<input type="hidden" name="comment" value="{COMMENT}">' in page
        assert not ReviewDecision.objects.exists()
        reviewer_client.post(url, {"comment": COMMENT, **CONFIRMED})
        assert ReviewDecision.objects.get().comment == COMMENT


class TestVersionPage:
    def test_it_shows_the_submitted_figures_after_the_live_data_changed(self, reviewer_client, staff, report, branch):
        version = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        # After submitting: two members join before the report's date, and the narrative changes.
        make_member(branch, name="后来补录一", joined_on=datetime.date(2010, 1, 1))
        make_member(branch, name="后来补录二", joined_on=datetime.date(2010, 1, 1))
        Report.objects.filter(pk=report.pk).update(opening="改过的开头。")
        assert Member.objects.count() == 6
        page = text_of(reviewer_client.get(reverse("version_detail", args=[version.pk])))
        assert "全乡共有党员4名" in page
        assert "今年以来，全乡党建工作扎实推进。" in page
        assert "全乡共有党员6名" not in page and "改过的开头" not in page
        live = text_of(reviewer_client.get(reverse("report_preview", args=[report.pk])))
        assert "全乡共有党员6名" in live

    def test_from_data_gives_back_the_document_that_was_stored(self, staff, report):
        from reports.document import build_document

        version = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        stored = from_data(version.data, year=2020)
        live = build_document(report)
        assert stored.sections == live.sections
        assert stored.tables == live.tables
        assert stored.statistics.members == live.statistics.members
        assert stored.statistics.tasks == live.statistics.tasks

    def test_a_version_without_stored_data_says_so(self, reviewer_client, staff, report):
        from django.db import connection

        version = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)

        with connection.cursor() as cursor:  # an old row: the model refuses to change a version
            cursor.execute("UPDATE reports_reportversion SET data = %s WHERE id = %s", ["{}", version.pk])
        response = reviewer_client.get(reverse("version_detail", args=[version.pk]))
        assert response.status_code == 200
        assert "这一版没有保存可以显示的统计和叙述数据" in response.content.decode()


class TestComparison:
    @pytest.fixture
    def two_versions(self, staff, reviewer, report, branch):
        first = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        submission.report_return(report=report, user=reviewer, comment=COMMENT)
        # Known differences: one more woman, born 1995 (35 or under), with a bachelor's degree,
        # and the opening paragraph reworded, a problem added.
        make_member(branch, name="新党员", gender="F", birth_date=datetime.date(1995, 3, 1), education="bachelor")
        report.opening = "今年以来，全乡党建工作扎实推进，成效明显。"
        report.problems = "一是党务干部业务不精。\n二是阵地建设滞后。"
        report.save()
        second = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        return first, second

    def test_it_lists_exactly_the_figures_that_differ(self, two_versions):
        first, second = two_versions
        diff = compare(from_data(first.data, year=2020), from_data(second.data, year=2020))
        changed = {(f.table, f.row, f.column): (f.old, f.new) for f in diff.figures}
        # Worked out by hand. Before: 4 men and women of the 机关 branch (1 woman), born 1980 (40 on
        # the date), 高中, 农牧渔民. After: a fifth, a woman born 1995 (25), 大学本科, 农牧渔民.
        # Unchanged, so absent: every zero figure, the farmers' share (100% both times), the branches.
        assert changed == {
            ("党员队伍结构", "党员总数", "人数"): ("4", "5"),
            ("党员队伍结构", "女党员", "人数"): ("1", "2"),
            ("党员队伍结构", "女党员", "占党员总数"): ("25.00%", "40.00%"),
            ("党员队伍结构", "农牧渔民党员", "人数"): ("4", "5"),
            ("党员队伍结构", "35岁及以下", "人数"): ("0", "1"),
            ("党员队伍结构", "35岁及以下", "占党员总数"): ("0.00%", "20.00%"),
            ("党员队伍结构", "大专及以上学历", "人数"): ("0", "1"),
            ("党员队伍结构", "大专及以上学历", "占党员总数"): ("0.00%", "20.00%"),
            ("党员年龄结构", "30岁及以下", "人数"): ("0", "1"),
            ("党员年龄结构", "30岁及以下", "占党员总数"): ("0.00%", "20.00%"),
            ("党员年龄结构", "36—40岁", "占党员总数"): ("100.00%", "80.00%"),
            ("党员年龄结构（合并）", "35岁及以下", "人数"): ("0", "1"),
            ("党员年龄结构（合并）", "35岁及以下", "占党员总数"): ("0.00%", "20.00%"),
            ("党员年龄结构（合并）", "36—55岁", "占党员总数"): ("100.00%", "80.00%"),
            ("党员学历结构", "大学本科", "人数"): ("0", "1"),
            ("党员学历结构", "大学本科", "占党员总数"): ("0.00%", "20.00%"),
            ("党员学历结构", "高中", "占党员总数"): ("100.00%", "80.00%"),
            ("党员职业结构", "农牧渔民", "人数"): ("4", "5"),
            # All five joined on 2010-07-01, between the 16th and the 18th congresses (share 100% both times).
            ("党员入党时间", "十六大后至十八大前", "人数"): ("4", "5"),
        }

    def test_it_lists_the_paragraphs_added_and_changed(self, two_versions):
        first, second = two_versions
        diff = compare(from_data(first.data, year=2020), from_data(second.data, year=2020))
        kinds = [(p.kind, p.old, p.new) for p in diff.paragraphs if "党员" not in p.old + p.new]
        assert kinds == [
            ("changed", "今年以来，全乡党建工作扎实推进。", "今年以来，全乡党建工作扎实推进，成效明显。"),
            ("added", "", "二是阵地建设滞后。"),
        ]
        [opening] = [p for p in diff.paragraphs if p.old == "今年以来，全乡党建工作扎实推进。"]
        assert opening.runs == [("same", "今年以来，全乡党建工作扎实推进"), ("new", "，成效明显"), ("same", "。")]

    def test_the_page_highlights_old_and_new(self, reviewer_client, two_versions):
        first, second = two_versions
        page = reviewer_client.get(reverse("version_compare", args=[second.pk, first.pk])).content.decode()
        assert "第1版 → 第2版" in page
        assert '<ins class="diff-new">，成效明显</ins>' in page
        assert (
            '<span class="diff-old">4</span></td><td>→</td><td class="text-end"><span class="diff-new">5</span>' in page
        )

    def test_versions_of_two_reports_are_not_compared(self, reviewer_client, staff, report, other_township):
        from tests.factories import make_org

        version = submission.report_submit(report=report, user=staff, warnings_acknowledged=True)
        other = submission.report_submit(
            report=ready_report(other_township, make_org(other_township)), user=staff, warnings_acknowledged=True
        )
        response = reviewer_client.get(reverse("version_compare", args=[version.pk, other.pk]))
        assert response.status_code == 400
        assert "只能比较同一份汇报的两个版本" in response.content.decode()
