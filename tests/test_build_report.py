"""The build_report command writes the same report as the browser downloads."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from organizations.models import Organization
from reports.models import Report
from tests.pdf_tools import pdf_text
from tests.recount import expected_clauses, recount


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="清水乡")


def build(*args):
    out = io.StringIO()
    call_command("build_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("township", ["清水乡", "id"])
def test_it_writes_a_pdf_with_the_figures_of_the_date(demo, tmp_path, township):
    import datetime

    output = tmp_path / "汇报.pdf"
    name = str(demo.pk) if township == "id" else township
    build("--township", name, "--year", "2020", "--as-of", "2020-11-15", "--format", "pdf", "--output", str(output))
    text = pdf_text(output.read_bytes())
    for clause in expected_clauses(recount(demo, datetime.date(2020, 11, 15))):
        assert clause in text


def test_it_writes_an_excel_workbook(demo, tmp_path):
    output = tmp_path / "汇报.xlsx"
    build(
        "--township", "清水乡", "--year", "2020", "--as-of", "2020-11-15", "--format", "xlsx", "--output", str(output)
    )
    workbook = openpyxl.load_workbook(output)
    assert workbook.sheetnames == [
        "基本情况统计",
        "党组织",
        "党员名册",
        "重点任务台账",
        "发展党员名册",
        "会议台账",
        "培训班",
        "分类定级",
        "软弱涣散整顿",
        "结对共建",
        "村级情况",
        "班子换届",
    ]
    assert workbook["党员名册"].max_row - 1 == 546


def test_it_writes_a_word_file(demo, tmp_path):
    from docx import Document

    output = tmp_path / "汇报.docx"
    build(
        "--township", "清水乡", "--year", "2020", "--as-of", "2020-11-15", "--format", "docx", "--output", str(output)
    )
    text = "\n".join(p.text for p in Document(str(output)).paragraphs)
    assert "截至2020年11月15日，全乡共有党员546名" in text


def test_it_writes_html(demo, tmp_path):
    output = tmp_path / "汇报.html"
    build(
        "--township", "清水乡", "--year", "2020", "--as-of", "2020-11-15", "--format", "html", "--output", str(output)
    )
    assert "全乡共有党员546名" in output.read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--township", "不存在乡"], "找不到乡镇：不存在乡"),
        (["--township", "清水乡", "--as-of", "2020-13-01"], "截止日期格式不对"),
        (["--township", "清水乡", "--as-of", "2021-01-01"], "统计截止日期必须在2020年之内。"),
    ],
)
def test_bad_arguments_fail_with_a_chinese_message_and_write_nothing(demo, tmp_path, args, message):
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        build(*args, "--year", "2020", "--output", str(output))
    assert not output.exists()
    assert not Report.objects.exists()


def test_loading_the_command_imports_no_renderer_and_it_runs_no_system_checks():
    # A whole-process `build_report --format pdf` pays for WeasyPrint only, not for openpyxl
    # (nor a workbook for WeasyPrint), and skips the checks that import every view.
    import subprocess
    import sys

    from django.conf import settings

    probe = (
        "import django, sys; django.setup(); "
        "from reports.management.commands.build_report import Command; "
        "print(sorted(m for m in ('openpyxl', 'weasyprint') if m in sys.modules), Command.requires_system_checks)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    assert result.stdout.strip() == "[] []"
