"""The member roster (党员花名册): each row through MemberForm, matched to registered members."""

import copy
import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from imports.base import CREATED, PROGRESS_EVERY, UNCHANGED, UPDATED, Action, Importer, Outcome
from imports.cells import DATE_FORMS, Problem, as_date, as_text, normalise
from imports.reader import Book, Sheet
from imports.rowforms import RowForm
from organizations.ethnicities import HAN
from organizations.forms import MemberForm
from organizations.imports.columns import (
    EDUCATIONS,
    ETHNICITIES,
    GENDERS,
    LEAVE_REASONS,
    MEMBER_SHEET,
    OCCUPATIONS,
)
from organizations.imports.lookups import (
    RowProblems,
    TownshipTree,
    VillageGroups,
    bool_or_none,
    choice_of,
    id_number_text,
    plain_text,
)
from organizations.masking import mask_id_number
from organizations.models import (
    Member,
)

MEMBER_FIELDS = [*MemberForm.Meta.fields, "left_on", "leave_reason", "leave_note"]
# Form field → sheet column, to place the form's messages.
MEMBER_COLUMNS = {field: field for field in MEMBER_FIELDS}


class MemberImportForm(MemberForm):
    """MemberForm's fields, messages and clean(), plus the leave fields (a roster may list members who left).

    Built per file with ``for_file``: the choice fields look organizations and
    village groups up in the township's objects, fetched once per file, and the
    fields are prepared once and shared by every row. The importer validates rows
    with imports.rowforms.RowForm, which does what this form's is_valid() does
    without building a form per row; the ``row_*`` attributes say what this form
    does differently from a plain ModelForm, for both.
    """

    class Meta(MemberForm.Meta):
        fields = MEMBER_FIELDS

    def __init__(self, *args, **kwargs):
        # Not MemberForm.__init__: it only builds the querysets and page layout replaced here.
        forms.ModelForm.__init__(self, *args, **kwargs)

    # ID number → pk of the member holding it, for every ID number in the file (see for_file).
    taken_ids: dict[str, int] = {}
    # The in-memory lookup has found the organization and village group in this township;
    # the model would look each up again with a query.
    row_exclusions = ("organization", "village_group")
    # Member.clean states every check constraint of Member with the same message, and Django
    # would evaluate each constraint again with a query of its own: four queries per row.
    # The database still enforces them (and the importer turns a violation into a row error).
    validate_model_constraints = False

    @classmethod
    def for_file(cls, choices: dict[str, dict], taken_ids: dict[str, int]) -> type["MemberImportForm"]:
        fields = copy.deepcopy(cls.base_fields)
        for name, objects in choices.items():
            _lookup_in_memory(fields[name], objects)
        for form_field in fields.values():
            if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
                _choices_in_a_set(form_field)
        row_form = type("MemberRowForm", (cls,), {"taken_ids": taken_ids})
        row_form.base_fields = _SharedFields(fields)  # after creation: the metaclass sets base_fields itself
        return row_form

    @classmethod
    def row_unique_errors(cls, instance: Member) -> dict[str, str]:
        # The unique ID number, checked against the holders fetched for the whole file in one
        # query, with the model's own message; the database's unique index still has the last word.
        number = instance.id_number
        if number and cls.taken_ids.get(number, instance.pk) != instance.pk:
            return {"id_number": Member._meta.get_field("id_number").error_messages["unique"]}
        return {}

    def validate_unique(self):
        for name, message in self.row_unique_errors(self.instance).items():
            self.add_error(name, message)

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), *self.row_exclusions}

    def _post_clean(self):
        if not self.validate_model_constraints:
            self.instance.validate_constraints = lambda exclude=None: None
        super()._post_clean()


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


# What a plan stores of each member (every field the import form sets), JSON-able.
PLAN_FIELDS = [Member._meta.get_field(name).attname for name in MEMBER_FIELDS]


def _comparable(value):
    # The same value read from the database or left by a create(): plain text for choices, UTC times.
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    return value


