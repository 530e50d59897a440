"""``yhteiso restore PATH [--force]``: check a backup's checksums, restore it into an empty database (``--force``
replaces a non-empty one) and its files into the media folder, then compare every table's row count with the
manifest. See docs/deploy.md."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser):
    parser.add_argument("path", type=Path, help="a folder written by 'yhteiso backup'")
    parser.add_argument("--force", action="store_true", help="replace the contents of a database that is not empty")


def run(args):
    from yhteiso.core.backups import BackupError, restore

    try:
        result = restore(args.path, force=args.force)
    except BackupError as exc:
        print(f"yhteiso restore: {exc}", file=sys.stderr)
        return 1
    print(f"Restored {args.path.resolve()}: {result['tables']} tables, {result['rows']} rows, row counts match "
          "the manifest.")
    return 0
