"""`yhteiso backup` and `yhteiso restore` on the real database of the run (SQLite, or PostgreSQL when DATABASE_URL
names one): a published report and a media file are backed up, restored into a fresh database, and every table's
row count and every published snapshot's hash match; a damaged backup and a non-empty target are refused."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SRC = ROOT / "src"

SEED = """
import django, os
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from yhteiso.reports.services import report_publish
from yhteiso.reports.tests.conftest import AS_OF, ON, seed_programme
seed_programme()
report_publish(as_of=AS_OF, kind="annual", language="fi", actor=None, on=ON)
media = settings.MEDIA_ROOT / "uploads"
media.mkdir(parents=True, exist_ok=True)
(media / "liite.csv").write_bytes("alue;arvo\\nLeppävaara;12\\n".encode())
"""


def _env(tmp_path: Path, name: str, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YHTEISO_", "DJANGO_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(SRC) + os.pathsep + env.get("PYTHONPATH", ""),
               YHTEISO_DATA_DIR=str(tmp_path / name), YHTEISO_KEYS_DIR=str(tmp_path / "keys"),
               DJANGO_SETTINGS_MODULE="yhteiso.config.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _yhteiso(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "yhteiso.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@pytest.fixture
def databases(tmp_path):
    """(source URL, target URL, reader) on the run's database engine; the reader gives table -> rows and the
    published snapshots' hashes."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base = url.rsplit("/", 1)[0]
        names = [f"backup_src_{os.getpid()}", f"backup_dst_{os.getpid()}"]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')

        def read(db_url):
            with psycopg.connect(db_url) as conn:
                tables = [r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
                counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
                snapshots = [r[0] for r in conn.execute(
                    "SELECT snapshot_json FROM reports_publishedreport ORDER BY id")]
            return counts, snapshots

        yield base + "/" + names[0], base + "/" + names[1], read
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        def read(db_url):
            conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
            try:
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
                counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
                snapshots = [r[0] for r in conn.execute("SELECT snapshot_json FROM reports_publishedreport ORDER BY id")]
            finally:
                conn.close()
            return counts, snapshots

        yield f"sqlite:///{tmp_path}/src.sqlite3", f"sqlite:///{tmp_path}/dst.sqlite3", read


def test_backup_restores_into_a_fresh_database_with_every_row_and_snapshot(tmp_path, databases):
    source_url, target_url, read = databases
    source_env = _env(tmp_path, "source", source_url)
    seeded = subprocess.run([sys.executable, "-c", SEED], env=source_env, capture_output=True, text=True, timeout=600,
                            cwd=ROOT)
    assert seeded.returncode == 0, seeded.stderr

    backup_dir = tmp_path / "backup"
    result = _yhteiso(source_env, "backup", str(backup_dir))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert hashlib.sha256((backup_dir / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert any(e["path"] == "files/media/uploads/liite.csv" for e in manifest["files"])
    assert manifest["tables"]["reports_publishedreport"] == 1
    # the keys are not in the backup
    assert not any("key" in e["path"] for e in manifest["files"])

    target_env = _env(tmp_path, "target", target_url)
    result = _yhteiso(target_env, "restore", str(backup_dir))
    assert result.returncode == 0, result.stderr
    source_counts, source_snapshots = read(source_url)
    target_counts, target_snapshots = read(target_url)
    assert source_counts == target_counts  # every table, row for row
    assert sum(source_counts.values()) > 100
    digest = [hashlib.sha256(s.encode()).hexdigest() for s in source_snapshots]
    assert digest == [hashlib.sha256(s.encode()).hexdigest() for s in target_snapshots] and len(digest) == 1
    assert (tmp_path / "target" / "media" / "uploads" / "liite.csv").read_bytes() == (
        tmp_path / "source" / "media" / "uploads" / "liite.csv").read_bytes()

    # a second restore into the now non-empty database is refused without --force, and works with it
    result = _yhteiso(target_env, "restore", str(backup_dir))
    assert result.returncode == 1 and "refuses to overwrite" in result.stderr and "Traceback" not in result.stderr
    result = _yhteiso(target_env, "restore", str(backup_dir), "--force")
    assert result.returncode == 0, result.stderr
    assert read(target_url)[0] == source_counts


def test_a_damaged_or_foreign_backup_is_refused_before_anything_is_written(tmp_path):
    backup_dir = tmp_path / "backup"
    backup_dir.mkdir()
    env = _env(tmp_path, "data", f"sqlite:///{tmp_path}/fresh.sqlite3")
    result = _yhteiso(env, "restore", str(backup_dir))
    assert result.returncode == 1 and "manifest.json is missing" in result.stderr
    (backup_dir / "database.sqlite3").write_bytes(b"SQLite format 3\x00 not really")
    (backup_dir / "manifest.json").write_text(json.dumps({
        "format": 1, "database": "sqlite", "database_file": "database.sqlite3", "tables": {},
        "files": [{"path": "database.sqlite3", "bytes": 1, "sha256": "0" * 64}]}))
    result = _yhteiso(env, "restore", str(backup_dir))
    assert result.returncode == 1 and "checksum of database.sqlite3 does not match" in result.stderr
    assert not (tmp_path / "fresh.sqlite3").exists() or (tmp_path / "fresh.sqlite3").stat().st_size == 0
