"""backup and restore: an archive of the database and its record-set export that is proven to
restore — into an empty database, giving exactly the same export — and that refuses, changing
nothing, whatever it cannot restore safely."""

import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections
from django.utils import timezone

from backups.archive import archives_in, checksum_file, sha256_of, write_archive
from backups.engines import PostgresEngine
from backups.reading import read_archive
from org.models import Division
from tests.servers import ROOT, server_env

pytestmark = pytest.mark.django_db
# Making a backup (pg_dump sees only committed data) and restoring one (which replaces the test
# database underneath Django) need a test without a transaction around it; refusals do not.
committed = pytest.mark.django_db(transaction=True)

ENGINE = django_settings.DATABASES["default"]["ENGINE"]
ON_POSTGRES = ENGINE == "django.db.backends.postgresql"
ON_SQLITE = ENGINE == "django.db.backends.sqlite3"


def export() -> str:
    out = io.StringIO()
    call_command("export_records", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def backup(folder: Path, *args: str) -> tuple[Path, str]:
    """Run backup into ``folder``; the new archive and what the command printed."""
    before = set(archives_in(folder)) if folder.is_dir() else set()
    out = io.StringIO()
    call_command("backup", "--dir", str(folder), *args, stdout=out)
    (made,) = set(archives_in(folder)) - before
    return made, out.getvalue()


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    """manage.py as an operator runs it, against ``database_url``."""
    env = server_env(DATABASE_URL=database_url, CACHE_URL="dummycache://")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rename_division(slug: str, name: str) -> None:
    Division.objects.filter(slug=slug).update(name_en=name)


def rewritten(archive: Path, tmp_path: Path, *, records: str) -> Path:
    """A copy of ``archive`` whose records.json says ``records``, with checksums that match."""
    folder = tmp_path / "parts"
    folder.mkdir()
    original = read_archive(archive, folder)
    (folder / "records.json").write_text(records, encoding="utf-8")
    target = tmp_path / "rewritten" / archive.name
    target.parent.mkdir()
    write_archive(
        target,
        engine=original.engine,
        created=timezone.now(),
        files={original.database.name: original.database, "records.json": folder / "records.json"},
    )
    return target


def synthetic_archive(folder: Path, *, engine: str | None = None, key: str = "") -> Path:
    """A well-formed archive of the current records whose database copy is never reached:
    for refusals, which must come before anything is restored."""
    engine = engine or connection.vendor
    dump = "database.pgdump" if engine == "postgresql" else "database.sqlite3"
    folder.mkdir(exist_ok=True)
    (folder / dump).write_bytes(b"a database copy")
    (folder / "records.json").write_text(export(), encoding="utf-8")
    archive = folder / "asean-backup-20250101T020000Z.tar.gz"
    files = {dump: folder / dump, "records.json": folder / "records.json"}
    write_archive(archive, engine=engine, created=timezone.now(), files=files, key=key)
    return archive


# -- The round trip: backup → empty database → restore → identical export --------------------------


def draft_a_summary(slug: str, summary: str) -> None:
    """A working copy of the published Division (``publishing/revisions.py``), in review."""
    from org.models import Division
    from publishing import revisions

    def change(division) -> None:
        division.summary_en = summary
        division.save()

    division = Division.objects.get(slug=slug)
    revisions.edit_working_copy(division, change, by=None)


WORKING_COPIES = (
    "from publishing.models import Revision; "
    "print([r.content['record']['summary_en'] for r in Revision.objects.all()])"
)


def round_trip(tmp_path: Path, empty_database_url: str) -> None:
    call_command("load_seed", verbosity=0)
    rename_division("general-affairs", "General Affairs — as backed up")
    draft_a_summary("general-affairs", "Drafted before the backup.")
    expected = export()
    archive, printed = backup(tmp_path / "backups")
    assert f"Backed up to {archive}" in printed

    restored = manage("restore", str(archive), database_url=empty_database_url)
    assert restored.returncode == 0, restored.stderr
    assert "exactly the archive's export" in restored.stdout

    exported = manage("export_records", database_url=empty_database_url)
    assert exported.returncode == 0, exported.stderr
    # The whole database is in the archive: working copies of published records too.
    drafts = manage("shell", "-c", WORKING_COPIES, database_url=empty_database_url)
    assert "Drafted before the backup." in drafts.stdout, drafts.stderr
    assert exported.stdout == expected
    assert read_archive(archive, tmp_path).records == expected

    # Once restored, the database is no longer empty: a second restore is refused, exit 1.
    again = manage("restore", str(archive), database_url=empty_database_url)
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert "is not empty" in again.stderr and "--force" in again.stderr


@committed
@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip runs in the SQLite pass")
def test_an_sqlite_backup_restores_into_an_empty_database_with_an_identical_export(tmp_path):
    round_trip(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@committed
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="the round trip of pg_dump and pg_restore needs DATABASE_URL=postgres://…",
)
def test_a_postgresql_backup_restores_into_an_empty_database_with_an_identical_export(tmp_path):
    import psycopg

    db = django_settings.DATABASES["default"]
    empty = f"{db['NAME']}_restore"
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{empty}"
        round_trip(tmp_path, url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')


# -- What the archive holds ------------------------------------------------------------------------


@committed
def test_an_archive_holds_the_database_the_export_and_their_checksums(seeded, tmp_path):
    archive, _ = backup(tmp_path)
    assert archive.name.startswith("asean-backup-") and archive.name.endswith("Z.tar.gz")
    digest, name = checksum_file(archive).read_text().split()
    assert (digest, name) == (sha256_of(archive), archive.name)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert sorted(tar.getnames()) == sorted(["manifest.json", *manifest["files"]])
    assert manifest["engine"] == connection.vendor
    assert read_archive(archive, tmp_path).records == export()
    # It holds the staff's password hashes and sessions: readable by its owner only.
    assert archive.stat().st_mode & 0o077 == 0


@committed
def test_restore_force_replaces_what_the_database_holds_and_checks_the_export(seeded, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    expected = export()
    rename_division("general-affairs", "Changed after the backup")
    printed = restore(archive, "--force")
    assert "exactly the archive's export" in printed
    assert export() == expected


@committed
def test_a_restore_whose_records_differ_from_the_archives_export_fails(seeded, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    data = json.loads(export())
    data["divisions"][0]["name_en"] = "Not what the database holds"
    forged = rewritten(archive, tmp_path, records=json.dumps(data, indent=2))
    with pytest.raises(CommandError, match=r"differ from the archive's export in: divisions\."):
        restore(forged, "--force")


# -- Refusals that change nothing ------------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(seeded, tmp_path):
    archive = synthetic_archive(tmp_path)
    rename_division("general-affairs", "Kept as it is")
    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\).*--force.*Nothing was"):
        restore(archive)
    assert Division.objects.get(slug="general-affairs").name_en == "Kept as it is"


def test_an_archive_changed_after_the_backup_is_refused_by_its_checksum_file(seeded, tmp_path):
    archive = synthetic_archive(tmp_path)
    rename_division("general-affairs", "Kept as it is")
    content = bytearray(archive.read_bytes())
    content[len(content) // 2] ^= 0xFF
    archive.write_bytes(bytes(content))
    with pytest.raises(CommandError, match=r"does not match its checksum in .*\.sha256"):
        restore(archive, "--force")
    assert Division.objects.get(slug="general-affairs").name_en == "Kept as it is"


def test_a_file_changed_inside_the_archive_is_refused_by_the_manifest(seeded, tmp_path):
    archive = synthetic_archive(tmp_path / "made")
    folder = tmp_path / "inside"
    folder.mkdir()
    with tarfile.open(archive) as tar:
        manifest = tar.extractfile("manifest.json").read()
        names = [n for n in tar.getnames() if n != "manifest.json"]
        for name in names:
            (folder / name).write_bytes(tar.extractfile(name).read())
    # As long as before: its size is the manifest's, only its checksum tells.
    (folder / "records.json").write_text(export().replace("General", "GENERAL"))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        for name in names:
            tar.add(folder / name, arcname=name)
    rename_division("general-affairs", "Kept as it is")
    with pytest.raises(CommandError, match=r"is damaged: records\.json does not match the check"):
        restore(tampered, "--force")
    assert Division.objects.get(slug="general-affairs").name_en == "Kept as it is"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"not a backup at all\n", "cannot be read as a backup archive"), (None, "File not found")],
)
def test_an_unreadable_or_missing_archive_is_refused(seeded, tmp_path, content, reason):
    path = tmp_path / "asean-backup-20250101T000000Z.tar.gz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=reason) as refused:
        restore(path, "--force")
    assert "\n" not in str(refused.value)
    assert Division.objects.filter(slug="general-affairs").exists()


def test_an_archive_of_another_database_engine_is_refused(seeded, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = synthetic_archive(tmp_path, engine=other)
    with pytest.raises(CommandError, match=rf"is a {other} backup, but DATABASE_URL points"):
        restore(archive, "--force")


@committed
def test_a_database_copy_the_database_cannot_read_is_refused_and_changes_nothing(seeded, tmp_path):
    archive = synthetic_archive(tmp_path)
    rename_division("general-affairs", "Kept as it is")
    with pytest.raises(
        CommandError, match=r"(cannot be read by SQLite|pg_restore failed).*Nothing was changed\.$"
    ):
        restore(archive, "--force")
    assert Division.objects.get(slug="general-affairs").name_en == "Kept as it is"


# -- Sizes and signatures --------------------------------------------------------------------------

KEY = "a backup key of thirty-two characters or more"


def test_a_file_whose_size_is_not_its_manifests_is_refused_as_damaged(seeded, tmp_path):
    archive = synthetic_archive(tmp_path / "made")
    folder = tmp_path / "inside"
    folder.mkdir()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        tar.extractall(folder, filter="data")
    manifest["files"]["records.json"]["bytes"] -= 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    shrunk = tmp_path / "shrunk.tar.gz"
    with tarfile.open(shrunk, "w:gz") as tar:
        for name in ("manifest.json", *manifest["files"]):
            tar.add(folder / name, arcname=name)
    with pytest.raises(CommandError, match=r"is damaged: records\.json is \d+ bytes, its manifest"):
        restore(shrunk, "--force")


def test_restore_refuses_an_archive_larger_than_its_limit_naming_the_setting(
    seeded, tmp_path, settings
):
    settings.BACKUP_MAX_BYTES = 100
    archive = synthetic_archive(tmp_path)
    with pytest.raises(CommandError, match=r"raise DJANGO_BACKUP_MAX_BYTES.*Nothing was changed"):
        restore(archive, "--force")


@committed
def test_with_a_key_backup_signs_and_restore_checks_the_signature(seeded, tmp_path, settings):
    settings.BACKUP_KEY = KEY
    archive, printed = backup(tmp_path / "backups")
    assert "records, signed)" in printed
    with tarfile.open(archive) as tar:
        assert tar.getnames()[:2] == ["manifest.json", "manifest.hmac"]
    assert "checksums and its signature match" in restore(archive, "--force")
    # Without a key, a signed archive restores as any other: nothing to check it against.
    settings.BACKUP_KEY = ""
    assert "checksums match" in restore(archive, "--force")


def test_a_signed_archive_whose_files_were_changed_is_refused(seeded, tmp_path, settings):
    settings.BACKUP_KEY = KEY
    signed = synthetic_archive(tmp_path, key=KEY)
    # The signature kept; the records changed, and the manifest's checksum and size made to match.
    records = export().replace("General", "Changed").encode()
    with tarfile.open(signed) as tar:
        contents = {member.name: tar.extractfile(member).read() for member in tar.getmembers()}
    manifest = json.loads(contents["manifest.json"])
    manifest["files"]["records.json"] = {
        "sha256": hashlib.sha256(records).hexdigest(),
        "bytes": len(records),
    }
    contents |= {"manifest.json": json.dumps(manifest).encode(), "records.json": records}
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match=r"not signed with DJANGO_BACKUP_KEY: it was changed"):
        restore(forged, "--force")
    assert Division.objects.get(slug="general-affairs").name_en.startswith("General")


@committed
def test_a_key_too_short_to_be_secret_is_refused_before_any_work(seeded, tmp_path, settings):
    settings.BACKUP_KEY = "secret"
    with pytest.raises(CommandError, match=r"DJANGO_BACKUP_KEY is 6 characters; use at least 32"):
        call_command("backup", "--dir", str(tmp_path))
    with pytest.raises(CommandError, match=r"DJANGO_BACKUP_KEY is 6 characters"):
        restore(tmp_path / "any.tar.gz")
    assert list(tmp_path.iterdir()) == []


# -- Keeping the last N ----------------------------------------------------------------------------


@committed
def test_backup_keeps_the_last_n_archives_and_touches_nothing_else(seeded, tmp_path):
    old = [tmp_path / f"asean-backup-2024010{day}T020000Z.tar.gz" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"an older backup")
        checksum_file(path).write_text(f"0  {path.name}\n")
    unrelated = [tmp_path / "notes.txt", tmp_path / "asean-backup-manual-copy.tar.gz"]
    for path in unrelated:
        path.write_text("kept")

    archive, printed = backup(tmp_path, "--keep", "2")

    assert archives_in(tmp_path) == [old[2], archive]
    assert all(path.exists() for path in unrelated)
    assert not checksum_file(old[0]).exists() and checksum_file(old[2]).exists()
    assert "Removed the older backup asean-backup-20240101T020000Z.tar.gz." in printed


@committed
def test_backup_keeps_the_number_set_in_the_settings_by_default(seeded, tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP = 1
    (tmp_path / "asean-backup-20240101T020000Z.tar.gz").write_bytes(b"old")
    call_command("backup", stdout=io.StringIO())
    (kept,) = archives_in(tmp_path)
    assert kept.name != "asean-backup-20240101T020000Z.tar.gz"


def test_backup_refuses_to_keep_none(seeded, tmp_path):
    with pytest.raises(CommandError, match=r"Keep at least one backup.*No backup was made\."):
        call_command("backup", "--dir", str(tmp_path), "--keep", "0")
    assert list(tmp_path.iterdir()) == []


def test_backup_does_not_create_a_folder_whose_parent_is_missing(seeded, tmp_path):
    # An unmounted backup disk must not be quietly replaced by a folder on the system disk.
    folder = tmp_path / "mnt" / "backups"
    with pytest.raises(CommandError, match=r"does not exist: mount the backup disk"):
        call_command("backup", "--dir", str(folder))
    assert not folder.parent.exists()


# -- Tools ------------------------------------------------------------------------------------------


def test_a_missing_pg_dump_or_pg_restore_is_named_with_how_to_install_it(
    seeded, tmp_path, monkeypatch
):
    monkeypatch.setattr("backups.operations.engine_for", PostgresEngine)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    with pytest.raises(CommandError, match=r"^pg_dump was not found on PATH: install the Post"):
        call_command("backup", "--dir", str(tmp_path))
    with pytest.raises(CommandError, match=r"^pg_restore was not found on PATH: install"):
        restore(tmp_path / "any.tar.gz")
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_database_is_reported_in_one_line(seeded, tmp_path, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db.internal" failed: refused\nDETAIL')

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    with pytest.raises(
        CommandError, match=r"^Cannot connect to the database .*refused\): check DA"
    ):
        call_command("backup", "--dir", str(tmp_path))
    with pytest.raises(CommandError, match=r"check DATABASE_URL.*Nothing was changed\.$"):
        restore(tmp_path / "any.tar.gz")
    assert list(tmp_path.iterdir()) == []
