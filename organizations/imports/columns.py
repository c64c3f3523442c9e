"""The import templates' sheets and columns, and the closed lists with the synonyms clerks type."""

from imports.cells import DATE_FORMS, Choices
from imports.reader import Column, SheetSpec
from organizations.ethnicities import Ethnicity
from organizations.forms import STAFF_LEVELS
from organizations.models import (
    Category,
    Education,
    Gender,
    LeaveReason,
    Occupation,
)

YES_NO = ("是", "否")
PATH_SEPARATORS = ("/", "／", "\\", ">")

GENDERS = Choices("性别", Gender.choices, {"男性": "男", "女性": "女", "M": "男", "F": "女"})
ETHNICITIES = Choices(
    "民族",
    Ethnicity.choices,
    # 汉 = 汉族, 蒙古 = 蒙古族 …
    {label[:-1]: label for _value, label in Ethnicity.choices if label.endswith("族")},
)
EDUCATIONS = Choices(
    "学历",
    Education.choices,
    {
        "硕士": "研究生",
        "博士": "研究生",
        "硕士研究生": "研究生",
        "博士研究生": "研究生",
        "研究生及以上": "研究生",
        "本科": "大学本科",
        "大学": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "高职": "大学专科",
        "中等专科": "中专",
        "中技": "中专",
        "技校": "中专",
        "职高": "中专",
        "中职": "中专",
        "初中": "初中及以下",
        "初中以下": "初中及以下",
        "小学": "初中及以下",
        "文盲": "初中及以下",
    },
)
OCCUPATIONS = Choices(
    "工作岗位",
    Occupation.choices,
    {
        "工人": "工人（工勤技能人员）",
        "工勤技能人员": "工人（工勤技能人员）",
        "农民": "农牧渔民",
        "牧民": "农牧渔民",
        "渔民": "农牧渔民",
        "农牧民": "农牧渔民",
        "专技人员": "专业技术人员",
        "企业管理人员": "管理人员",
        "公务员": "党政机关工作人员",
        "机关干部": "党政机关工作人员",
        "在校学生": "学生",
        "离退休": "离退休人员",
        "退休": "离退休人员",
        "离休": "离退休人员",
        "退休人员": "离退休人员",
        "无业": "其他",
    },
)
LEAVE_REASONS = Choices("离开原因", LeaveReason.choices, {"去世": "死亡", "病故": "死亡", "开除党籍": "出党"})
STAFF_LEVEL_CHOICES = [(level.value, level.label) for level in STAFF_LEVELS]
LEVELS = Choices("组织层级", STAFF_LEVEL_CHOICES, {"支部": "党支部", "总支": "党总支", "村级党委": "村党委"})
CATEGORIES = Choices(
    "组织类别",
    [(value, label) for value, label in Category.choices if value != Category.GENERAL],
    {
        "农村": "农村（村/村民小组）",
        "村": "农村（村/村民小组）",
        "村民小组": "农村（村/村民小组）",
        "非公企业": "非公有制企业",
        "非公": "非公有制企业",
        "国企": "国有企业",
        "合作社": "农民专业合作社",
        "事业": "事业单位",
    },
)

MEMBER_SHEET = SheetSpec(
    "members",
    "党员名册",
    (
        Column("name", "姓名", True, ("党员姓名",), example="张明"),
        Column("gender", "性别", True, choices=tuple(GENDERS.labels), note="男、女（也可写男性、女性）", example="男"),
        Column(
            "ethnicity",
            "民族",
            True,
            choices=tuple(ETHNICITIES.labels),
            note="56个民族之一，可写“汉”或“汉族”",
            example="彝族",
        ),
        Column("birth_date", "出生日期", True, ("出生年月日",), note=f"日期，可写 {DATE_FORMS}", example="1985-03-12"),
        Column(
            "education",
            "学历",
            True,
            ("文化程度",),
            choices=tuple(EDUCATIONS.labels),
            note="研究生、大学本科、大学专科（可写大专）、中专、高中、初中及以下",
            example="大专",
        ),
        Column(
            "occupation",
            "工作岗位",
            True,
            ("职业", "职业（党内统计分类）", "工作岗位（党内统计分类）"),
            choices=tuple(OCCUPATIONS.labels),
            example="农牧渔民",
        ),
        Column(
            "organization",
            "所在党组织",
            True,
            ("所在党支部", "所在支部", "党组织"),
            note="党支部名称（本乡镇内唯一时），或从乡镇党委起的路径，如“清水乡党委/三卡村党委/坝干党支部”",
            example="坝干党支部",
        ),
        Column(
            "village_group",
            "所属村民小组",
            False,
            ("所在村民小组", "村民小组"),
            note="村民小组名称，同名时写“村委会/村民小组”，如“三卡村委会/坝干组”",
            example="坝干组",
        ),
        Column("joined_on", "入党日期", True, ("入党时间",), note="日期", example="2010/07/01"),
        Column("full_on", "转正日期", False, ("转正时间",), note="日期；预备党员留空", example="2011年7月1日"),
        Column("is_floating", "流动党员", False, choices=YES_NO, example="否"),
        Column("floating_to", "流动去向", False, note="流动党员必填，如“广东省东莞市”"),
        Column("is_college_village_official", "大学生村官", False, choices=YES_NO, example="否"),
        Column(
            "id_number",
            "身份证号",
            False,
            ("身份证号码", "公民身份号码"),
            note="18位，请把这一列设为“文本”格式（存成数字时Excel只保留15位）；带*的打码号码表示保留系统中已有的号码",
            example="",
        ),
        Column(
            "phone", "联系电话", False, ("电话", "手机", "手机号码", "联系方式"), note="带*的打码号码表示保留已有的号码"
        ),
        Column("left_on", "离开日期", False, note="只有已离开的党员才填写"),
        Column("leave_reason", "离开原因", False, choices=tuple(LEAVE_REASONS.labels)),
        Column("leave_note", "离开说明", False),
    ),
    aliases=("党员花名册", "花名册", "党员"),
)

ORGANIZATION_SHEET = SheetSpec(
    "organizations",
    "党组织",
    (
        Column("name", "组织名称", True, ("党组织名称", "名称"), example="三卡村党委"),
        Column(
            "parent",
            "上级组织",
            True,
            ("上级党组织",),
            note="上级党组织的名称或路径；直属乡镇党委的写乡镇党委名称或留空。上级组织写在下级组织之前的行",
            example="",
        ),
        Column("level", "组织层级", True, ("层级",), choices=tuple(LEVELS.labels), example="村党委"),
        Column(
            "category",
            "组织类别",
            True,
            ("类别", "行业类别"),
            choices=tuple(CATEGORIES.labels),
            example="农村（村/村民小组）",
        ),
        Column(
            "village",
            "所在村委会",
            False,
            ("村委会",),
            note="村党委、党总支和村民小组党支部填写所依托的村委会",
            example="三卡村委会",
        ),
        Column("secretary", "书记", False, example="李华"),
        Column("founded_on", "成立日期", False, note="日期", example="1998-07-01"),
        Column("sort_order", "排序", False, note="整数，同一上级下按它排列", example="1"),
    ),
    aliases=("党组织名单", "组织"),
)

VILLAGE_SHEET = SheetSpec(
    "villages",
    "村委会",
    (
        Column("village", "村委会名称", True, ("村委会",), example="三卡村委会"),
        Column(
            "group", "村民小组", False, ("村民小组名称",), note="每个村民小组一行；村委会名称重复填写", example="坝干组"
        ),
    ),
    aliases=("村委会和村民小组", "村民小组"),
    required=False,
)
