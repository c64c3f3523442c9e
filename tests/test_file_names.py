"""Stored paths come from ids; download and zip entry names from the submitted (frozen) title, made safe."""

import io
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from reports import submission
from reports.filenames import safe_filename
from reports.models import ReportVersion
from tests.test_review import ready_report

ZIPSLIP = "/../../../../tmp/zipslip"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        (ZIPSLIP, "tmp-zipslip"),
        ("..\\..\\windows\\win.ini", "windows-win.ini"),
        ("甲乡\x00汇报\n第二行\t", "甲乡汇报第二行"),
        ("甲乡2020/2021年汇报", "甲乡2020-2021年汇报"),
        ('汇报:*?"<>|', "汇报"),
        ("///", "汇报"),
        ("", "汇报"),
    ],
)
def test_a_file_name_loses_path_separators_and_control_characters(name, safe):
    assert safe_filename(name) == safe


def attachment_name(response) -> str:
    # Django writes filename*=utf-8''… for non-ASCII names and filename="…" otherwise.
    header = response["Content-Disposition"]
    if "filename*=utf-8''" in header:
        return urllib.parse.unquote(header.split("filename*=utf-8''", 1)[1])
    return header.split('filename="', 1)[1].rstrip('"')


@pytest.fixture
def zipslip_version(township, branch, staff):
    report = ready_report(township, branch)
    report.title = ZIPSLIP
    report.save()
    return submission.report_submit(report=report, user=staff)


def test_a_hostile_title_gives_id_based_storage_paths(zipslip_version, township, media_root):
    version = zipslip_version
    report = version.report
    assert version.pdf.name == f"reports/{township.pk}/2020/v1/report-{report.pk}-v1.pdf"
    assert version.xlsx.name == f"reports/{township.pk}/2020/v1/report-{report.pk}-v1.xlsx"
    assert version.docx.name == f"reports/{township.pk}/2020/v1/report-{report.pk}-v1.docx"
    stored = sorted(str(p.relative_to(media_root)) for p in Path(media_root).rglob("*") if p.is_file())
    assert stored == sorted([version.pdf.name, version.xlsx.name, version.docx.name])


def test_a_hostile_title_gives_safe_zip_entry_names(zipslip_version, reviewer_client):
    response = reviewer_client.get(reverse("review_zip", args=[2020]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["甲乡-tmp-zipslip-第1版.pdf"]


def test_a_hostile_title_gives_a_safe_download_name(zipslip_version, reviewer_client):
    response = reviewer_client.get(reverse("version_download", args=[zipslip_version.pk, "pdf"]))
    assert attachment_name(response) == "tmp-zipslip-第1版.pdf"


def test_renaming_the_report_after_submitting_keeps_the_versions_names(
    staff_client, reviewer_client, township, branch, staff
):
    report = ready_report(township, branch)
    version = submission.report_submit(report=report, user=staff)
    report.title = "改过的标题"
    report.save()

    assert ReportVersion.objects.get().title == "甲乡2020年基层党建工作情况汇报"
    for kind in ("pdf", "xlsx"):
        response = staff_client.get(reverse("version_download", args=[version.pk, kind]))
        assert attachment_name(response) == f"甲乡2020年基层党建工作情况汇报-第1版.{kind}"
    archive = zipfile.ZipFile(io.BytesIO(reviewer_client.get(reverse("review_zip", args=[2020])).content))
    assert archive.namelist() == ["甲乡-甲乡2020年基层党建工作情况汇报-第1版.pdf"]


def test_the_live_download_of_a_hostile_title_has_a_safe_name(staff_client, township, branch):
    report = ready_report(township, branch)
    report.title = ZIPSLIP
    report.save()
    response = staff_client.get(reverse("report_download", args=[report.pk, "xlsx"]))
    assert attachment_name(response) == "tmp-zipslip.xlsx"


def test_a_stored_file_lost_from_storage_answers_404_with_a_message(zipslip_version, reviewer_client):
    zipslip_version.pdf.storage.delete(zipslip_version.pdf.name)
    response = reviewer_client.get(reverse("version_download", args=[zipslip_version.pk, "pdf"]))
    assert response.status_code == 404


def test_the_zip_lists_a_lost_file_and_still_holds_the_others(
    zipslip_version, reviewer_client, township, branch, staff
):
    zipslip_version.pdf.storage.delete(zipslip_version.pdf.name)
    response = reviewer_client.get(reverse("review_zip", args=[2020]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["缺少的文件.txt"]
    assert (
        archive.read("缺少的文件.txt").decode()
        == "以下文件在服务器上找不到，请联系系统管理员：\n甲乡-tmp-zipslip-第1版.pdf\n"
    )
