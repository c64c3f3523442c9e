"""A ReportDocument as JSON-ready plain data, stored with each submitted version."""

import dataclasses
import datetime
import re
from decimal import Decimal

from django.db import models

from dangjian.shares import Share
from organizations.figures import MemberFigures, OrganizationFigures, VillageFigures
from planning.figures import TaskSummary
from reports.statistics import TownshipStatistics


def to_data(value):
    if isinstance(value, Share):
        return {"count": value.count, "total": value.total, "percent": str(value.percent)}
    if dataclasses.is_dataclass(value):
        data = {field.name: to_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return data
    if isinstance(value, models.Model):
        return {f.name: to_data(f.value_from_object(value)) for f in value._meta.concrete_fields}
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- back again
#
# These and ``reports.stored.from_data`` are the inverse of ``to_data`` for what a version stores: the
# reviewer's version page and the official roll-up read the figures as they
# were submitted, never the live database. Versions stored before a field
# existed simply lack it: missing parts come back empty, and a version whose
# data is not a stored document at all gives None.

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_share(value) -> bool:
    return isinstance(value, dict) and set(value) == {"count", "total", "percent"}


def share_from_data(value) -> Share:
    return Share(int(value["count"]), int(value["total"]))


def cell_from_data(value):
    """A table cell back as the renderers expect it: Share, date, or the plain value."""
    if _is_share(value):
        return share_from_data(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _pairs(items) -> list[tuple[str, Share]]:
    return [(label, share_from_data(share)) for label, share in items]


def member_figures_from_data(data: dict) -> MemberFigures | None:
    """The member figures a version stored, or None when it stored none."""
    try:
        m = data["statistics"]["members"]
        plain = {f.name: m[f.name] for f in dataclasses.fields(MemberFigures)}
    except (KeyError, TypeError):
        return None
    return MemberFigures(
        **{
            name: (value if name == "total" else _pairs(value) if isinstance(value, list) else share_from_data(value))
            for name, value in plain.items()
        }
    )


def statistics_from_data(data: dict) -> TownshipStatistics | None:
    """The figures a version stored (the township profile is left out: its sentences are in the text)."""
    members = member_figures_from_data(data)
    if members is None:
        return None
    s = data["statistics"]
    try:
        o = s["organizations"]
        organizations = OrganizationFigures(
            grassroots=o["grassroots"],
            by_level=[tuple(pair) for pair in o["by_level"]],
            by_category=[tuple(pair) for pair in o["by_category"]],
            branches_by_category=[tuple(pair) for pair in o["branches_by_category"]],
            branches_by_category_value=dict(o.get("branches_by_category_value", {})),
        )
        v = s["villages"]
        villages = VillageFigures(
            committees=v["committees"],
            groups=v["groups"],
            groups_without_members=v["groups_without_members"],
            villages=[tuple(pair) for pair in v.get("villages", [])],
            blank_groups=list(v.get("blank_groups", [])),
            blank_by_village={int(k): n for k, n in v.get("blank_by_village", {}).items()},
        )
        tasks = [TaskSummary(**t) for t in s["tasks"]]
        return TownshipStatistics(
            township=s["township"],
            as_of=datetime.date.fromisoformat(s["as_of"]),
            members=members,
            organizations=organizations,
            villages=villages,
            profile=None,
            tasks=tasks,
        )
    except (KeyError, TypeError, ValueError):
        return None
