"""``yhteiso peer-cities [--format table|csv|json]``: Espoo's D, M and sum-index distribution next to Helsinki,
Vantaa, Tampere, Turku and Oulu by postal code area (Paavo 2019; see ``yhteiso.schools.peers`` for the caveats).
Pure computation from the shipped file; no database."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from yhteiso.schools.peers import compare

FIELDS = ("areas", "population", "dissimilarity_low_income", "dissimilarity_basic_education_only",
          "dissimilarity_unemployed", "mutual_information_income", "theil_h_income", "sum_index_p10",
          "sum_index_median", "sum_index_p90", "sum_index_max", "sum_index_weakest_decile_mean")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")


def run(args: argparse.Namespace, *, stdout=None) -> int:
    out = stdout or sys.stdout
    rows = compare()
    if args.format == "json":
        json.dump({"source": "Statistics Finland, Paavo 2019 (CC BY 4.0)", "unit": "postal code area",
                   "cities": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["city", *FIELDS])
        for r in rows:
            w.writerow([r["name_fi"], *(r[f] for f in FIELDS)])
    else:
        out.write(f"{'city':<10}" + "".join(f"{f[:14]:>16}" for f in FIELDS) + "\n")
        for r in rows:
            out.write(f"{r['name_fi']:<10}" + "".join(
                f"{r[f]:>16.4f}" if isinstance(r[f], float) else f"{r[f]:>16}" for f in FIELDS) + "\n")
    return 0
