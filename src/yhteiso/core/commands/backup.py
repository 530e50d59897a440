"""``yhteiso backup PATH``: a consistent copy of the database and the uploaded/generated files into a new folder,
with ``manifest.json`` (SHA-256 of every file, row count of every table). See docs/deploy.md."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser):
    parser.add_argument("path", type=Path, help="a new (or empty) folder for the backup")


def run(args):
    from yhteiso.core.backups import BackupError, backup

    try:
        manifest = backup(args.path)
    except BackupError as exc:
        print(f"yhteiso backup: {exc}", file=sys.stderr)
        return 1
    rows = sum(manifest["tables"].values())
    print(f"Backup written to {args.path.resolve()}: {manifest['database']} database, {len(manifest['tables'])} "
          f"tables, {rows} rows, {len(manifest['files'])} files (checksums in manifest.json).")
    return 0
