"""Making a backup and restoring one, as the ``backup`` and ``restore`` commands run them."""

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from backups.archive import RECORDS, archive_name, prune, write_archive
from backups.engines import UNCHANGED, BackupError, engine_for
from backups.reading import read_archive
from backups.signing import check_key
from pages.cache import invalidate_pages
from records.format import dump_json
from records.reading import export_record_set


@dataclass
class Outcome:
    path: Path
    seconds: float
    counts: dict[str, int]
    removed: list[Path] = field(default_factory=list)
    pending_migrations: int = 0
    # Made or restored with its signature (DJANGO_BACKUP_KEY; backups/signing.py).
    signed: bool = False


def _counts(data: dict) -> dict[str, int]:
    return {name: len(value) for name, value in data.items() if isinstance(value, list)}


def _ready_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder.exists():
        raise BackupError(f"{folder} is not a folder: set --dir or DJANGO_BACKUP_DIR to a folder.")
    # Only the last level is created: if the parent is missing too, the backup disk is probably
    # not mounted, and the archives must not quietly fill the disk underneath instead.
    if not folder.parent.is_dir():
        raise BackupError(
            f"The folder {folder.parent} does not exist: mount the backup disk or create it, "
            "or set --dir or DJANGO_BACKUP_DIR to another folder."
        )
    folder.mkdir()


def create_backup(*, folder: Path, keep: int, using: str = "default") -> Outcome:
    """Copy the database and its record-set export, made from one state, into a new archive in
    ``folder``; then remove all but the last ``keep`` archives there."""
    if keep < 1:
        raise BackupError(f"Keep at least one backup (--keep or DJANGO_BACKUP_KEEP is {keep}).")
    key = settings.BACKUP_KEY
    check_key(key)
    started = time.monotonic()
    engine = engine_for(connections[using])
    engine.check_tools(restoring=False)
    engine.connect()
    folder = folder.absolute()
    _ready_folder(folder)
    created = timezone.now()
    target = folder / archive_name(created)
    if target.exists():
        raise BackupError(f"{target} already exists: wait a second and run backup again.")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".staging-") as staging:
        records = Path(staging) / RECORDS
        database = Path(staging) / engine.dump_name
        with engine.snapshot():
            data = export_record_set()
            records.write_bytes(dump_json(data).encode("utf-8"))
            engine.dump(database)
        write_archive(
            target,
            engine=engine.name,
            created=created,
            files={engine.dump_name: database, RECORDS: records},
            key=key,
        )
    removed = prune(folder, keep=keep, newest=target)
    return Outcome(target, time.monotonic() - started, _counts(data), removed, signed=bool(key))


def _differences(expected: str, actual: str) -> list[str]:
    before, after = json.loads(expected), json.loads(actual)
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


def _pending_migrations(connection) -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_backup(*, path: Path, force: bool, using: str = "default") -> Outcome:
    """Check the archive, restore it into the database (which must be empty unless ``force``),
    then check that the records read back are the archive's export."""
    started = time.monotonic()
    check_key(settings.BACKUP_KEY)
    connection = connections[using]
    engine = engine_for(connection)
    engine.check_tools(restoring=True)
    try:
        engine.connect()
    except BackupError as exc:
        raise BackupError(f"{exc} {UNCHANGED}") from None
    with tempfile.TemporaryDirectory(prefix="asean-restore-") as work:
        archive = read_archive(path, Path(work))
        if archive.engine != engine.name:
            raise BackupError(
                f"{path} is a {archive.engine} backup, but DATABASE_URL points to a "
                f"{engine.name} database: set DATABASE_URL to an empty {archive.engine} "
                f"database. {UNCHANGED}"
            )
        tables = engine.table_count()
        if tables and not force:
            raise BackupError(
                f"The database {engine.describe()} is not empty ({tables} tables): restore into "
                f"an empty database, or add --force to replace everything in it. {UNCHANGED}"
            )
        engine.load(archive.database, replace=force)
    pending = _pending_migrations(connection)
    try:
        data = export_record_set()
    except DatabaseError as exc:
        raise BackupError(
            f"Restored {path}, but this release cannot read its records ({str(exc).splitlines()[0]}); run "
            "`manage.py migrate`, then compare `export_records` with records.json in the archive."
        ) from None
    restored = dump_json(data)
    if restored != archive.records:
        differ = _differences(archive.records, restored) or ["the file's layout"]
        raise BackupError(
            f"Restored {path}, but the records read back differ from the archive's export in: "
            f"{', '.join(differ)}. Do not use this database; restore another backup into an "
            "empty one."
        )
    # The page cache may hold pages of what the database held before.
    invalidate_pages()
    seconds = time.monotonic() - started
    return Outcome(path, seconds, _counts(data), [], pending, signed=archive.signed)
