"""Charts of a report: one definition (``yhteiso.viz``'s SVG) for HTML and PDF, rasterised to PNG for DOCX.

Deterministic: the same spec gives the same bytes (fixed font, no timestamps, no random ids). Until issue 11 the
PNG was drawn a second time with matplotlib; now the Word document shows exactly the chart the page shows."""

from __future__ import annotations

import cairosvg
from django.utils import translation

from yhteiso import viz
from yhteiso.core import charts as core_charts


def line_svg(spec: dict, *, lang: str) -> str:
    """The line chart of ``spec`` (frozen in the snapshot). The words the chart library would otherwise say in
    English (the "no data" sentence of a chart without values) are taken in the report's language ``lang``."""
    with translation.override(lang):
        return core_charts.line_chart(
            spec["series"], title=spec["title"], x_label=spec.get("x_label", ""), y_label=spec.get("y_label", ""),
            reference_lines=[tuple(r) for r in spec.get("reference_lines", [])],
            width=spec.get("width", 640), height=spec.get("height", 320),
        )


def map_svg(spec: dict) -> str:
    return viz.choropleth(
        spec["features"], title=spec["title"], breaks=spec["breaks"], legend_title=spec.get("legend_title", ""),
        missing_label=spec.get("missing_label", "–"), desc=spec.get("desc", ""),
        # snapshots from before the colour rule carry neither: they render as they were published
        need=spec.get("need", "high"), center=spec.get("center"),
    )


def svg_to_png(svg: str, *, dpi: int = 150) -> bytes:
    """Rasterise one of our SVG charts for Word documents (cairosvg; deterministic bytes for the same SVG)."""
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=dpi / 96)


def line_png(spec: dict, *, lang: str, dpi: int = 150) -> bytes:
    """The same line chart as the pages and the PDF show, as a PNG image for Word documents."""
    return svg_to_png(line_svg(spec, lang=lang), dpi=dpi)


def map_png(spec: dict, *, dpi: int = 150) -> bytes:
    """The same choropleth as the pages and the PDF show, as a PNG image for Word documents."""
    return svg_to_png(map_svg(spec), dpi=dpi)
