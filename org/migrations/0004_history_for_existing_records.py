from django.db import migrations
from django.utils import timezone

MODELS = ['RelatedBody', 'Department', 'Division', 'StaffRole', 'Mandate']


def record_existing_versions(apps, schema_editor):
    """Give each record that predates its history a first version, so that the first change
    made after this release has something to compare with and to restore."""
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("org", name)
        historical = apps.get_model("org", f"Historical{name}")
        recorded = set(historical.objects.values_list("id", flat=True).distinct())
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{attname: getattr(obj, attname) for attname in fields},
                history_date=now,
                history_type="+",
                history_change_reason="Recorded when change history began",
            )
            for obj in model.objects.exclude(pk__in=recorded)
        )


class Migration(migrations.Migration):
    dependencies = [
        ('org', '0003_drafts_history_and_schedule_changes'),
    ]

    operations = [migrations.RunPython(record_existing_versions, migrations.RunPython.noop)]
