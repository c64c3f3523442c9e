"""Downloads: content types, Chinese file names (RFC 5987), and the demo figures in the workbook."""

import datetime
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from organizations.models import Organization
from reports.services import report_create
from tests.pdf_tools import pdf_text
from tests.recount import expected_clauses, percent, recount

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def demo_report(db):
    call_command("seed_demo", stdout=io.StringIO())
    township = Organization.objects.get(name="清水乡")
    report = report_create(township=township, year=2020, today=DAY)
    report.as_of = report.issued_on = DAY
    report.save()
    return report


@pytest.fixture
def xian(demo_report):
    client = Client()
    client.force_login(User.objects.get(username="xian"))  # the county reviewer downloads too
    return client


def test_the_pdf_downloads_with_a_chinese_file_name(xian, demo_report):
    response = xian.get(reverse("report_download", args=[demo_report.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('清水乡2020年基层党建工作情况汇报.pdf')}" in disposition
    text = pdf_text(response.content)
    for clause in expected_clauses(recount(demo_report.township, DAY)):
        assert clause in text


def test_the_workbook_carries_the_recounted_figures(xian, demo_report):
    response = xian.get(reverse("report_download", args=[demo_report.pk, "xlsx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert quote("清水乡2020年基层党建工作情况汇报.xlsx") in response["Content-Disposition"]
    counts = recount(demo_report.township, DAY)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["基本情况统计"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["党员总数"][0] == counts["total"]
    for label, key in [
        ("女党员", "women"),
        ("少数民族党员", "minorities"),
        ("预备党员", "probationary"),
        ("农村党员", "rural"),
        ("35岁及以下", "young"),
        ("60岁及以上", "old"),
        ("大专及以上学历", "higher_education"),
    ]:
        count, fraction = rows[label][0], rows[label][1]
        assert count == counts[key], label
        assert f"{fraction * 100:.2f}%" == percent(counts[key], counts["total"]), label


def test_the_word_file_downloads_with_a_chinese_file_name_and_the_figures(xian, demo_report):
    from docx import Document

    response = xian.get(reverse("report_download", args=[demo_report.pk, "docx"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert quote("清水乡2020年基层党建工作情况汇报.docx") in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for clause in expected_clauses(recount(demo_report.township, DAY)):
        assert clause in text


def test_every_file_format_has_a_download_button_on_the_preview(xian, demo_report):
    html = xian.get(reverse("report_preview", args=[demo_report.pk])).content.decode()
    for fmt, label in (("pdf", "PDF"), ("xlsx", "Excel"), ("docx", "Word")):
        assert f'href="{reverse("report_download", args=[demo_report.pk, fmt])}">下载{label}' in html
