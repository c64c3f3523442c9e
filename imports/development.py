"""The development pipeline (发展党员) template: people and the dates of their 25 steps.

There is no development app on this branch yet, so only the template and the
sheet structure are here; ``DevelopmentImporter.apply`` refuses with a
message. When development/ exists, its row parser moves to
development/imports.py next to its models and replaces ``apply``.
"""

from imports.base import Importer, Outcome
from imports.cells import DATE_FORMS, Problem
from imports.reader import Book, Column, SheetSpec
from organizations.imports import EDUCATIONS, ETHNICITIES, GENDERS, OCCUPATIONS

# 《中国共产党发展党员工作细则》(2014): five stages, 25 steps.
STEPS = (
    "递交入党申请书",
    "党组织派人谈话",
    "推荐和确定入党积极分子",
    "上级党委备案（积极分子）",
    "指定培养联系人",
    "培养教育考察",
    "确定发展对象",
    "报上级党委备案（发展对象）",
    "确定入党介绍人",
    "进行政治审查",
    "开展集中培训",
    "支部委员会审查",
    "上级党委预审",
    "填写入党志愿书",
    "支部大会讨论（接收）",
    "上级党委派人谈话",
    "上级党委审批（接收）",
    "再上级党委组织部门备案",
    "编入党支部和党小组",
    "入党宣誓",
    "继续教育考察",
    "提出转正申请",
    "支部大会讨论（转正）",
    "上级党委审批（转正）",
    "材料归档",
)

DEVELOPMENT_SHEET = SheetSpec(
    "people",
    "发展党员",
    (
        Column("name", "姓名", True, example="王小红"),
        Column("gender", "性别", True, choices=tuple(GENDERS.labels), example="女"),
        Column("ethnicity", "民族", True, choices=tuple(ETHNICITIES.labels), example="苗族"),
        Column("birth_date", "出生日期", True, note="日期", example="1998-04-20"),
        Column("education", "学历", True, choices=tuple(EDUCATIONS.labels), example="大学本科"),
        Column("occupation", "工作岗位", True, choices=tuple(OCCUPATIONS.labels), example="农牧渔民"),
        Column("organization", "所在党组织", True, note="党支部名称或路径", example="坝干党支部"),
        Column("id_number", "身份证号", False, note="18位，文本格式"),
        Column("phone", "联系电话", False),
        *(
            Column(
                f"step_{number}",
                f"{number}.{step}",
                number == 1,
                note="完成日期",
                example="2021-03-01" if number == 1 else "",
            )
            for number, step in enumerate(STEPS, 1)
        ),
    ),
    aliases=("发展党员名册",),
)


class DevelopmentImporter(Importer):
    key = "development"
    label = "发展党员"
    sheets = (DEVELOPMENT_SHEET,)
    instructions = (
        "发展党员导入模板",
        "1. 每行填写一名入党申请人（积极分子、发展对象、预备党员），以及已完成各步骤的日期。",
        f"2. 日期可写成 {DATE_FORMS}，也可以是 Excel 日期单元格；未完成的步骤留空。",
        "3. 步骤依照《中国共产党发展党员工作细则》的5个阶段25个步骤。",
    )
    examples = {"people": [{column.key: column.example for column in DEVELOPMENT_SHEET.columns}]}
    available = False

    def apply(self, book: Book, outcome: Outcome) -> None:
        outcome.problems.append(Problem("", None, "", "发展党员功能尚未上线，暂时只能下载模板整理数据，还不能导入。"))
