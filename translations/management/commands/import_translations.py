from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.management.support import read_text
from translations.po import TranslationsInvalid, import_po


class Command(BaseCommand):
    help = (
        "Read a PO file from export_translations and write its Lao into the records, as draft "
        "translations for a publisher to review. The whole file is checked first; any problem "
        "(a line that is not PO syntax, an unknown record or field, English changed since the "
        "export, a placeholder lost) is reported with its line, and nothing changes. An empty msgstr leaves the Lao as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The PO file to read.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, change nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        text = read_text(file)
        try:
            report = import_po(text, dry_run=dry_run)
        except TranslationsInvalid as invalid:
            raise CommandError(
                f"{file}: nothing was changed; {len(invalid.problems)} problem(s):\n"
                + "\n".join(f"  {problem}" for problem in invalid.problems)
            ) from None
        for changed in report.changed:
            self.stdout.write(f"  changed {changed}")
        summary = f"{len(report.changed)} field(s) of {report.records} record(s) changed"
        if dry_run:
            self.stdout.write(f"Dry run: {summary} if imported; nothing was changed.")
        else:
            self.stdout.write(f"{summary}; the new Lao is a draft until a publisher reviews it.")
