from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from translations.po import export_po


class Command(BaseCommand):
    help = (
        "Write the content's English and Lao to a PO file for translators: one entry per "
        "translated field of each record (msgctxt <kind>:<key>:<field>), Lao not yet reviewed "
        "or outdated flagged fuzzy. Two exports of the same records are byte-identical. "
        "Read it back with import_translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PO file to write ('-' for standard output).")

    def handle(self, *args, file: str, **options):
        with transaction.atomic():  # one state of the database
            text = export_po()
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"Cannot write {file}: {exc.strerror}. Check the folder exists."
            ) from None
        entries = text.count("\nmsgctxt ")
        self.stdout.write(f"Wrote {entries} entries to {file}.")
