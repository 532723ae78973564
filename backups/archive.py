"""The backup archive: one compressed tar file holding the database copy, the record-set export
made from the same state, and a manifest with each file's SHA-256 and size; with
``DJANGO_BACKUP_KEY`` set, the manifest's signature too (``signing``). Beside it a ``.sha256``
file for the whole archive, in ``sha256sum`` format, so a copy can be checked without the
project. ``reading`` checks and extracts one.

Archives are named by the time they were made (UTC), so names sort oldest first."""

import datetime
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
from pathlib import Path

from backups.engines import ENGINES
from backups.signing import SIGNATURE, signature

FORMAT_NAME = "asean-department-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
PREFIX = "asean-backup-"
SUFFIX = ".tar.gz"
CHECKSUM_SUFFIX = ".sha256"
NAME_PATTERN = re.compile(rf"^{re.escape(PREFIX)}\d{{8}}T\d{{6}}Z{re.escape(SUFFIX)}$")


def archive_name(moment: datetime.datetime) -> str:
    stamp = moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{PREFIX}{stamp}{SUFFIX}"


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def checksum_file(archive: Path) -> Path:
    return archive.with_name(archive.name + CHECKSUM_SUFFIX)


def _member(
    name: str, body: bytes, created: datetime.datetime
) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    info.mtime = int(created.timestamp())
    return info, io.BytesIO(body)


def write_archive(
    target: Path,
    *,
    engine: str,
    created: datetime.datetime,
    files: dict[str, Path],
    key: str = "",
) -> None:
    """Write ``files`` (archive name → path) and their manifest to ``target``, signed with
    ``key`` if one is given, then its checksum file. Written beside the target and renamed:
    never half an archive."""
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "created": created.astimezone(datetime.UTC).isoformat(),
        "engine": engine,
        "database": ENGINES[engine].dump_name,
        "files": {
            name: {"sha256": sha256_of(path), "bytes": path.stat().st_size}
            for name, path in files.items()
        },
    }
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
            tar.addfile(*_member(MANIFEST, body, created))
            if key:
                tar.addfile(*_member(SIGNATURE, signature(key, body), created))
            for name, path in files.items():
                tar.add(path, arcname=name, recursive=False)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    checksum_file(target).write_text(f"{sha256_of(target)}  {target.name}\n", encoding="utf-8")


def archives_in(folder: Path) -> list[Path]:
    """The backups in ``folder``, oldest first; nothing else there is ever touched."""
    return sorted(p for p in folder.iterdir() if NAME_PATTERN.match(p.name) and p.is_file())


def prune(folder: Path, *, keep: int, newest: Path) -> list[Path]:
    """Remove all but the last ``keep`` archives (and their checksum files); never ``newest``."""
    older = [p for p in archives_in(folder) if p != newest]
    removed = older[: max(0, len(older) - (keep - 1))]
    for archive in removed:
        archive.unlink()
        checksum_file(archive).unlink(missing_ok=True)
    return removed
