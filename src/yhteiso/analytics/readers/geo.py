"""Area boundaries from GeoJSON or GeoPackage, in EPSG:4326 (WGS84), EPSG:3067 (ETRS-TM35FIN) or EPSG:3879
(ETRS-GK25, the Helsinki region's plane coordinates). The CRS comes from the file (GeoJSON ``crs`` member or the
GeoPackage layer); a GeoJSON without one must be in longitude/latitude (RFC 7946), otherwise the caller must say
which CRS it is in. Any other CRS is refused. Geometries are kept in their own CRS; :func:`to_wgs84` transforms
them for display and :func:`area_m2` measures them in EPSG:3067.
"""

from __future__ import annotations

import json
import math
import re
import string
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from yhteiso.analytics.readers.common import (
    MAX_BOUNDARY_VERTICES,
    MAX_DISPLAY_VERTICES,
    MAX_STORED_VERTICES,
    ReaderError,
    guarded,
    read_bytes,
    strict_json,
)

ACCEPTED_CRS = {4326: "EPSG:4326", 3067: "EPSG:3067", 3879: "EPSG:3879"}


@dataclass
class BoundaryFeature:
    code: str
    name_fi: str
    name_sv: str
    parent_code: str
    geometry: dict
    properties: dict = field(default_factory=dict)
    row: int = 0


@dataclass
class Boundaries:
    features: list[BoundaryFeature]
    crs: str
    repaired: int = 0
    simplified: int = 0


def parse_crs(text: str | int, *, file: str = "") -> str:
    """'EPSG:3067', 'urn:ogc:def:crs:EPSG::3879', 'CRS84', 3067 → 'EPSG:nnnn' if accepted; ReaderError otherwise."""
    value = str(text).strip()
    if re.search(r"CRS:?84$", value, re.I):
        return ACCEPTED_CRS[4326]
    match = re.search(r"EPSG:{0,2}(\d+)$", value, re.I) or re.fullmatch(r"(\d+)", value)
    if match and int(match.group(1)) in ACCEPTED_CRS:
        return ACCEPTED_CRS[int(match.group(1))]
    raise ReaderError.of("unknown_crs", file=file, column="crs", value=value)


def _format(template: str, props: dict, *, file: str, row: int, what: str) -> str:
    names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    for f in names:
        if f not in props or props[f] is None:
            raise ReaderError.of("property_missing", file=file, row=row, column=f, name=f, what=what)
    return template.format(**{k: ("" if v is None else v) for k, v in props.items()}).strip()


def _lonlat(coords) -> bool:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return -180 <= coords[0] <= 180 and -90 <= coords[1] <= 90
    return all(_lonlat(c) for c in coords)


_DEPTH = {"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4}


def check_coordinates(geometry: object, *, file: str, row: int, area: str) -> int:
    """The number of vertices of a GeoJSON geometry whose coordinates are well formed: nested lists of the depth
    its type needs, ending in pairs (or triples) of finite numbers. ReaderError naming the feature otherwise."""

    def bad(detail: str) -> ReaderError:
        return ReaderError.of("bad_coordinates", file=file, row=row, column="geometry", area=area, detail=detail)

    if not isinstance(geometry, dict) or geometry.get("type") not in _DEPTH:
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise bad(f"unsupported geometry {str(kind)[:40]!r}")
    count = 0
    stack: list[tuple[object, int]] = [(geometry.get("coordinates"), _DEPTH[str(geometry["type"])])]
    number = (int, float)
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, list):
            raise bad(f"{type(node).__name__} where a list was expected")
        if depth == 1:
            node = [node]
        elif depth > 2:
            stack.extend((child, depth - 1) for child in node)
            continue
        for position in node:  # a list of positions: checked inline (a boundary may have a million)
            if not (type(position) is list and 2 <= len(position) <= 3 and all(
                    type(c) in number and math.isfinite(c) for c in position)):
                raise bad(f"{str(position)[:40]} is not a pair of numbers")
        count += len(node)
        if count > MAX_BOUNDARY_VERTICES:
            raise ReaderError.of("too_many_vertices", file=file, row=row, limit=MAX_BOUNDARY_VERTICES,
                                 found=count)
    return count


