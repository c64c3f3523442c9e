"""python manage.py build_report --township 清水乡 --year 2020 --as-of 2020-11-15 --format pdf --output 汇报.pdf"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organizations.models import Organization
from reports.document import build_document
from reports.formats import FORMATS
from reports.models import Report


class Command(BaseCommand):
    help = "按截止日期生成乡镇的基层党建工作情况汇报（格式见 reports/formats.py）。"
    # The system checks import every URLconf, view and admin module (about 0.4 s); this
    # command uses none of them, and `manage.py check` and the test suite run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--township", required=True, help="乡镇名称或编号")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", help="统计截止日期 YYYY-MM-DD（默认用汇报中保存的日期）")
        parser.add_argument("--format", choices=list(FORMATS), default="pdf")
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, township, year, as_of, format, output, **options):
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"截止日期格式不对：{as_of}，应为 YYYY-MM-DD。") from None
            if day.year != year:
                raise CommandError(f"统计截止日期必须在{year}年之内。")
        report = self._report(self._township(township), year)
        chosen = FORMATS[format]
        document = build_document(report, as_of=day, registers=chosen.needs_registers)
        body = chosen.render(document)
        path = Path(output)
        path.write_bytes(body)
        self.stdout.write(f"已生成 {path}（{len(body):,} 字节，截至{document.as_of.isoformat()}）")

    def _township(self, value: str) -> Organization:
        townships = Organization.objects.townships()
        found = townships.filter(pk=int(value)) if value.isascii() and value.isdigit() else townships.filter(name=value)
        if len(found) != 1:
            raise CommandError(f"找不到乡镇：{value}" if not found else f"有多个乡镇名为{value}，请用编号。")
        return found[0]

    def _report(self, township: Organization, year: int) -> Report:
        report = Report.objects.filter(township=township, year=year).first()
        if report is None:
            from reports.services import report_create

            # A report with no narrative yet still carries every computed figure.
            report = report_create(township=township, year=year, today=timezone.localdate())
            self.stderr.write(f"{township.name}{year}年还没有汇报，已按默认内容建立。")
        return report
