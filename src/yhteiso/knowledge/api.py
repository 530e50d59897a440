"""Open API of the knowledge base: stored indices and the targeting ranking."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge import selectors
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


class TargetRowOut(Schema):
    rank: int
    code: str
    name: str
    need: float
    sum_index: float | None
    status_index: float | None
    weakest_decile: bool
    projects: list[dict]


class TargetingOut(Schema):
    level: str
    year: int | None
    index: str
    areas: list[TargetRowOut]
    gaps: list[str]


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
    return [{"index": v.index, "group": v.group, "value": v.value, "year": v.computation.year,
             "level": v.computation.level, "area": v.area.code if v.area else None, "computation": v.computation_id,
             "engine_version": v.computation.engine_version, "input_hash": v.computation.input_hash}
            for v in qs.order_by("computation__level", "computation__year", "index", "group")]


@router.get("/targeting", response=TargetingOut, summary="Areas ranked by need, with the actions reaching them")
def targeting(request, index: str = "sum_index", year: int | None = None, level: str = AreaLevel.POSTAL_AREA):
    """``index``: ``sum_index`` (higher = more need), ``status_index`` (lower = more need) or ``combined``."""
    if level not in LEVELS:
        raise HttpError(422, f"unknown level {level!r}")
    try:
        result = selectors.targeting(level=level, year=year, index=index)
    except ValueError as err:
        raise HttpError(422, str(err)) from None
    return {"level": level, "year": result["year"], "index": result["index"],
            "gaps": [r["area"].code for r in result["gaps"]],
            "areas": [{"rank": r["rank"], "code": r["area"].code, "name": r["area"].name, "need": r["need"],
                       "sum_index": r["sum_index"], "status_index": r["status_index"],
                       "weakest_decile": r["weakest_decile"],
                       "projects": [{"id": p.pk, "name": str(p), "status": p.status} for p in r["projects"]]}
                      for r in result["rows"]]}
