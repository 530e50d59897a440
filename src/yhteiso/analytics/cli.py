"""``yhteiso indices``: segregation indices of a CSV, XLSX, GeoJSON or GeoPackage file.

Examples::

    yhteiso indices areas.csv --group foreign --total population
    yhteiso indices areas.csv --group fi --group sv --group other --total population --format json
    yhteiso indices tracts.geojson --group BLACK_ --total TOT_POP --bandwidth 2000 --kernel gaussian
    yhteiso indices areas.csv --group foreign --total population --null-draws 999 --seed 1

With one ``--group`` the two-group indices of that group against the rest of ``--total`` are computed; with
several, the multigroup indices of those groups (add ``--include-rest`` to count ``total - sum(groups)`` as a
further group). ``--index all`` (the default) computes every index that applies. ``--format json`` prints one
object mapping snake_case index names to numbers (with ``--by``, one such object per value of that column).

Errors are printed to standard error and the command exits with status 2 (no traceback).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Callable
from typing import Any, TextIO

import numpy as np

from . import indices as ix
from ._validate import as_counts, check_group_total
from .io import Table, read_table

SPATIAL_TWO_GROUP = ("egohood_dissimilarity",)
SPATIAL_MULTIGROUP = ("egohood_multigroup_dissimilarity", "egohood_mutual_information", "egohood_multigroup_theil")
CONTIGUITY = ("spatial_dissimilarity",)


class UsageError(ValueError):
    """A problem with the command line or the data, reported without a traceback."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "two-group indices: " + ", ".join(ix.TWO_GROUP_INDEX_NAMES) + "\n"
        "multigroup indices: " + ", ".join(ix.MULTIGROUP_INDEX_NAMES) + "\n"
        "spatial (with --bandwidth): " + ", ".join((*SPATIAL_TWO_GROUP, *SPATIAL_MULTIGROUP)) + "\n"
        "spatial (polygons, contiguity; name it with --index): spatial_dissimilarity"
    )
    parser.add_argument("file", metavar="FILE", help="CSV, XLSX, GeoJSON or GeoPackage file, one row per unit")
    parser.add_argument("--group", metavar="COL", action="append", required=True,
                        help="column of a group's counts (repeat for multigroup indices)")
    parser.add_argument("--total", metavar="COL", required=True, help="column of the units' total population")
    parser.add_argument("--index", metavar="NAME", action="append", dest="indices",
                        help="index to compute (repeatable; default: all that apply)")
    parser.add_argument("--unit-id", metavar="COL", help="column identifying the units (used in messages)")
    parser.add_argument("--by", metavar="COL", help="compute separately for each value of this column")
    parser.add_argument("--within", metavar="COL",
                        help="multigroup: split M (and H) into the part between the values of COL and the part "
                             "within them (the units must nest in COL's values)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    parser.add_argument("--layer", metavar="NAME", help="GeoPackage layer or XLSX worksheet")
    parser.add_argument("--include-rest", action="store_true",
                        help="multigroup: add total minus the groups as a further group")
    parser.add_argument("--drop-incomplete", action="store_true",
                        help="skip units with an empty cell in a used column (listed on standard error)")
    parser.add_argument("--atkinson-b", metavar="B", type=float, default=0.5,
                        help="shape parameter of the Atkinson index (0 <= B < 1; default 0.5)")
    parser.add_argument("--bandwidth", metavar="METRES", type=float,
                        help="kernel bandwidth for the egohood (spatial) indices; needs geometry input")
    parser.add_argument("--kernel", metavar="NAME", default="triangular",
                        help="distance-decay kernel: triangular (default), uniform, quadratic, quartic, gaussian")
    parser.add_argument("--null-draws", metavar="N", type=int, default=0,
                        help="also compute the index expected under random allocation, the bias-adjusted "
                             "index and a p-value from N draws (aspatial indices)")
    parser.add_argument("--bootstrap", metavar="N", type=int, default=0,
                        help="also compute a 95%% bootstrap confidence interval from N draws")
    parser.add_argument("--seed", metavar="N", type=int, default=None, help="random seed for inference")
    parser.add_argument("--workers", metavar="N", type=int, default=1, help="processes for inference")


# ----------------------------------------------------------------------------------------------------------------
# computing
# ----------------------------------------------------------------------------------------------------------------


def _spatial_module() -> Any:
    from . import spatial

    return spatial


def _choose_indices(args: argparse.Namespace, multigroup: bool, spatial: bool) -> list[str]:
    aspatial = ix.MULTIGROUP_INDEX_NAMES if multigroup else ix.TWO_GROUP_INDEX_NAMES
    egohood = SPATIAL_MULTIGROUP if multigroup else SPATIAL_TWO_GROUP
    allowed = [*aspatial, *egohood, *([] if multigroup else CONTIGUITY)]
    requested = args.indices or ["all"]
    chosen: list[str] = []
    for name in requested:
        if name == "all":
            for n in (*aspatial, *(egohood if spatial else ())):
                if n not in chosen:
                    chosen.append(n)
            continue
        if name not in allowed:
            other = ix.TWO_GROUP_INDEX_NAMES if multigroup else ix.MULTIGROUP_INDEX_NAMES
            if name in other or name in (SPATIAL_TWO_GROUP if multigroup else SPATIAL_MULTIGROUP):
                kind = "one --group" if multigroup else "several --group options"
                raise UsageError(f"index {name!r} needs {kind}")
            raise UsageError(f"unknown index {name!r}; choose from all, {', '.join(allowed)}")
        if (name in egohood) and not spatial:
            raise UsageError(f"index {name!r} needs --bandwidth METRES (and geometry input)")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _compute(
    table: Table, args: argparse.Namespace, names: list[str], progress: bool
) -> dict[str, float | None]:
    groups: list[str] = args.group
    ids = table.unit_labels()
    total = table.numeric(args.total)
    as_counts(total, names=[args.total], unit_ids=ids)
    result: dict[str, float | None] = {}
    if len(groups) == 1:
        g, t = check_group_total(table.numeric(groups[0]), total, unit_ids=ids, group_name=groups[0],
                                 total_name=args.total)
        aspatial = [n for n in names if n in ix.TWO_GROUP_INDEX_NAMES]
        if aspatial:
            result.update(ix.two_group_indices(g, t, names=aspatial, atkinson_b=args.atkinson_b, unit_ids=ids))
        table2 = np.column_stack([g, t - g])
        for n in names:
            if n in SPATIAL_TWO_GROUP:
                result[n] = float(_spatial_module().egohood_dissimilarity(
                    g, t, points=_points(table), bandwidth=args.bandwidth, kernel=args.kernel, unit_ids=ids))
            elif n in CONTIGUITY:
                result[n] = _contiguity_dissimilarity(table, g, t)
        counts = table2
    else:
        cols = [table.numeric(c) for c in groups]
        counts = as_counts(np.column_stack(cols), names=groups, unit_ids=ids)
        rest = total - counts.sum(axis=1)
        over = rest < -1e-9 * np.maximum(total, 1.0)
        if over.any():
            i = int(np.argmax(over))
            raise UsageError(f"unit {ids[i]}: the groups ({', '.join(groups)}) add up to "
                             f"{counts[i].sum():g}, more than {args.total!r} {total[i]:g}")
        if args.include_rest:
            counts = np.column_stack([counts, np.maximum(rest, 0.0)])
        aspatial = [n for n in names if n in ix.MULTIGROUP_INDEX_NAMES]
        if aspatial:
            result.update(ix.multigroup_indices(counts, names=aspatial, unit_ids=ids))
        if getattr(args, "within", None):
            result.update(_within(table, args.within, counts, names, ids))
        for n in names:
            if n in SPATIAL_MULTIGROUP:
                func = getattr(_spatial_module(), n)
                result[n] = float(func(counts, points=_points(table), bandwidth=args.bandwidth,
                                       kernel=args.kernel, unit_ids=ids))
    if args.null_draws or args.bootstrap:
        from . import inference

        for n in [n for n in names if n in ix.TWO_GROUP_INDEX_NAMES or n in ix.MULTIGROUP_INDEX_NAMES]:
            spec: str | Callable[[np.ndarray], float] = n
            if n == "atkinson" and args.atkinson_b != 0.5:
                spec = _AtkinsonB(args.atkinson_b)
            if args.null_draws:
                r = inference.systematic_null(counts, spec, n_draws=args.null_draws, seed=args.seed,
                                              workers=args.workers, progress=progress, unit_ids=ids)
                result[f"{n}_expected"] = r.expected
                result[f"{n}_adjusted"] = r.adjusted
                result[f"{n}_p_value"] = r.p_value
            if args.bootstrap:
                b = inference.bootstrap_ci(counts, spec, n_draws=args.bootstrap, seed=args.seed,
                                           workers=args.workers, progress=progress, unit_ids=ids)
                result[f"{n}_ci_low"] = b.low
                result[f"{n}_ci_high"] = b.high
    return result


def _within(table: Table, column: str, counts: np.ndarray, names: list[str], ids: list[str]) -> dict[str, float]:
    """M (and H = M / E) split into the part between the values of ``column`` and the part within them."""
    if not any(n in ("mutual_information", "multigroup_theil") for n in names):
        raise UsageError("--within needs --index mutual_information or multigroup_theil")
    dec = ix.mutual_information_decomposition(counts, [table.text(column)], level_names=[column], unit_ids=ids)
    out: dict[str, float] = {}
    if "mutual_information" in names:
        out.update({"mutual_information_total": dec.total, "mutual_information_between": dec.between[0],
                    "mutual_information_within": dec.between[1]})
    if "multigroup_theil" in names:
        pi = counts.sum(axis=0) / counts.sum()
        entropy = float(-(pi[pi > 0] * np.log(pi[pi > 0])).sum())
        if entropy > 0:
            out.update({"multigroup_theil_total": dec.total / entropy,
                        "multigroup_theil_between": dec.between[0] / entropy,
                        "multigroup_theil_within": dec.between[1] / entropy})
    return out


class _AtkinsonB:
    """Picklable Atkinson index with a given shape parameter, on a (group, rest) table."""

    def __init__(self, b: float) -> None:
        self.b = b

    def __call__(self, table: np.ndarray) -> float:
        return ix.atkinson(table[:, 0], table.sum(axis=1), b=self.b)


def _points(table: Table) -> np.ndarray:
    if table.centroids_xy is None:
        raise UsageError(f"{table.source}: spatial indices need geometry input (GeoJSON or GeoPackage)")
    return table.centroids_xy


def _contiguity_dissimilarity(table: Table, g: np.ndarray, t: np.ndarray) -> float:
    if table.geometries is None:
        raise UsageError(f"{table.source}: spatial_dissimilarity needs polygon geometries")
    from .weights import contiguity_weights

    w = contiguity_weights(table.geometries)
    return float(_spatial_module().spatial_dissimilarity(g, t, w, unit_ids=table.unit_labels()))


def _drop_incomplete(table: Table, columns: list[str], err: TextIO) -> Table:
    bad = np.zeros(len(table), dtype=bool)
    for c in columns:
        col = table.columns[c]
        if isinstance(col, np.ndarray):
            bad |= np.isnan(col)
        else:
            bad |= np.array([str(v).strip() == "" for v in col], dtype=bool)
    if bad.any():
        labels = table.unit_labels()
        dropped = [labels[i] for i in np.flatnonzero(bad)]
        print(f"note: skipped {len(dropped)} unit(s) with an empty cell in "
              f"{', '.join(columns)}: {', '.join(dropped)}", file=err)
        table = table.subset(~bad)
    return table


# ----------------------------------------------------------------------------------------------------------------
# output
# ----------------------------------------------------------------------------------------------------------------


def _fmt(v: float | None, precise: bool) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return repr(float(v)) if precise else f"{v:.6f}"


def _write(out: TextIO, fmt: str, results: dict[str, dict[str, float | None]] | dict[str, float | None],
           by: str | None) -> None:
    if fmt == "json":
        json.dump(results, out, ensure_ascii=False, indent=2, allow_nan=False)
        out.write("\n")
        return
    if by is None:
        flat: dict[str, float | None] = results  # type: ignore[assignment]
        if fmt == "csv":
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["index", "value"])
            for k, v in flat.items():
                w.writerow([k, _fmt(v, True)])
        else:
            width = max(len(k) for k in flat) if flat else 5
            out.write(f"{'index':<{width}}  value\n")
            for k, v in flat.items():
                out.write(f"{k:<{width}}  {_fmt(v, False) or '–'}\n")
        return
    nested: dict[str, dict[str, float | None]] = results  # type: ignore[assignment]
    names: list[str] = []
    for r in nested.values():
        names.extend(n for n in r if n not in names)
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow([by, *names])
        for key, r in nested.items():
            w.writerow([key, *(_fmt(r.get(n), True) for n in names)])
    else:
        widths = [max([len(by), *(len(k) for k in nested)])] + [max(len(n), 9) for n in names]
        out.write("  ".join(h.ljust(wd) for h, wd in zip([by, *names], widths, strict=True)).rstrip() + "\n")
        for key, r in nested.items():
            cells = [key.ljust(widths[0])]
            for n, wd in zip(names, widths[1:], strict=True):
                cells.append((_fmt(r.get(n), False) or "–").rjust(wd))
            out.write("  ".join(cells).rstrip() + "\n")


