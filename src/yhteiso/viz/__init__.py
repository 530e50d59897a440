"""Server-rendered, accessible SVG charts and maps (no JavaScript, deterministic output).

Every function returns an SVG string with ``role="img"``, a ``<title>`` and a ``<desc>`` summarising the data;
pages must still show the same numbers in a data table beside the chart."""

from yhteiso.viz.svg import (
    DEFAULT_PALETTE,
    bar_chart,
    choropleth,
    class_colours,
    diverging_breaks,
    legend_items,
    line_chart,
    nice_breaks,
)

__all__ = ["DEFAULT_PALETTE", "bar_chart", "choropleth", "class_colours", "diverging_breaks", "legend_items",
           "line_chart", "nice_breaks"]
