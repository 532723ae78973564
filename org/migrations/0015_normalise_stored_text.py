"""Every text of the app's records stored as forms and imports now store it: NFC, Lao tone marks
after their vowel, plain spaces, no invisible characters (core/plaintext.py normalise_text)."""

from django.db import migrations

from core.migration_checks import normalise_text_or_refuse


def normalise(apps, schema_editor):
    normalise_text_or_refuse(apps, "org")


class Migration(migrations.Migration):
    dependencies = [("org", "0014_publish_permission_from_publishable")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
