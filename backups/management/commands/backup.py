from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.engines import BackupError
from backups.operations import create_backup


def size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


class Command(BaseCommand):
    help = (
        "Copy the database and its record-set export (as export_records writes it), made from "
        "the same state, into a timestamped, compressed, checksummed archive (signed when "
        "DJANGO_BACKUP_KEY is set); keep the last N. restore reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help=f"Folder of the archives (default DJANGO_BACKUP_DIR, now {settings.BACKUP_DIR}).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help=f"How many archives to keep there (default DJANGO_BACKUP_KEEP, now {settings.BACKUP_KEEP}).",
        )

    def handle(self, *args, dir: Path | None, keep: int | None, **options):
        folder = dir if dir is not None else Path(settings.BACKUP_DIR)
        try:
            outcome = create_backup(
                folder=folder, keep=settings.BACKUP_KEEP if keep is None else keep
            )
        except BackupError as exc:
            raise CommandError(f"{str(exc).rstrip('.')}. No backup was made.") from None
        records = sum(outcome.counts.values())
        signed = ", signed" if outcome.signed else ""
        self.stdout.write(
            f"Backed up to {outcome.path} ({size(outcome.path)}, {records} records{signed}) "
            f"in {outcome.seconds:.1f} s."
        )
        for old in outcome.removed:
            self.stdout.write(f"Removed the older backup {old.name}.")
