"""County review: submission with frozen versions, approve / return, downloads, zip, audit log."""

import datetime
import hashlib
import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from docx import Document

from organizations.models import Member
from reports.models import FrozenVersionError, Report, ReportVersion, Status
from tests.factories import make_member
from tests.pdf_tools import pdf_text

# The second step of the confirmation (reports/views/review.py): the request that acts.
CONFIRMED = {"confirmed": "1"}

DAY = datetime.date(2020, 11, 15)


def ready_report(township, branch) -> Report:
    for i in range(4):
        make_member(branch, name=f"党员{i}", gender="F" if i == 0 else "M")
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title=f"{township.name}2020年基层党建工作情况汇报",
        issuer=f"中共{township.name}委员会",
        issued_on=DAY,
        opening="今年以来，全乡党建工作扎实推进。",
        problems="一是党务干部业务不精。",
        next_steps="一是强化党建责任落实。",
    )
    report.sections.create(heading="聚焦政治建设", narrative="开展理论学习8次。")
    return report


@pytest.fixture
def report(township, branch):
    return ready_report(township, branch)


@pytest.fixture
def other_report(other_township, other_branch):
    return ready_report(other_township, other_branch)


def submit(client, report):
    return client.post(reverse("report_submit", args=[report.pk]), CONFIRMED, follow=True)


