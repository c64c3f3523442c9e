"""The organization tree and its villages: each row through OrganizationForm, parents before children."""

from django.core.exceptions import ValidationError

from imports.base import CREATED, UNCHANGED, UPDATED, Action, Importer, Outcome
from imports.cells import DATE_FORMS, CellError, as_text, normalise
from imports.reader import Book, Sheet
from organizations.forms import OrganizationForm
from organizations.imports.columns import CATEGORIES, LEVELS, ORGANIZATION_SHEET, VILLAGE_SHEET
from organizations.imports.lookups import (
    RowProblems,
    TownshipTree,
    VillageGroups,
    choice_of,
    date_text,
    form_value,
    plain_text,
)
from organizations.models import (
    Organization,
    Village,
    VillageGroup,
)

ORGANIZATION_COLUMNS = {field: field for field in OrganizationForm.Meta.fields}


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
                "sort_order": "1",
            },
            {
                "name": "坝干党支部",
                "parent": "三卡村党委",
                "level": "党支部",
                "category": "农村",
                "village": "三卡村委会",
                "secretary": "李华",
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
            village_name = problems.convert("village", plain_text, "")
            group_name = problems.convert("group", plain_text, "")
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
        name = problems.convert("name", plain_text, "")
        parent = self.township
        if row["cells"].get("parent") not in (None, ""):
            parent = problems.convert("parent", lambda v: self.tree.find(as_text(v)))
        values = {
            "name": name,
            "level": problems.convert("level", choice_of(LEVELS)),
            "category": problems.convert("category", choice_of(CATEGORIES)),
            "secretary": problems.convert("secretary", plain_text),
            "founded_on": problems.convert("founded_on", date_text),
            "sort_order": problems.convert("sort_order", plain_text),
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
                data[field] = form_value(getattr(existing, field + "_id" if field in ("parent", "village") else field))
        for field, value in values.items():
            if field in row["cells"] or field == "name":
                data[field] = value
        data["parent"] = str(parent.pk) if parent else ""
        if "village" in row["cells"]:
            data["village"] = str(village.pk) if village else ""
        data.setdefault("sort_order", "0")
        if data["sort_order"] == "":
            data["sort_order"] = "0"

        form = OrganizationForm(data, instance=existing or Organization(), user=self.user)
        # Only this township's tree, whatever else the user may see.
        form.fields["parent"].queryset = form.fields["parent"].queryset.filter(path__startswith=self.township.path)
        form.fields["village"].queryset = form.fields["village"].queryset.filter(township=self.township)
        if not form.is_valid():
            problems.form_errors(form.errors, ORGANIZATION_COLUMNS)
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