def to_shape(geometry: dict):
    """A shapely geometry from a GeoJSON geometry checked by :func:`check_coordinates` (polygons are built
    from NumPy arrays: much faster than shapely's ``shape`` for large rings)."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    def polygon(rings):
        arrays = [np.asarray(r, dtype=float)[:, :2] for r in rings]
        return shapely.Polygon(arrays[0], arrays[1:]) if arrays else shapely.Polygon()

    if geometry.get("type") == "Polygon":
        return polygon(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return shapely.MultiPolygon([polygon(p) for p in geometry["coordinates"]])
    return shape(geometry)


def simplify_to(geometry: dict, max_vertices: int, *, start_tolerance: float) -> dict:
    """The geometry simplified with the smallest tolerance of ``start_tolerance`` × 2ᵏ that leaves at most
    ``max_vertices`` vertices; unchanged when it already has few enough. Douglas–Peucker (fast and bounded even
    for a million vertices); each step simplifies the previous result, and a result that is no longer a valid
    polygon is repaired once at the end, so no area vanishes or crosses itself."""
    import shapely
    from shapely.geometry import mapping

    g = to_shape(geometry)
    if shapely.get_num_coordinates(g) <= max_vertices:
        return geometry
    return mapping(simplify_shape(g, max_vertices, start_tolerance=start_tolerance))


def simplify_shape(g, max_vertices: int, *, start_tolerance: float):
    """:func:`simplify_to` on a shapely geometry."""
    import shapely

    if shapely.get_num_coordinates(g) <= max_vertices:
        return g
    original = g
    tolerance = start_tolerance
    for _ in range(60):
        simpler = g.simplify(tolerance, preserve_topology=False)
        if not simpler.is_empty:
            g = simpler
        if shapely.get_num_coordinates(g) <= max_vertices:
            break
        tolerance *= 2
    if not g.is_valid:
        g = shapely.make_valid(g)
        if g.geom_type == "GeometryCollection":
            g = shapely.MultiPolygon([p for p in g.geoms if p.geom_type == "Polygon"])
    if g.is_empty:  # a sliver area simplified away: keep its outline as a box
        g = shapely.box(*original.bounds)
    return g


def display_tolerance(crs: str) -> float:
    """A first simplification tolerance of about 0.5 m in the units of ``crs``."""
    return 0.5 / 111_000 if crs == ACCEPTED_CRS[4326] else 0.5


def _geojson_features(raw: bytes, name: str, crs: str | None) -> tuple[list[tuple[dict, dict]], str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReaderError.of("not_utf8", file=name, encoding="UTF-8") from None
    data = strict_json(text, file=name)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features") or [], list):
        raise ReaderError("expected a GeoJSON FeatureCollection", file=name)
    crs_member = data.get("crs") if isinstance(data.get("crs"), dict) else {}
    declared = (crs_member.get("properties") or {}).get("name") if isinstance(crs_member.get("properties"),
                                                                                dict) else None
    feats = []
    total = 0
    for row, f in enumerate(data.get("features") or [], start=1):
        if not isinstance(f, dict):
            raise ReaderError("expected a GeoJSON Feature", file=name, row=row)
        props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
        geom = f.get("geometry")
        if geom is not None:
            total += check_coordinates(geom, file=name, row=row, area=str(props.get("code", row)))
            if total > MAX_BOUNDARY_VERTICES:
                raise ReaderError.of("too_many_vertices", file=name, row=row, limit=MAX_BOUNDARY_VERTICES,
                                     found=total)
        feats.append((props, geom))
    if crs:
        found = parse_crs(crs, file=name)
    elif declared:
        found = parse_crs(declared, file=name)
    else:
        if not all(g is None or _lonlat(g.get("coordinates", [])) for _, g in feats):
            raise ReaderError.of("no_crs", file=name, column="crs")
        found = ACCEPTED_CRS[4326]
    return feats, found


def _gpkg_features(raw: bytes, name: str, crs: str | None, layer: str | None) -> tuple[list[tuple[dict, dict]], str]:
    import pyogrio
    import shapely

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.gpkg"
        path.write_bytes(raw)
        try:
            info = pyogrio.read_info(path, layer=layer)
            meta, _fids, geoms, values = pyogrio.raw.read(path, layer=layer)
        except Exception as err:  # pyogrio raises DataSourceError/DataLayerError
            raise ReaderError(f"not a readable GeoPackage ({err})", file=name) from None
    found = parse_crs(crs or info.get("crs") or "", file=name) if (crs or info.get("crs")) else None
    if found is None:
        raise ReaderError("the GeoPackage layer has no CRS", file=name, column="crs")
    names = list(meta["fields"])
    feats = []
    total = 0
    for i, wkb in enumerate(geoms):
        props = {n: (v[i].item() if hasattr(v[i], "item") else v[i]) for n, v in zip(names, values, strict=True)}
        shp = shapely.from_wkb(wkb) if wkb is not None else None
        total += 0 if shp is None else int(shapely.get_num_coordinates(shp))
        if total > MAX_BOUNDARY_VERTICES:
            raise ReaderError.of("too_many_vertices", file=name, row=i + 1, limit=MAX_BOUNDARY_VERTICES, found=total)
        geom = shapely.geometry.mapping(shp) if shp is not None else None
        feats.append((props, geom))
    return feats, found


@guarded("boundaries")
def read_boundaries(
    source: str | Path | bytes,
    *,
    code: str = "{code}",
    name: str = "{name}",
    name_sv: str = "",
    parent: str = "",
    crs: str | None = None,
    layer: str | None = None,
    filename: str | None = None,
) -> Boundaries:
    """Read boundaries. ``code``, ``name``, ``name_sv`` and ``parent`` are templates over the feature's properties,
    e.g. ``code="{kokotun}"``, ``parent="{kunta}{suuralue_nro}{tilastoalue_nro}000"``."""
    import shapely
    from shapely.geometry import mapping

    raw, label = read_bytes(source)
    label = filename or label
    if label.lower().endswith(".gpkg") or raw[:16].startswith(b"SQLite format 3"):
        feats, found = _gpkg_features(raw, label, crs, layer)
    else:
        feats, found = _geojson_features(raw, label, crs)
    if not feats:
        raise ReaderError.of("no_features", file=label)
    out: list[BoundaryFeature] = []
    seen: set[str] = set()
    repaired = simplified = 0
    for row, (props, geom) in enumerate(feats, start=1):
        area_code = _format(code, props, file=label, row=row, what="code")
        if not area_code:
            raise ReaderError("the area code is empty", file=label, row=row, column=code)
        if area_code in seen:
            raise ReaderError.of("area_code_twice", file=label, row=row, column=code, value=area_code)
        seen.add(area_code)
        if not geom:
            raise ReaderError.of("no_geometry", file=label, row=row, column="geometry", area=area_code)
        try:
            g = to_shape(geom)
        except Exception as err:  # shapely raises GEOSException, ValueError, ...
            raise ReaderError(f"area {area_code}: unreadable geometry ({err})", file=label, row=row,
                              column="geometry") from None
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            raise ReaderError.of("not_polygon", file=label, row=row, column="geometry", area=area_code,
                                 kind=g.geom_type)
        changed = False
        if not g.is_valid:
            g = shapely.make_valid(g)
            if g.geom_type == "GeometryCollection":
                g = shapely.MultiPolygon([p for p in g.geoms if p.geom_type == "Polygon"])
            repaired += 1
            changed = True
        if shapely.get_num_coordinates(g) > MAX_STORED_VERTICES:
            g = simplify_shape(g, MAX_STORED_VERTICES, start_tolerance=display_tolerance(found))
            simplified += 1
            changed = True
        out.append(BoundaryFeature(
            code=area_code,
            name_fi=_format(name, props, file=label, row=row, what="name") if name else "",
            name_sv=_format(name_sv, props, file=label, row=row, what="Swedish name") if name_sv else "",
            parent_code=_format(parent, props, file=label, row=row, what="parent") if parent else "",
            geometry=mapping(g) if changed else geom,
            properties={k: v for k, v in props.items() if isinstance(v, str | int | float | bool) or v is None},
            row=row,
        ))
    return Boundaries(features=out, crs=found, repaired=repaired, simplified=simplified)


@lru_cache(maxsize=8)
def _transformer(src: str, dst: str):
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


def transform(geometry: dict, src: str, dst: str, *, precision: int | None = None) -> dict:
    """A GeoJSON geometry transformed from ``src`` to ``dst`` (pyproj, x/y order)."""
    import shapely
    from shapely.geometry import mapping, shape

    g = shape(geometry)
    if src != dst:
        g = shapely.ops.transform(_transformer(src, dst).transform, g)
    if precision is not None:
        g = shapely.set_precision(g, 10 ** -precision) if precision > 0 else g
    return mapping(g)


def to_wgs84(geometry: dict, crs: str, *, max_vertices: int | None = None) -> dict:
    """The geometry in EPSG:4326 for display (6 decimals ≈ 0.1 m); with ``max_vertices``, simplified once to at
    most that many vertices (what public pages draw, so their work stays bounded)."""
    import shapely.ops  # noqa: F401

    out = _round(transform(geometry, crs, "EPSG:4326"), 6)
    if max_vertices is not None:
        out = simplify_to(out, max_vertices, start_tolerance=display_tolerance(ACCEPTED_CRS[4326]))
        out = _round(out, 6)
    return out


def to_display(geometry: dict, crs: str) -> dict:
    """The boundary stored for display: EPSG:4326 with at most :data:`~.common.MAX_DISPLAY_VERTICES` vertices."""
    return to_wgs84(geometry, crs, max_vertices=MAX_DISPLAY_VERTICES)


def area_m2(geometry: dict, crs: str) -> float:
    """Area in square metres, measured in EPSG:3067."""
    import shapely.ops  # noqa: F401
    from shapely.geometry import shape

    return float(shape(transform(geometry, crs, "EPSG:3067")).area)


def _round(geometry: dict, digits: int) -> dict:
    def r(c):
        if isinstance(c, int | float):
            return round(float(c), digits)
        return [r(x) for x in c]

    return {"type": geometry["type"], "coordinates": r(json.loads(json.dumps(geometry["coordinates"])))}
