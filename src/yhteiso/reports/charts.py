"""Charts of a report: SVG (``yhteiso.viz``) for HTML and PDF, PNG (matplotlib) for DOCX.

Both are deterministic: the same spec gives the same bytes (fixed font, no timestamps, no random ids)."""

from __future__ import annotations

import io
import textwrap
import threading

from yhteiso import viz

# Colours and dash patterns shared with yhteiso.viz so the PNG and SVG charts look alike.
COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#5d5d5d", "#e69f00", "#56b4e9"]
MARKERS = ["o", "s", "D", "^", "o", "s", "D"]
DASHES = ["-", (0, (6, 3)), (0, (2, 3)), (0, (8, 3, 2, 3)), (0, (1, 2)), (0, (4, 4)), (0, (10, 4))]

_lock = threading.Lock()  # matplotlib's pyplot state is not thread-safe


def line_svg(spec: dict) -> str:
    return viz.line_chart(
        spec["series"], title=spec["title"], x_label=spec.get("x_label", ""), y_label=spec.get("y_label", ""),
        reference_lines=[tuple(r) for r in spec.get("reference_lines", [])],
        width=spec.get("width", 640), height=spec.get("height", 320),
    )


def map_svg(spec: dict) -> str:
    return viz.choropleth(
        spec["features"], title=spec["title"], breaks=spec["breaks"], legend_title=spec.get("legend_title", ""),
        missing_label=spec.get("missing_label", "–"),
    )


def line_png(spec: dict, *, dpi: int = 150) -> bytes:
    """The same line chart as a PNG image for Word documents."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with _lock, matplotlib.rc_context({
        "font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "yhteiso", "path.simplify": False,
        "axes.formatter.use_locale": False,
    }):
        fig = Figure(figsize=(6.4, 3.4), dpi=dpi)
        ax = fig.add_subplot()
        for i, s in enumerate(spec["series"]):
            xs = [p[0] for p in s["points"]]
            ys = [p[1] for p in s["points"]]
            ax.plot(xs, ys, color=COLOURS[i % len(COLOURS)], linestyle=DASHES[i % len(DASHES)],
                    marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=2, label=s["name"])
        for value, label in spec.get("reference_lines", []):
            ax.axhline(float(value), color="#000000", linestyle=(0, (2, 4)), linewidth=1.2)
            ax.annotate(label, xy=(1, float(value)), xycoords=("axes fraction", "data"), ha="right", va="bottom",
                        fontsize=8)
        years = sorted({int(p[0]) for s in spec["series"] for p in s["points"]})
        if len(years) > 8:
            step = 5 if len(years) > 16 else 2
            years = [y for y in range(years[0], years[-1] + 1) if (y - years[0]) % step == 0]
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years])
        if len(years) == 1:
            ax.set_xlim(years[0] - 1, years[0] + 1)
        ax.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v:g}".replace(".", ",").replace("-", "−")))
        ax.set_title(textwrap.fill(spec["title"], 58), fontsize=10, loc="left", fontweight="bold")
        ax.set_xlabel(spec.get("x_label", ""))
        ax.set_ylabel(spec.get("y_label", ""))
        ax.grid(axis="y", color="#d9d9d9")
        ax.spines[["top", "right"]].set_visible(False)
        longest = max((len(str(s["name"])) for s in spec["series"]), default=0)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), ncol=1 if longest > 30 else 2 if longest > 18 else 3,
                  frameon=False, fontsize=8)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.1)
    return buf.getvalue()


def map_png(spec: dict, *, dpi: int = 150) -> bytes:
    """A choropleth as a PNG image (polygons filled by class, missing areas hatched)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Polygon

    palette = spec.get("palette") or viz.DEFAULT_PALETTE
    breaks = list(spec["breaks"])

    def klass(value: float) -> int:
        for i, b in enumerate(breaks):
            if value <= b:
                return i
        return len(breaks)

    with _lock, matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 8}):
        fig = Figure(figsize=(6.4, 5.0), dpi=dpi)
        ax = fig.add_subplot()
        for feature in spec["features"]:
            geom = feature.get("geometry") or {}
            polys = geom.get("coordinates", [])
            if geom.get("type") == "Polygon":
                polys = [polys]
            value = feature.get("value")
            face = "#eeeeee" if value is None else palette[min(klass(value), len(palette) - 1)]
            for poly in polys:
                if poly:
                    ax.add_patch(Polygon(poly[0], closed=True, facecolor=face, edgecolor="#555555",
                                         linewidth=0.3, hatch="///" if value is None else None))
        ax.autoscale_view()
        ax.set_aspect(1.9)
        ax.set_axis_off()
        ax.set_title(textwrap.fill(spec["title"], 46), fontsize=10, loc="left", fontweight="bold")
        handles = []
        lower = None
        for i in range(len(breaks) + 1):
            upper = breaks[i] if i < len(breaks) else None
            label = (f"≤ {upper:g}" if lower is None else f"> {lower:g}" if upper is None
                     else f"{lower:g} – {upper:g}").replace(".", ",")
            handles.append(Patch(facecolor=palette[min(i, len(palette) - 1)], edgecolor="#555555", label=label))
            lower = upper
        handles.append(Patch(facecolor="#eeeeee", edgecolor="#555555", hatch="///",
                             label=spec.get("missing_label", "–")))
        ax.legend(handles=handles, title=spec.get("legend_title", ""), loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=7, frameon=False)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.1)
    return buf.getvalue()
