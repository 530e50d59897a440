"""Small-cell suppression: the ONE place that decides which survey figures may be shown.

Every output of survey results (pages, API, CSV, XLSX, charts) is built from the tables this module returns,
so a
figure hidden here cannot reappear anywhere else.

Rules (a :class:`Policy`, configurable per survey):

1. **Counts** between 1 and ``min_count − 1`` are hidden (a count of 0 is shown: it identifies nobody).
2. **Statistics** (means, shares, NPS and their confidence intervals) are shown only for groups of at least
   ``min_n`` respondents.
3. **Secondary suppression.** When the rows of a table add up to a total that is shown, one hidden cell could
be
   recovered by subtraction (count = total − the others; mean = (N·total mean − Σ nᵢ·meanᵢ)/n). So whenever
   exactly
   one non-empty row of a partition is hidden, the smallest other non-empty row is hidden as well —
   separately for
   counts and for statistics.

Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "STAT_KEYS", "Policy", "TableSuppression", "suppress_breakdown", "suppress_counts", "suppress_linked",
    "suppress_partition", "suppress_table",
]

STAT_KEYS = ("value", "ci_low", "ci_high")
"""Keys of a row that carry statistics (hidden together)."""


@dataclass(frozen=True)
class Policy:
    """Suppression thresholds: counts below ``min_count`` hidden; statistics only where n ≥ ``min_n``."""

    min_count: int = 5
    min_n: int = 10

    def __post_init__(self) -> None:
        if self.min_count < 1:
            raise ValueError(f"min_count must be at least 1 (got {self.min_count})")
        if self.min_n < self.min_count:
            raise ValueError(f"min_n ({self.min_n}) must be at least min_count ({self.min_count})")


def _count_hidden(n: int, policy: Policy) -> bool:
    return 0 < n < policy.min_count


def _secondary(candidates: list[int], hidden: set[int], sizes: Sequence[int]) -> int | None:
    """Index of the row to hide so that no single hidden row can be recovered from the total, or None."""
    nonempty_hidden = [i for i in hidden if sizes[i] > 0]
    if len(nonempty_hidden) != 1:
        return None
    others = [i for i in candidates if i not in hidden and sizes[i] > 0]
    if not others:
        return None
    return min(others, key=lambda i: (sizes[i], i))


def suppress_counts(counts: Sequence[int], *, policy: Policy, total_shown: bool = True) -> list[int | None]:
    """Counts of one partition (e.g. the answers to one question) with small counts hidden (``None``).

    >>> suppress_counts([12, 3, 40], policy=Policy())
    [None, None, 40]
    >>> suppress_counts([12, 0, 40], policy=Policy())
    [12, 0, 40]
    """
    for i, c in enumerate(counts):
        if int(c) != c or c < 0:
            raise ValueError(f"suppress_counts: count #{i} must be a non-negative whole number (got {c!r})")
    sizes = [int(c) for c in counts]
    hidden = {i for i, c in enumerate(sizes) if _count_hidden(c, policy)}
    if total_shown:
        extra = _secondary(list(range(len(sizes))), hidden, sizes)
        if extra is not None:
            hidden.add(extra)
    return [None if i in hidden else c for i, c in enumerate(sizes)]


def suppress_linked(
    cells: Mapping[Hashable, int],
    *,
    relations: Iterable[Sequence[Hashable]],
    links: Iterable[Sequence[Hashable]] = (),
    policy: Policy,
    primary: Iterable[Hashable] = (),
    fixed: Iterable[Hashable] = (),
) -> set[Hashable]:
    """One suppression pattern for a whole set of published tables (a release): the keys of the hidden cells.

    ``cells`` maps every published count (in any table, totals included) to its value. A *relation* is a set of
    cells that satisfy one linear equation the public can form (a total and its parts; the parts of a group whose
    sum another published figure reveals). A *link* is a set of cells that are hidden together (the same group in
    every table of one breakdown, or the whole distribution of a question whose statistic is also published).

    The first cell of a relation is its total (the sum of the others).

    ``primary`` names cells hidden from the start besides the small counts (e.g. figures the publisher suppressed,
    or statistics of groups below ``min_n``). ``fixed`` names cells whose visibility is not this release's to
    decide — a figure already published elsewhere, or one a reader can work out anyway: a fixed cell is hidden
    exactly when it is in ``primary``, and is never chosen to protect another.

    1. Primary: counts from 1 to ``min_count − 1`` are hidden.
    2. Repeat until no hidden non-zero cell can be worked out: hide every cell linked to a hidden cell; find what a
       reader can derive (the last unknown cell of a relation; unknown parts that a known total forces to 0); for
       a derivable hidden cell, hide the smallest other non-empty cell of the relation that gave it away (or, if
       there is none, the smallest other cell).

    The hidden set only grows, so the loop ends; the result is the same for every table, so a cell hidden in one
    table is hidden in every other table that shares its margins.

    >>> cells = {"a1": 30, "a2": 3, "a3": 12, "a_tot": 45, "b1": 30, "b2": 3, "b3": 10, "b4": 2, "b_tot": 45}
    >>> relations = [["a_tot", "a1", "a2", "a3"], ["b_tot", "b1", "b2", "b3", "b4"]]
    >>> sorted(suppress_linked(cells, relations=relations, links=[["a2", "b2"], ["a3", "b3"]], policy=Policy()))
    ['a2', 'a3', 'b2', 'b3', 'b4']

    Table b alone would hide b2, b4 and then b3 or b2's partner; table a alone would hide a2 and a3; a reader
    holding both tables still cannot work out a2 (= b2) or b4.
    """
    values: dict[Hashable, int] = {}
    for key, c in cells.items():
        if isinstance(c, bool) or int(c) != c or c < 0:
            raise ValueError(f"suppress_linked: cell {key!r} must be a non-negative whole number (got {c!r})")
        values[key] = int(c)
    relation_list = [list(dict.fromkeys(r)) for r in relations]
    link_list = [list(dict.fromkeys(group)) for group in links]
    for group in [*relation_list, *link_list]:
        for key in group:
            if key not in values:
                raise ValueError(f"suppress_linked: relation or link names an unknown cell {key!r}")
    pinned = set(fixed)
    for key in [*primary, *pinned]:
        if key not in values:
            raise ValueError(f"suppress_linked: primary or fixed names an unknown cell {key!r}")
    hidden = {key for key, v in values.items() if key not in pinned and _count_hidden(v, policy)}
    hidden.update(primary)
    beyond_help: set[Hashable] = set()  # exposed, but every cell that could protect it is fixed
    while True:
        for group in link_list:
            if any(key in hidden for key in group):
                hidden.update(key for key in group if key not in pinned)
        known, learned_via = _disclosed(values, relation_list, hidden)
        exposed = sorted((key for key in hidden if key in known and values[key] > 0 and key not in beyond_help),
                         key=str)
        if not exposed:
            return hidden
        relation = relation_list[learned_via[exposed[0]]]
        others = [key for key in relation if key not in hidden and key not in pinned]
        if not others:  # known only through other relations: hide in every relation that holds it
            others = [key for r in relation_list if exposed[0] in r for key in r
                      if key not in hidden and key not in pinned]
        if not others:  # every cell that could protect it is hidden or fixed: nothing more to do for it
            beyond_help.add(exposed[0])
            continue
        nonempty = [key for key in others if values[key] > 0]
        hidden.add(min(nonempty or others, key=lambda key: (values[key], str(key))))


def _disclosed(values: Mapping[Hashable, int], relations: list[list[Hashable]],
               hidden: set[Hashable]) -> tuple[set[Hashable], dict[Hashable, int]]:
    """The cells a reader can work out exactly: the shown ones, then (repeatedly) the last unknown cell of a
    relation, and every unknown part of a relation whose known total leaves nothing for them (they are all 0,
    counts being non-negative). Returns the known cells and, for each derived one, the relation that gave it."""
    known = {key for key in values if key not in hidden}
    learned_via: dict[Hashable, int] = {}
    changed = True
    while changed:
        changed = False
        for index, relation in enumerate(relations):
            unknown = [key for key in relation if key not in known]
            if not unknown:
                continue
            total_known = relation[0] in known
            if len(unknown) == 1 or (total_known and sum(values[key] for key in unknown) == 0):
                for key in unknown:
                    known.add(key)
                    learned_via.setdefault(key, index)
                changed = True
    return known, learned_via


def suppress_partition(
    rows: Sequence[dict[str, Any]], *, policy: Policy, total: dict[str, Any] | None = None,
    hidden_counts: Iterable[int] | None = None, total_count_hidden: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Suppress a table of groups that together make up ``total`` (e.g. results by area, with "not stated").

    Each row (and the total) is a dict with ``n`` and the statistics ``value``, ``ci_low``, ``ci_high``
    (other keys
    are copied). Returns new dicts with hidden figures set to ``None`` and ``suppressed`` set to ``None``
    (shown),
    ``"count"`` (n hidden), ``"n"`` (statistics hidden, n < min_n) or ``"secondary"``.

    ``hidden_counts`` (row indexes) and ``total_count_hidden`` hand over a count pattern decided for a whole
    release by :func:`suppress_linked`; the counts are then hidden exactly there (statistics still get their own
    secondary suppression within the table).

    >>> rows = [{"n": 30, "value": 1.0}, {"n": 3, "value": 2.0}, {"n": 20, "value": 3.0}]
    >>> out, tot = suppress_partition(rows, policy=Policy(), total={"n": 53, "value": 2.0})
    >>> [(r["n"], r["value"], r["suppressed"]) for r in out]
    [(30, 1.0, None), (None, None, 'count'), (None, None, 'secondary')]
    """
    sizes = []
    for i, row in enumerate(rows):
        n = row.get("n")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"suppress_partition: row #{i} needs a non-negative whole number n (got {n!r})")
        sizes.append(n)
    out = [dict(row, suppressed=None) for row in rows]

    total_out = None
    total_count_shown = total_stats_shown = False
    if total is not None:
        total_out = dict(total, suppressed=None)
        tn = int(total_out.get("n") or 0)
        if total_count_hidden or (hidden_counts is None and _count_hidden(tn, policy)):
            total_out["n"] = None
            total_out["suppressed"] = "count"
        else:
            total_count_shown = True
        if tn < policy.min_n:
            for key in STAT_KEYS:
                if key in total_out:
                    total_out[key] = None
            total_out["suppressed"] = total_out["suppressed"] or "n"
        else:
            total_stats_shown = True

    # Counts: primary, then secondary (or the release-wide pattern).
    if hidden_counts is not None:
        count_hidden = set(hidden_counts)
        reasons = {i: "count" if _count_hidden(sizes[i], policy) else "secondary" for i in count_hidden}
    else:
        count_hidden = {i for i, n in enumerate(sizes) if _count_hidden(n, policy)}
        reasons = dict.fromkeys(count_hidden, "count")
    if total_count_shown and hidden_counts is None:
        extra = _secondary(list(range(len(sizes))), count_hidden, sizes)
        if extra is not None:
            count_hidden.add(extra)
            reasons[extra] = "secondary"

    # Statistics: hidden wherever the count is hidden or n < min_n; then secondary.
    stats_hidden = set(count_hidden) | {i for i, n in enumerate(sizes) if n < policy.min_n}
    for i in stats_hidden:
        reasons.setdefault(i, "n")
    if total_stats_shown:
        extra = _secondary(list(range(len(sizes))), stats_hidden, sizes)
        if extra is not None:
            stats_hidden.add(extra)
            reasons.setdefault(extra, "secondary")

    for i, row in enumerate(out):
        if i in count_hidden:
            row["n"] = None
        if i in stats_hidden:
            for key in STAT_KEYS:
                if key in row:
                    row[key] = None
            if sizes[i] > 0 or i in count_hidden:
                row["suppressed"] = reasons[i]
    return out, total_out


