"""Open API of areas: lists, one area with its statistics, and its boundary as GeoJSON (EPSG:4326)."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema

from yhteiso.areas.models import Area, AreaLevel

router = Router(tags=["areas"])

LEVELS = [c for c, _ in AreaLevel.choices]


class AreaOut(Schema):
    code: str
    name: str
    name_fi: str
    name_sv: str
    level: str
    parent: str | None


class StatisticOut(Schema):
    variable: str
    name: str
    unit: str
    year: int
    value: float | None
    suppressed: bool
    source: str
    licence: str


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


def _out(area: Area) -> dict:
    return {"code": area.code, "name": area.name, "name_fi": area.name_fi, "name_sv": area.name_sv,
            "level": area.level, "parent": area.parent.code if area.parent_id else None}


def _get(code: str) -> Area:
    area = Area.objects.filter(code=code, division="").select_related("parent").first()
    if area is None:
        raise Http404(f"no area {code}")
    return area


@router.get("/areas", response=list[AreaOut], summary="List areas")
def list_areas(request, level: str | None = None):
    """Areas of the current division, optionally of one level (suuralue, tilastoalue, pienalue, postal_area,
    grid, city)."""
    qs = Area.objects.filter(division="").select_related("parent").order_by("level", "code")
    if level:
        if level not in LEVELS:
            from ninja.errors import HttpError

            raise HttpError(422, f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
        qs = qs.filter(level=level)
    return [_out(a) for a in qs]


@router.get("/areas/{code}", response=AreaDetailOut, summary="One area with its statistics")
def area_detail(request, code: str):
    from yhteiso.knowledge.models import IndexValue, Observation

    area = _get(code)
    stats = [{"variable": o.variable.code, "name": o.variable.name, "unit": o.variable.unit, "year": o.year,
              "value": o.value, "suppressed": o.suppressed, "source": o.dataset.attribution,
              "licence": o.dataset.licence}
             for o in Observation.objects.filter(area=area).select_related("variable", "dataset")
             .order_by("variable__code", "year")]
    indices = [{"index": v.index, "year": v.computation.year, "value": v.value, "computation": v.computation_id}
               for v in IndexValue.objects.filter(area=area, group="").select_related("computation")
               .order_by("index", "computation__year")]
    return {**_out(area), "land_area_m2": area.land_area_m2,
            "valid_from": area.valid_from.isoformat() if area.valid_from else None,
            "valid_to": area.valid_to.isoformat() if area.valid_to else None,
            "statistics": stats, "indices": indices}


@router.get("/areas/{code}/geometry", summary="The area's boundary as a GeoJSON Feature (EPSG:4326)")
def area_geometry(request, code: str):
    area = _get(code)
    if area.geometry_wgs84 is None:
        raise Http404(f"area {code} has no boundary")
    src = area.boundary_source
    return {"type": "Feature", "geometry": area.geometry_wgs84,
            "properties": {"code": area.code, "name": area.name, "level": area.level,
                           "source_crs": area.geometry_crs,
                           "attribution": src.attribution if src else "", "licence": src.licence if src else ""}}
