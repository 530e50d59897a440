"""Place names for maps: label points of the areas (district names on every map, small-area names when zoomed in)
and the place search that drops a map survey's pin on an area (by its Finnish or Swedish name)."""

from __future__ import annotations

from django.db.models import Q
from shapely.geometry import shape

from yhteiso.areas.models import Area, AreaLevel

SEARCH_LEVELS = (AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA, AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT)
MAX_QUERY = 100


def _name(area: Area, language: str) -> str:
    return (area.name_sv if language == "sv" and area.name_sv else area.name_fi) or area.code


def _point(geometry: dict | None) -> tuple[float, float] | None:
    if not geometry:
        return None
    geom = shape(geometry)
    if geom.is_empty:
        return None
    point = geom.representative_point()
    return round(point.x, 6), round(point.y, 6)


def place_labels(level: str, language: str = "fi") -> list[dict]:
    """``[{"name", "lon", "lat"}]`` of the current areas of ``level``, each at a point inside the area."""
    out = []
    for area in Area.objects.filter(level=level, division="").exclude(geometry_wgs84=None).order_by("code"):
        point = _point(area.geometry_wgs84)
        if point:
            out.append({"name": _name(area, language), "lon": point[0], "lat": point[1]})
    return out


def place_search(query: str, language: str = "fi", *, limit: int = 10) -> list[dict]:
    """Areas whose Finnish or Swedish name contains ``query`` (case-insensitive), names starting with it first:
    ``[{"name", "level", "lon", "lat"}]`` with a point inside the area. Empty for queries shorter than 2 letters."""
    query = " ".join(str(query or "").split())[:MAX_QUERY]
    if len(query) < 2:
        return []
    areas = (Area.objects.filter(level__in=SEARCH_LEVELS, division="").exclude(geometry_wgs84=None)
             .filter(Q(name_fi__icontains=query) | Q(name_sv__icontains=query)).order_by("name_fi")[:200])
    levels = dict(AreaLevel.choices)
    hits = []
    q = query.casefold()
    for area in areas:
        point = _point(area.geometry_wgs84)
        if not point:
            continue
        name = _name(area, language)
        starts = not (area.name_fi.casefold().startswith(q) or (area.name_sv or "").casefold().startswith(q))
        hits.append((starts, SEARCH_LEVELS.index(area.level), name, {
            "name": name, "level": str(levels[area.level]), "lon": point[0], "lat": point[1]}))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]
