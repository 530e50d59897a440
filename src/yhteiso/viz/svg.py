"""SVG line charts, bar charts and choropleth maps.

Pure Python (no Django): numbers are formatted with a comma decimal separator when ``decimal_comma`` is true
(Finnish and Swedish), the output is byte-for-byte deterministic for the same input, and text is escaped."""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from html import escape

# Colour-blind-safe categorical colours (Okabe & Ito 2008), all with ≥ 3:1 contrast against white.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#5d5d5d", "#e69f00", "#56b4e9"]
# Sequential warm colours for maps (light = low, dark = high). The lightest step is still visibly tinted on white
# (no white classes: the areas with the lowest values must not vanish into the page); areas are outlined.
DEFAULT_PALETTE = ["#fde3b0", "#fbb46a", "#f07c3c", "#cf4520", "#8c1d0e"]
# Diverging colours around a centre (e.g. city = 100): cool = less need, warm = more need; no white middle.
COOL = ["#d6e4f0", "#97bcdb", "#4f8bc0", "#21578f"]
WARM = ["#fcd9a9", "#f6a05a", "#de5a2a", "#a1240f"]
WATER = "#cfe3f1"
LAND_OUTLINE = "#5a5a5a"
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "4 4", "10 4"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond"]
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
TITLE_CHAR_W = 9.0  # the average advance of a letter in the 14 px bold title (DejaVu Sans Bold: 8.0 ran a long
# Finnish title off the edge of the council report's chart)
TITLE_LINE_H = 17
# Advance widths in em of DejaVu Sans (the charts' first font) for estimating a label's width: digits 0.636, spaces
# 0.318, other letters about 0.62 on average. Tick labels are thinned until these estimated boxes do not touch.
_DIGIT_EM, _SPACE_EM, _OTHER_EM = 0.636, 0.318, 0.62
TICK_GAP = 8  # the least room between two tick labels, in SVG units


def text_width(text: str, font_size: float = 13) -> float:
    """An estimate of ``text``'s width in SVG units in the charts' font (DejaVu Sans) at ``font_size``."""
    em = sum(_DIGIT_EM if c.isdigit() else _SPACE_EM if c in " \u00a0,." else _OTHER_EM for c in text)
    return em * font_size


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
    # thousands grouped as on the pages: "77 000" with a no-break space, "77,000" in English; from five digits on,
    # so that a year on an axis stays "2026" (a four-digit figure may go ungrouped in Finnish and Swedish)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, frac = digits.partition(".")
    if len(whole) > 4:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ("\u00a0" if decimal_comma else ",").join([whole, *groups])
    text = sign + whole + dot + frac
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


