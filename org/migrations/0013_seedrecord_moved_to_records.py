from django.db import migrations

from core.migration_moves import drop_table_if_present


class Migration(migrations.Migration):
    """``SeedRecord`` belongs to the record set now (``records`` 0001 takes over its table and
    rows). On a new database, where ``records`` created its own table, the empty one made by
    ``0001`` here is dropped."""

    dependencies = [
        ("org", "0012_history_keeps_whole_review_comments"),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SeedRecord")]
        ),
        drop_table_if_present("org_seedrecord"),
    ]
