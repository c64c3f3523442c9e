"""Development candidates' ID numbers were logged with auditlog's own mask, which keeps the last
9 characters (the birth date's month and day and the sequence digits). Mask them as new entries
are (organizations.masking)."""

from django.db import migrations

from organizations.masking import mask_id_number


def remask(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    candidate_type = ContentType.objects.filter(app_label="development", model="candidate").first()
    if candidate_type is None:
        return
    for entry in LogEntry.objects.filter(content_type=candidate_type).iterator():
        changes = entry.changes if isinstance(entry.changes, dict) else None
        if not changes or not isinstance(changes.get("id_number"), list):
            continue
        changes["id_number"] = [
            value if value in (None, "", "None") else mask_id_number(str(value)) for value in changes["id_number"]
        ]
        entry.changes = changes
        entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_file_organization_creations"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]
