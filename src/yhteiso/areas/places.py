"""Place names for maps: label points of the areas (district names on every map, small-area names when zoomed in)
and the place search that drops a map survey's pin on an area (by its Finnish or Swedish name). The points are
stored on the areas when they are saved (:func:`yhteiso.areas.models.label_point`): no boundary is read here."""

from __future__ import annotations

from django.db.models import Q

from yhteiso.areas.models import Area, AreaLevel

SEARCH_LEVELS = (AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA, AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT)
MAX_QUERY = 100
_FIELDS = ("code", "name_fi", "name_sv", "level", "label_lon", "label_lat")


def _name(area: dict, language: str) -> str:
    return (area["name_sv"] if language == "sv" and area["name_sv"] else area["name_fi"]) or area["code"]


def _labelled(qs):
    return qs.filter(division="", label_lon__isnull=False, label_lat__isnull=False).values(*_FIELDS)


def place_labels(level: str, language: str = "fi") -> list[dict]:
    """``[{"name", "lon", "lat"}]`` of the current areas of ``level``, each at a point inside the area."""
    return [{"name": _name(a, language), "lon": a["label_lon"], "lat": a["label_lat"]}
            for a in _labelled(Area.objects.filter(level=level)).order_by("code")]


def place_search(query: str, language: str = "fi", *, limit: int = 10) -> list[dict]:
    """Areas whose Finnish or Swedish name contains ``query`` (case-insensitive), names starting with it first:
    ``[{"name", "level", "lon", "lat"}]`` with a point inside the area. Empty for queries shorter than 2 letters."""
    query = " ".join(str(query or "").split())[:MAX_QUERY]
    if len(query) < 2:
        return []
    areas = _labelled(Area.objects.filter(level__in=SEARCH_LEVELS)
                      .filter(Q(name_fi__icontains=query) | Q(name_sv__icontains=query))).order_by("name_fi")[:200]
    levels = dict(AreaLevel.choices)
    hits = []
    q = query.casefold()
    for area in areas:
        name = _name(area, language)
        starts = not (area["name_fi"].casefold().startswith(q) or (area["name_sv"] or "").casefold().startswith(q))
        hits.append((starts, SEARCH_LEVELS.index(area["level"]), name, {
            "name": name, "level": str(levels[area["level"]]), "lon": area["label_lon"], "lat": area["label_lat"]}))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]
