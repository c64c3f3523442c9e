"""A ReportDocument as JSON-ready plain data, stored with each submitted version."""

import dataclasses
import datetime
from decimal import Decimal

from django.db import models

from dangjian.shares import Share


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
