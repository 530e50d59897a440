"""``yhteiso import-schools DIR|FILES [--dry-run]``: import a package of school data (see docs/schools-import.md).

Exit status 0 on success, 2 on a problem (printed without a traceback; nothing is saved)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", metavar="DIR|FILE", nargs="+",
                        help="a directory holding the package's files, or the files themselves")
    parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")
    parser.add_argument("--example", action="store_true",
                        help="mark the data as a constructed example (shown on every page)")


def run(args: argparse.Namespace, *, stdout=None, stderr=None) -> int:
    from django.utils import translation

    from yhteiso.schools.importing import PackageError, files_from_paths
    from yhteiso.schools.services import school_data_import

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    translation.activate("fi")
    try:
        files = files_from_paths(args.paths)
        if not files:
            raise PackageError("Ei koulutiedostoja: " + ", ".join(args.paths))
        result = school_data_import(files=files, dry_run=args.dry_run,
                                    meta={"is_example": True} if args.example else None)
    except (PackageError, OSError) as exc:
        print(f"yhteiso import-schools: virhe: {exc}", file=err)
        return 2
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items() if v)
    if result.already_imported:
        print(f"Sama aineisto on jo tuotu ({counts}); mitään ei muutettu.", file=out)
    elif result.dry_run:
        print(f"Tarkistettu, ei tallennettu ({counts}).", file=out)
    else:
        print(f"Tuotu: {counts}. Ehdotetut mittaukset: {len(result.proposals)}.", file=out)
        for p in result.proposals:
            print(f"  {p.indicator_code} {p.cell_label_fi} {p.year}: {p.value} ({p.numerator}/{p.denominator})",
                  file=out)
    return 0
