from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.management.support import Progress, problems_error, read_text
from records.format import RecordsInvalid
from records.importing import import_record_set
from records.parsing import Unparsable, parse_json


class Command(BaseCommand):
    help = (
        "Import a record set written by export_records. The whole file is checked first and "
        "every problem reported with its place (entry and field); the import runs in one "
        "transaction, so a bad file changes nothing. Records not in the file are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A JSON file written by export_records.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, then change nothing.",
        )

    def handle(self, *args, file: Path, dry_run: bool, verbosity: int, **options):
        text = read_text(file)
        try:
            data = parse_json(text)
            report = import_record_set(
                data=data, dry_run=dry_run, progress=Progress(self.stderr, "Importing")
            )
        except Unparsable as exc:
            raise CommandError(f"{file} {exc}. Nothing was changed.") from None
        except RecordsInvalid as invalid:
            raise problems_error(self, file, invalid.problems) from None

        if verbosity:
            for outcome in report.outcomes if verbosity > 1 else report.changes():
                self.stdout.write(
                    f"{'would be ' if dry_run else ''}{outcome.action:<9} {outcome.key}"
                )
        prefix = "Dry run, nothing changed" if dry_run else f"Imported {file.name}"
        self.stdout.write(f"{prefix}: {report.summary()}.")
