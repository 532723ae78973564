"""Copying a whole database to one file and back, behind one small interface: pg_dump and
pg_restore (custom format) on PostgreSQL, sqlite3's online backup API on SQLite."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

UNCHANGED = "Nothing was changed."


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do about it."""


class Engine:
    """How one kind of database is copied to a file (``dump``) and back (``load``)."""

    name: str
    dump_name: str

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def connect(self) -> None:
        """Connect now, so that an unreachable database is reported before any work."""
        try:
            self.connection.ensure_connection()
        except DatabaseError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BackupError(
                f"Cannot connect to the database {self.describe()} ({first}): check DATABASE_URL "
                "and that the database server is running."
            ) from None

    def describe(self) -> str:
        return str(self.connection.settings_dict["NAME"])

    def table_count(self) -> int:
        with self.connection.cursor() as cursor:
            return len(self.connection.introspection.table_names(cursor))

    def check_tools(self, *, restoring: bool) -> None:
        """Raise a BackupError before any work if a program the copy needs is missing."""

    def snapshot(self) -> contextlib.AbstractContextManager:
        """While open, the records this connection reads and the dump are the same state."""
        raise NotImplementedError

    def dump(self, path: Path) -> None:
        raise NotImplementedError

    def load(self, path: Path, *, replace: bool) -> None:
        raise NotImplementedError


class SQLiteEngine(Engine):
    name = "sqlite"
    dump_name = "database.sqlite3"

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        # A read transaction: writers wait (or, in WAL mode, are not seen) until it ends, so the
        # export and the copy, both made on this connection inside it, agree.
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")
            yield

    def dump(self, path: Path) -> None:
        self.connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as target:
            self.connection.connection.backup(target)

    def load(self, path: Path, *, replace: bool) -> None:
        # The backup API replaces every page of the target, so replace needs nothing more. The
        # source is opened read-only: a damaged file is reported, never repaired in place.
        self.connection.ensure_connection()
        try:
            with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as src:
                src.execute("PRAGMA schema_version").fetchone()
                src.backup(self.connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(
                f"The archive's database copy cannot be read by SQLite ({exc}): use another "
                "backup. Nothing was changed."
            ) from None


class PostgresEngine(Engine):
    name = "postgresql"
    dump_name = "database.pgdump"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        super().__init__(connection)
        self._snapshot_id: str | None = None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        # pg_dump joins this transaction's snapshot (--snapshot), so the dump holds exactly the
        # records the export read, whatever staff save meanwhile.
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                self._snapshot_id = cursor.fetchone()[0]
            try:
                yield
            finally:
                self._snapshot_id = None

    def check_tools(self, *, restoring: bool) -> None:
        self._find("pg_restore" if restoring else "pg_dump")

    @staticmethod
    def _find(program: str) -> str:
        executable = shutil.which(program)
        if executable is None:
            raise BackupError(
                f"{program} was not found on PATH: install the PostgreSQL client tools of the "
                "server's major version (Debian: apt-get install postgresql-client) and try again."
            )
        return executable

    def _run(self, program: str, *args: str) -> None:
        executable = self._find(program)
        settings = self.connection.settings_dict
        # Django's own translation of the connection settings (password, SSL, service file)
        # into libpq's environment; the connection itself is given as options.
        _args, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
        options = {
            "-h": settings.get("HOST"),
            "-p": settings.get("PORT"),
            "-U": settings.get("USER"),
        }
        connect = [part for flag, value in options.items() if value for part in (flag, str(value))]
        result = subprocess.run(  # noqa: S603 - a fixed program and arguments built here
            [executable, *connect, *args],
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            # Its last lines say why (a refused connection, a server version mismatch).
            lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
            detail = " / ".join(lines[-3:]) or f"exit status {result.returncode}"
            raise BackupError(
                f"{program} failed: {detail}. Check DATABASE_URL, and that {program} is of the "
                "server's major version."
            )

    def dump(self, path: Path) -> None:
        snapshot = [f"--snapshot={self._snapshot_id}"] if self._snapshot_id else []
        # Uncompressed: the archive around it is compressed once, as a whole.
        self._run(
            "pg_dump",
            "--format=custom",
            "--compress=0",
            "--no-owner",
            "--no-privileges",
            *snapshot,
            f"--file={path}",
            f"--dbname={self.connection.settings_dict['NAME']}",
        )

    def load(self, path: Path, *, replace: bool) -> None:
        # One transaction: a restore that fails part way leaves the database as it was.
        self.connection.close()
        clean = ["--clean", "--if-exists"] if replace else []
        try:
            self._run(
                "pg_restore",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                *clean,
                f"--dbname={self.connection.settings_dict['NAME']}",
                str(path),
            )
        except BackupError as exc:
            raise BackupError(f"{exc} The restore was rolled back. Nothing was changed.") from None


ENGINES: dict[str, type[Engine]] = {"sqlite": SQLiteEngine, "postgresql": PostgresEngine}


def engine_for(connection: BaseDatabaseWrapper) -> Engine:
    try:
        return ENGINES[connection.vendor](connection)
    except KeyError:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}: set DATABASE_URL "
            "to one of them."
        ) from None