def _plan_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _choices_in_a_set(field: forms.ChoiceField) -> None:
    """ChoiceField.valid_value as one set lookup instead of a walk through the list (56 ethnic groups).

    The same test: ChoiceField.to_python has made the value text, so ``value == key`` and
    ``str(value) == str(key)`` agree.
    """
    keys = set()
    for key, label in field.choices:
        if isinstance(label, list | tuple):
            keys.update(str(inner) for inner, _label in label)
        else:
            keys.add(str(key))
    field.valid_value = lambda value: str(value) in keys


def _id_holders(sheet: Sheet) -> dict[str, int]:
    """Who already holds each ID number the file names, anywhere (the number is unique nationwide)."""
    numbers = {as_text(row["cells"]["id_number"]).upper() for row in sheet.rows if row["cells"].get("id_number")}
    numbers = sorted(n for n in numbers if "*" not in n)
    holders: dict[str, int] = {}
    for start in range(0, len(numbers), 500):  # within every database's limit on query parameters
        chunk = numbers[start : start + 500]
        holders.update(Member.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    return holders


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
        self._load(sheet)
        seen_ids: dict[str, int] = {}
        seen_keys: dict[tuple, int] = {}
        seen_members: dict[int, int] = {}
        self.new_members: list[tuple[int, Member]] = []
        self.updated_members: list[Member] = []
        for done, row in enumerate(sheet.rows, 1):
            self._row(sheet, row, outcome, seen_ids, seen_keys, seen_members)
            if done % PROGRESS_EVERY == 0:
                yield done
        if self.commit and outcome.ok and self.new_members:
            self._create(sheet, outcome)
        yield len(sheet.rows)

    def _load(self, sheet: Sheet) -> None:
        """Everything in the database the rows are checked against, read once per file."""
        # Today once per file, not once per date cell (time zone arithmetic each time).
        self.as_date = functools.partial(as_date, today=timezone.localdate())
        self.tree = TownshipTree(self.township)
        self.groups = VillageGroups(self.township)
        members = list(Member.objects.filter(organization__path__startswith=self.township.path))
        self.by_pk = {m.pk: m for m in members}
        self.by_id = {m.id_number: m for m in members if m.id_number}
        self.by_key: dict[tuple, list[Member]] = defaultdict(list)
        for member in members:
            self.by_key[(normalise(member.name), member.birth_date, member.organization_id)].append(member)
        holders = _id_holders(sheet)
        self.row_form = RowForm(
            MemberImportForm.for_file({"organization": self.tree.by_pk, "village_group": self.groups.by_pk}, holders)
        )
        self.basis = self._basis(members, holders)

    def _basis(self, members: list[Member], holders: dict[str, int]) -> str:
        """A digest of everything _load read: equal digests, equal outcome of checking the same rows.

        (Checking also compares dates with today, which only moves on: a date that was not in
        the future at the preview is not in the future later.)
        """
        digest = hashlib.sha256()
        objects = [
            [self.township],
            self.tree.by_pk.values(),
            self.groups.villages.values(),
            self.groups.by_pk.values(),
            members,
        ]
        for group in objects:
            for obj in sorted(group, key=lambda o: o.pk):
                values = tuple(_comparable(getattr(obj, f.attname)) for f in obj._meta.concrete_fields)
                digest.update(repr(values).encode())
        digest.update(repr(sorted(holders.items())).encode())
        return digest.hexdigest()

    def plan(self) -> dict:
        """What confirming writes (the members to create, the members to change and how), with the basis."""

        def values(member: Member) -> list:
            return [_plan_value(getattr(member, attname)) for attname in PLAN_FIELDS]

        return {
            "basis": self.basis,
            "fields": PLAN_FIELDS,
            "create": [values(member) for _row, member in self.new_members],
            "update": [[member.pk, values(member)] for member in self.updated_members],
        }

    def apply_plan(self, book: Book, plan: dict, outcome: Outcome) -> bool:
        sheet = book.sheets["members"]
        self._load(sheet)
        if plan["basis"] != self.basis or plan["fields"] != PLAN_FIELDS:
            return False
        fields = [Member._meta.get_field(attname) for attname in PLAN_FIELDS]

        def decoded(values: list) -> dict:
            return {f.attname: f.to_python(value) for f, value in zip(fields, values, strict=True)}

        self.new_members = [(0, Member(**decoded(values))) for values in plan["create"]]
        for pk, values in plan["update"]:
            member = self.by_pk[pk]
            for attname, value in decoded(values).items():
                setattr(member, attname, value)
            # The objects, not only their keys: the audit log files the change under the organization's path.
            member.organization = self.tree.by_pk[member.organization_id]
            member.village_group = self.groups.by_pk.get(member.village_group_id)
            try:
                with transaction.atomic():
                    member.save()
            except IntegrityError as error:
                outcome.problems.append(Problem(sheet.name, None, "", f"数据库拒绝保存「{member.name}」：{error}"))
        if self.new_members:
            self._create(sheet, outcome)
        return True

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
        name = problems.convert("name", plain_text, "")
        values = {
            "name": name,
            "gender": problems.convert("gender", choice_of(GENDERS)),
            "ethnicity": problems.convert("ethnicity", choice_of(ETHNICITIES)),
            "birth_date": problems.convert("birth_date", self.as_date),
            "education": problems.convert("education", choice_of(EDUCATIONS)),
            "occupation": problems.convert("occupation", choice_of(OCCUPATIONS)),
            "joined_on": problems.convert("joined_on", self.as_date),
            "full_on": problems.convert("full_on", self.as_date),
            "is_floating": problems.convert("is_floating", bool_or_none),
            "floating_to": problems.convert("floating_to", plain_text),
            "is_college_village_official": problems.convert("is_college_village_official", bool_or_none),
            "left_on": problems.convert("left_on", self.as_date),
            "leave_reason": problems.convert("leave_reason", choice_of(LEAVE_REASONS)),
            "leave_note": problems.convert("leave_note", plain_text),
        }
        organization = None
        if "organization" in row["cells"]:
            organization = problems.convert("organization", lambda v: self.tree.find(as_text(v)))
        group = None
        if "village_group" in row["cells"]:
            group = problems.convert("village_group", lambda v: self.groups.find(as_text(v), organization))
        id_text = problems.convert("id_number", id_number_text, "")
        phone_text = problems.convert("phone", plain_text, "")
        if problems.count:
            return

        key = (normalise(name), values["birth_date"], organization.pk if organization else None)
        id_masked = "*" in id_text
        if id_text and not id_masked:
            # Already as idcard.parse normalises it (stripped, upper case); the form checks the rest.
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
        if member and member.id_number and id_masked and mask_id_number(member.id_number) != id_text:
            problems.add("id_number", "打码的身份证号码与系统中这名党员的号码不一致，请核对是否对应了别人。")
            return

        instance = member or Member()
        initial = self.row_form.initial(instance) if member else {}
        checked = self.row_form.validate(data, instance)
        if not checked.ok:
            problems.form_errors(checked.errors, MEMBER_COLUMNS)
            return
        changed = [self._header(sheet, field) for field in self.row_form.changed(initial, data)] if member else []
        if member is not None and not changed:
            outcome.actions.append(Action(sheet.name, row["row"], UNCHANGED, member.name, note))
            return
        if member is None:
            # Created together at the end (bulk_create); rows never depend on members created by earlier rows.
            self.new_members.append((row["row"], instance))
            outcome.actions.append(Action(sheet.name, row["row"], CREATED, instance.name, note))
            return
        self.updated_members.append(instance)
        if self.commit:
            try:
                with transaction.atomic():
                    instance.save()  # what the form's save() does: no many-to-many fields here
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
        """The row as form data, in Python values (dates, booleans, primary keys) the fields take as they are.

        Columns the file does not have keep the stored values (or the defaults for a new member).
        """
        data = {}
        if member is not None:
            for field in MEMBER_FIELDS:
                data[field] = getattr(member, field + "_id" if field in ("organization", "village_group") else field)
        else:
            data["ethnicity"] = HAN
        for field, value in values.items():
            if field in cells or field == "name":
                data[field] = value
        if organization is not None:
            data["organization"] = organization.pk
        if "village_group" in cells:
            data["village_group"] = group.pk if group else None
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
