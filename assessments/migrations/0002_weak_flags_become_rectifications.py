"""Every organization flagged 软弱涣散 gets an open rectification, before the flag is dropped.

The flag had no dates, so the record starts on the organization's founding date
(or the day it was entered): reports of any earlier-made date still list it,
exactly as the flag did.
"""

import datetime

from django.db import migrations

MIGRATED_REASON = "（由原“软弱涣散党组织”标记转入，请补充主要问题和整顿方案。）"


def flags_to_rectifications(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Rectification = apps.get_model("assessments", "Rectification")
    for org in Organization.objects.filter(is_weak=True):
        started = org.founded_on or (org.created_at.date() if org.created_at else datetime.date(2000, 1, 1))
        Rectification.objects.create(
            organization=org, reason=MIGRATED_REASON, responsible=org.secretary or "待确定", started_on=started
        )


def rectifications_to_flags(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Rectification = apps.get_model("assessments", "Rectification")
    ids = Rectification.objects.filter(completed_on__isnull=True).values("organization_id")
    Organization.objects.filter(pk__in=ids).update(is_weak=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("organizations", "0005_village_year"),
    ]

    operations = [migrations.RunPython(flags_to_rectifications, rectifications_to_flags)]
