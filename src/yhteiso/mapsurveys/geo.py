"""Map geometry: the district background (shipped GeoJSON, HSY CC BY 4.0), a simple equirectangular projection to
SVG coordinates (ample at Espoo's scale and invertible in a few lines of JavaScript), point-in-district lookup, and
the server-side heat map grid."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.prepared import prep

from yhteiso.respondents.areas import home_area_options

DATA = Path(__file__).resolve().parent / "data" / "espoo_suuralue.geojson"
ATTRIBUTION = "Aluerajat / Områdesgränser / District boundaries: HSY / Helsinki Region Infoshare, CC BY 4.0"
WIDTH = 600


@lru_cache(maxsize=1)
def _features() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["features"]


@lru_cache(maxsize=1)
def _shapes():
    return [(f["properties"]["suuralue_nro"], prep(shape(f["geometry"])), shape(f["geometry"])) for f in _features()]


@lru_cache(maxsize=1)
def bounds() -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of Espoo with a small margin."""
    xs, ys = [], []
    for _n, _p, geom in _shapes():
        x0, y0, x1, y1 = geom.bounds
        xs += [x0, x1]
        ys += [y0, y1]
    return min(xs) - 0.01, min(ys) - 0.005, max(xs) + 0.01, max(ys) + 0.005


def projection() -> dict:
    """Parameters of the SVG projection: x = (lon − lon0)·kx, y = (lat1 − lat)·ky."""
    lon0, lat0, lon1, lat1 = bounds()
    kx = WIDTH / (lon1 - lon0)
    ky = kx / math.cos(math.radians((lat0 + lat1) / 2))
    return {"lon0": lon0, "lat1": lat1, "kx": kx, "ky": ky, "width": WIDTH, "height": round((lat1 - lat0) * ky)}


def to_svg(lon: float, lat: float) -> tuple[float, float]:
    p = projection()
    return (lon - p["lon0"]) * p["kx"], (p["lat1"] - lat) * p["ky"]


def within_espoo(lon: float, lat: float) -> bool:
    return area_of(lon, lat) is not None


def area_of(lon: float, lat: float) -> str | None:
    """The district code (as offered in the home-area list) containing the point, or None outside Espoo."""
    pt = Point(lon, lat)
    codes = {o["number"]: o["value"] for o in home_area_options()}
    for number, prepared, _geom in _shapes():
        if prepared.contains(pt):
            return codes.get(number, number)
    return None


def _path(geometry: dict) -> str:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = [to_svg(x, y) for x, y in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z")
    return " ".join(parts)


def district_paths(language: str = "fi") -> list[dict]:
    """SVG path data and label position of every district."""
    names = {o["number"]: o["label"] for o in home_area_options()}
    out = []
    for f in _features():
        number = f["properties"]["suuralue_nro"]
        geom = shape(f["geometry"])
        cx, cy = to_svg(geom.representative_point().x, geom.representative_point().y)
        label = names.get(number, {})
        out.append({"number": number, "d": _path(f["geometry"]), "label": label.get(language) or label.get("fi", ""),
                    "x": round(cx, 1), "y": round(cy, 1)})
    return out


def heat_map_svg(points: list[tuple[float, float]], *, title: str, cell_km: float = 1.0, min_count: int = 5,
                 legend: str = "", hidden_label: str = "") -> tuple[str, list[dict]]:
    """A grid heat map of the points over the district outlines; cells with fewer than ``min_count`` points are
    not drawn (small-cell suppression). Returns (svg, cells) with cells = [{x, y, count}] of the shown cells."""
    from yhteiso.analytics.suppression import Policy, suppress_counts

    p = projection()
    step_lat = cell_km / 111.32
    lon0, lat0, _lon1, lat1 = bounds()
    step_lon = step_lat / math.cos(math.radians((lat0 + lat1) / 2))
    grid: dict[tuple[int, int], int] = {}
    for lon, lat in points:
        key = (int((lon - lon0) // step_lon), int((lat1 - lat) // step_lat))
        grid[key] = grid.get(key, 0) + 1
    keys = sorted(grid)
    # The number of places is shown on the page, so one hidden cell could be recovered: secondary suppression.
    shown = suppress_counts([grid[k] for k in keys], policy=Policy(min_count=min_count, min_n=max(min_count, 10)))
    cells = [{"i": k[0], "j": k[1], "count": c} for k, c in zip(keys, shown, strict=True) if c is not None]
    top = max((c["count"] for c in cells), default=1)
    w, h = p["width"], p["height"]
    rects = []
    for c in cells:
        x = c["i"] * step_lon * p["kx"]
        y = c["j"] * step_lat * p["ky"]
        opacity = 0.25 + 0.75 * c["count"] / top
        cw, ch = step_lon * p["kx"], step_lat * p["ky"]
        rects.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cw:.1f}" height="{ch:.1f}" '
                     f'fill="#a4161a" fill-opacity="{opacity:.2f}"><title>{c["count"]}</title></rect>')
    outlines = "".join(f'<path d="{d["d"]}" fill="#ffffff" stroke="#4a4a4a" stroke-width="1"/>'
                       for d in district_paths())
    desc = escape(f"{legend} {len(cells)} / {sum(c['count'] for c in cells)}. {hidden_label}")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
           f'aria-labelledby="heat-title heat-desc"><title id="heat-title">{escape(title)}</title>'
           f'<desc id="heat-desc">{desc}</desc>{outlines}{"".join(rects)}</svg>')
    return svg, cells
