"""Open API of the knowledge base: stored indices and each area with its statistics (the targeting ranking is in
the programme's API)."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from yhteiso.areas.api import AreaOut, area_or_404
from yhteiso.areas.models import AreaLevel
from yhteiso.areas.selectors import area_summary
from yhteiso.knowledge import selectors, selectors_groups
from yhteiso.knowledge.models import IndexValue

router = Router(tags=["knowledge"])
LEVELS = [c for c, _ in AreaLevel.choices]


class IndexValueOut(Schema):
    index: str
    group: str
    value: float | None
    year: int
    level: str
    area: str | None
    computation: int
    engine_version: str
    input_hash: str
    stand_in: str = ""  # one of the plan's figures computed from a stand-in: what is used instead (knowledge.recipes)


@router.get("/indices", response=list[IndexValueOut], summary="Stored indices")
def indices(request, level: str | None = None, year: int | None = None, index: str | None = None,
            areas: bool = False):
    """City-wide indices (snake_case names of the analytics engine, e.g. ``dissimilarity`` with the group
    ``foreign_language``); with ``areas=true`` the per-area values (status and sum index) instead."""
    if level and level not in LEVELS:
        raise HttpError(422, f"unknown level {level!r}")
    qs = IndexValue.objects.select_related("computation", "area").filter(area__isnull=not areas)
    if level:
        qs = qs.filter(computation__level=level)
    if year:
        qs = qs.filter(computation__year=year)
    if index:
        qs = qs.filter(index=index)
    notes: dict[tuple[int, str], str] = {}

    def stand_in(v: IndexValue) -> str:
        key = (v.computation_id, v.group)
        if key not in notes:
            notes[key] = selectors.recipe_note(v.computation, v.group)
        return notes[key]

    return [{"index": v.index, "group": v.group, "value": v.value, "year": v.computation.year,
             "level": v.computation.level, "area": v.area.code if v.area else None, "computation": v.computation_id,
             "engine_version": v.computation.engine_version, "input_hash": v.computation.input_hash,
             "stand_in": stand_in(v)}
            for v in qs.order_by("computation__level", "computation__year", "index", "group")]


# --- One area with its statistics (moved from areas/api.py, issue 11: statistics are read by knowledge) ---------


class StatisticOut(Schema):
    variable: str
    name: str
    unit: str
    year: int
    value: float | None
    suppressed: bool
    source: str
    licence: str


class GroupStatisticOut(StatisticOut):
    group: str  # the population group (a code of knowledge.groups); "all": the whole population
    dimension: str  # language, background, gender, age; "all" for the whole population


class IndexOut(Schema):
    index: str
    year: int
    value: float | None
    computation: int


class AreaDetailOut(AreaOut):
    land_area_m2: float | None
    valid_from: str | None
    valid_to: str | None
    statistics: list[StatisticOut]
    indices: list[IndexOut]


@router.get("/areas/{code}", response=AreaDetailOut, summary="One area with its statistics")
def area_detail(request, code: str):
    area = area_or_404(code)
    return {**area_summary(area), "land_area_m2": area.land_area_m2,
            "valid_from": area.valid_from.isoformat() if area.valid_from else None,
            "valid_to": area.valid_to.isoformat() if area.valid_to else None,
            "statistics": selectors.area_observations(area), "indices": selectors.area_index_values(area)}


@router.get("/areas/{code}/groups", response=list[GroupStatisticOut], summary="One area's statistics by group")
def area_groups(request, code: str):
    """Every statistic of the area that is broken down by population group, with the whole population's figure
    of the same variable: ``group`` is a code of the one vocabulary of groups, ``dimension`` its breakdown. A
    figure hidden by the small-cell rule has ``value`` null and ``suppressed`` true."""
    return selectors_groups.area_group_observations(area_or_404(code))
