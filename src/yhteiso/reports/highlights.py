"""The knowledge base's highlights (``knowledge.selectors.report_highlights``) in the snapshot's plain form:
sections with a chart or map spec, a data table and notes. Geometries are simplified (about 20 m) and rounded so
that the snapshot stays small; every number shown is in the table beside the chart and in the XLSX annex."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils.translation import gettext as _

from yhteiso.knowledge.selectors import map_colour_rule
from yhteiso.reports import formatting as f
from yhteiso.viz import diverging_breaks

logger = logging.getLogger(__name__)
MAP_TOLERANCE = 0.0002  # degrees, about 20 m in Espoo
WEAKEST_ROWS = 10


def _num(value, decimals: int, *, missing: str | None = None) -> dict[str, Any]:
    if value is None:
        return {"text": _("suppressed or missing") if missing is None else missing, "value": None}
    return {"text": f.number(round(float(value), decimals), decimals=decimals), "value": round(float(value), 6)}


def _text(value) -> dict[str, Any]:
    return {"text": str(value), "value": None}


def _simplify(geometry: dict | None) -> dict | None:
    if not geometry:
        return None
    from shapely.errors import ShapelyError
    from shapely.geometry import mapping, shape

    try:
        geometry = mapping(shape(geometry).simplify(MAP_TOLERANCE, preserve_topology=True))
    except (ShapelyError, ValueError, KeyError, TypeError):
        logger.warning("Could not simplify a map geometry; keeping it as it is.")

    def rnd(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(float(c), 5) for c in coords]
        return [rnd(c) for c in coords]

    return {"type": geometry["type"], "coordinates": rnd(geometry["coordinates"])}


def _size(series: list[dict]) -> dict[str, int]:
    """Wider charts when the legend's names are long (the legend has three columns)."""
    longest = max((len(str(s.get("label", ""))) for s in series), default=0)
    return {"width": 960, "height": 420} if longest > 24 else {"width": 800, "height": 360}


def _dissimilarity(series: list[dict]) -> dict[str, Any] | None:
    series = [s for s in series if s.get("points")]
    if not series:
        return None
    years = sorted({int(y) for s in series for y, _v in s["points"]})
    by_series = [{int(y): v for y, v in s["points"]} for s in series]
    rows = [[_text(y)] + [_num(values.get(y), 3, missing=f.DASH) for values in by_series] for y in years]
    latest = "; ".join(f"{s['label']}: {f.dissimilarity(s['points'][-1][1])} "
                       f"({s['points'][-1][0]})" for s in series)
    title = _("Dissimilarity index by year")
    return {
        "key": "dissimilarity", "title": title,
        "text": _("The dissimilarity index (0–1) tells how unevenly a population group lives across the areas "
                  "compared with the rest of the population; a falling index means less segregation."),
        "alt": _("Line chart of the dissimilarity index by year. Latest values: %(latest)s.") % {"latest": latest},
        "chart": {"series": [{"name": s["label"], "points": [[int(y), float(v)] for y, v in s["points"]]}
                             for s in series], "title": title, "x_label": _("Year"),
                  "y_label": _("Dissimilarity index"), **_size(series)},
        "table": {"caption": _("Dissimilarity index by year and group (– no value: missing or suppressed)"),
                  "columns": [{"label": _("Year"), "numeric": False}]
                  + [{"label": s["label"], "numeric": True} for s in series], "rows": rows},
    }


