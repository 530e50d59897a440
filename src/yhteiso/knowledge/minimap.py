"""A small locator map: the area in colour among its neighbours in grey (server-rendered SVG, no legend needed)."""

from __future__ import annotations

import math
from html import escape


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def locator_map(area_geometry: dict, others: list[dict], *, title: str, desc: str, width: int = 320,
                height: int = 260) -> str:
    polys = [(True, p) for p in _rings(area_geometry)] + [(False, p) for g in others for p in _rings(g)]
    pts = [pt for _, poly in polys for ring in poly for pt in ring]
    if not pts:
        return ""
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = min((width - 10) / (((lon1 - lon0) * kx) or 1e-9), (height - 10) / ((lat1 - lat0) or 1e-9))

    def xy(p):
        return f"{5 + (p[0] - lon0) * kx * scale:.1f},{5 + (lat1 - p[1]) * scale:.1f}"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-labelledby="locator-title locator-desc">',
           f'<title id="locator-title">{escape(title)}</title><desc id="locator-desc">{escape(desc)}</desc>']
    for highlight, poly in sorted(polys, key=lambda hp: hp[0]):
        d = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in poly)
        fill, stroke = ("#1f5fa8", "#0b2e55") if highlight else ("#e4e7eb", "#8a8f96")
        out.append(f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{1.5 if highlight else 0.7}" '
                   f'fill-rule="evenodd"/>')
    out.append("</svg>")
    return "\n".join(out)
