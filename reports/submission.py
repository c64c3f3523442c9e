"""Submitting a report to the county, and the county's decisions (HackSoft-style services).

Before a report is submitted it is checked; every check returns the problems it
finds in Chinese. Later data checks are added to ``SUBMISSION_CHECKS``. The
township's consistency checks (reports/checks.py) run too: their errors block
the submission, their warnings must be acknowledged by the clerk.
"""

import hashlib
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.scoping import can_review
from reports.checks import CheckResult, errors_of, run_checks, warnings_of
from reports.document import ReportDocument, build_document
from reports.formats import STORED_FORMATS
from reports.models import Decision, Report, ReportVersion, ReviewDecision, Status
from reports.serialize import to_data


def check_narrative(report: Report, document: ReportDocument) -> list[str]:
    problems = []
    if not report.opening.strip():
        problems.append("开头段落还没有填写。")
    for section in report.sections.all():
        if not section.narrative.strip():
            problems.append(f"「{section.heading}」一节的工作情况还没有填写。")
    if not report.problems.strip():
        problems.append("“存在的问题”还没有填写。")
    if not report.next_steps.strip():
        problems.append("“下一步工作打算”还没有填写。")
    return problems


def check_dates(report: Report, document: ReportDocument) -> list[str]:
    if report.as_of.year != report.year:
        return [f"统计截止日期（{report.as_of}）不在{report.year}年之内。"]
    return []


def check_figures(report: Report, document: ReportDocument) -> list[str]:
    if not document.statistics.members.total:
        return [f"截至{report.as_of}，本乡镇没有在册党员，统计数字无法计算。"]
    return []


SUBMISSION_CHECKS: list[Callable[[Report, ReportDocument], list[str]]] = [
    check_narrative,
    check_dates,
    check_figures,
]


def submission_problems(report: Report, document: ReportDocument) -> list[str]:
    return [problem for check in SUBMISSION_CHECKS for problem in check(report, document)]


def consistency_results(report: Report) -> list[CheckResult]:
    """The township's consistency checks as of the report's date, its narrative included."""
    return run_checks(report.township, report.as_of, year=report.year, report=report)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def report_submit(*, report: Report, user, warnings_acknowledged: bool = False) -> ReportVersion:
    """Check, render and store a new frozen version. ValidationError lists what to fix.

    Consistency errors block; consistency warnings block until ``warnings_acknowledged``.
    """
    report = Report.objects.select_for_update().select_related("township").get(pk=report.pk)
    if report.status() not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(f"这份汇报{Status(report.status()).label}，不能重复提交。")
    document = build_document(report, registers=any(output.needs_registers for output in STORED_FORMATS))
    problems = submission_problems(report, document)
    results = consistency_results(report)
    problems += [finding.message for finding in errors_of(results)]
    if problems:
        raise ValidationError(problems)
    warnings = warnings_of(results)
    if warnings and not warnings_acknowledged:
        raise ValidationError([f"数据检查有{len(warnings)}条提示，请逐条阅读后勾选“已阅读以上提示，确认提交”再提交。"])
    files = {output.key: output.render(document) for output in STORED_FORMATS}
    number = report.versions.count() + 1
    version = ReportVersion(
        report=report,
        number=number,
        title=report.title,
        as_of=report.as_of,
        submitted_by=user,
        **{f"{key}_sha256": _sha256(body) for key, body in files.items()},
        data=to_data(
            {
                "title": document.title,
                "issuer": document.issuer,
                "issued_on": document.issued_on,
                "opening": document.opening,
                "sections": document.sections,
                "tables": document.tables,
                "statistics": document.statistics,
            }
        ),
    )
    for output in STORED_FORMATS:
        # Stored under ids (see upload_to), never under the clerk's title.
        version.stored_file(output).save(f"v{number}.{output.extension}", ContentFile(files[output.key]), save=False)
    version.save()
    return version


class NotPending(ValidationError):
    """The report has no version waiting for a decision (never submitted, or decided meanwhile)."""


def _lock_pending(report: Report) -> ReportVersion:
    """Lock the report as ``report_submit`` does and return its version awaiting a decision.

    Concurrent approve/return requests queue on the lock; the first stores its
    decision, the others then find the version decided and are told so.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    version = report.versions.order_by("-number").first()
    if version is None:
        raise NotPending("只有已提交、等待审核的汇报才能审核。")
    if version.decisions.exists():
        raise NotPending(f"该版本已处理（第{version.number}版{Status(report.status()).label}），请刷新页面查看。")
    return version


@transaction.atomic
def report_approve(*, report: Report, user) -> ReviewDecision:
    if not can_review(user):
        raise PermissionDenied("只有县委组织部审核人员可以审核。")
    version = _lock_pending(report)
    return ReviewDecision.objects.create(version=version, decision=Decision.APPROVED, decided_by=user)


@transaction.atomic
def report_return(*, report: Report, user, comment: str) -> ReviewDecision:
    if not can_review(user):
        raise PermissionDenied("只有县委组织部审核人员可以审核。")
    version = _lock_pending(report)
    if not comment.strip():
        raise ValidationError("退回时必须填写审核意见，说明需要修改的地方。")
    return ReviewDecision.objects.create(
        version=version, decision=Decision.RETURNED, comment=comment.strip(), decided_by=user
    )
