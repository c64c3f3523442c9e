"""Finding what a row names (organizations, village groups) and turning its cells into form data."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping

from imports.base import Outcome
from imports.cells import CellError, Choices, Problem, as_bool, as_date, as_text, normalise
from imports.reader import Sheet
from organizations.imports.columns import PATH_SEPARATORS
from organizations.models import (
    Organization,
    Village,
    VillageGroup,
)


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
        if self.township is not None and org.path.startswith(self.township.path):
            # What Organization.township() would look up with a query for each branch a roster names
            # (the member's clean() asks it); the cache is keyed by path, so a move still looks again.
            org._township_cache = (org.path, self.township)

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
        self.by_village_and_name: dict[tuple[str, str], list[VillageGroup]] = defaultdict(list)
        self.villages: dict[str, Village] = {}
        villages = Village.objects.filter(township__path__startswith=township.path if township else "/")
        for village in villages:
            self.villages[normalise(village.name)] = village
        for group in VillageGroup.objects.filter(village__in=villages).select_related("village"):
            self.add(group)

    def add(self, group: VillageGroup) -> None:
        self.by_pk[group.pk] = group
        self.by_name[normalise(group.name)].append(group)
        self.by_village_and_name[(normalise(group.village.name), normalise(group.name))].append(group)

    def find(self, text: str, organization: Organization | None) -> VillageGroup:
        raw = normalise(text)
        for separator in PATH_SEPARATORS:
            if separator in raw:
                village_name, _sep, group_name = raw.rpartition(separator)
                found = self.by_village_and_name.get((village_name, group_name), [])
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

    def form_errors(self, errors: Mapping[str, Iterable[str]], columns: dict[str, str]) -> None:
        """A form's (or RowForm's) errors, each placed at its column."""
        for name, messages in errors.items():
            key = columns.get(name)
            if key and key in self.row.get("problems", {}):
                continue  # already reported by the reader
            for message in messages:
                self.add(key if key in self.sheet.columns else None, message)


def choice_of(choices: Choices):
    def convert(value):
        return "" if value is None else choices.value(value)

    return convert


def date_text(value) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def plain_text(value) -> str:
    return as_text(value)


def id_number_text(value) -> str:
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        raise CellError(
            "身份证号码被存成了数字，Excel 只保留15位有效数字，后几位已经丢失。请把这一列设为“文本”格式后重新输入号码。"
        )
    return as_text(value).upper()


def bool_or_none(value):
    return None if value is None else as_bool(value)


def form_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)
