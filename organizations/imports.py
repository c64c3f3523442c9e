"""Importing the member roster (党员花名册) and the organization tree with its villages from Excel.

Each row goes through the web pages' own forms (MemberForm, OrganizationForm)
and so through the models' ``clean``: a row the web form would refuse is
refused with the same Chinese message, placed at the row and column.

Personal data: ID and phone numbers appear whole only on the member's own
form; the roster export masks them (530323**********1234, 138****5678). So an
exported file can be edited and imported again, a value containing * means
"keep what is stored", and a row whose ID is masked or empty is matched to an
existing member by name + birth date + organization instead. A new member
whose ID is masked is created without an ID number (the preview says so).
"""

import contextlib
import copy
import datetime
from collections import defaultdict
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from imports.base import CREATED, PROGRESS_EVERY, UNCHANGED, UPDATED, Action, Importer, Outcome
from imports.cells import DATE_FORMS, CellError, Choices, Problem, as_bool, as_date, as_text, normalise
from imports.reader import Book, Column, Sheet, SheetSpec
from organizations import idcard
from organizations.ethnicities import HAN, Ethnicity
from organizations.forms import STAFF_LEVELS, MemberForm, OrganizationForm
from organizations.models import (
    Category,
    Education,
    Gender,
    LeaveReason,
    Member,
    Occupation,
    Organization,
    Village,
    VillageGroup,
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
        Column("is_weak", "软弱涣散", False, ("软弱涣散党组织",), choices=YES_NO, example="否"),
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

MEMBER_FIELDS = [*MemberForm.Meta.fields, "left_on", "leave_reason", "leave_note"]
# Form field → sheet column, to place the form's messages.
MEMBER_COLUMNS = {field: field for field in MEMBER_FIELDS}
ORGANIZATION_COLUMNS = {field: field for field in OrganizationForm.Meta.fields}


class MemberImportForm(MemberForm):
    """MemberForm's fields, messages and clean(), plus the leave fields (a roster may list members who left).

    Built per file with ``for_file``: the choice fields look organizations and
    village groups up in the township's objects, fetched once per file, and the
    fields are prepared once and shared by every row's form (rows are validated
    one after another, and validating does not change a field). Constructing
    MemberForm afresh for each row (querysets, layout, a deep copy of every
    field) cost about 10 ms a row, 100 s for a 10,000-row roster.
    """

    class Meta(MemberForm.Meta):
        fields = MEMBER_FIELDS

    def __init__(self, *args, **kwargs):
        # Not MemberForm.__init__: it only builds the querysets and page layout replaced here.
        forms.ModelForm.__init__(self, *args, **kwargs)

    # ID number → pk of the member holding it, for every ID number in the file (see for_file).
    taken_ids: dict[str, int] = {}

    @classmethod
    def for_file(cls, choices: dict[str, dict], taken_ids: dict[str, int]) -> type["MemberImportForm"]:
        fields = copy.deepcopy(cls.base_fields)
        for name, objects in choices.items():
            _lookup_in_memory(fields[name], objects)
        row_form = type("MemberRowForm", (cls,), {"taken_ids": taken_ids})
        row_form.base_fields = _SharedFields(fields)  # after creation: the metaclass sets base_fields itself
        return row_form

    def validate_unique(self):
        # The unique ID number, checked against the holders fetched for the whole file in one
        # query, with the model's own message; the database's unique index still has the last word.
        number = self.instance.id_number
        if number and self.taken_ids.get(number, self.instance.pk) != self.instance.pk:
            self.add_error("id_number", Member._meta.get_field("id_number").error_messages["unique"])

    def _get_validation_exclusions(self):
        # The in-memory lookup has found the organization and village group in this township;
        # the model would look each up again with a query.
        return {*super()._get_validation_exclusions(), *LOOKED_UP}

    def _post_clean(self):
        # Member.clean states every check constraint of Member with the same message, and Django
        # would evaluate each constraint again with a query of its own: four queries per row.
        # The database still enforces them (and the importer turns a violation into a row error).
        self.instance.validate_constraints = lambda exclude=None: None
        super()._post_clean()


LOOKED_UP = ("organization", "village_group")


class _SharedFields(dict):
    """Form fields prepared once: BaseForm deep-copies ``base_fields`` per form, this copy is shallow."""

    def __deepcopy__(self, memo):
        return dict(self)


def _lookup_in_memory(field: forms.ModelChoiceField, objects: dict) -> None:
    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    field.to_python = to_python
    # ModelForm would narrow the (unused) queryset by limit_choices_to on every row's form.
    field.limit_choices_to = None


class TownshipTree:
    """The township's organizations by name and by path, kept current as rows add organizations."""

    def __init__(self, township: Organization | None):
        # None (an administrator's export of everything): the whole forest, paths from the counties down.
        self.township = township
        self.by_pk: dict[int, Organization] = {}
        self.by_name: dict[str, list[Organization]] = defaultdict(list)
        orgs = Organization.objects.subtree(township) if township else Organization.objects.all()
        for org in orgs.order_by("path"):
            self.add(org)

    def add(self, org: Organization) -> None:
        if org.pk in self.by_pk:
            old = self.by_pk[org.pk]
            self.by_name[normalise(old.name)].remove(old)
        self.by_pk[org.pk] = org
        self.by_name[normalise(org.name)].append(org)

    def names(self) -> list[str]:
        return sorted(self.by_name)

    def township_names(self) -> set[str]:
        name = normalise(self.township.name)
        return {name, name + "党委", name.removesuffix("党委")}

    def find(self, text: str) -> Organization:
        """An organization by unique name, or by path from the township down (「清水乡党委/三卡村党委/坝干党支部」)."""
        raw = normalise(text)
        for separator in PATH_SEPARATORS[1:]:
            raw = raw.replace(separator, "/")
        parts = [part for part in raw.split("/") if part]
        if not parts:
            raise CellError("请填写党组织。")
        if len(parts) == 1:
            if parts[0] in self.township_names():
                return self.township
            found = self.by_name.get(parts[0], [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                example = "/".join(self.path_names(found[0]))
                raise CellError(f"本乡镇有{len(found)}个名为「{text}」的党组织，请写出路径，如「{example}」。")
            raise CellError(f"本乡镇没有名为「{text}」的党组织。")
        if parts[0] in self.township_names():
            parts = parts[1:]
        node = self.township
        for part in parts:
            children = [org for org in self.by_name.get(part, []) if org.parent_id == node.pk]
            if len(children) != 1:
                raise CellError(f"本乡镇没有路径为「{text}」的党组织（找不到「{part}」）。")
            node = children[0]
        return node

    def path_names(self, org: Organization) -> list[str]:
        """Names from the township (included) down to ``org``."""
        names = []
        root = self.township.pk if self.township else None
        while org is not None and org.pk != root:
            names.append(org.name)
            org = self.by_pk.get(org.parent_id)
        top = [self.township.name] if self.township else []
        return [*top, *reversed(names)]

    def reference(self, org: Organization) -> str:
        """How an export names ``org``: its name if unique here, else its path below the township."""
        if len(self.by_name[normalise(org.name)]) == 1:
            return org.name
        return "/".join(self.path_names(org)[1 if self.township else 0 :])


class VillageGroups:
    def __init__(self, township: Organization | None):
        self.by_pk: dict[int, VillageGroup] = {}
        self.by_name: dict[str, list[VillageGroup]] = defaultdict(list)
        self.villages: dict[str, Village] = {}
        villages = Village.objects.filter(township__path__startswith=township.path if township else "/")
        for village in villages:
            self.villages[normalise(village.name)] = village
        for group in VillageGroup.objects.filter(village__in=villages).select_related("village"):
            self.add(group)

    def add(self, group: VillageGroup) -> None:
        self.by_pk[group.pk] = group
        self.by_name[normalise(group.name)].append(group)

    def find(self, text: str, organization: Organization | None) -> VillageGroup:
        raw = normalise(text)
        for separator in PATH_SEPARATORS:
            if separator in raw:
                village_name, _sep, group_name = raw.rpartition(separator)
                found = [g for g in self.by_name.get(group_name, []) if normalise(g.village.name) == village_name]
                if len(found) == 1:
                    return found[0]
                raise CellError(f"本乡镇没有村民小组「{text}」。")
        found = self.by_name.get(raw, [])
        if len(found) > 1 and organization is not None and organization.village_id:
            found = [g for g in found if g.village_id == organization.village_id] or found
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(f"本乡镇有{len(found)}个名为「{text}」的村民小组，请写成“村委会/村民小组”。")
        raise CellError(f"本乡镇没有名为「{text}」的村民小组。")

    def reference(self, group: VillageGroup) -> str:
        if len(self.by_name[normalise(group.name)]) == 1:
            return group.name
        return f"{group.village.name}/{group.name}"


def _id_holders(sheet: Sheet) -> dict[str, int]:
    """Who already holds each ID number the file names, anywhere (the number is unique nationwide)."""
    numbers = {as_text(row["cells"]["id_number"]).upper() for row in sheet.rows if row["cells"].get("id_number")}
    numbers = sorted(n for n in numbers if "*" not in n)
    holders: dict[str, int] = {}
    for start in range(0, len(numbers), 500):  # within every database's limit on query parameters
        chunk = numbers[start : start + 500]
        holders.update(Member.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    return holders


class RowProblems:
    """Collects one row's problems, each placed at its column."""

    def __init__(self, sheet: Sheet, row: dict, outcome: Outcome):
        self.sheet, self.row, self.outcome = sheet, row, outcome
        self.count = 0
        for key, message in row.get("problems", {}).items():
            self.add(key, message)

    def add(self, key: str | None, message: str) -> None:
        column = self.sheet.column(key) if key else ""
        self.outcome.problems.append(Problem(self.sheet.name, self.row["row"], column, message))
        self.count += 1

    def convert(self, key: str, converter, default=None):
        """The converted cell, or ``default`` after recording why it could not be converted."""
        if key in self.row.get("problems", {}):
            return default
        value = self.row["cells"].get(key)
        try:
            return converter(value)
        except CellError as error:
            self.add(key, str(error))
            return default

    def form_errors(self, form: forms.BaseForm, columns: dict[str, str]) -> None:
        for name, messages in form.errors.items():
            key = columns.get(name)
            if key and key in self.row.get("problems", {}):
                continue  # already reported by the reader
            for message in messages:
                self.add(key if key in self.sheet.columns else None, message)


def _choice(choices: Choices):
    def convert(value):
        return "" if value is None else choices.value(value)

    return convert


def _date_text(value) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def _text(value) -> str:
    return as_text(value)


def _id_text(value) -> str:
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        raise CellError(
            "身份证号码被存成了数字，Excel 只保留15位有效数字，后几位已经丢失。请把这一列设为“文本”格式后重新输入号码。"
        )
    return as_text(value).upper()


def _bool_or_none(value):
    return None if value is None else as_bool(value)


def _form_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


class MemberImporter(Importer):
    key = "members"
    label = "党员名册"
    sheets = (MEMBER_SHEET,)
    instructions = (
        "党员名册导入模板",
        "1. 在「党员名册」工作表中每行填写一名党员，第一行是列名，不要合并单元格，不要使用公式。",
        "2. 列可以调换顺序，多余的列会被忽略；红色粗体的列必须有。",
        f"3. 日期可写成 {DATE_FORMS}，也可以是 Excel 日期单元格；不能是将来的日期。",
        "4. 身份证号码已在本乡镇登记的党员会被更新而不是重复新建；没有身份证号码（或号码已打码）时，"
        "按姓名、出生日期和所在党组织对应已登记的党员。",
        "5. 整个文件要么全部导入，要么一行也不导入：有任何错误时系统列出每一处错误（工作表、行、列），改正后重新上传。",
        "6. 从党员列表导出的文件就是这个格式，可以在 Excel 中修改后再导入。",
    )
    examples = {
        "members": [
            {
                "name": "张明",
                "gender": "男",
                "ethnicity": "彝族",
                "birth_date": "1985-03-12",
                "education": "大专",
                "occupation": "农牧渔民",
                "organization": "坝干党支部",
                "village_group": "坝干组",
                "joined_on": "2010/07/01",
                "full_on": "2011年7月1日",
                "is_floating": "否",
                "is_college_village_official": "否",
            },
            {
                "name": "李秀英",
                "gender": "女性",
                "ethnicity": "汉",
                "birth_date": "1990.10.08",
                "education": "大学本科",
                "occupation": "党政机关工作人员",
                "organization": "清水乡党委/清水乡机关第一党支部",
                "joined_on": "20200701",
                "is_floating": "是",
                "floating_to": "广东省东莞市",
                "is_college_village_official": "否",
            },
        ]
    }

    def steps(self, book: Book, outcome: Outcome) -> Iterator[int]:
        sheet = book.sheets.get("members")
        if sheet is None or not sheet.ready:
            return
        self.tree = TownshipTree(self.township)
        self.groups = VillageGroups(self.township)
        members = list(Member.objects.filter(organization__path__startswith=self.township.path))
        self.by_id = {m.id_number: m for m in members if m.id_number}
        self.by_key: dict[tuple, list[Member]] = defaultdict(list)
        for member in members:
            self.by_key[(normalise(member.name), member.birth_date, member.organization_id)].append(member)
        self.form_class = MemberImportForm.for_file(
            {"organization": self.tree.by_pk, "village_group": self.groups.by_pk}, _id_holders(sheet)
        )
        seen_ids: dict[str, int] = {}
        seen_keys: dict[tuple, int] = {}
        seen_members: dict[int, int] = {}
        self.new_members: list[tuple[int, Member]] = []
        for done, row in enumerate(sheet.rows, 1):
            self._row(sheet, row, outcome, seen_ids, seen_keys, seen_members)
            if done % PROGRESS_EVERY == 0:
                yield done
        if self.commit and outcome.ok and self.new_members:
            self._create(sheet, outcome)
        yield len(sheet.rows)

    def _create(self, sheet: Sheet, outcome: Outcome) -> None:
        """New members in a few INSERTs: one save (and audit entry) per row would take a minute for 10,000.

        The import record, itself in the audit log, says who imported which file (and its SHA-256).
        """
        members = [member for _row, member in self.new_members]
        for member in members:
            member.id_number = member.id_number or None  # as Member.save stores an empty ID
        try:
            with transaction.atomic():
                Member.objects.bulk_create(members, batch_size=500)
        except IntegrityError as error:
            outcome.problems.append(Problem(sheet.name, None, "", f"数据库拒绝保存：{error}"))

    def _row(self, sheet, row, outcome, seen_ids, seen_keys, seen_members) -> None:
        problems = RowProblems(sheet, row, outcome)
        name = problems.convert("name", _text, "")
        values = {
            "name": name,
            "gender": problems.convert("gender", _choice(GENDERS)),
            "ethnicity": problems.convert("ethnicity", _choice(ETHNICITIES)),
            "birth_date": problems.convert("birth_date", _date_text),
            "education": problems.convert("education", _choice(EDUCATIONS)),
            "occupation": problems.convert("occupation", _choice(OCCUPATIONS)),
            "joined_on": problems.convert("joined_on", _date_text),
            "full_on": problems.convert("full_on", _date_text),
            "is_floating": problems.convert("is_floating", _bool_or_none),
            "floating_to": problems.convert("floating_to", _text),
            "is_college_village_official": problems.convert("is_college_village_official", _bool_or_none),
            "left_on": problems.convert("left_on", _date_text),
            "leave_reason": problems.convert("leave_reason", _choice(LEAVE_REASONS)),
            "leave_note": problems.convert("leave_note", _text),
        }
        organization = None
        if "organization" in row["cells"]:
            organization = problems.convert("organization", lambda v: self.tree.find(as_text(v)))
        group = None
        if "village_group" in row["cells"]:
            group = problems.convert("village_group", lambda v: self.groups.find(as_text(v), organization))
        id_text = problems.convert("id_number", _id_text, "")
        phone_text = problems.convert("phone", _text, "")
        if problems.count:
            return

        birth = datetime.date.fromisoformat(values["birth_date"]) if values["birth_date"] else None
        key = (normalise(name), birth, organization.pk if organization else None)
        id_masked = "*" in id_text
        if id_text and not id_masked:
            with contextlib.suppress(ValidationError):  # the form says what is wrong with it
                id_text = idcard.parse(id_text).value
            if id_text in seen_ids:
                problems.add("id_number", f"身份证号码与第{seen_ids[id_text]}行相同：同一名党员只能填写一行。")
                return
            seen_ids[id_text] = row["row"]
        if key in seen_keys:
            problems.add(None, f"与第{seen_keys[key]}行是同一名党员（姓名、出生日期和所在党组织都相同）。")
            return
        seen_keys[key] = row["row"]

        member, note = self._existing(id_text, id_masked, key, problems)
        if problems.count:
            return
        if member is not None:
            if member.pk in seen_members:
                problems.add(None, f"与第{seen_members[member.pk]}行对应同一名已登记的党员「{member.name}」。")
                return
            seen_members[member.pk] = row["row"]

        data = self._form_data(member, row["cells"], values, organization, group)
        data["id_number"] = self._kept(id_text, member.id_number if member else None, "id_number", row, data)
        data["phone"] = self._kept(phone_text, member.phone if member else "", "phone", row, data)
        if id_masked and member is None:
            note = "身份证号码已打码，新建的党员不保存身份证号码"
        if "*" in phone_text and member is None:
            note = "；".join(filter(None, [note, "联系电话已打码，不保存"]))
        if member and member.id_number and id_masked and idcard.mask(member.id_number) != id_text:
            problems.add("id_number", "打码的身份证号码与系统中这名党员的号码不一致，请核对是否对应了别人。")
            return

        form = self.form_class(data, instance=member or Member())
        if not form.is_valid():
            problems.form_errors(form, MEMBER_COLUMNS)
            return
        changed = [self._header(sheet, field) for field in form.changed_data] if member else []
        if member is not None and not changed:
            outcome.actions.append(Action(sheet.name, row["row"], UNCHANGED, member.name, note))
            return
        if member is None:
            # Created together at the end (bulk_create); rows never depend on members created by earlier rows.
            self.new_members.append((row["row"], form.instance))
            outcome.actions.append(Action(sheet.name, row["row"], CREATED, form.instance.name, note))
            return
        if self.commit:
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError as error:
                problems.add(None, f"数据库拒绝保存这一行：{error}")
                return
        outcome.actions.append(Action(sheet.name, row["row"], UPDATED, member.name, "、".join(changed)))

    def _existing(self, id_text: str, id_masked: bool, key: tuple, problems: RowProblems):
        """The registered member this row describes: by ID number, else by name + birth date + organization."""
        if id_text and not id_masked and id_text in self.by_id:
            return self.by_id[id_text], ""
        candidates = [
            m for m in self.by_key.get(key, []) if not m.id_number or id_masked or not id_text or m.id_number == id_text
        ]
        if len(candidates) > 1:
            problems.add(
                None,
                f"本乡镇有{len(candidates)}名姓名、出生日期和所在党组织都相同的党员，无法确定是哪一名：请填写身份证号码。",
            )
            return None, ""
        return (candidates[0] if candidates else None), ""

    def _form_data(self, member, cells, values, organization, group) -> dict:
        # Columns the file does not have keep the stored values (or the defaults for a new member).
        data = {}
        if member is not None:
            for field in MEMBER_FIELDS:
                value = getattr(member, field if field not in ("organization", "village_group") else field + "_id")
                data[field] = _form_value(value)
            data["is_floating"] = member.is_floating
            data["is_college_village_official"] = member.is_college_village_official
        else:
            data["ethnicity"] = HAN
        for field, value in values.items():
            if field in cells or field == "name":
                data[field] = value
        if organization is not None:
            data["organization"] = str(organization.pk)
        if "village_group" in cells:
            data["village_group"] = str(group.pk) if group else ""
        for flag in ("is_floating", "is_college_village_official"):
            data[flag] = "on" if data.get(flag) else ""
            if not data[flag]:
                del data[flag]
        return data

    @staticmethod
    def _kept(text: str, stored, field: str, row: dict, data: dict) -> str:
        """A masked value (with *), an empty cell or a missing column keeps the stored value.

        An import never erases an ID or phone number: that is done on the member's own form.
        """
        if field not in row["cells"] or "*" in text or not text:
            return stored or ""
        return text

    @staticmethod
    def _header(sheet: Sheet, field: str) -> str:
        column = sheet.column(field)
        return column.split("「", 1)[-1].rstrip("」") if column else Member._meta.get_field(field).verbose_name


class OrganizationImporter(Importer):
    key = "organizations"
    label = "党组织和村委会"
    sheets = (VILLAGE_SHEET, ORGANIZATION_SHEET)
    instructions = (
        "党组织和村委会导入模板",
        "1. 先在「村委会」工作表中列出村委会和村民小组（每个村民小组一行），再在「党组织」工作表中每行填写一个党组织。",
        "2. 上级组织写在下级组织之前；上级组织可以是已经登记的党组织，也可以是本文件中前面的行。",
        "3. 上级组织按名称（本乡镇内唯一时）或从乡镇党委起的路径（如“清水乡党委/三卡村党委/坝干党支部”）对应；"
        "已登记的、上级相同的同名党组织会被更新而不是重复新建（调整上级请在党组织页面操作）。",
        f"4. 日期可写成 {DATE_FORMS}，也可以是 Excel 日期单元格。",
        "5. 整个文件要么全部导入，要么一行也不导入：有任何错误时系统列出每一处错误（工作表、行、列）。",
    )
    examples = {
        "villages": [{"village": "三卡村委会", "group": "坝干组"}, {"village": "三卡村委会", "group": "新寨组"}],
        "organizations": [
            {
                "name": "三卡村党委",
                "parent": "",
                "level": "村党委",
                "category": "农村（村/村民小组）",
                "village": "三卡村委会",
                "founded_on": "1998-07-01",
                "is_weak": "否",
                "sort_order": "1",
            },
            {
                "name": "坝干党支部",
                "parent": "三卡村党委",
                "level": "党支部",
                "category": "农村",
                "village": "三卡村委会",
                "secretary": "李华",
                "is_weak": "否",
                "sort_order": "1",
            },
        ],
    }

    def apply(self, book: Book, outcome: Outcome) -> None:
        self.tree = TownshipTree(self.township)
        self.groups = VillageGroups(self.township)
        villages = book.sheets.get("villages")
        if villages is not None and villages.ready:
            self._villages(villages, outcome)
        sheet = book.sheets.get("organizations")
        if sheet is None or not sheet.ready:
            return
        seen: dict[tuple, int] = {}
        for row in sheet.rows:
            self._organization(sheet, row, outcome, seen)

    def _villages(self, sheet: Sheet, outcome: Outcome) -> None:
        seen: dict[tuple, int] = {}
        village_order = len(self.groups.villages)
        for row in sheet.rows:
            problems = RowProblems(sheet, row, outcome)
            village_name = problems.convert("village", _text, "")
            group_name = problems.convert("group", _text, "")
            if problems.count:
                continue
            if not village_name:
                problems.add("village", "请填写村委会名称。")
                continue
            key = (normalise(village_name), normalise(group_name))
            if key in seen:
                problems.add(None, f"与第{seen[key]}行重复。")
                continue
            seen[key] = row["row"]
            village = self.groups.villages.get(key[0])
            if village is None:
                village_order += 1
                village = Village(township=self.township, name=village_name, sort_order=village_order)
                if not self._valid(village, problems, {"name": "village"}):
                    continue
                village.save()
                self.groups.villages[key[0]] = village
                outcome.actions.append(Action(sheet.name, row["row"], CREATED, village_name, "村委会"))
            if not group_name:
                continue
            if any(g.village_id == village.pk for g in self.groups.by_name.get(key[1], [])):
                outcome.actions.append(
                    Action(sheet.name, row["row"], UNCHANGED, f"{village_name}{group_name}", "村民小组")
                )
                continue
            order = sum(1 for g in self.groups.by_pk.values() if g.village_id == village.pk) + 1
            group = VillageGroup(village=village, name=group_name, sort_order=order)
            if not self._valid(group, problems, {"name": "group"}):
                continue
            group.save()
            self.groups.add(group)
            outcome.actions.append(Action(sheet.name, row["row"], CREATED, f"{village_name}{group_name}", "村民小组"))

    @staticmethod
    def _valid(instance, problems: RowProblems, columns: dict[str, str]) -> bool:
        try:
            instance.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    problems.add(columns.get(field), message)
            return False
        return True

    def _organization(self, sheet: Sheet, row: dict, outcome: Outcome, seen: dict) -> None:
        problems = RowProblems(sheet, row, outcome)
        name = problems.convert("name", _text, "")
        parent = self.township
        if row["cells"].get("parent") not in (None, ""):
            parent = problems.convert("parent", lambda v: self.tree.find(as_text(v)))
        values = {
            "name": name,
            "level": problems.convert("level", _choice(LEVELS)),
            "category": problems.convert("category", _choice(CATEGORIES)),
            "secretary": problems.convert("secretary", _text),
            "founded_on": problems.convert("founded_on", _date_text),
            "is_weak": problems.convert("is_weak", _bool_or_none),
            "sort_order": problems.convert("sort_order", _text),
        }
        village = None
        if row["cells"].get("village") not in (None, ""):
            village = problems.convert("village", self._village)
        if problems.count:
            return
        key = (normalise(name), parent.pk if parent else None)
        if key in seen:
            problems.add("name", f"与第{seen[key]}行重复：同一上级下的同名党组织只能填写一行。")
            return
        seen[key] = row["row"]
        existing = self._existing(name, parent)
        if normalise(name) in self.tree.township_names():
            problems.add("name", "乡镇党委本身不需要导入：请删除这一行，直属乡镇党委的组织“上级组织”留空。")
            return

        data = {}
        if existing is not None:
            for field in OrganizationForm.Meta.fields:
                data[field] = _form_value(getattr(existing, field + "_id" if field in ("parent", "village") else field))
            data["is_weak"] = existing.is_weak
        for field, value in values.items():
            if field in row["cells"] or field == "name":
                data[field] = value
        data["parent"] = str(parent.pk) if parent else ""
        if "village" in row["cells"]:
            data["village"] = str(village.pk) if village else ""
        data["is_weak"] = "on" if data.get("is_weak") else ""
        if not data["is_weak"]:
            del data["is_weak"]
        data.setdefault("sort_order", "0")
        if data["sort_order"] == "":
            data["sort_order"] = "0"

        form = OrganizationForm(data, instance=existing or Organization(), user=self.user)
        # Only this township's tree, whatever else the user may see.
        form.fields["parent"].queryset = form.fields["parent"].queryset.filter(path__startswith=self.township.path)
        form.fields["village"].queryset = form.fields["village"].queryset.filter(township=self.township)
        if not form.is_valid():
            problems.form_errors(form, ORGANIZATION_COLUMNS)
            return
        changed = [self._header(sheet, field) for field in form.changed_data] if existing else []
        org = form.save()
        self.tree.add(org)
        if existing is None:
            outcome.actions.append(Action(sheet.name, row["row"], CREATED, org.name, org.get_level_display()))
        elif changed:
            outcome.actions.append(Action(sheet.name, row["row"], UPDATED, org.name, "、".join(changed)))
        else:
            outcome.actions.append(Action(sheet.name, row["row"], UNCHANGED, org.name, ""))

    def _village(self, value) -> Village:
        village = self.groups.villages.get(normalise(as_text(value)))
        if village is None:
            raise CellError(f"本乡镇没有名为「{as_text(value)}」的村委会，请先在「村委会」工作表中列出。")
        return village

    def _existing(self, name: str, parent: Organization) -> Organization | None:
        # Same name under the same parent: moving an organization is done on its own page.
        found = self.tree.by_name.get(normalise(name), [])
        return next((org for org in found if org.parent_id == parent.pk), None)

    @staticmethod
    def _header(sheet: Sheet, field: str) -> str:
        column = sheet.column(field)
        return column.split("「", 1)[-1].rstrip("」") if column else Organization._meta.get_field(field).verbose_name