# ----------------------------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------------------------


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.null_draws < 0 or args.bootstrap < 0 or args.bootstrap == 1:
        raise UsageError("--null-draws must be >= 0 and --bootstrap 0 or >= 2")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.bandwidth is not None and not (args.bandwidth > 0 and math.isfinite(args.bandwidth)):
        raise UsageError("--bandwidth must be a positive number of metres")
    if len(set(args.group)) != len(args.group):
        raise UsageError("the same --group column is given twice")
    if args.total in args.group:
        raise UsageError("--total must not also be a --group column")
    multigroup = len(args.group) > 1
    spatial = args.bandwidth is not None
    if spatial:
        from .weights import KERNELS

        if args.kernel not in KERNELS:
            raise UsageError(f"unknown kernel {args.kernel!r}; choose one of {', '.join(KERNELS)}")
    names = _choose_indices(args, multigroup, spatial)
    table = read_table(args.file, layer=args.layer, id_column=args.unit_id)
    used = [*args.group, args.total]
    if getattr(args, "within", None) and not multigroup:
        raise UsageError("--within needs several --group columns (multigroup M/H)")
    table.require([*used, *([args.by] if args.by else []), *([args.within] if getattr(args, "within", None) else [])])
    if args.drop_incomplete:
        table = _drop_incomplete(table, used, err)
    if len(table) == 0:
        raise UsageError(f"{args.file}: no units (rows) to compute on")
    progress = bool(args.null_draws or args.bootstrap) and err.isatty()
    if args.by is None:
        _write(out, args.format, _compute(table, args, names, progress), None)
        return 0
    keys = table.text(args.by)
    results: dict[str, dict[str, float | None]] = {}
    for key in dict.fromkeys(keys):
        sub = table.subset(np.array([k == key for k in keys]))
        try:
            results[key] = _compute(sub, args, names, progress)
        except ValueError as exc:
            if "undefined" not in str(exc):
                raise
            print(f"warning: {args.by} {key!r}: {exc}; left empty", file=err)
            results[key] = dict.fromkeys(names)
    _write(out, args.format, results, args.by)
    return 0


def run(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``yhteiso indices``; returns the exit status (0, or 2 on any error, reported on stderr).

    Examples
    --------
    >>> import io
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> err = io.StringIO()
    >>> run(parser.parse_args(["no-such-file.csv", "--group", "a", "--total", "t"]), stderr=err)
    2
    >>> err.getvalue().startswith("yhteiso indices: error:")
    True
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        return _run(args, out, err)
    except (ValueError, OSError) as exc:
        print(f"yhteiso indices: error: {exc}", file=err)
        return 2


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m yhteiso.analytics.cli``), same as ``yhteiso indices``."""
    parser = argparse.ArgumentParser(prog="yhteiso indices", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
