"""``yhteiso import KIND FILE [options] [--dry-run]`` — import statistics or boundaries into the knowledge base.

    yhteiso import px FILE --level city --area 049 --select Sukupuoli=SSS
    yhteiso import jsonstat FILE --level pienalue --area-dimension Alue
    yhteiso import paavo FILE --release-year 2019 --municipality 049
    yhteiso import table FILE --level pienalue --area-column kokotun --year 2025 --column population=population
    yhteiso import boundaries FILE --level pienalue --code '{kokotun}' --name '{nimi}' --crs EPSG:3067

One file is one transaction: on any error nothing is imported and the message names the file, row, column and
reason (exit code 1). Importing the same file again changes nothing. ``--dry-run`` reads, checks and reports
without saving.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

KINDS = ("px", "jsonstat", "paavo", "table", "boundaries")


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=KINDS, help="file format")
    parser.add_argument("file", help="the file to import")
    parser.add_argument("--level", help="geography: suuralue, tilastoalue, pienalue, postal_area, grid, city")
    parser.add_argument("--division", default="", help="an earlier area division, e.g. 2019 (default: current)")
    parser.add_argument("--dry-run", action="store_true", help="check and report without saving")
    parser.add_argument("--no-recompute", action="store_true", help="do not recompute the indices")
    prov = parser.add_argument_group("provenance")
    prov.add_argument("--dataset", help="dataset code (statistics of one source share it)")
    prov.add_argument("--title")
    prov.add_argument("--publisher")
    prov.add_argument("--licence")
    prov.add_argument("--attribution")
    prov.add_argument("--table-id")
    prov.add_argument("--source-url")
    prov.add_argument("--retrieved-on", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    cube = parser.add_argument_group("px and jsonstat")
    cube.add_argument("--area-dimension")
    cube.add_argument("--area", help="one area code for a table without an area dimension")
    cube.add_argument("--year-dimension")
    cube.add_argument("--select", action="append", default=[], metavar="DIM=CODE[,CODE]")
    cube.add_argument("--variable-prefix")
    cube.add_argument("--area-code-prefix", default="", help="prepended to the file's area codes")
    paavo = parser.add_argument_group("paavo")
    paavo.add_argument("--release-year", type=int)
    paavo.add_argument("--municipality", help="keep one municipality, e.g. 049")
    tab = parser.add_argument_group("table")
    tab.add_argument("--area-column")
    tab.add_argument("--year-column")
    tab.add_argument("--year", type=int, help="one year for the whole file")
    tab.add_argument("--layout", choices=("wide", "long"), default="wide")
    tab.add_argument("--column", action="append", default=[], metavar="VARIABLE=COLUMN")
    tab.add_argument("--variable-column")
    tab.add_argument("--value-column")
    tab.add_argument("--name-column")
    tab.add_argument("--ignore-column", action="append", default=[])
    tab.add_argument("--group-column", help="figures by population group: the column holding the group code")
    tab.add_argument("--base-variable", help="figures by group that are shares or means: the variable holding "
                                             "each group's number of persons")
    tab.add_argument("--count-variable", action="append", default=[],
                     help="figures by group: a variable that counts persons (repeatable)")
    tab.add_argument("--decimal-comma", action="store_true")
    tab.add_argument("--sheet")
    geo = parser.add_argument_group("boundaries")
    geo.add_argument("--code", default="{code}", help="template over the properties, e.g. '{kokotun}'")
    geo.add_argument("--name", default="{name}")
    geo.add_argument("--name-sv", default="")
    geo.add_argument("--parent", default="")
    geo.add_argument("--parent-level")
    geo.add_argument("--crs", help="EPSG:4326, EPSG:3067 or EPSG:3879 when the file does not say")
    geo.add_argument("--layer")
    geo.add_argument("--valid-from", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    geo.add_argument("--valid-to", type=dt.date.fromisoformat, help="YYYY-MM-DD")


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise SystemExit(f"{what} must look like NAME=VALUE, not {item!r}")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def options_from_args(args) -> dict:
    select = {k: v.split(",") for k, v in _pairs(args.select, "--select").items()}
    return {
        "area_dimension": args.area_dimension, "area": args.area, "year_dimension": args.year_dimension,
        "select": select or None, "variable_prefix": args.variable_prefix, "area_code_prefix": args.area_code_prefix,
        "release_year": args.release_year, "municipality": args.municipality, "area_column": args.area_column,
        "year_column": args.year_column, "year": args.year, "layout": args.layout,
        "columns": _pairs(args.column, "--column") or None, "variable_column": args.variable_column,
        "value_column": args.value_column, "name_column": args.name_column,
        "ignore_columns": args.ignore_column or None, "decimal_comma": args.decimal_comma, "sheet": args.sheet,
        "division": args.division, "group_column": args.group_column, "base_variable": args.base_variable,
        "count_variables": args.count_variable or None,
    }


def run(args) -> int:
    from yhteiso.analytics.readers.common import ReaderError
    from yhteiso.areas.services import boundaries_import
    from yhteiso.knowledge.services import statistics_import

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        print(f"{path.name}: cannot read the file ({err.strerror})", file=sys.stderr)
        return 2
    prefix = "DRY RUN — nothing saved. " if args.dry_run else ""
    try:
        if args.kind == "boundaries":
            if not args.level:
                print("--level is required", file=sys.stderr)
                return 2
            r = boundaries_import(
                data=data, filename=path.name, level=args.level, code=args.code, name=args.name,
                name_sv=args.name_sv, parent=args.parent, parent_level=args.parent_level, crs=args.crs,
                layer=args.layer, publisher=args.publisher or "", licence=args.licence or "",
                attribution=args.attribution or "", retrieved_on=args.retrieved_on, dry_run=args.dry_run,
                division=args.division, valid_from=args.valid_from, valid_to=args.valid_to)
            if r.already_imported:
                print(f"{path.name}: already imported ({r.batch.imported_at:%Y-%m-%d}); nothing changed")
            else:
                print(f"{prefix}{path.name}: {r.created} areas created, {r.updated} updated ({r.level}, {r.crs})")
            return 0
        level = args.level or ("postal_area" if args.kind == "paavo" else None)
        if not level:
            print("--level is required", file=sys.stderr)
            return 2
        dataset = {"code": args.dataset, "title": args.title, "publisher": args.publisher, "licence": args.licence,
                   "attribution": args.attribution, "table_id": args.table_id, "source_url": args.source_url,
                   "retrieved_on": args.retrieved_on}
        r = statistics_import(kind=args.kind, data=data, filename=path.name, level=level, dataset=dataset,
                              options=options_from_args(args), dry_run=args.dry_run,
                              recompute=not args.no_recompute)
    except ReaderError as err:
        print(f"Nothing was imported. {err}", file=sys.stderr)
        return 2
    if r.already_imported:
        print(f"{path.name}: already imported (import {r.batch.pk}, {r.batch.imported_at:%Y-%m-%d}); nothing changed")
        return 0
    years = f"{r.years[0]}–{r.years[-1]}" if len(r.years) > 1 else ", ".join(map(str, r.years))
    print(f"{prefix}{path.name}: {r.cells} values ({r.suppressed} suppressed) for {r.areas} areas, "
          f"{len(r.variables)} variables, years {years}; dataset {r.dataset}")
    if r.recomputed:
        print(f"Recomputed: {', '.join(r.recomputed)}")
    return 0
