"""Server-rendered SVG charts of indicators (``yhteiso.viz``). Every chart is shown with a data table of the same
numbers beside it (the templates render the table from the same overview entry)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteiso.core.charts import line_chart
from yhteiso.programme.models import IndicatorUnit, TargetKind
from yhteiso.programme.selectors import indicator_value
from yhteiso.viz import bar_chart


def short_label(text: str, limit: int = 36) -> str:
    """A label short enough for a chart axis (the full text is in the table beside the chart). Keeps the part after
    a colon, which tells cells of the same indicator apart."""
    if len(text) <= limit:
        return text
    if ": " in text:
        head, tail = text.split(": ", 1)
        room = limit - len(tail) - 3
        if room >= 6:
            return f"{head[:room].rstrip()}…: {tail}"
        if len(tail) <= limit:
            return tail
    return text[: limit - 1].rstrip() + "…"


def indicator_charts(entry: dict, *, with_history: bool = False) -> list[dict]:
    """Charts for one indicator entry of ``programme_overview``: a bar chart of the baselines by cell and, when
    there are measurements, a line chart of the values over time. Returns ``[{"svg", "kind"}]``."""
    unit = entry["unit"]
    if unit == IndicatorUnit.QUALITATIVE:
        return []
    comma = (get_language() or "fi")[:2] != "en"
    charts = []
    cells = [c for c in entry["cells"] if c["baseline"]["value"] is not None]
    if cells:
        years = sorted({c["baseline"]["year"] for c in cells if c["baseline"]["year"]})
        title = _("%(code)s baselines (%(years)s)") % {
            "code": entry["code"], "years": ", ".join(str(y) for y in years)}
        charts.append({"kind": "bar", "svg": bar_chart(
            [(short_label(c["label"]), c["baseline"]["value"]) for c in cells], title=title,
            value_label=entry["unit_label"], decimal_comma=comma)})
    measured = [c for c in entry["cells"] if c["series"]]
    if measured:
        series = []
        for c in measured:
            by_year: dict[int, float] = {}  # one point a year: the latest value of that year
            if c["baseline"]["value"] is not None and c["baseline"]["year"]:
                by_year[c["baseline"]["year"]] = c["baseline"]["value"]
            for day, value in c["series"]:
                by_year[day.year] = value
            points = sorted(by_year.items())
            series.append({"name": short_label(c["label"], 30), "points": points})
        targets = [(c["target"]["value"],
                    _("target %(value)s") % {"value": indicator_value(c["target"]["value"], unit)})
                   for c in measured if c["target"]["kind"] == TargetKind.NUMBER and c["target"]["value"] is not None]
        if len(series) > 7 and not with_history:
            series = series[:7]
        charts.append({"kind": "line", "svg": line_chart(
            series, title=_("%(code)s over time") % {"code": entry["code"]},
            x_label=_("year (the latest value of each year)"),
            y_label=entry["unit_label"], reference_lines=targets[:2], decimal_comma=comma)})
    return charts
