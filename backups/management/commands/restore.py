from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.engines import BackupError
from backups.operations import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by backup into an empty database: check its checksums, "
        "sizes (at most DJANGO_BACKUP_MAX_BYTES) and, when DJANGO_BACKUP_KEY is set, its "
        "signature first, then that export_records gives exactly the archive's record-set export."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive (asean-backup-….tar.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what a database that is not empty holds (otherwise refused).",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            outcome = restore_backup(path=file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        records = sum(outcome.counts.values())
        signed = " and its signature" if outcome.signed else ""
        self.stdout.write(
            f"Restored {file} in {outcome.seconds:.1f} s: checksums{signed} match, and the "
            f"{records} records read back are exactly the archive's export."
        )
        if outcome.pending_migrations:
            self.stdout.write(
                f"The backup predates {outcome.pending_migrations} migration(s) of this release: "
                "run `manage.py migrate` before serving it."
            )