@dataclass(frozen=True)
class TableSuppression:
    """A two-way table of counts after suppression (``None`` = hidden): cells, row totals, column totals, total."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    hidden: set[tuple[int, int]] = field(default_factory=set)


def suppress_table(counts: Sequence[Sequence[int]], *, policy: Policy) -> TableSuppression:
    """Suppress a two-way table of counts shown with its row totals, column totals and grand total.

    Every row (with its total) and every column (with its total), and the row totals and column totals themselves,
    are additive relations; the rule "no relation may have exactly one hidden non-empty cell" is applied to all of
    them repeatedly until nothing changes, hiding the smallest other non-empty cell of the relation each time.

    >>> t = suppress_table([[7, 2], [9, 6]], policy=Policy())
    >>> t.cells, t.row_totals, t.column_totals, t.total
    ([[None, None], [None, None]], [9, 15], [16, 8], 24)
    """
    rows = [[int(c) for c in row] for row in counts]
    if any(c < 0 for row in rows for c in row):
        raise ValueError("suppress_table: counts must be non-negative")
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    if any(len(row) != n_cols for row in rows):
        raise ValueError("suppress_table: every row must have the same number of columns")
    # Augmented table: row n_rows holds the column totals, column n_cols the row totals.
    value = {(i, j): rows[i][j] for i in range(n_rows) for j in range(n_cols)}
    for i in range(n_rows):
        value[(i, n_cols)] = sum(rows[i])
    for j in range(n_cols):
        value[(n_rows, j)] = sum(rows[i][j] for i in range(n_rows))
    grand = sum(value[(i, n_cols)] for i in range(n_rows))
    value[(n_rows, n_cols)] = grand
    hidden = {key for key, v in value.items() if _count_hidden(v, policy)}
    relations = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    relations += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    changed = True
    while changed:
        changed = False
        for relation in relations:
            nonempty_hidden = [key for key in relation if key in hidden and value[key] > 0]
            if len(nonempty_hidden) != 1:
                continue
            others = [key for key in relation if key not in hidden and value[key] > 0]
            if others:
                hidden.add(min(others, key=lambda key: (value[key], key)))
                changed = True

    def shown(key: tuple[int, int]) -> int | None:
        return None if key in hidden else value[key]

    return TableSuppression(
        cells=[[shown((i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown((i, n_cols)) for i in range(n_rows)],
        column_totals=[shown((n_rows, j)) for j in range(n_cols)],
        total=shown((n_rows, n_cols)),
        hidden=hidden,
    )


def suppress_breakdown(
    values: Mapping[tuple[Any, Any], float | None],
    *,
    relations: Sequence[tuple[Any, Sequence[Any]]],
    policy: Policy,
    known: Mapping[tuple[Any, Any], float] | None = None,
    primary: Iterable[tuple[Any, Any]] = (),
    unit_relations: Sequence[tuple[Any, Sequence[Any]]] = (),
    withheld: Iterable[tuple[Any, Any]] = (),
) -> set[tuple[Any, Any]]:
    """The cells to hide in a table of counts by unit (e.g. area) and group, so that no hidden figure can be worked
    out from the whole minus the other groups — in this table or together with figures published elsewhere.

    ``values`` maps ``(unit, group)`` to a count (``None``: suppressed by the publisher, its value unknown).
    ``relations`` are ``(whole, parts)`` pairs of groups: the parts add up to the whole (e.g. ``("all", ("women",
    "men"))``). ``known`` holds figures already published elsewhere (e.g. the whole population's count from
    another source): they are treated as public and never hidden here. ``primary`` names cells hidden from the
    start besides the small counts. ``unit_relations`` are ``(whole unit, part units)`` pairs of units (a major
    district and its small areas): for every group, the whole unit's figure is the sum of the part units' when all
    of them are given (here or in ``known``/``withheld``). ``withheld`` names figures hidden elsewhere, whose value
    is unknown here: they stay hidden and are never chosen to protect another. Returns the keys of ``values`` to
    hide; the decision is made by :func:`suppress_linked` (one release-wide pattern).

    A group a relation needs but the table lacks is assumed known to the reader (a conservative assumption: it
    may be published elsewhere) as the whole minus the groups given; when that remainder is itself a small count
    it is protected like a hidden cell.

    >>> values = {("A", "all"): 103, ("A", "women"): 3, ("A", "men"): 100,
    ...           ("B", "all"): 80, ("B", "women"): 40, ("B", "men"): 40}
    >>> sorted(suppress_breakdown(values, relations=[("all", ("women", "men"))], policy=Policy()))
    [('A', 'men'), ('A', 'women')]
    >>> sorted(suppress_breakdown({("A", "women"): 3, ("A", "men"): 100}, relations=[("all", ("women", "men"))],
    ...                           known={("A", "all"): 103}, policy=Policy()))
    [('A', 'men'), ('A', 'women')]
    """
    cells: dict[Any, int] = {}
    first = set(primary)
    hidden_at_start: set[tuple[Any, Any]] = set(first)
    fixed: set[tuple[Any, Any]] = set()
    for key, v in values.items():
        if v is None:
            cells[key] = 1  # unknown: treated as a small non-empty count that must stay hidden
            hidden_at_start.add(key)
            continue
        if v != v or v < 0:
            raise ValueError(f"suppress_breakdown: cell {key!r} must be a non-negative count (got {v!r})")
        cells[key] = round(v)
    for key, v in (known or {}).items():
        if key in values and values[key] is None:
            cells[key] = round(v)
            hidden_at_start.discard(key)
        cells.setdefault(key, round(v))
        fixed.add(key)
        hidden_at_start.discard(key)  # public already
    for key in withheld:
        if key not in cells:
            cells[key] = policy.min_count  # unknown and hidden: a non-empty count that must stay hidden
            fixed.add(key)
            hidden_at_start.add(key)
    units = list(dict.fromkeys(unit for unit, _group in cells))
    relation_cells: list[list[tuple[Any, Any]]] = []
    cell_groups = list(dict.fromkeys(group for _unit, group in cells))
    for whole_unit, part_units in unit_relations:
        for group in cell_groups:
            keys = [(whole_unit, group), *((u, group) for u in part_units)]
            if all(k in cells for k in keys) and not all(k in fixed for k in keys):
                relation_cells.append(keys)
    for unit in units:
        present = {(whole, frozenset(p for p in parts if (unit, p) in cells)) for whole, parts in relations}
        for whole, parts in relations:
            given = [(unit, p) for p in parts if (unit, p) in cells]
            if not given or (unit, whole) not in cells:
                continue  # no part here, or no whole to subtract from
            if any(w == whole and set(parts) & set(other) and frozenset(p for _u, p in given) < other
                   for w, other in present):
                continue  # a finer partition with fewer groups given: the other relation says more
            relation: list[tuple[Any, Any]] = [(unit, whole), *given]
            missing = tuple(p for p in parts if (unit, p) not in cells)
            if missing:
                rest_key = (unit, ("rest", whole, missing))
                if rest_key not in cells:
                    uncertain = any(k in hidden_at_start and k not in fixed for k in [(unit, whole), *given])
                    rest = (policy.min_count if uncertain
                            else max(0, cells[(unit, whole)] - sum(cells[k] for k in given)))
                    cells[rest_key] = rest
                    fixed.add(rest_key)
                    if _count_hidden(rest, policy):
                        hidden_at_start.add(rest_key)
                relation.append(rest_key)
            relation_cells.append(relation)
    hidden = suppress_linked(cells, relations=relation_cells, policy=policy,
                             primary=[k for k in hidden_at_start if k in cells], fixed=fixed)
    return {key for key in values if key in hidden or key in first or values[key] is None}