def download(client, version, kind="pdf") -> bytes:
    response = client.get(reverse("version_download", args=[version.pk, kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


class TestSubmitting:
    def test_an_incomplete_report_is_not_submitted_and_the_problems_are_listed(self, staff_client, report):
        report.opening = ""
        report.save()
        report.sections.update(narrative="")
        page = submit(staff_client, report).content.decode()
        assert "还不能提交" in page
        assert "开头段落还没有填写。" in page and "「聚焦政治建设」一节的工作情况还没有填写。" in page
        assert not ReportVersion.objects.exists()

    def test_a_report_without_members_on_the_date_is_not_submitted(self, staff_client, report):
        report.as_of = datetime.date(2020, 1, 1)
        Member.objects.update(joined_on=datetime.date(2020, 6, 1), full_on=None)
        report.save()
        assert "没有在册党员" in submit(staff_client, report).content.decode()
        assert not ReportVersion.objects.exists()

    def test_submitting_stores_the_files_their_hashes_and_the_data(self, staff_client, staff, report):
        page = submit(staff_client, report).content.decode()
        assert "已提交第1版" in page
        version = ReportVersion.objects.get()
        assert (version.number, version.submitted_by, version.as_of) == (1, staff, DAY)
        pdf, xlsx = download(staff_client, version), download(staff_client, version, "xlsx")
        docx = download(staff_client, version, "docx")
        assert hashlib.sha256(pdf).hexdigest() == version.pdf_sha256
        assert hashlib.sha256(xlsx).hexdigest() == version.xlsx_sha256
        assert hashlib.sha256(docx).hexdigest() == version.docx_sha256
        assert "全乡共有党员4名" in "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
        assert "全乡共有党员4名" in pdf_text(pdf)
        assert version.data["statistics"]["members"]["total"] == 4
        assert version.data["statistics"]["members"]["women"] == {"count": 1, "total": 4, "percent": "25.00"}
        assert Report.objects.get().status() == Status.SUBMITTED

    def test_a_report_under_review_is_not_submitted_again(self, staff_client, report):
        submit(staff_client, report)
        assert "已提交，不能重复提交" in submit(staff_client, report).content.decode()
        assert ReportVersion.objects.count() == 1


class TestFrozen:
    def test_later_edits_do_not_touch_a_stored_version(self, staff_client, report, branch):
        submit(staff_client, report)
        version = ReportVersion.objects.get()
        before = download(staff_client, version)
        before_docx = download(staff_client, version, "docx")
        make_member(branch, name="后来的党员")
        Member.objects.filter(name="党员1").update(left_on=datetime.date(2020, 3, 1), leave_reason="deceased")
        report.opening = "改写后的开头。"
        report.save()
        again = download(staff_client, version)
        assert again == before
        assert download(staff_client, version, "docx") == before_docx
        live = staff_client.get(reverse("report_download", args=[report.pk, "docx"])).content
        assert "改写后的开头。" in "".join(p.text for p in Document(io.BytesIO(live)).paragraphs)
        assert hashlib.sha256(again).hexdigest() == ReportVersion.objects.get().pdf_sha256
        assert "全乡共有党员4名" in pdf_text(again)

    def test_the_model_layer_refuses_to_change_a_version(self, staff_client, report):
        submit(staff_client, report)
        version = ReportVersion.objects.get()
        with pytest.raises(FrozenVersionError):
            ReportVersion.objects.filter(pk=version.pk).update(pdf_sha256="0" * 64)
        with pytest.raises(FrozenVersionError):
            version.as_of = datetime.date(2020, 1, 1)
            version.save()
        with pytest.raises(FrozenVersionError):
            version.delete()
        with pytest.raises(FrozenVersionError):
            ReportVersion.objects.all().delete()
        assert ReportVersion.objects.get().as_of == DAY


class TestWorkflow:
    def test_submit_return_revise_resubmit_approve(self, staff_client, reviewer_client, report):
        submit(staff_client, report)
        response = reviewer_client.post(
            reverse("report_return", args=[report.pk]), {"comment": "请补充组织生活情况。", **CONFIRMED}
        )
        assert response.status_code == 302
        page = staff_client.get(reverse("report_versions", args=[report.pk])).content.decode()
        assert "已退回" in page and "请补充组织生活情况。" in page
        report.opening = "补充后的开头。"
        report.save()
        assert "已提交第2版" in submit(staff_client, report).content.decode()
        reviewer_client.post(reverse("report_approve", args=[report.pk]), CONFIRMED)
        assert Report.objects.get().status() == Status.APPROVED
        v1, v2 = ReportVersion.objects.order_by("number")
        assert "补充后的开头" not in pdf_text(download(reviewer_client, v1))
        assert "补充后的开头" in pdf_text(download(reviewer_client, v2))
        history = reviewer_client.get(reverse("report_versions", args=[report.pk])).content.decode()
        assert "第1版" in history and "第2版" in history and "请补充组织生活情况。" in history
        assert "已通过" in submit(staff_client, report).content.decode()  # no third version after approval
        assert ReportVersion.objects.count() == 2

    def test_returning_needs_a_comment(self, staff_client, reviewer_client, report):
        submit(staff_client, report)
        response = reviewer_client.post(reverse("report_return", args=[report.pk]), {"comment": "  ", **CONFIRMED})
        assert "退回时必须填写审核意见" in response.content.decode()
        assert Report.objects.get().status() == Status.SUBMITTED

    def test_staff_cannot_approve_or_return(self, staff_client, report):
        submit(staff_client, report)
        assert staff_client.post(reverse("report_approve", args=[report.pk]), CONFIRMED).status_code == 403
        assert (
            staff_client.post(reverse("report_return", args=[report.pk]), {"comment": "x", **CONFIRMED}).status_code
            == 403
        )
        assert Report.objects.get().status() == Status.SUBMITTED

    def test_reviewers_cannot_submit_or_edit(self, reviewer_client, report):
        assert reviewer_client.post(reverse("report_submit", args=[report.pk])).status_code == 403
        assert reviewer_client.post(reverse("report_edit", args=[report.pk]), {"title": "改"}).status_code == 403
        assert not ReportVersion.objects.exists()

    def test_approving_a_draft_is_refused(self, reviewer_client, report):
        page = reviewer_client.post(
            reverse("report_approve", args=[report.pk]), CONFIRMED, follow=True
        ).content.decode()
        assert "只有已提交、等待审核的汇报才能审核。" in page
        assert Report.objects.get().status() == Status.DRAFT


class TestScoping:
    def test_another_townships_report_and_versions_answer_404(self, staff_client, report, other_report, other_township):
        other_staff = Client()
        from tests.factories import Role, make_user

        other_staff.force_login(make_user("yi", Role.TOWNSHIP_STAFF, other_township))
        submit(other_staff, other_report)
        version = ReportVersion.objects.get(report=other_report)
        for url in [
            reverse("report_versions", args=[other_report.pk]),
            reverse("version_download", args=[version.pk, "pdf"]),
            reverse("version_download", args=[version.pk, "xlsx"]),
        ]:
            assert staff_client.get(url).status_code == 404
        # Submitting someone else's report: 404 (not revealed); reviewing: 403 for the role, before any lookup.
        assert staff_client.post(reverse("report_submit", args=[other_report.pk])).status_code == 404
        for name in ("report_approve", "report_return"):
            assert staff_client.post(reverse(name, args=[other_report.pk])).status_code == 403
        assert ReportVersion.objects.filter(report=other_report).count() == 1

    def test_a_reviewer_of_another_county_sees_nothing(self, staff_client, other_reviewer_client, report):
        submit(staff_client, report)
        version = ReportVersion.objects.get()
        assert other_reviewer_client.get(reverse("report_versions", args=[report.pk])).status_code == 404
        assert other_reviewer_client.get(reverse("version_download", args=[version.pk, "pdf"])).status_code == 404
        assert other_reviewer_client.post(reverse("report_approve", args=[report.pk]), CONFIRMED).status_code == 404
        rows = other_reviewer_client.get(reverse("review_year", args=[2020])).context["rows"]
        assert rows == []

    def test_an_unknown_file_kind_answers_404(self, staff_client, report):
        submit(staff_client, report)
        version = ReportVersion.objects.get()
        assert staff_client.get(reverse("version_download", args=[version.pk, "mp3"])).status_code == 404


def test_the_county_page_lists_every_township_with_its_status(staff_client, reviewer_client, report, other_report):
    submit(staff_client, report)
    rows = reviewer_client.get(reverse("review_year", args=[2020])).context["rows"]
    assert [(r["township"].name, r["status"]) for r in rows] == [("甲乡", Status.SUBMITTED), ("乙乡", Status.DRAFT)]


def test_the_zip_holds_the_latest_pdf_of_every_township_that_submitted(staff_client, reviewer_client, report):
    submit(staff_client, report)
    reviewer_client.post(reverse("report_return", args=[report.pk]), {"comment": "改", **CONFIRMED})
    report.opening = "第二版的开头。"
    report.save()
    submit(staff_client, report)
    response = reviewer_client.get(reverse("review_zip", args=[2020]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [name] = archive.namelist()
    assert name.startswith("甲乡-") and name.endswith("第2版.pdf")
    assert archive.read(name) == download(reviewer_client, ReportVersion.objects.get(number=2))


class TestAudit:
    def entries(self, model_name, action):
        return LogEntry.objects.filter(content_type__model=model_name, action=action).order_by("id")

    def test_every_kind_of_action_is_logged_with_user_and_fields(
        self, staff_client, reviewer_client, staff, reviewer, branch, township
    ):
        form = {
            "name": "新党员",
            "gender": "M",
            "ethnicity": "01",
            "birth_date": "1990-01-01",
            "education": "bachelor",
            "occupation": "farmer",
            "organization": branch.pk,
            "joined_on": "2015-07-01",
            "full_on": "2016-07-01",
            "id_number": "",
            "phone": "",
            "floating_to": "",
            "village_group": "",
        }
        staff_client.post(reverse("member_create"), form)
        member = Member.objects.get(name="新党员")
        staff_client.post(reverse("member_edit", args=[member.pk]), {**form, "education": "college"})
        staff_client.post(
            reverse("member_leave", args=[member.pk]), {"left_on": "2020-05-01", "leave_reason": "transferred_out"}
        )
        [created] = self.entries("member", LogEntry.Action.CREATE)
        changed, left = self.entries("member", LogEntry.Action.UPDATE)
        assert created.actor == staff and created.changes_dict["name"] == ["None", "新党员"]
        assert changed.actor == staff and changed.changes_dict["education"] == ["bachelor", "college"]
        assert left.changes_dict["left_on"] == ["None", "2020-05-01"]

        report = ready_report(township, branch)
        submit(staff_client, report)
        reviewer_client.post(reverse("report_return", args=[report.pk]), {"comment": "请补充。", **CONFIRMED})
        submit(staff_client, report)
        reviewer_client.post(reverse("report_approve", args=[report.pk]), CONFIRMED)
        version = ReportVersion.objects.get(number=2)
        download(reviewer_client, version)
        submits = self.entries("reportversion", LogEntry.Action.CREATE)
        assert [e.actor for e in submits] == [staff, staff]
        decisions = self.entries("reviewdecision", LogEntry.Action.CREATE)
        assert [(e.actor, e.changes_dict["decision"][1]) for e in decisions] == [
            (reviewer, "returned"),
            (reviewer, "approved"),
        ]
        assert decisions[0].changes_dict["comment"][1] == "请补充。"
        [access] = self.entries("reportversion", LogEntry.Action.ACCESS)
        assert (access.actor, access.object_pk, access.changes_dict["下载"][1]) == (reviewer, str(version.pk), "PDF")
        reviewer_client.get(reverse("report_download", args=[report.pk, "xlsx"]))
        [live] = self.entries("report", LogEntry.Action.ACCESS)
        assert (live.actor, live.object_pk, live.changes_dict["下载"][1]) == (reviewer, str(report.pk), "XLSX")

    def test_id_numbers_are_masked_in_the_log(self, branch):
        make_member(branch, id_number="11010519491231002X", birth_date=datetime.date(1949, 12, 31), gender="F")
        entry = LogEntry.objects.get(content_type__model="member")
        assert "11010519491231002X" not in str(entry.changes)

    def test_the_audit_page_is_scoped_to_the_reviewers_county(
        self, reviewer_client, other_reviewer_client, staff_client, admin_client_, branch
    ):
        make_member(branch, name="甲乡的人")
        assert "甲乡的人" in reviewer_client.get(reverse("audit_log")).content.decode()
        assert "甲乡的人" not in other_reviewer_client.get(reverse("audit_log")).content.decode()
        assert "甲乡的人" in admin_client_.get(reverse("audit_log")).content.decode()
        assert staff_client.get(reverse("audit_log")).status_code == 403
