"""Log entries as a reader wants them: field labels and choice labels in Chinese, related
objects by name, dates as 2020年7月1日, personal data masked.

auditlog stores every value as a string (``"M"``, ``"78"``, ``"False"``, ``"None"``).
``describe`` turns a page of entries into rows, looking up related objects with one
query per related model for the whole page.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format

from organizations.masking import mask_id_number, mask_phone

ACTIONS = {
    LogEntry.Action.CREATE: "新建",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "下载",
}
MASKS = {"id_number": mask_id_number, "phone": mask_phone}
EMPTY = "（空）"
# Bookkeeping that says nothing to a reader.
HIDDEN_FIELDS = {"id", "path", "created_at", "updated_at"}


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


@dataclass
class EntryView:
    entry: LogEntry
    action: str
    kind: str
    rows: list[ChangeRow] = field(default_factory=list)


def _field(model, name: str):
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Reverse relations were logged as 「reports.Report.None」 before they were excluded.
    return found if found.concrete else False


def _is_empty(value) -> bool:
    return value is None or value in ("", "None")


def _format(model_field, name: str, value, related: dict) -> str:
    if _is_empty(value):
        return EMPTY
    value = str(value)
    if name in MASKS:
        return MASKS[name](value)
    if model_field is None:
        return value
    if isinstance(model_field, models.ForeignKey):
        target = related.get(model_field.related_model, {})
        return target.get(value, f"（已删除，编号{value}）")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return {"True": "是", "False": "否"}.get(value, value)
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        try:
            return date_format(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _related_names(entries: list[LogEntry]) -> dict:
    """{related model: {pk as string: its name}} for every foreign key value on the page."""
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            model_field = _field(model, name)
            if isinstance(model_field, models.ForeignKey) and isinstance(values, list | tuple):
                ids = {str(v) for v in values if not _is_empty(v) and str(v).isascii() and str(v).isdigit()}
                wanted.setdefault(model_field.related_model, set()).update(ids)
    return {
        related: {str(obj.pk): str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
        if ids
    }


def describe(entries) -> list[EntryView]:
    entries = list(entries)
    related = _related_names(entries)
    views = []
    for entry in entries:
        model = entry.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else entry.content_type.name
        view = EntryView(entry=entry, action=ACTIONS.get(entry.action, str(entry.action)), kind=kind)
        for name, values in (entry.changes_dict or {}).items():
            model_field = _field(model, name)
            if model_field is False or name in HIDDEN_FIELDS or not isinstance(values, list | tuple):
                continue
            old, new = (list(values) + [None, None])[:2]
            if entry.action == LogEntry.Action.CREATE and _is_empty(new):
                continue  # a new object's empty fields say nothing
            label = str(model_field.verbose_name) if model_field else name
            view.rows.append(
                ChangeRow(label, _format(model_field, name, old, related), _format(model_field, name, new, related))
            )
        views.append(view)
    return views
