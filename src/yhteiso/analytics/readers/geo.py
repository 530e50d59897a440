"""Area boundaries from GeoJSON or GeoPackage, in EPSG:4326 (WGS84), EPSG:3067 (ETRS-TM35FIN) or EPSG:3879
(ETRS-GK25, the Helsinki region's plane coordinates). The CRS comes from the file (GeoJSON ``crs`` member or the
GeoPackage layer); a GeoJSON without one must be in longitude/latitude (RFC 7946), otherwise the caller must say
which CRS it is in. Any other CRS is refused. Geometries are kept in their own CRS; :func:`to_wgs84` transforms
them for display and :func:`area_m2` measures them in EPSG:3067.
"""

from __future__ import annotations

import json
import re
import string
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from yhteiso.analytics.readers.common import ReaderError, read_bytes

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


def parse_crs(text: str | int, *, file: str = "") -> str:
    """'EPSG:3067', 'urn:ogc:def:crs:EPSG::3879', 'CRS84', 3067 → 'EPSG:nnnn' if accepted; ReaderError otherwise."""
    value = str(text).strip()
    if re.search(r"CRS:?84$", value, re.I):
        return ACCEPTED_CRS[4326]
    match = re.search(r"EPSG:{0,2}(\d+)$", value, re.I) or re.fullmatch(r"(\d+)", value)
    if match and int(match.group(1)) in ACCEPTED_CRS:
        return ACCEPTED_CRS[int(match.group(1))]
    raise ReaderError(f"unknown coordinate reference system {value!r}; accepted: EPSG:4326, EPSG:3067, EPSG:3879",
                      file=file, column="crs")


def _format(template: str, props: dict, *, file: str, row: int, what: str) -> str:
    names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    for f in names:
        if f not in props or props[f] is None:
            raise ReaderError(f"property {f!r} (for the {what}) is missing", file=file, row=row, column=f)
    return template.format(**{k: ("" if v is None else v) for k, v in props.items()}).strip()


def _lonlat(coords) -> bool:
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return -180 <= coords[0] <= 180 and -90 <= coords[1] <= 90
    return all(_lonlat(c) for c in coords)


def _geojson_features(raw: bytes, name: str, crs: str | None) -> tuple[list[tuple[dict, dict]], str]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReaderError(f"not valid GeoJSON ({err})", file=name) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ReaderError("expected a GeoJSON FeatureCollection", file=name)
    declared = ((data.get("crs") or {}).get("properties") or {}).get("name")
    feats = [(f.get("properties") or {}, f.get("geometry")) for f in data.get("features") or []]
    if crs:
        found = parse_crs(crs, file=name)
    elif declared:
        found = parse_crs(declared, file=name)
    else:
        if not all(g is None or _lonlat(g.get("coordinates", [])) for _, g in feats):
            raise ReaderError("no CRS declared and the coordinates are not longitude/latitude (EPSG:4326); "
                              "say which CRS the file is in (EPSG:3067 or EPSG:3879)", file=name, column="crs")
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
    for i, wkb in enumerate(geoms):
        props = {n: (v[i].item() if hasattr(v[i], "item") else v[i]) for n, v in zip(names, values, strict=True)}
        geom = shapely.geometry.mapping(shapely.from_wkb(wkb)) if wkb is not None else None
        feats.append((props, geom))
    return feats, found


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
    from shapely.geometry import mapping, shape

    raw, label = read_bytes(source)
    label = filename or label
    if label.lower().endswith(".gpkg") or raw[:16].startswith(b"SQLite format 3"):
        feats, found = _gpkg_features(raw, label, crs, layer)
    else:
        feats, found = _geojson_features(raw, label, crs)
    if not feats:
        raise ReaderError("the file has no features", file=label)
    out: list[BoundaryFeature] = []
    seen: set[str] = set()
    repaired = 0
    for row, (props, geom) in enumerate(feats, start=1):
        area_code = _format(code, props, file=label, row=row, what="code")
        if not area_code:
            raise ReaderError("the area code is empty", file=label, row=row, column=code)
        if area_code in seen:
            raise ReaderError(f"area code {area_code!r} appears twice", file=label, row=row, column=code)
        seen.add(area_code)
        if not geom:
            raise ReaderError(f"area {area_code} has no geometry", file=label, row=row, column="geometry")
        try:
            g = shape(geom)
        except Exception as err:  # shapely raises GEOSException, ValueError, ...
            raise ReaderError(f"area {area_code}: unreadable geometry ({err})", file=label, row=row,
                              column="geometry") from None
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            raise ReaderError(f"area {area_code}: a {g.geom_type}, not a polygon", file=label, row=row,
                              column="geometry")
        if not g.is_valid:
            g = shapely.make_valid(g)
            if g.geom_type == "GeometryCollection":
                g = shapely.MultiPolygon([p for p in g.geoms if p.geom_type == "Polygon"])
            repaired += 1
        out.append(BoundaryFeature(
            code=area_code,
            name_fi=_format(name, props, file=label, row=row, what="name") if name else "",
            name_sv=_format(name_sv, props, file=label, row=row, what="Swedish name") if name_sv else "",
            parent_code=_format(parent, props, file=label, row=row, what="parent") if parent else "",
            geometry=mapping(g) if repaired else geom,
            properties={k: v for k, v in props.items() if isinstance(v, str | int | float | bool) or v is None},
            row=row,
        ))
    return Boundaries(features=out, crs=found, repaired=repaired)


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


def to_wgs84(geometry: dict, crs: str) -> dict:
    """The geometry in EPSG:4326 for display (6 decimals ≈ 0.1 m)."""
    import shapely.ops  # noqa: F401

    return _round(transform(geometry, crs, "EPSG:4326"), 6)


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
