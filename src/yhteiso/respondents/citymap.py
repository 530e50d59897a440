"""The city's map for every resident-facing app: Espoo's major districts (shipped GeoJSON, HSY CC BY 4.0, see
``data/PROVENANCE.md``), a simple equirectangular projection to SVG coordinates (ample at Espoo's scale and
invertible in a few lines of JavaScript), the district outlines for the SVG map and the interactive map, and the
point-in-district lookup that places an answer in a district and refuses a point outside Espoo. Map surveys and the
surveys' place questions both use it."""

from __future__ import annotations

import json
import math
from functools import lru_cache
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


def _numbers(codes) -> set[str] | None:
    """The district numbers of the home-area codes ``codes`` (None or empty: every district)."""
    if not codes:
        return None
    wanted = {str(c) for c in codes}
    return {str(o["number"]) for o in home_area_options() if str(o["value"]) in wanted}


def district_paths(language: str = "fi", covered=None) -> list[dict]:
    """SVG path data and label position of every district; ``covered`` (home-area codes, empty: all) marks the
    districts a map survey covers (``"covered": True``) — the others are drawn faint by the page."""
    names = {o["number"]: o["label"] for o in home_area_options()}
    numbers = _numbers(covered)
    out = []
    for f in _features():
        number = f["properties"]["suuralue_nro"]
        geom = shape(f["geometry"])
        cx, cy = to_svg(geom.representative_point().x, geom.representative_point().y)
        label = names.get(number, {})
        # Coordinates as strings with a decimal point: a template must never localise them ("365,8" is two numbers
        # to SVG).
        out.append({"number": number, "d": _path(f["geometry"]), "label": label.get(language) or label.get("fi", ""),
                    "x": f"{cx:.1f}", "y": f"{cy:.1f}", "covered": numbers is None or str(number) in numbers})
    return out


def view_box(covered=None, margin: float = 12.0) -> str:
    """The SVG viewBox ("x y width height") that fits the covered districts (all of Espoo when ``covered`` is
    empty) with a margin, never reaching beyond the whole map."""
    p = projection()
    numbers = _numbers(covered)
    if numbers is None:
        return f"0 0 {p['width']} {p['height']}"
    xs, ys = [], []
    for number, _prepared, geom in _shapes():
        if str(number) in numbers:
            x0, y0, x1, y1 = geom.bounds
            for lon, lat in ((x0, y0), (x1, y1)):
                x, y = to_svg(lon, lat)
                xs.append(x)
                ys.append(y)
    if not xs:
        return f"0 0 {p['width']} {p['height']}"
    left, top = max(0.0, min(xs) - margin), max(0.0, min(ys) - margin)
    right, bottom = min(float(p["width"]), max(xs) + margin), min(float(p["height"]), max(ys) + margin)
    return f"{left:.1f} {top:.1f} {right - left:.1f} {bottom - top:.1f}"


def districts_geojson(language: str = "fi", codes=None, *, exclude: bool = False) -> dict:
    """The districts as a GeoJSON FeatureCollection with their names in ``language`` (for the interactive map):
    all of them, only those of the home-area ``codes``, or (``exclude``) all but those."""
    names = {o["number"]: o["label"] for o in home_area_options()}
    numbers = _numbers(codes)

    def wanted(number) -> bool:
        if numbers is None:
            return not exclude
        return (str(number) in numbers) != exclude

    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": f["geometry"], "properties": {
            "name": names.get(f["properties"]["suuralue_nro"], {}).get(language)
            or names.get(f["properties"]["suuralue_nro"], {}).get("fi", "")}}
        for f in _features() if wanted(f["properties"]["suuralue_nro"])]}


def district_labels(language: str = "fi", codes=None) -> list[dict]:
    """``[{"name", "lon", "lat"}]``: a point inside every district (or those of the home-area ``codes``), for its
    name on the interactive map."""
    names = {o["number"]: o["label"] for o in home_area_options()}
    numbers = _numbers(codes)
    out = []
    for f in _features():
        if numbers is not None and str(f["properties"]["suuralue_nro"]) not in numbers:
            continue
        point = shape(f["geometry"]).representative_point()
        label = names.get(f["properties"]["suuralue_nro"], {})
        out.append({"name": label.get(language) or label.get("fi", ""), "lon": round(point.x, 6),
                    "lat": round(point.y, 6)})
    return out
