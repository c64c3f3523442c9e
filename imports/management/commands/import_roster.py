"""python manage.py import_roster FILE --township 清水乡 [--dry-run]"""

from imports.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "从 Excel 导入党员名册（与网页导入相同的检查；整个文件要么全部导入，要么不导入）。"
    kind = "members"
