"""python manage.py seed_demo [--if-empty] [--with-report]: the demo county (see demo/specs.py)."""

from django.core.management.base import BaseCommand

from demo.builders import build_demo_county, counted_on
from demo.specs import COUNTY_NAME, PASSWORD, REPORT_DAY
from organizations.models import Level, Organization


class Command(BaseCommand):
    help = "建立演示数据：示范县（清水乡、长岭乡）和演示账号（密码 demo-pass-2026）。重复运行不会改动已有数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库里已有任何党组织时什么也不做（make run 用）。"
        )
        parser.add_argument(
            "--with-report",
            action="store_true",
            help="同时建立清水乡2020年重点任务和按种子报告写好的2020年汇报（make run 用）。",
        )

    def handle(self, *args, if_empty, with_report, **options):
        if if_empty and Organization.objects.exists():
            self.stdout.write("数据库里已有党组织，未建立演示数据。")
            return
        if Organization.objects.filter(level=Level.COUNTY, name=COUNTY_NAME).exists():
            self.stdout.write(f"演示数据（{COUNTY_NAME}）已经存在，未做任何改动。")
            return
        demo = build_demo_county(with_report=with_report)
        for username in demo.skipped_accounts:
            self.stderr.write(f"账号 {username} 已经存在，未改动。")
        self.stdout.write(self.style.SUCCESS(f"已建立演示数据：{COUNTY_NAME}"))
        for plan in demo.plans:
            members = plan.members
            counted = sum(counted_on(m, REPORT_DAY) for m in members)
            levels = [org.level for org in plan.orgs]
            self.stdout.write(
                f"  {plan.spec.name}：党组织 {len(plan.orgs)} 个"
                f"（村党委 {levels.count(Level.VILLAGE_COMMITTEE)}、党总支 {levels.count(Level.GENERAL_BRANCH)}、"
                f"党支部 {levels.count(Level.BRANCH)}），"
                f"村委会 {len(plan.spec.villages)} 个、村民小组 {sum(v.groups for v in plan.spec.villages)} 个，"
                f"{REPORT_DAY:%Y-%m-%d} 党员 {counted} 名（另有 {len(members) - counted} 名不在该日党员之列）"
            )
        if demo.accounts:
            self.stdout.write(f"演示账号（密码 {PASSWORD}）：" + "、".join(demo.accounts))
