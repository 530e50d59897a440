"""Backups of a whole installation: a consistent copy of the database and the uploaded/generated files, with a
manifest of SHA-256 checksums and the row count of every table.

PostgreSQL: ``pg_dump`` in its custom format, taken from a snapshot exported by a repeatable-read transaction in
which the row counts are read too, so the counts describe exactly the dumped data. SQLite: the online backup API
(a consistent copy while the server keeps running). ``restore`` checks every checksum first, refuses a database that
already has tables unless forced, restores, and compares the row counts with the manifest."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_tool(name: str) -> str:
    """The newest ``pg_dump``/``pg_restore`` (YHTEISO_PG_BIN, then Debian's versioned folders, then PATH)."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0, reverse=True)
    folders = [os.environ.get("YHTEISO_PG_BIN", ""), *debian]
    for folder in folders:
        if folder and os.access(os.path.join(folder, name), os.X_OK):
            return os.path.join(folder, name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install the PostgreSQL client (postgresql-client-15) or set "
                          "YHTEISO_PG_BIN to its folder.")
    return found


def _pg_args_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return args, env


def table_counts(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the database's catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _files_to_copy() -> list[tuple[Path, Path]]:
    """(source folder, name inside the backup) of the installation's files: uploaded and generated media."""
    media = Path(settings.MEDIA_ROOT)
    return [(media, Path("files") / "media")] if media.is_dir() else []


def backup(target: Path, *, stdout=None) -> dict:
    target = Path(target).resolve()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for the backup.")
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        database_file = target / "database.dump"
        counts = _backup_postgresql(database_file)
    elif vendor == "sqlite":
        database_file = target / "database.sqlite3"
        counts = _backup_sqlite(database_file)
    else:  # pragma: no cover - only the two supported databases
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    for source, name in _files_to_copy():
        shutil.copytree(source, target / name, symlinks=False)
    files = []
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        files.append({"path": path.relative_to(target).as_posix(), "bytes": path.stat().st_size,
                      "sha256": _sha256(path)})
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "database_file": database_file.name,
        "tables": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _backup_postgresql(dump_file: Path) -> dict[str, int]:
    args, env = _pg_args_env()
    connection.ensure_connection()
    raw = connection.connection
    previous_autocommit = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = connection.introspection.table_names(cursor)
            counts = table_counts(cursor, tables)
            result = subprocess.run(  # noqa: S603 - our own tool, arguments from settings
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 "--file", str(dump_file), *args],
                env=env, capture_output=True, text=True, check=False,
            )
        raw.rollback()
    finally:
        raw.autocommit = previous_autocommit
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _backup_sqlite(copy_file: Path) -> dict[str, int]:
    connection.ensure_connection()
    destination = sqlite3.connect(copy_file)
    try:
        connection.connection.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = [row[0] for row in destination.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {}
        for table in sorted(tables):
            counts[table] = destination.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    finally:
        destination.close()
    return counts


def read_manifest(source: Path) -> dict:
    source = Path(source).resolve()
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} is not a Yhteisö backup: {MANIFEST} is missing.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{source / MANIFEST} cannot be read: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} has backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def verify(source: Path, manifest: dict) -> None:
    listed = set()
    for entry in manifest["files"]:
        path = Path(source) / entry["path"]
        listed.add(entry["path"])
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {entry['path']} is missing.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"The backup is damaged: the checksum of {entry['path']} does not match its manifest.")


def current_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore(source: Path, *, force: bool = False) -> dict:
    source = Path(source).resolve()
    manifest = read_manifest(source)
    verify(source, manifest)
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"The backup is of a {manifest['database']} database; this installation uses {vendor}.")
    existing = current_tables()
    if existing and not force:
        raise BackupError(
            f"The database already has {len(existing)} tables; restore refuses to overwrite it. Restore into a new, "
            "empty database, or add --force to replace everything in this one."
        )
    database_file = source / manifest["database_file"]
    if vendor == "postgresql":
        _restore_postgresql(database_file, clean=bool(existing))
    else:
        _restore_sqlite(database_file)
    media_backup = source / "files" / "media"
    if media_backup.is_dir():
        media = Path(settings.MEDIA_ROOT)
        if media.exists() and force:
            shutil.rmtree(media)
        shutil.copytree(media_backup, media, dirs_exist_ok=True)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, [t for t in connection.introspection.table_names(cursor)
                                       if t in manifest["tables"]])
    different = {t: (manifest["tables"][t], counts.get(t)) for t in manifest["tables"]
                 if counts.get(t) != manifest["tables"][t]}
    if different:
        raise BackupError(f"After restoring, these tables do not hold the backed-up rows (expected, found): "
                          f"{different}")
    return {"tables": len(counts), "rows": sum(counts.values())}


def _restore_postgresql(dump_file: Path, *, clean: bool) -> None:
    args, env = _pg_args_env()
    connections.close_all()
    command = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, *args, str(dump_file)], env=env,  # noqa: S603
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_sqlite(copy_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{copy_file}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
