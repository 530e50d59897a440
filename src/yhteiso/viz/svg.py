"""SVG line charts, bar charts and choropleth maps.

Pure Python (no Django): numbers are formatted with a comma decimal separator when ``decimal_comma`` is true
(Finnish and Swedish), the output is byte-for-byte deterministic for the same input, and text is escaped."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from html import escape

# Colour-blind-safe categorical colours (Okabe & Ito 2008), all with ≥ 3:1 contrast against white.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#5d5d5d", "#e69f00", "#56b4e9"]
# Sequential blues for maps (light = low, dark = high), ColorBrewer-like steps chosen for print and screen.
DEFAULT_PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "4 4", "10 4"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def fmt(value: float | None, *, decimals: int | None = None, decimal_comma: bool = True) -> str:
    """Format a number for a label: up to 2 decimals (trailing zeros dropped) unless ``decimals`` is given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:.0f}"
    else:
        text = f"{value:.{decimals}f}"
    if text == "-0":
        text = "0"
    return text.replace(".", ",").replace("-", "−") if decimal_comma else text


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi == lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < hi - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _svg_open(width: int, height: int, title: str, desc: str, uid: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" {FONT} font-size="13">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _uid(title: str, kind: str) -> str:
    digest = sum((i + 1) * ord(c) for i, c in enumerate(title)) % 1_000_000
    return f"{kind}{digest}"


def line_chart(
    series: Sequence[dict],
    *,
    title: str,
    x_label: str = "",
    y_label: str = "",
    width: int = 640,
    height: int = 320,
    reference_lines: Iterable[tuple[float, str]] = (),
    y_min: float | None = None,
    y_max: float | None = None,
    decimal_comma: bool = True,
) -> str:
    """A line chart of one or more series.

    ``series`` is a list of ``{"name": str, "points": [(x, y_or_None), ...]}`` where ``x`` is a number (for
    example a year). Missing values (None) break the line. Each series gets its own colour, dash pattern and
    marker shape, so the chart is readable without colour vision; a legend names them.
    """
    reference_lines = list(reference_lines)
    points = [(x, y) for s in series for x, y in s.get("points", []) if y is not None]
    uid = _uid(title, "line")
    names = ", ".join(s.get("name", "") for s in series)
    if not points:
        desc = "No data."
        out = _svg_open(width, 80, title, desc, uid)
        out.append(f'<text x="10" y="45" fill="#4a4a4a">{escape(desc)}</text></svg>')
        return "\n".join(out)
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points] + [float(v) for v, _ in reference_lines]
    lo = min(ys) if y_min is None else y_min
    hi = max(ys) if y_max is None else y_max
    if y_min is None and lo > 0 and (hi - lo) < 0.5 * hi:
        pad = (hi - lo) * 0.15 or abs(hi) * 0.05 or 1
        lo -= pad
        hi += pad
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)
    x_lo, x_hi = min(xs), max(xs)
    if x_hi == x_lo:
        x_lo, x_hi = x_lo - 1, x_hi + 1
    longest = max((len(str(s.get("name", ""))) for s in series), default=0)
    legend_cols = 3 if longest <= 18 else 2 if longest <= 34 else 1
    legend_rows = math.ceil(len(series) / legend_cols)
    left, right, top, bottom = 64, 20, 36, 48 + 20 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * plot_w

    def sy(y: float) -> float:
        return top + (1 - (y - lo) / (hi - lo)) * plot_h

    summary = []
    for s in series:
        pts = [(x, y) for x, y in s.get("points", []) if y is not None]
        if pts:
            summary.append(
                f"{s.get('name', '')}: {fmt(pts[0][1], decimal_comma=decimal_comma)} ({fmt(pts[0][0], decimals=0)})"
                f" → {fmt(pts[-1][1], decimal_comma=decimal_comma)} ({fmt(pts[-1][0], decimals=0)})"
            )
    desc = f"{y_label}. " + "; ".join(summary) if y_label else "; ".join(summary)
    out = _svg_open(width, height, title, desc or names, uid)
    out.append(f'<text x="{left}" y="22" font-weight="bold" font-size="14">{escape(title)}</text>')
    for t in ticks:
        y = sy(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9d9d9"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                   f'{escape(fmt(t, decimal_comma=decimal_comma))}</text>')
    x_ticks = sorted(set(xs))
    if any(not float(t).is_integer() for t in x_ticks):
        if x_hi - x_lo >= 2:
            x_ticks = [float(t) for t in range(math.ceil(x_lo), math.floor(x_hi) + 1)]
        else:
            x_ticks = [t for t in _nice_ticks(x_lo, x_hi, 6) if x_lo <= t <= x_hi]
    if len(x_ticks) > 12:
        step = math.ceil(len(x_ticks) / 12)
        x_ticks = x_ticks[::step]
    for t in x_ticks:
        x = sx(t)
        out.append(f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 5}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="#333">'
                   f'{escape(fmt(t, decimals=0, decimal_comma=False) if float(t).is_integer() else fmt(t))}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    if y_label:
        out.append(f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                   f'fill="#333">{escape(y_label)}</text>')
    if x_label:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 34}" text-anchor="middle" fill="#333">'
                   f'{escape(x_label)}</text>')
    for value, label in reference_lines:
        y = sy(float(value))
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#000" '
                   f'stroke-dasharray="2 4" stroke-width="1.5"/>')
        out.append(f'<text x="{left + plot_w - 4}" y="{y - 5:.1f}" text-anchor="end" fill="#000">'
                   f"{escape(label)}</text>")
    for i, s in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        dash = DASHES[i % len(DASHES)]
        segments: list[list[tuple[float, float]]] = [[]]
        for x, y in s.get("points", []):
            if y is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((sx(float(x)), sy(float(y))))
        for seg in segments:
            if len(seg) > 1:
                d = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            for x, y in seg:
                out.append(_marker(MARKERS[i % len(MARKERS)], x, y, colour))
    legend_y = height - 20 * legend_rows + 4
    for i, s in enumerate(series):
        col, row = i % legend_cols, i // legend_cols
        lx, ly = left + col * (plot_w / legend_cols), legend_y + row * 20
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        dash = DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{lx:.1f}" y1="{ly:.1f}" x2="{lx + 26:.1f}" y2="{ly:.1f}" stroke="{colour}" '
                   f'stroke-width="2.5"{dash_attr}/>')
        out.append(_marker(MARKERS[i % len(MARKERS)], lx + 13, ly, colour))
        out.append(f'<text x="{lx + 32:.1f}" y="{ly + 4:.1f}" fill="#1a1a1a">{escape(str(s.get("name", "")))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y:.1f} {x:.1f},{y + 4.5:.1f} '
                f'{x - 4.5:.1f},{y:.1f}" fill="{colour}"/>')
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def bar_chart(
    bars: Sequence[tuple[str, float | None]],
    *,
    title: str,
    value_label: str = "",
    width: int = 640,
    height: int | None = None,
    reference: tuple[float, str] | None = None,
    decimal_comma: bool = True,
    colours: Sequence[str] | None = None,
) -> str:
    """A horizontal bar chart: one bar per (label, value); None is shown as "no data". Values are printed on
    the bars so the chart reads without the axis; ``reference`` draws a labelled vertical line (e.g. a target)."""
    uid = _uid(title, "bar")
    row_h = 26
    max_chars = max((len(str(label)) for label, _ in bars), default=10)
    label_w = min(int(width * 0.45), max(80, 8 * max_chars))
    fit_chars = max(6, label_w // 8)
    top, bottom, left, right = 34, 34, label_w + 12, 56
    height = height or top + bottom + row_h * max(len(bars), 1)
    values = [v for _, v in bars if v is not None] + ([reference[0]] if reference else [])
    lo = min([0.0, *values]) if values else 0.0
    hi = max([0.0, *values]) if values else 1.0
    if hi == lo:
        hi = lo + 1
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    plot_w = width - left - right

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    desc_items = [f"{label}: {fmt(v, decimal_comma=decimal_comma)}" for label, v in bars]
    desc = (value_label + ". " if value_label else "") + "; ".join(desc_items)
    out = _svg_open(width, height, title, desc, uid)
    out.append(f'<text x="8" y="22" font-weight="bold" font-size="14">{escape(title)}</text>')
    for t in ticks:
        x = sx(t)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#333">'
                   f'{escape(fmt(t, decimal_comma=decimal_comma))}</text>')
    zero = sx(0.0)
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        colour = (colours[i % len(colours)] if colours else SERIES_COLOURS[0])
        text = str(label) if len(str(label)) <= fit_chars else str(label)[: fit_chars - 1] + "…"
        out.append(f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" fill="#1a1a1a">'
                   f"<title>{escape(str(label))}</title>{escape(text)}</text>")
        if value is None:
            out.append(f'<text x="{zero + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#4a4a4a" font-style="italic">'
                       f'{escape("–")}</text>')
            continue
        x0, x1 = sorted((zero, sx(float(value))))
        out.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 8}" '
                   f'fill="{colour}"/>')
        out.append(f'<text x="{x1 + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#1a1a1a">'
                   f'{escape(fmt(float(value), decimal_comma=decimal_comma))}</text>')
    out.append(f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{height - bottom}" stroke="#333"/>')
    if reference:
        x = sx(float(reference[0]))
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - bottom}" stroke="#000" '
                   f'stroke-width="2" stroke-dasharray="5 3"/>')
        anchor, tx = ("end", x - 3) if x > left + plot_w * 0.6 else ("start", x + 3)
        out.append(f'<text x="{tx:.1f}" y="{top - 6}" text-anchor="{anchor}" fill="#000">{escape(reference[1])}</text>')
    if value_label:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" fill="#333">'
                   f'{escape(value_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _rings(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    """Polygons of a GeoJSON geometry as lists of rings of (lon, lat)."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [[[(float(p[0]), float(p[1])) for p in ring] for ring in coords]]
    if kind == "MultiPolygon":
        return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in coords]
    if kind == "GeometryCollection":
        return list(itertools.chain.from_iterable(_rings(g) for g in geometry.get("geometries", [])))
    return []


