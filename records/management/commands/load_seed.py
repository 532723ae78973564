from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.management.support import problems_error, read_text
from records.format import RecordsInvalid
from records.parsing import Unparsable, parse_toml
from records.seeding import apply_seed

DEFAULT_SEED_FILE = Path(settings.BASE_DIR) / "seed" / "initial_content.toml"


class Command(BaseCommand):
    help = (
        "Load the Department's initial content from the seed file. Safe to run again: records "
        "staff have edited since are kept unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_SEED_FILE,
            help=f"Seed file to load (TOML). Default: {DEFAULT_SEED_FILE.relative_to(settings.BASE_DIR)}",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Re-apply the source values, overwriting staff edits and restoring deleted records.",
        )

    def handle(self, *args, file: Path, force: bool, verbosity: int, **options):
        if not file.exists():
            raise CommandError(f"Seed file not found: {file}. Pass an existing file with --file.")
        text = read_text(file)
        try:
            report = apply_seed(data=parse_toml(text), force=force)
        except Unparsable as exc:
            raise CommandError(f"{file} {exc}. Nothing was changed.") from None
        except RecordsInvalid as invalid:
            raise problems_error(self, file, invalid.problems) from None

        if verbosity == 0:
            return
        for outcome in report.outcomes:
            if outcome.action == "unchanged" and verbosity < 2:
                continue
            line = f"{outcome.action:<9} {outcome.key}"
            if outcome.reason:
                line += f" — {outcome.reason}"
            style = self.style.WARNING if outcome.action == "skipped" else self.style.SUCCESS
            self.stdout.write(style(line) if outcome.action != "unchanged" else line)
        self.stdout.write(f"Seed loaded from {file.name}: {report.summary()}.")
