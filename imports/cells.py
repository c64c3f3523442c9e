"""Turning what clerks type into values: dates in their usual forms, closed lists with synonyms, yes/no.

Every converter raises CellError with a Chinese message; the row parser adds
the sheet, row and column.
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

EARLIEST_DATE = datetime.date(1900, 1, 1)
DATE_FORMS = "2020-11-15、2020/11/15、2020.11.15、2020年11月15日或20201115"
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s*0{1,2}:0{2}(?::0{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
YES = ("是", "有", "√", "✓", "Y", "YES", "TRUE", "1", "对")
NO = ("否", "无", "不是", "×", "N", "NO", "FALSE", "0", "")


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, placed as exactly as it can be."""

    sheet: str
    row: int | None
    column: str  # "E列「出生日期」", a range for merged headers, or "" for the whole row/sheet
    message: str

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f" {self.column}"
        return f"{where}：{self.message}" if where else self.message

    def to_json(self) -> list:
        return [self.sheet, self.row, self.column, self.message]


@functools.lru_cache(maxsize=4096)
def normalise(value: str) -> str:
    """Full-width letters and digits to ASCII, spaces removed: what a clerk meant, not how it was typed.

    Remembered: a roster repeats the same few choices and organization names on every row.
    """
    # str.split() splits at exactly the characters \s matches (str.isspace).
    return "".join(unicodedata.normalize("NFKC", value).split())


def normalise_header(value) -> str:
    if not isinstance(value, str):
        return ""
    # The template marks required columns with *; brackets differ between input methods.
    return normalise(value).replace("*", "").replace("＊", "").upper()


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return value["date"]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_date(value, *, today: datetime.date | None = None) -> datetime.date | None:
    """A date from an Excel date cell or any of the forms in DATE_FORMS; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        day = datetime.date.fromisoformat(value["date"])
    elif isinstance(value, bool):
        raise CellError(f"应填写日期，例如 {DATE_FORMS}。")
    elif isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"「{value}」是数字而不是日期，请写成 {DATE_FORMS}。")
        day = _parse_date_text(str(int(value)))
    else:
        day = _parse_date_text(normalise(str(value)))
    if day < EARLIEST_DATE:
        raise CellError(f"日期 {day.isoformat()} 早于1900年，请核对。")
    today = today or timezone.localdate()
    if day > today:
        raise CellError(f"日期 {day.isoformat()} 晚于今天（{today.isoformat()}），不能是将来的日期。")
    return day


def _parse_date_text(text: str) -> datetime.date:
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise CellError(f"「{text}」不是有效的日期（没有{year}年{month}月{day}日这一天）。") from None
    raise CellError(f"无法识别日期「{text}」，请写成 {DATE_FORMS}。")


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(as_text(value)).upper()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"「{as_text(value)}」应填“是”或“否”。")


class Choices:
    """A closed list: the labels the web form shows, plus the synonyms clerks type."""

    def __init__(self, what: str, choices, synonyms: dict[str, str] | None = None):
        self.what = what
        self.labels = [str(label) for _value, label in choices]
        self._lookup: dict[str, str] = {}
        for value, label in choices:
            self._lookup[normalise(str(label)).upper()] = value
        for synonym, label in (synonyms or {}).items():
            self._lookup[normalise(synonym).upper()] = self._lookup[normalise(label).upper()]

    def value(self, raw) -> str:
        text = as_text(raw)
        found = self._lookup.get(normalise(text).upper())
        if found is None:
            shown = "、".join(self.labels) if len(self.labels) <= 12 else "、".join(self.labels[:8]) + "等"
            raise CellError(f"「{text}」不是可选的{self.what}（可选：{shown}）。")
        return found
