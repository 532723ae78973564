"""Reading a backup archive back: checked whole and file by file, its files extracted, before
anything is restored.

Reading is streamed, in the order ``backup`` writes: the manifest first (at most
``MAX_MANIFEST_BYTES``), then its signature if any (``signing``), then the files the manifest
names and nothing else. A file is refused by its header when its size is not the manifest's, and
the files together by the manifest when they exceed ``settings.BACKUP_MAX_BYTES``
(``DJANGO_BACKUP_MAX_BYTES``) or the free space of the folder they go to: a small archive that
inflates to gigabytes is refused before its first byte is written, not after.
"""

import hashlib
import json
import re
import shutil
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from backups.archive import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    RECORDS,
    checksum_file,
    sha256_of,
)
from backups.engines import ENGINES, UNCHANGED, BackupError
from backups.signing import SIGNATURE, SIGNATURE_LENGTH, check_signature

# A manifest names two files: a few hundred bytes. Far more is not one.
MAX_MANIFEST_BYTES = 64_000
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Archive:
    """A verified archive, its files extracted."""

    path: Path
    manifest: dict
    database: Path
    records: str
    # Whether its signature was checked against DJANGO_BACKUP_KEY (False: no key is set).
    signed: bool = False

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


def _read_manifest(path: Path, body: bytes) -> dict:
    try:
        manifest = json.loads(body.decode("utf-8"))
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
    if not all(
        isinstance(entry, dict)
        and _SHA256.fullmatch(str(entry.get("sha256")))
        and type(entry.get("bytes")) is int
        and entry["bytes"] >= 0
        for entry in files.values()
    ):
        raise _unreadable(path, f"{MANIFEST} gives no checksum or size for some files")
    expected = {ENGINES[engine].dump_name, RECORDS}
    if set(files) != expected or manifest.get("database") != ENGINES[engine].dump_name:
        raise _unreadable(path, f"{MANIFEST} lists {sorted(files)}, expected {sorted(expected)}")
    return manifest


def _check_room(path: Path, manifest: dict, folder: Path, limit: int) -> None:
    """Refuse, before extracting anything, files larger than the limit or the room there is."""
    total = sum(entry["bytes"] for entry in manifest["files"].values())
    if total > limit:
        raise BackupError(
            f"{path}'s files hold {total:,} bytes, more than restore extracts "
            f"(DJANGO_BACKUP_MAX_BYTES, now {limit:,}): if this backup is yours and that large, "
            f"raise DJANGO_BACKUP_MAX_BYTES and restore again. {UNCHANGED}"
        )
    free = shutil.disk_usage(folder).free
    if total > free:
        raise BackupError(
            f"{path}'s files hold {total:,} bytes, and {folder} has {free:,} free: make room, or "
            f"set TMPDIR to a folder with more. {UNCHANGED}"
        )


def _plain(member: tarfile.TarInfo) -> bool:
    """A plain file: not a link, a device or a sparse file (whose holes inflate)."""
    return member.type in (tarfile.REGTYPE, tarfile.AREGTYPE)


def _small(path: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, limit: int) -> bytes:
    if not _plain(member) or member.size > limit:
        raise _unreadable(path, f"{member.name} is not a small regular file")
    return tar.extractfile(member).read()


def _extract(path: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, entry: dict, folder: Path):
    """One plain file of the archive, by the fixed name the manifest gives it (never a path
    from the archive), exactly its manifest's size and checked against its SHA-256."""
    name = member.name
    if not _plain(member):
        raise _unreadable(path, f"{name} is not a regular file")
    if member.size != entry["bytes"]:
        raise BackupError(
            f"{path} is damaged: {name} is {member.size} bytes, its manifest says "
            f"{entry['bytes']}. Use another backup. {UNCHANGED}"
        )
    target = folder / name
    digest, left = hashlib.sha256(), entry["bytes"]
    with tar.extractfile(member) as source, target.open("wb") as out:
        while left and (chunk := source.read(min(1 << 20, left))):
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    if left or digest.hexdigest() != entry["sha256"]:
        raise BackupError(
            f"{path} is damaged: {name} does not match the checksum in its manifest. "
            f"Use another backup. {UNCHANGED}"
        )
    return target


def _read_members(path: Path, tar: tarfile.TarFile, folder: Path, limit: int, key: str):
    members = iter(tar)
    first = next(members, None)
    if first is None or first.name != MANIFEST:
        raise _unreadable(path, f"it does not begin with {MANIFEST}")
    body = _small(path, tar, first, MAX_MANIFEST_BYTES)
    manifest = _read_manifest(path, body)
    member = next(members, None)
    given = None
    if member is not None and member.name == SIGNATURE:
        given, member = _small(path, tar, member, SIGNATURE_LENGTH + 1), next(members, None)
    signed = check_signature(path, key, body, given)
    _check_room(path, manifest, folder, limit)
    pending, files = dict(manifest["files"]), {}
    # Only what the manifest names, once each; what may follow the last of them is never read.
    while pending:
        if member is None:
            raise _unreadable(path, f"{sorted(pending)[0]} is missing")
        if member.name not in pending:
            raise _unreadable(path, f"it holds {member.name!r}, which its manifest does not list")
        files[member.name] = _extract(path, tar, member, pending.pop(member.name), folder)
        member = next(members, None) if pending else None
    return manifest, files, signed


def read_archive(
    path: Path, folder: Path, *, limit: int | None = None, key: str | None = None
) -> Archive:
    """Check ``path`` whole and file by file, extracting its files into ``folder``; raise a
    BackupError that says what is wrong before anything is restored. ``limit`` and ``key``:
    the settings' ``BACKUP_MAX_BYTES`` and ``BACKUP_KEY`` unless given."""
    if not path.is_file():
        raise BackupError(f"File not found: {path}. {UNCHANGED}")
    limit = settings.BACKUP_MAX_BYTES if limit is None else limit
    key = settings.BACKUP_KEY if key is None else key
    _check_whole_file(path)
    try:
        # A stream ("r|gz"): members in the order written, never a seek back through the data.
        with tarfile.open(path, mode="r|gz") as tar:
            manifest, files, signed = _read_members(path, tar, folder, limit, key)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise _unreadable(path, str(exc) or type(exc).__name__) from None
    try:
        records = files[RECORDS].read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _unreadable(path, f"{RECORDS} is not UTF-8 text") from None
    return Archive(path, manifest, files[manifest["database"]], records, signed)
