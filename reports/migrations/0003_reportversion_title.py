from django.db import migrations, models


def frozen_titles(apps, schema_editor):
    # Versions stored before this field keep the title their data was made with.
    ReportVersion = apps.get_model("reports", "ReportVersion")
    for version in ReportVersion.objects.select_related("report").iterator():
        title = (version.data or {}).get("title") or version.report.title
        ReportVersion.objects.filter(pk=version.pk).update(title=title[:100])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_reportversion_reviewdecision_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportversion",
            name="title",
            field=models.CharField(blank=True, max_length=100, verbose_name="提交时的标题"),
        ),
        migrations.RunPython(frozen_titles, migrations.RunPython.noop),
    ]
