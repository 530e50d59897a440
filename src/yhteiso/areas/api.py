"""Open API of areas: lists and an area's boundary as GeoJSON (EPSG:4326). One area with its statistics is in the
knowledge base's API (``knowledge/api.py``), which owns the statistics."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from yhteiso.areas import selectors
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


def area_or_404(code: str) -> Area:
    area = selectors.area_by_code(code)
    if area is None:
        raise Http404(f"no area {code}")
    return area


@router.get("/areas", response=list[AreaOut], summary="List areas")
def list_areas(request, level: str | None = None):
    """Areas of the current division, optionally of one level (suuralue, tilastoalue, pienalue, postal_area,
    grid, city)."""
    if level and level not in LEVELS:
        raise HttpError(422, f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    return [selectors.area_summary(a) for a in selectors.areas_current(level=level)]


@router.get("/areas/{code}/geometry", summary="The area's boundary as a GeoJSON Feature (EPSG:4326)")
def area_geometry(request, code: str):
    area = area_or_404(code)
    if area.geometry_wgs84 is None:
        raise Http404(f"area {code} has no boundary")
    src = area.boundary_source
    return {"type": "Feature", "geometry": area.geometry_wgs84,
            "properties": {"code": area.code, "name": area.name, "level": area.level,
                           "source_crs": area.geometry_crs,
                           "attribution": src.attribution if src else "", "licence": src.licence if src else ""}}
