"""Shared by import_roster and import_orgs: same checks and messages as the web pages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.services import import_file, township_operator
from organizations.models import Organization


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--township", required=True, help="乡镇名称或编号")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要做的改动，不写入。")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        township = self._township(options["township"])
        outcome = import_file(
            kind=self.kind,
            township=township,
            user=township_operator(township),
            file_name=path.name,
            data=path.read_bytes(),
            dry_run=options["dry_run"],
            source="命令行",
        )
        if not outcome.ok:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"没有导入：共 {len(outcome.problems)} 处错误，数据没有任何改动。")
        verb = "检查通过（--dry-run，未写入）：将" if options["dry_run"] else "已导入："
        self.stdout.write(
            f"{verb}新建 {outcome.created} 条，更新 {outcome.updated} 条，未变 {outcome.unchanged} 条（{township.name}）。"
        )

    @staticmethod
    def _township(value: str) -> Organization:
        townships = Organization.objects.townships()
        found = townships.filter(pk=int(value)) if value.isascii() and value.isdigit() else townships.filter(name=value)
        if len(found) != 1:
            raise CommandError(f"找不到乡镇「{value}」。" if not found else f"有多个名为「{value}」的乡镇，请用编号。")
        return found[0]
