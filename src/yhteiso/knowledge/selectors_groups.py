"""Reads of statistics by population group (``Observation.by_group``): an area's figures by group, the areas
compared group by group, and the API's rows. Every figure is read as stored: a hidden figure (``suppressed``) was
decided on import (``knowledge.grouping``) and stays hidden in every output built from here."""

from __future__ import annotations

from collections import defaultdict

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge import groups
from yhteiso.knowledge.models import Observation, Variable
from yhteiso.knowledge.selectors import UNIT_LABELS

LEVEL_LABELS = dict(AreaLevel.choices)


def _cell(o: Observation | None) -> dict:
    if o is None:
        return {"value": None, "suppressed": False, "missing": True}
    return {"value": o.value, "suppressed": o.suppressed, "missing": False}


def _dimensions_of(codes: set[str]) -> list[str]:
    return [d for d in groups.STATISTICAL_DIMENSIONS if any(groups.dimension_of(c) == d for c in codes)]


def area_groups(area: Area) -> list[dict]:
    """The area's variables that have figures by group, each at its latest year with figures by group: the whole
    population's figure and one table per dimension (groups in vocabulary order)."""
    rows = list(Observation.by_group.filter(area=area).exclude(group=groups.ALL).order_by().values_list(
        "variable_id", "year").distinct())
    latest: dict[int, int] = {}
    for var_id, year in rows:
        latest[var_id] = max(year, latest.get(var_id, year))
    out = []
    for var in Variable.objects.filter(pk__in=list(latest)).order_by("code"):
        year = latest[var.pk]
        obs = {o.group: o for o in Observation.by_group.filter(area=area, variable=var, year=year)
               .order_by("group", "dataset__code")}
        dimensions = []
        for dimension in _dimensions_of(set(obs)):
            dimensions.append({
                "label": groups.DIMENSIONS[dimension],
                "rows": [{"group": groups.label(g.code), **_cell(obs.get(g.code))} for g in groups.GROUPS
                         if g.dimension == dimension and g.code in obs],
            })
        out.append({"code": var.code, "name": var.name, "unit": str(UNIT_LABELS.get(var.unit, var.unit)),
                    "year": year, "whole": _cell(obs.get(groups.ALL)), "dimensions": dimensions})
    return out


def group_choices() -> dict:
    """What the comparison page can show: the variables with figures by group, their dimensions, years and
    levels."""
    found: dict[int, dict] = {}
    for var_id, group, year, level in Observation.by_group.exclude(group=groups.ALL).order_by().values_list(
            "variable_id", "group", "year", "area__level").distinct():
        slot = found.setdefault(var_id, {"groups": set(), "years": set(), "levels": set()})
        slot["groups"].add(group)
        slot["years"].add(year)
        slot["levels"].add(level)
    variables = {v.pk: v for v in Variable.objects.filter(pk__in=list(found))}
    return {variables[pk].code: {"variable": variables[pk], "dimensions": _dimensions_of(slot["groups"]),
                                 "years": sorted(slot["years"], reverse=True),
                                 "levels": [lvl for lvl, _label in AreaLevel.choices if lvl in slot["levels"]]}
            for pk, slot in found.items()}


def group_table(*, variable: Variable, dimension: str, year: int, level: str) -> dict:
    """Areas of ``level`` (rows) by the groups of ``dimension`` (columns) for one variable and year, with the whole
    population first."""
    obs = Observation.by_group.filter(variable=variable, year=year, area__level=level, area__division="").filter(
        group__in=[groups.ALL, *[g.code for g in groups.GROUPS if g.dimension == dimension]]).select_related("area")
    by_area: dict[int, dict[str, Observation]] = defaultdict(dict)
    areas: dict[int, Area] = {}
    for o in obs.order_by("area__code", "dataset__code"):
        by_area[o.area_id].setdefault(o.group, o)
        areas[o.area_id] = o.area
    present = {g for cells in by_area.values() for g in cells}
    columns = [g.code for g in groups.GROUPS if g.code in present and g.code != groups.ALL]
    rows = [{"area": areas[pk], "whole": _cell(cells.get(groups.ALL)),
             "cells": [_cell(cells.get(code)) for code in columns]}
            for pk, cells in sorted(by_area.items(), key=lambda item: areas[item[0]].code)
            if any(code in cells for code in columns)]
    return {"columns": [groups.label(c) for c in columns], "rows": rows,
            "unit": str(UNIT_LABELS.get(variable.unit, variable.unit))}


def area_group_observations(area: Area) -> list[dict]:
    """Every stored figure by group of the area (the whole population's too), for the API."""
    return [{"variable": o.variable.code, "name": o.variable.name, "unit": o.variable.unit, "year": o.year,
             "group": o.group, "dimension": groups.dimension_of(o.group), "value": o.value,
             "suppressed": o.suppressed, "source": o.dataset.attribution, "licence": o.dataset.licence}
            for o in Observation.by_group.filter(area=area, variable_id__in=list(
                Observation.by_group.filter(area=area).exclude(group=groups.ALL).order_by()
                .values_list("variable_id", flat=True).distinct()))
            .select_related("variable", "dataset").order_by("variable__code", "year", "group")]