def _weakest_decile(series: list[dict]) -> dict[str, Any] | None:
    series = [s for s in series if s.get("points")]
    if not series:
        return None
    rows = []
    for s in series:
        for point in s["points"]:
            year, value = point[0], point[1]
            turnover = point[2] if len(point) > 2 else None
            rows.append([_text(f"{s['label']} {year}"), _num(value, 1),
                         _num(None if turnover is None else 100 * float(turnover), 1, missing=f.DASH)])
    latest = "; ".join(f"{s['label']}: {f.number(round(float(s['points'][-1][1]), 1), decimals=1)} "
                       f"({s['points'][-1][0]})" for s in series)
    title = _("Socioeconomic sum index: mean of the weakest tenth of areas (city = 100)")
    return {
        "key": "weakest-decile", "title": title,
        "text": _("The socioeconomic sum index compares each area with the city (city = 100); higher values mean "
                  "more disadvantage. The series shows the mean of the weakest tenth of areas and how many of them "
                  "changed from the year before."),
        "alt": _("Line chart of the weakest tenth's mean sum index by year. Latest values: %(latest)s.")
        % {"latest": latest},
        "chart": {"series": [{"name": s["label"], "points": [[int(p[0]), float(p[1])] for p in s["points"]]}
                             for s in series], "title": title, "x_label": _("Year"),
                  "y_label": _("Sum index (city = 100)"), "reference_lines": [[100.0, _("City = 100")]],
                  **_size(series)},
        "table": {"caption": _("Weakest tenth of areas by year"),
                  "columns": [{"label": _("Areas and year"), "numeric": False},
                              {"label": _("Mean sum index"), "numeric": True},
                              {"label": _("Turnover from the year before (%)"), "numeric": True}],
                  "rows": rows},
    }


def _status_map(status: dict) -> dict[str, Any] | None:
    features = [x for x in (status or {}).get("features", []) if x.get("geometry")]
    values = [float(x["value"]) for x in features if x.get("value") is not None]
    if not features or not values:
        return None
    year = status.get("year")
    title = _("Status index by area, %(year)s") % {"year": year}
    ranked = sorted((x for x in features if x.get("value") is not None), key=lambda x: (float(x["value"]), x["code"]))
    weakest = ranked[:WEAKEST_ROWS]
    # the knowledge base's colour rule of every map (more need = darker and warmer), as its map page applies it
    need, center = map_colour_rule("idx:status_index")
    breaks = diverging_breaks(values, 100.0 if center is None else center, per_side=3)
    alt = _("Map of the status index by area in %(year)s. The weakest areas: %(areas)s.") % {
        "year": year, "areas": ", ".join(f"{x['name']} {f.number(round(float(x['value']), 2), decimals=2)}"
                                         for x in weakest[:5])}
    return {
        "key": "status-map", "title": title,
        "text": _("The status index combines the areas' socioeconomic variables into one standardised score; lower "
                  "values mean a weaker situation. Areas whose figures are suppressed for privacy are hatched."),
        "alt": alt,
        "map": {"features": [{"code": x["code"], "name": x["name"], "geometry": _simplify(x["geometry"]),
                              "value": None if x.get("value") is None else round(float(x["value"]), 4)}
                             for x in features],
                "title": title, "breaks": breaks, "need": need, "center": center, "desc": alt,
                "legend_title": _("Status index"),
                "missing_label": _("suppressed or missing")},
        "table": {"caption": _("The %(n)s areas with the lowest status index, %(year)s") % {
            "n": len(weakest), "year": year},
            "columns": [{"label": _("Area"), "numeric": False}, {"label": _("Status index"), "numeric": True}],
            "rows": [[_text(x["name"]), _num(x["value"], 2)] for x in weakest]},
        "all_values": [[x["code"], x["name"], None if x.get("value") is None else round(float(x["value"]), 6)]
                       for x in features],
    }


def convert(raw: dict | None, *, as_of: dt.date) -> dict[str, Any]:
    raw = raw or {}
    sections = [s for s in (
        _dissimilarity(raw.get("dissimilarity") or []),
        _weakest_decile(raw.get("sum_index_weakest_decile") or []),
        _status_map(raw.get("status_index_map") or {}),
    ) if s]
    # the plan's figures computed from a stand-in say so (knowledge.recipes)
    notes = [str(n) for n in raw.get("recipe_notes") or []]
    attributions = [str(a) for a in raw.get("attributions") or []]
    if attributions:
        notes.append(_("Sources: %(sources)s") % {"sources": "; ".join(attributions)})
    return {"available": bool(sections), "sections": sections, "notes": notes}