def _class_of(value: float, breaks: Sequence[float]) -> int:
    """Index of the class: breaks are the upper bounds of classes 0..k-2; the last class is open above."""
    for i, b in enumerate(breaks):
        if value <= b:
            return i
    return len(breaks)


def choropleth(
    features: Sequence[dict],
    *,
    title: str,
    breaks: Sequence[float],
    palette: Sequence[str] | None = None,
    legend_title: str = "",
    width: int = 640,
    height: int = 520,
    missing_label: str = "no data",
    decimal_comma: bool = True,
    link_template: str | None = None,
) -> str:
    """A choropleth map of areas.

    ``features``: ``{"code", "name", "geometry" (GeoJSON, EPSG:4326), "value" (float or None)}``.
    ``breaks``: the upper bounds of all classes but the last (k−1 numbers for k classes, ascending), as produced
    by the classification functions; the palette needs k colours. Areas without a value are hatched grey and
    listed as ``missing_label`` in the legend. Each area carries a ``<title>`` with its name and value, so a
    pointer or a screen reader can read it; ``link_template`` (with ``{code}``) makes each area a link.
    Longitude is scaled by cos(latitude) so that shapes are not stretched.
    """
    breaks = list(breaks)
    k = len(breaks) + 1
    palette = list(palette or _palette_for(k))
    if len(palette) < k:
        raise ValueError(f"the palette has {len(palette)} colours but the breaks make {k} classes")
    uid = _uid(title, "map")
    all_pts = [p for f in features for poly in _rings(f.get("geometry") or {}) for ring in poly for p in ring]
    legend_h = 22 * (k + 1) + 30
    map_h = height - 40
    if not all_pts:
        out = _svg_open(width, 80, title, missing_label, uid)
        out.append(f'<text x="10" y="45">{escape(missing_label)}</text></svg>')
        return "\n".join(out)
    lons = [p[0] for p in all_pts]
    lats = [p[1] for p in all_pts]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))
    legend_w = 190
    avail_w, avail_h = width - legend_w - 20, map_h - 10
    span_x = (max(lons) - min(lons)) * kx or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    scale = min(avail_w / span_x, avail_h / span_y)
    ox, oy = 10, 36

    lon0, lat1 = min(lons), max(lats)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ox + (lon - lon0) * kx * scale, oy + (lat1 - lat) * scale

    values = [f.get("value") for f in features if f.get("value") is not None]
    desc = (f"{len(features)} areas; {len(values)} with a value"
            + (f", from {fmt(min(values), decimal_comma=decimal_comma)}"
               f" to {fmt(max(values), decimal_comma=decimal_comma)}"
               if values else "") + ".")
    out = _svg_open(width, max(height, legend_h + 40), title, desc, uid)
    out.append(f'<defs><pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6">'
               f'<rect width="6" height="6" fill="#f0f0f0"/><path d="M0,6 L6,0" stroke="#8c8c8c" stroke-width="1"/>'
               f"</pattern></defs>")
    out.append(f'<text x="10" y="22" font-weight="bold" font-size="14">{escape(title)}</text>')
    for f in features:
        value = f.get("value")
        fill = f"url(#{uid}-hatch)" if value is None else palette[_class_of(float(value), breaks)]
        path = []
        for poly in _rings(f.get("geometry") or {}):
            for ring in poly:
                pts = [project(*p) for p in ring]
                if pts:
                    path.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z")
        if not path:
            continue
        shown = fmt(value, decimal_comma=decimal_comma) if value is not None else missing_label
        label = f"{f.get('name', f.get('code', ''))}: {shown}"
        shape = (f'<path d="{" ".join(path)}" fill="{fill}" fill-rule="evenodd" stroke="#ffffff" '
                 f'stroke-width="0.8"><title>{escape(label)}</title></path>')
        if link_template:
            href = escape(link_template.format(code=f.get("code", "")))
            shape = f'<a href="{href}" aria-label="{escape(label)}">{shape}</a>'
        out.append(shape)
    lx, ly = width - legend_w + 4, 50
    if legend_title:
        out.append(f'<text x="{lx}" y="{ly}" font-weight="bold">{escape(legend_title)}</text>')
    bounds = [None, *breaks, None]
    for i in range(k):
        y = ly + 12 + i * 22
        lo_b, hi_b = bounds[i], bounds[i + 1]
        if lo_b is None:
            text = f"≤ {fmt(hi_b, decimal_comma=decimal_comma)}" if hi_b is not None else "–"
        elif hi_b is None:
            text = f"> {fmt(lo_b, decimal_comma=decimal_comma)}"
        else:
            text = f"{fmt(lo_b, decimal_comma=decimal_comma)} – {fmt(hi_b, decimal_comma=decimal_comma)}"
        out.append(f'<rect x="{lx}" y="{y}" width="18" height="16" fill="{palette[i]}" stroke="#6b6b6b"/>')
        out.append(f'<text x="{lx + 26}" y="{y + 13}">{escape(text)}</text>')
    y = ly + 12 + k * 22
    out.append(f'<rect x="{lx}" y="{y}" width="18" height="16" fill="url(#{uid}-hatch)" stroke="#6b6b6b"/>')
    out.append(f'<text x="{lx + 26}" y="{y + 13}">{escape(missing_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _palette_for(k: int) -> list[str]:
    """A sequential blue palette with ``k`` steps (interpolated between the default colours)."""
    if k <= len(DEFAULT_PALETTE):
        idx = [round(i * (len(DEFAULT_PALETTE) - 1) / max(k - 1, 1)) for i in range(k)]
        return [DEFAULT_PALETTE[i] for i in idx]
    start, end = (0xEF, 0xF3, 0xFF), (0x08, 0x30, 0x6B)
    return ["#" + "".join(f"{round(s + (e - s) * i / (k - 1)):02x}" for s, e in zip(start, end, strict=True))
            for i in range(k)]