def _title(title: str, *, x: float, room: float) -> tuple[str, int]:
    """The visible title at the top left, broken at spaces into lines that fit ``room`` units (a long title ran
    off the chart's edge), and the height the lines after the first add. The ``<title>`` keeps it whole."""
    lines = textwrap.wrap(title, max(12, int(room / TITLE_CHAR_W))) or [""]
    spans = "".join(f'<tspan x="{x}" dy="{TITLE_LINE_H if i else 0}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x}" y="22" font-weight="bold" font-size="14">{spans}</text>',
            TITLE_LINE_H * (len(lines) - 1))


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
    x_markers: Iterable[tuple[float, str]] = (),
    id_prefix: str = "line",
    no_data: str = "No data.",
) -> str:
    """A line chart of one or more series.

    ``series`` is a list of ``{"name": str, "points": [(x, y_or_None), ...]}`` where ``x`` is a number (for
    example a year). Missing values (None) break the line. Each series gets its own colour, dash pattern and
    marker shape, so the chart is readable without colour vision; a legend names them. A series with
    ``"label_last": True`` writes its last value (with ``"label_decimals"`` decimals) beside its last point (a
    series of one year is otherwise a lone marker that is easy to miss). ``x_markers`` are labelled vertical
    lines (e.g. a project's start), and the x axis reaches them even beyond the data. ``id_prefix`` tells apart
    the element ids of two renderings of one chart on a page (e.g. a wide and a narrow one).
    """
    reference_lines = list(reference_lines)
    x_markers = list(x_markers)
    points = [(x, y) for s in series for x, y in s.get("points", []) if y is not None]
    uid = _uid(title, id_prefix)
    names = ", ".join(s.get("name", "") for s in series)
    if not points:
        desc = no_data  # the caller's words in the page's language
        out = _svg_open(width, 80, title, desc, uid)
        out.append(f'<text x="10" y="45" fill="#4a4a4a">{escape(desc)}</text></svg>')
        return "\n".join(out)
    xs = [float(x) for x, _ in points] + [float(x) for x, _ in x_markers]
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
    legend_cols = min(legend_cols, max(1, int((width - 84) // (longest * 7 + 36))))  # a narrow chart: fewer columns
    legend_rows = math.ceil(len(series) / legend_cols)
    # A name longer than its column is broken into lines (it ran off a narrow chart's edge).
    legend_chars = max(10, int(((width - 84) / legend_cols - 36) // 7))
    legend_lines = [textwrap.wrap(str(s.get("name", "")), legend_chars) or [""] for s in series]
    row_heights = [20 + 15 * (max(len(legend_lines[i]) for i in range(r * legend_cols,
                                                                       min(len(series), (r + 1) * legend_cols))) - 1)
                   for r in range(legend_rows)]
    left, right, top, bottom = 64, 20, 36, 48 + sum(row_heights)
    title_text, title_extra = _title(title, x=left, room=width - left - right)
    top += title_extra
    height += title_extra
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
    out.append(title_text)
    for t in ticks:
        y = sy(t)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9d9d9"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                   f'{escape(fmt(t, decimal_comma=decimal_comma))}</text>')
    x_ticks = sorted(set(xs))
    if x_markers and all(float(t).is_integer() for t in x_ticks):
        x_ticks = [float(t) for t in range(math.ceil(x_lo), math.floor(x_hi) + 1)]
    if any(not float(t).is_integer() for t in x_ticks):
        if x_hi - x_lo >= 2:
            x_ticks = [float(t) for t in range(math.ceil(x_lo), math.floor(x_hi) + 1)]
        else:
            x_ticks = [t for t in _nice_ticks(x_lo, x_hi, 6) if x_lo <= t <= x_hi]
    max_x_ticks = max(2, min(12, int(plot_w // 44)))  # a narrow chart: labels do not touch
    if len(x_ticks) > max_x_ticks:
        step = math.ceil(len(x_ticks) / max_x_ticks)
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
    for value, label in x_markers:
        x = sx(float(value))
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#000" '
                   f'stroke-dasharray="5 3" stroke-width="1.5"/>')
        anchor = "end" if x > left + plot_w / 2 else "start"
        out.append(f'<text x="{x + (-5 if anchor == "end" else 5):.1f}" y="{top + 12}" text-anchor="{anchor}" '
                   f'fill="#000">{escape(label)}</text>')
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
        last = [(x, y) for x, y in s.get("points", []) if y is not None]
        if s.get("label_last") and last:
            x, y = sx(float(last[-1][0])), sy(float(last[-1][1]))
            anchor = "end" if x > left + plot_w * 0.8 else "start"
            text = fmt(last[-1][1], decimals=s.get("label_decimals"), decimal_comma=decimal_comma)
            out.append(f'<text x="{x + (-9 if anchor == "end" else 9):.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" '
                       f'font-weight="bold" fill="#1a1a1a">{escape(text)}</text>')
    legend_y = height - sum(row_heights) + 4
    for i in range(len(series)):
        col, row = i % legend_cols, i // legend_cols
        lx, ly = left + col * (plot_w / legend_cols), legend_y + sum(row_heights[:row])
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        dash = DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{lx:.1f}" y1="{ly:.1f}" x2="{lx + 26:.1f}" y2="{ly:.1f}" stroke="{colour}" '
                   f'stroke-width="2.5"{dash_attr}/>')
        out.append(_marker(MARKERS[i % len(MARKERS)], lx + 13, ly, colour))
        spans = "".join(f'<tspan x="{lx + 32:.1f}" dy="{15 if k else 0}">{escape(line)}</tspan>'
                        for k, line in enumerate(legend_lines[i])) if len(legend_lines[i]) > 1 else escape(
            legend_lines[i][0])
        out.append(f'<text x="{lx + 32:.1f}" y="{ly + 4:.1f}" fill="#1a1a1a">{spans}</text>')
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
    id_prefix: str = "bar",
    tick_format: Callable[[float], str] | None = None,
) -> str:
    """A horizontal bar chart: one bar per (label, value); None is shown as "no data". Values are printed on
    the bars so the chart reads without the axis; ``reference`` draws a labelled vertical line (e.g. a target).
    ``id_prefix`` tells apart the element ids of two renderings of one chart on a page (a wide and a narrow one).
    ``tick_format`` writes an axis label (e.g. "200 t€" for 200 000 in the page's language); the axis gets fewer
    ticks until its labels do not touch (on a phone-wide chart five "200 000" labels overlapped)."""
    uid = _uid(title, id_prefix)
    row_h = 26
    max_chars = max((len(str(label)) for label, _ in bars), default=10)
    label_w = min(int(width * 0.45), max(80, 8 * max_chars))
    fit_chars = max(6, label_w // 8)
    top, bottom, left, right = 34, 34, label_w + 12, 56
    title_text, title_extra = _title(title, x=8, room=width - 16)
    top += title_extra
    if reference:
        top += 14  # the reference line's label sits above the bars, below the title's last line (it touched it)
    height = (height + title_extra) if height else top + bottom + row_h * max(len(bars), 1)
    values = [v for _, v in bars if v is not None] + ([reference[0]] if reference else [])
    lo = min([0.0, *values]) if values else 0.0
    hi = max([0.0, *values]) if values else 1.0
    if hi == lo:
        hi = lo + 1
    plot_w = width - left - right

    def tick_text(t: float) -> str:
        return tick_format(t) if tick_format else fmt(t, decimal_comma=decimal_comma)

    for count in (5, 4, 3, 2, 1):
        ticks = _nice_ticks(lo, hi, count)
        span = max(hi, ticks[-1]) - min(lo, ticks[0])
        room = plot_w * (ticks[1] - ticks[0]) / span if len(ticks) > 1 else plot_w
        if max(text_width(tick_text(t)) for t in ticks) + TICK_GAP <= room:
            break
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    desc_items = [f"{label}: {fmt(v, decimal_comma=decimal_comma)}" for label, v in bars]
    desc = (value_label + ". " if value_label else "") + "; ".join(desc_items)
    out = _svg_open(width, height, title, desc, uid)
    out.append(title_text)
    for t in ticks:
        x = sx(t)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - bottom}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#333" '
                   f'class="tick">{escape(tick_text(t))}</text>')
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
        out.append(f'<text x="{tx:.1f}" y="{top - 6}" text-anchor="{anchor}" fill="#000" class="reference-label">'
                   f'{escape(reference[1])}</text>')
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


def nice_number(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (without binary noise)."""
    return round(round(value / step) * step, 10)


def _nice_step(span: float, k: int) -> float:
    raw = abs(span) / max(k, 1) or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw / 2)


def nice_breaks(breaks: Sequence[float], values: Iterable[float | None] = ()) -> list[float]:
    """Class limits rounded to sensible numbers (1, 2, 2.5 or 5 times a power of ten, fine enough to keep the
    classes apart); duplicates that rounding creates are merged, and limits outside the values' range dropped."""
    breaks = sorted(float(b) for b in breaks)
    if not breaks:
        return []
    vals = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    lo, hi = (min(vals), max(vals)) if vals else (breaks[0], breaks[-1])
    span = (hi - lo) or abs(hi) or 1.0
    step = _nice_step(span, len(breaks) + 1)
    gaps = [b - a for a, b in itertools.pairwise(breaks) if b > a]
    while gaps and step > min(gaps) and step > span / 1000:
        mantissa = round(step / 10 ** math.floor(math.log10(step)), 6)
        step = step / 2 if mantissa in (1.0, 10.0) else step * (2 if mantissa == 5 else 1) / (2.5 if mantissa == 5
                                                                                                 else mantissa)
    out: list[float] = []
    for b in breaks:
        r = nice_number(b, step)
        if (not out or r > out[-1]) and (not vals or lo <= r < hi):
            out.append(r)
    return out


def diverging_breaks(values: Iterable[float | None], center: float = 100.0, per_side: int = 3) -> list[float]:
    """Symmetric, rounded class limits around ``center`` (``per_side`` classes on each side; the outer classes are
    open), e.g. 70, 80, 90, 100, 110, 120, 130 for an index with city = 100."""
    vals = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    reach = max((abs(v - center) for v in vals), default=1.0) or 1.0
    raw = reach / (per_side + 0.5)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [nice_number(center + i * step, step / 10) for i in range(-(per_side - 1), per_side)]


def class_colours(k: int, *, breaks: Sequence[float] = (), need: str = "high", center: float | None = None,
                  palette: Sequence[str] | None = None) -> list[str]:
    """One colour per class (classes in ascending order of value) under one rule: more need = darker and warmer.

    ``need`` is ``"high"`` when high values mean more need (e.g. the sum index, unemployment) and ``"low"`` when low
    values do (e.g. the status index). With ``center`` (and ``center`` among ``breaks``) the scale diverges: the
    classes on the needy side of the centre are warm, the others cool, both lightest next to the centre."""
    if palette:
        return list(palette)[:k] if len(palette) >= k else list(palette)
    if center is not None and center in list(breaks):
        below = list(breaks).index(center) + 1  # classes with values <= center
        above = k - below
        if need == "low":
            return [WARM[min(i, len(WARM) - 1)] for i in reversed(range(below))] + \
                [COOL[min(i, len(COOL) - 1)] for i in range(above)]
        return [COOL[min(i, len(COOL) - 1)] for i in reversed(range(below))] + \
            [WARM[min(i, len(WARM) - 1)] for i in range(above)]
    colours = _palette_for(k)
    return list(reversed(colours)) if need == "low" else colours


def legend_items(breaks: Sequence[float], colours: Sequence[str], *, decimal_comma: bool = True) -> list[dict]:
    """``[{"colour", "text"}]`` for each class, in ascending order of value (for an HTML legend beside the map)."""
    bounds = [None, *breaks, None]
    out = []
    for i, colour in enumerate(colours):
        lo_b, hi_b = bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None
        if lo_b is None and hi_b is None:
            text = "–"
        elif lo_b is None:
            text = f"≤ {fmt(hi_b, decimal_comma=decimal_comma)}"
        elif hi_b is None:
            text = f"> {fmt(lo_b, decimal_comma=decimal_comma)}"
        else:
            text = f"{fmt(lo_b, decimal_comma=decimal_comma)} – {fmt(hi_b, decimal_comma=decimal_comma)}"
        out.append({"colour": colour, "text": text})
    return out


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
    need: str = "high",
    center: float | None = None,
    labels: Sequence[tuple[str, float, float]] = (),
    legend: bool = True,
    water_label: str = "",
    desc: str = "",
    id_prefix: str = "map",
) -> str:
    """A choropleth map of areas.

    ``features``: ``{"code", "name", "geometry" (GeoJSON, EPSG:4326), "value" (float or None)}``.
    ``breaks``: the upper bounds of all classes but the last (k−1 numbers for k classes, ascending), as produced
    by the classification functions; colours follow :func:`class_colours` (``need``, ``center``) unless a
    ``palette`` of k colours is given. Areas without a value are hatched grey and listed as ``missing_label`` in
    the legend — except a value-less area over four times as large as the largest area with a value (an "outer
    sea" area such as Espoo's Ulkosaaret, mostly water), which is drawn as water (``water_label`` names it).
    Each area carries a ``<title>`` with its name and value, so a pointer or a screen reader can read it;
    ``link_template`` (with ``{code}``) makes each area a link.
    ``labels`` are (name, lon, lat) place names drawn on top with a white halo. With ``legend=False`` the SVG is
    only the map (the page shows an HTML legend beside it, see :func:`legend_items`) and scales to its container.
    ``desc`` is the text a screen reader reads for the map, in the page's language (the default is an English
    summary); ``id_prefix`` tells apart the element ids of two renderings of one map on a page.
    Longitude is scaled by cos(latitude) so that shapes are not stretched.
    """
    breaks = list(breaks)
    k = len(breaks) + 1
    if palette is not None and len(palette) < k:
        raise ValueError(f"the palette has {len(palette)} colours but the breaks make {k} classes")
    colours = class_colours(k, breaks=breaks, need=need, center=center, palette=palette)
    uid = _uid(title, id_prefix)
    def area_of(f: dict) -> float:
        total = 0.0
        for poly in _rings(f.get("geometry") or {}):
            for i, ring in enumerate(poly):
                a = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2
                total += -a if i else a
        return total

    largest = max((area_of(f) for f in features if f.get("value") is not None), default=0.0)
    water = {id(f) for f in features if f.get("value") is None and not f.get("suppressed")
             and largest and area_of(f) > 4 * largest}

    # The map is framed on the land: a water area is drawn, but only the part next to the land shows.
    all_pts = [p for f in features if id(f) not in water
               for poly in _rings(f.get("geometry") or {}) for ring in poly for p in ring]
    legend_title_lines = len(textwrap.wrap(legend_title, max(12, (190 - 12) // 8))) if legend_title else 1
    legend_h = 22 * (k + 1) + 30 + 16 * max(legend_title_lines - 1, 0)
    if not all_pts:
        out = _svg_open(width, 80, title, missing_label, uid)
        out.append(f'<text x="10" y="45">{escape(missing_label)}</text></svg>')
        return "\n".join(out)
    lons = [p[0] for p in all_pts]
    lats = [p[1] for p in all_pts]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))
    legend_w = 190 if legend else 0
    span_x = (max(lons) - min(lons)) * kx or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    top = 36 if legend else 6
    title_text, title_extra = _title(title, x=10, room=width - 20)
    if legend:
        top += title_extra
        height += title_extra
        avail_w, avail_h = width - legend_w - 20, height - 50 - title_extra
    else:  # the height follows the shape of the areas
        avail_w = width - 12
        avail_h = avail_w * span_y / span_x
        height = int(avail_h + top + 6)
    scale = min(avail_w / span_x, avail_h / span_y)
    ox, oy = 6 if not legend else 10, top

    lon0, lat1 = min(lons), max(lats)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ox + (lon - lon0) * kx * scale, oy + (lat1 - lat) * scale

    values = [f.get("value") for f in features if f.get("value") is not None]
    desc = desc or (f"{len(features)} areas; {len(values)} with a value"
            + (f", from {fmt(min(values), decimal_comma=decimal_comma)}"
               f" to {fmt(max(values), decimal_comma=decimal_comma)}"
               if values else "") + ".")
    out = _svg_open(width, max(height, legend_h + 40 + title_extra) if legend else height, title, desc, uid)
    if not legend:
        out[0] = out[0].replace(f' width="{width}" height="{height}"',
                                ' width="100%" preserveAspectRatio="xMidYMid meet"')
        out[3] = f'<rect x="0" y="0" width="{width}" height="{height}" fill="{WATER}"/>'
    out.append(f'<defs><pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6">'
               f'<rect width="6" height="6" fill="#f0f0f0"/><path d="M0,6 L6,0" stroke="#8c8c8c" stroke-width="1"/>'
               f"</pattern></defs>")
    if legend:
        out.append(title_text)
    for f in features:
        value = f.get("value")
        is_water = id(f) in water
        if is_water:
            fill = WATER
        else:
            fill = f"url(#{uid}-hatch)" if value is None else colours[_class_of(float(value), breaks)]
        path = []
        for poly in _rings(f.get("geometry") or {}):
            for ring in poly:
                pts = [project(*p) for p in ring]
                if pts:
                    path.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + " Z")
        if not path:
            continue
        shown = fmt(value, decimal_comma=decimal_comma) if value is not None else (
            water_label if is_water and water_label else missing_label)
        label = f"{f.get('name', f.get('code', ''))}: {shown}"
        stroke = ' stroke="#9cbfd9" stroke-width="0.6"' if is_water else \
            f' stroke="{LAND_OUTLINE}" stroke-width="0.7"'
        shape = (f'<path d="{" ".join(path)}" fill="{fill}" fill-rule="evenodd"{stroke} '
                 f'data-code="{escape(str(f.get("code", "")))}"><title>{escape(label)}</title></path>')
        if link_template:
            href = escape(link_template.format(code=f.get("code", "")))
            shape = f'<a href="{href}" aria-label="{escape(label)}">{shape}</a>'
        out.append(shape)
    if labels:
        out.append(f'<g aria-hidden="true" font-size="{17 if not legend else 13}" '
                   'font-weight="bold" text-anchor="middle" fill="#1a1a1a" '
                   'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">')
        for name, lon, lat in labels:
            x, y = project(float(lon), float(lat))
            if not (0 < x < width and 14 < y < height - 4):
                continue  # e.g. a district's label point out at sea, outside the frame
            out.append(f'<text x="{x:.1f}" y="{y:.1f}">{escape(str(name))}</text>')
        out.append("</g>")
    if legend:
        lx, ly = width - legend_w + 4, 50 + title_extra
        if legend_title:  # broken into lines that fit the legend's column (a long one ran off the map's edge)
            lines = textwrap.wrap(legend_title, max(12, (legend_w - 12) // 8)) or [""]
            spans = "".join(f'<tspan x="{lx}" dy="{16 if i else 0}">{escape(line)}</tspan>'
                            for i, line in enumerate(lines))
            out.append(f'<text x="{lx}" y="{ly}" font-weight="bold">{spans}</text>')
            ly += 16 * (len(lines) - 1)
        # highest class at the top, like the value axis of a chart and the map page's HTML legend
        for i, item in enumerate(reversed(legend_items(breaks, colours, decimal_comma=decimal_comma))):
            y = ly + 12 + i * 22
            out.append(f'<rect x="{lx}" y="{y}" width="18" height="16" fill="{item["colour"]}" stroke="#6b6b6b"/>')
            out.append(f'<text x="{lx + 26}" y="{y + 13}">{escape(item["text"])}</text>')
        y = ly + 12 + k * 22
        out.append(f'<rect x="{lx}" y="{y}" width="18" height="16" fill="url(#{uid}-hatch)" stroke="#6b6b6b"/>')
        out.append(f'<text x="{lx + 26}" y="{y + 13}">{escape(missing_label)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _palette_for(k: int) -> list[str]:
    """A sequential warm palette with ``k`` steps (interpolated between the default colours)."""
    if k <= len(DEFAULT_PALETTE):
        idx = [round(i * (len(DEFAULT_PALETTE) - 1) / max(k - 1, 1)) for i in range(k)]
        return [DEFAULT_PALETTE[i] for i in idx]
    start, end = (0xFD, 0xE3, 0xB0), (0x8C, 0x1D, 0x0E)
    return ["#" + "".join(f"{round(s + (e - s) * i / (k - 1)):02x}" for s, e in zip(start, end, strict=True))
            for i in range(k)]
