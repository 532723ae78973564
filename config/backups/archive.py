"""The backup archive: one compressed tar file holding the database copy, the record-set export
made from the same state, and a manifest with each file's SHA-256; beside it a ``.sha256`` file
for the whole archive, in ``sha256sum`` format, so a copy can be checked without the project.

Archives are named by the time they were made (UTC), so names sort oldest first."""

import datetime
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from config.backups.engines import ENGINES, BackupError

FORMAT_NAME = "asean-department-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
PREFIX = "asean-backup-"
SUFFIX = ".tar.gz"
CHECKSUM_SUFFIX = ".sha256"
NAME_PATTERN = re.compile(rf"^{re.escape(PREFIX)}\d{{8}}T\d{{6}}Z{re.escape(SUFFIX)}$")
UNCHANGED = "Nothing was changed."


def archive_name(moment: datetime.datetime) -> str:
    stamp = moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{PREFIX}{stamp}{SUFFIX}"


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def checksum_file(archive: Path) -> Path:
    return archive.with_name(archive.name + CHECKSUM_SUFFIX)


def write_archive(
    target: Path, *, engine: str, created: datetime.datetime, files: dict[str, Path]
) -> None:
    """Write ``files`` (archive name → path) and their manifest to ``target``, then its
    checksum file. Written beside the target and renamed: never half an archive."""
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
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(body))
            for name, path in files.items():
                tar.add(path, arcname=name, recursive=False)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    checksum_file(target).write_text(f"{sha256_of(target)}  {target.name}\n", encoding="utf-8")


@dataclass
class Archive:
    """A verified archive, its files extracted."""

    path: Path
    manifest: dict
    database: Path
    records: str

    @property
    def engine(self) -> str:
        return self.manifest["engine"]


def _unreadable(path: Path, reason: str) -> BackupError:
    return BackupError(
        f"{path} cannot be read as a backup archive ({reason}): give an archive written by "
        f"`manage.py backup`, or use another backup. {UNCHANGED}"
    )


def _check_whole_file(path: Path) -> None:
    """Compare with the .sha256 beside the archive, when it was copied along."""
    sidecar = checksum_file(path)
    if not sidecar.is_file():
        return
    expected = sidecar.read_text(encoding="utf-8", errors="replace").split()[:1]
    if expected != [sha256_of(path)]:
        raise BackupError(
            f"{path} does not match its checksum in {sidecar.name}: it was changed or damaged "
            f"after the backup was made. Use another backup. {UNCHANGED}"
        )


def _read_manifest(path: Path, tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
    except (KeyError, AttributeError):
        raise _unreadable(path, f"no {MANIFEST} in it") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise _unreadable(path, f"{MANIFEST} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise _unreadable(path, f"{MANIFEST} is not a {FORMAT_NAME} manifest")
    if manifest.get("version") != FORMAT_VERSION:
        raise _unreadable(
            path, f"format version {manifest.get('version')}, this release reads {FORMAT_VERSION}"
        )
    engine = manifest.get("engine")
    files = manifest.get("files")
    if engine not in ENGINES or not isinstance(files, dict):
        raise _unreadable(path, f"{MANIFEST} names no known database engine or no files")
    if not all(isinstance(entry, dict) and "sha256" in entry for entry in files.values()):
        raise _unreadable(path, f"{MANIFEST} gives no checksum for some files")
    expected = {ENGINES[engine].dump_name, RECORDS}
    if set(files) != expected or manifest.get("database") != ENGINES[engine].dump_name:
        raise _unreadable(path, f"{MANIFEST} lists {sorted(files)}, expected {sorted(expected)}")
    return manifest


def _extract(path: Path, tar: tarfile.TarFile, name: str, checksum: str, folder: Path) -> Path:
    """One regular file of the archive, by the fixed name the manifest gives it (never a path
    from the archive), checked against its SHA-256."""
    try:
        member = tar.getmember(name)
    except KeyError:
        raise _unreadable(path, f"{name} is missing") from None
    if not member.isfile():
        raise _unreadable(path, f"{name} is not a regular file")
    target = folder / name
    digest = hashlib.sha256()
    with tar.extractfile(member) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != checksum:
        raise BackupError(
            f"{path} is damaged: {name} does not match the checksum in its manifest. "
            f"Use another backup. {UNCHANGED}"
        )
    return target


def read_archive(path: Path, folder: Path) -> Archive:
    """Check ``path`` whole and file by file, extracting its files into ``folder``; raise a
    BackupError that says what is wrong before anything is restored."""
    if not path.is_file():
        raise BackupError(f"File not found: {path}. {UNCHANGED}")
    _check_whole_file(path)
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            manifest = _read_manifest(path, tar)
            files = {
                name: _extract(path, tar, name, str(entry["sha256"]), folder)
                for name, entry in manifest["files"].items()
            }
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _unreadable(path, str(exc) or type(exc).__name__) from None
    try:
        records = files[RECORDS].read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _unreadable(path, f"{RECORDS} is not UTF-8 text") from None
    return Archive(path, manifest, files[manifest["database"]], records)


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
