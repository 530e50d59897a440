"""Statistics by population group on import: the group codes checked against the one vocabulary
(``knowledge.groups``) and the small-cell rule applied per group × area × year and across outputs.

Counts (a variable of kind "count", one named in the ``count_variables`` option, or the base variable) are
suppressed by :func:`yhteiso.analytics.suppression.suppress_breakdown`: a count of 1–4 is hidden, and so many
more cells that no hidden count follows from the whole minus the other groups — using the figures of this file
and those already stored (a whole population's count imported from another source is public and cannot be
hidden, so a group's figure is protected by hiding another group instead).

Other figures (shares, means, rates) of a group need the group's number of persons, given by the ``base_variable``
option: a figure is shown only for a group of at least ``AREA_POLICY.min_n`` persons whose count is shown; a
weighted figure of the whole is the persons-weighted sum of the groups', so the same additive relations are
protected with the persons as weights (a figure of one group could otherwise be worked out from the whole's and
the other groups').

Pure work on the reader's cells plus one read of the stored figures; raises :class:`ReaderError` naming the row
and column of the offending cell.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from yhteiso.analytics.readers.common import Cell, ReaderError
from yhteiso.analytics.rollup import AREA_POLICY
from yhteiso.analytics.suppression import suppress_breakdown
from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge import groups
from yhteiso.knowledge.models import Observation
from yhteiso.knowledge.selectors import rollup_members
from yhteiso.knowledge.variables import kind_of

POLICY = AREA_POLICY
ROLLUP_SOURCES = (AreaLevel.SMALL_AREA, AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT)
HIERARCHY_LEVELS = (*ROLLUP_SOURCES, AreaLevel.CITY, AreaLevel.CITY_CENTRE)
"""The levels whose areas add up (a city centre: the small areas inside it); postal areas and grid cells are
another geography."""


def _format(value: float) -> str:
    return f"{value:g}"


def check_group_codes(cells: list[Cell], *, filename: str, column: str | None = None) -> list[Cell]:
    """The cells with their group code normalised (an empty group: the whole population); an unknown group or
    a group no statistic is broken down by is refused naming its row and column."""
    accepted = ", ".join(code for code, _label in groups.observation_choices())
    out = []
    for cell in cells:
        code = cell.group or groups.ALL
        if code not in groups.BY_CODE:
            raise ReaderError.of("unknown_group", file=filename, row=cell.row, column=column or cell.column,
                                 value=code, accepted=accepted)
        if code != groups.ALL and code not in groups.STATISTICAL_CODES:
            raise ReaderError.of("not_a_statistics_group", file=filename, row=cell.row,
                                 column=column or cell.column, value=code, accepted=accepted)
        out.append(cell if cell.group == code else dataclasses.replace(cell, group=code))
    return out


def suppress_groups(cells: list[Cell], *, level: str, division: str, code_prefix: str, options: dict,
                    filename: str) -> list[Cell]:
    """Apply the small-cell rule to a file of figures by group (see the module docstring). Returns the cells with
    hidden figures set to None and marked suppressed."""
    cells = check_group_codes(cells, filename=filename, column=options.get("group_column"))
    if all(c.group == groups.ALL for c in cells):
        return cells
    variables = sorted({c.variable for c in cells})
    base = (options.get("base_variable") or "").strip()
    declared = set(options.get("count_variables") or [])
    counts = {v for v in variables
              if v == base or v in declared or (kind_of(v) is not None and kind_of(v).kind == "count")}  # type: ignore[union-attr]
    rates = [v for v in variables if v not in counts]
    if rates and not base:
        raise ReaderError.of("group_base_missing", file=filename, column="base_variable",
                             variables=", ".join(rates))
    if base and base not in variables:
        raise ReaderError.of("group_base_not_in_file", file=filename, column="base_variable", variable=base)

    def key(c: Cell) -> tuple[str, str]:
        return (code_prefix + c.area_code, c.group)

    by_var_year: dict[tuple[str, int], dict[tuple[str, str], Cell]] = defaultdict(dict)
    for c in cells:
        by_var_year[(c.variable, c.year)][key(c)] = c
    # Figures already published: every stored figure (any group, any source) of these variables and years.
    stored: dict[tuple[str, int], dict[tuple[str, str], float]] = defaultdict(dict)
    own: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in cells:
        own[(c.variable, c.year)][c.group].add(c.area_code)
    for var, year, area, group, value, computed in Observation.by_group.filter(
            area__level=level, area__division=division, variable__code__in=variables,
            year__in={c.year for c in cells}, value__isnull=False).values_list(
            "variable__code", "year", "area__code", "group", "value", "computed_from"):
        # a figure the knowledge base rolled up for an area of this file gives way to the file's own figure
        if computed and (area[len(code_prefix):] if area.startswith(code_prefix) else None) in own.get(
                (var, year), {}).get(group, set()):
            continue
        if value is not None:
            stored[(var, year)][(area, group)] = value

    # Figures of the other levels of the hierarchy (a major district above these small areas, the small areas
    # below this major district): the larger area's figure is the sum of its parts', a relation a reader can use.
    unit_relations, other_known, other_hidden = _other_levels(level, division, counts, cells)
    rate_relations, rate_known, rate_hidden = _other_levels(level, division, set(rates), cells, weight=base)

    hidden: set[tuple[str, int, str, str]] = set()
    for (var, year), table in sorted(by_var_year.items()):
        if var not in counts:
            continue
        _check_sums(table, var=var, year=year, filename=filename)
        counted: dict[tuple[str, str], float | None] = {k: c.value for k, c in table.items()}
        known: dict[tuple[object, str], float] = dict(other_known[(var, year)])
        for same_level, value in stored[(var, year)].items():  # units of the file's level are plain codes
            known[same_level] = value
        for area, group in suppress_breakdown(counted, relations=groups.PARTITIONS, known=known, policy=POLICY,
                                              unit_relations=unit_relations,
                                              withheld=other_hidden[(var, year)]):
            hidden.add((var, year, area, group))
    for (var, year), table in sorted(by_var_year.items()):
        if var in counts:
            continue
        persons = by_var_year.get((base, year), {})
        values: dict[tuple[str, str], float | None] = {}
        primary: list[tuple[str, str]] = []
        for k, c in table.items():
            base_cell = persons.get(k)
            if base_cell is None:
                stored_n = stored[(base, year)].get(k)
                if stored_n is None:
                    raise ReaderError.of("group_without_base", file=filename, row=c.row, column=c.column,
                                         area=k[0], year=year, group=k[1], variable=var, base=base)
                values[k] = stored_n
            else:
                values[k] = base_cell.value
            n = values[k]
            if c.value is None or (base, year, *k) in hidden or (n is not None and n < POLICY.min_n):
                primary.append(k)
        # a figure of this variable already published (another source) is public; with its persons it enters the
        # weighted sums — at this level, and at the levels above and below (a major district's share × its persons
        # is the sum of its small areas' share × persons, so a share is protected across levels like a count)
        known = dict(rate_known[(var, year)])
        for area_group in stored[(var, year)]:
            weight = persons[area_group].value if area_group in persons else stored[(base, year)].get(area_group)
            if weight is not None:
                known[area_group] = weight
        for area, group in suppress_breakdown(values, relations=groups.PARTITIONS, known=known, primary=primary,
                                              policy=POLICY, unit_relations=rate_relations,
                                              withheld=rate_hidden[(var, year)]):
            hidden.add((var, year, area, group))
    return [dataclasses.replace(c, value=None, suppressed=True)
            if (c.variable, c.year, code_prefix + c.area_code, c.group) in hidden else c for c in cells]


def _other_levels(level: str, division: str, counts: set[str], cells: list[Cell], *, weight: str = ""):
    """The hierarchy around ``level`` for the small-cell rule across levels: ``(unit relations, known, withheld)``.
    With ``weight`` (the persons variable of shares and means) the figures are shares: known maps each published
    share of another level to its persons (the weight of the additive relation, ``AREA_POLICY.min_n`` when the
    persons are not stored — the reader may have them elsewhere).
    A unit of ``level`` is its area code (as in the file); a unit of another level is ``(level, code)``. The
    relations are each larger area = the sum of the areas it is made of (its small areas, statistical areas …; a
    city centre of the small areas inside it), between ``level`` and the levels with imported figures by group of
    these variables. Known: those levels' published imported figures; withheld: their hidden ones. Figures rolled up
    by the knowledge base are left out: they are sums of published figures and tell a reader nothing more."""
    known: dict[tuple[str, int], dict[tuple[object, str], float]] = defaultdict(dict)
    withheld: dict[tuple[str, int], list[tuple[object, str]]] = defaultdict(list)
    if division or not counts or level not in HIERARCHY_LEVELS:
        return [], known, withheld
    rows = list(Observation.by_group.filter(
        area__division="", computed_from="", variable__code__in=counts, year__in={c.year for c in cells})
        .exclude(area__level=level).filter(area__level__in=HIERARCHY_LEVELS).values_list(
            "variable__code", "year", "area__level", "area__code", "group", "value"))
    levels = {lvl for _v, _y, lvl, _a, _g, _value in rows}
    if not levels:
        return [], known, withheld

    def unit(lvl: str, code: str) -> object:
        return code if lvl == level else (lvl, code)

    persons: dict[tuple[int, str, str, str], float] = {}
    if weight:
        persons = {(year, lvl, area, group): float(value) for year, lvl, area, group, value in
                   Observation.by_group.filter(area__division="", variable__code=weight,
                                               year__in={c.year for c in cells}, value__isnull=False,
                                               area__level__in=levels)
                   .values_list("year", "area__level", "area__code", "group", "value") if value is not None}
    for var, year, lvl, area, group, value in rows:
        if value is None:
            withheld[(var, year)].append((unit(lvl, area), group))
        elif weight:
            known[(var, year)][(unit(lvl, area), group)] = persons.get((year, lvl, area, group), POLICY.min_n)
        else:
            known[(var, year)][(unit(lvl, area), group)] = value
    relations: list[tuple[object, list[object]]] = []
    for source in sorted({*levels, level} & set(ROLLUP_SOURCES)):
        for target_level, targets in rollup_members(source).items():
            if target_level not in (levels | {level}) or (source != level and target_level != level):
                continue
            relations += [(unit(target_level, t), [unit(source, p) for p in parts]) for t, parts in targets.items()]
    return relations, known, withheld


def _check_sums(table: dict[tuple[str, str], Cell], *, var: str, year: int, filename: str) -> None:
    """Refuse a file whose groups add up to more than their whole (a count cannot be negative)."""
    for area in sorted({a for a, _g in table}):
        for whole, parts in groups.PARTITIONS:
            whole_cell = table.get((area, whole))
            given = [table[(area, p)] for p in parts if (area, p) in table]
            if whole_cell is None or whole_cell.value is None or not given:
                continue
            total = sum(c.value for c in given if c.value is not None)
            if total > whole_cell.value + 0.5:
                raise ReaderError.of(
                    "groups_exceed_whole", file=filename, row=whole_cell.row, column=whole_cell.column,
                    groups=", ".join(c.group for c in given), parts=_format(total), whole=groups.label(whole),
                    value=_format(whole_cell.value), area=area, year=year, variable=var)
