"""Backups that are proven to restore: the database and its record-set export in one checked
archive (``archive``, read back by ``reading``, signed by ``signing`` when a key is set), copied
by the database's own tools (``engines``), made and restored by the ``backup`` and ``restore``
commands (``operations``)."""

from config.backups.archive import archives_in, checksum_file
from config.backups.engines import BackupError, engine_for
from config.backups.operations import Outcome, create_backup, restore_backup
from config.backups.reading import read_archive

__all__ = [
    "BackupError",
    "Outcome",
    "archives_in",
    "checksum_file",
    "create_backup",
    "engine_for",
    "read_archive",
    "restore_backup",
]
