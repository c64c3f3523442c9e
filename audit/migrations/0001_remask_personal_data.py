"""Entries written before the one mask: ID numbers kept their last 9 digits and phone numbers
were not masked at all. Mask them as new entries are (organizations.masking)."""

from django.db import migrations

from organizations.masking import mask_id_number, mask_phone

MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def remask(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    member_type = ContentType.objects.filter(app_label="organizations", model="member").first()
    if member_type is None:
        return
    for entry in LogEntry.objects.filter(content_type=member_type).iterator():
        changes = entry.changes if isinstance(entry.changes, dict) else None
        if not changes or not any(field in changes for field in MASKS):
            continue
        for field, mask in MASKS.items():
            if field in changes and isinstance(changes[field], list):
                changes[field] = [value if value in (None, "", "None") else mask(str(value)) for value in changes[field]]
        entry.changes = changes
        entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]
