"""Organization creations were logged before the new node had its path, so they were filed
under no place in the tree and county reviewers never saw them: file them under the
organization's path now."""

from django.db import migrations


def file_creations(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Organization = apps.get_model("organizations", "Organization")
    org_type = ContentType.objects.filter(app_label="organizations", model="organization").first()
    if org_type is None:
        return
    paths = dict(Organization.objects.values_list("pk", "path"))
    for entry in LogEntry.objects.filter(content_type=org_type).iterator():
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        if data.get("path"):
            continue
        path = paths.get(entry.object_id) if entry.object_id is not None else None
        if path:
            entry.additional_data = {**data, "path": path}
            entry.save(update_fields=["additional_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_remask_personal_data"),
        ("organizations", "0002_member_plausible_dates"),
    ]

    operations = [migrations.RunPython(file_creations, migrations.RunPython.noop)]
