"""Bar charts on a phone: the axis labels never overlap, and a reference line's label keeps clear of the title."""

import itertools
import xml.etree.ElementTree as ET

from yhteiso.viz import bar_chart
from yhteiso.viz.svg import text_width

NS = {"svg": "http://www.w3.org/2000/svg"}
BUDGET = [("Yhteisötyö: budjetti", 200000.0), ("Yhteisötyö: sidottu tai käytetty", 45000.0),
          ("Asukasraadit: budjetti", 120000.0), ("Asukasraadit: sidottu tai käytetty", 80000.0)]


def _tick_boxes(svg: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    boxes = []
    for t in root.findall("svg:text", NS):
        if t.get("class") == "tick":
            x, w = float(t.get("x", "nan")), text_width(t.text or "")
            boxes.append((x - w / 2, x + w / 2))
    return sorted(boxes)


def test_phone_wide_budget_chart_tick_labels_do_not_overlap():
    for width in (380, 320, 640):
        for fmt in (None, lambda v: f"{v / 1000:.0f}\u00a0t€"):
            boxes = _tick_boxes(bar_chart(BUDGET, title="Budjetti 2026 riveittäin (€)", width=width,
                                          tick_format=fmt))
            assert len(boxes) >= 2, (width, boxes)
            for (_a0, a1), (b0, _b1) in itertools.pairwise(boxes):
                assert a1 < b0, (width, boxes)


def test_tick_format_writes_the_axis_labels():
    svg = bar_chart(BUDGET, title="Budjetti", width=380, tick_format=lambda v: f"{v / 1000:.0f}\u00a0t€")
    labels = [t.text for t in ET.fromstring(svg).findall("svg:text", NS) if t.get("class") == "tick"]
    assert labels and all(label.endswith("\u00a0t€") for label in labels), labels


def test_reference_label_sits_below_the_wrapped_titles_last_line():
    """The schools comparison chart at phone width: a two-line title and the "kaupunki = 100" label (it touched the
    title's second line)."""
    title = "Sosioekonominen summaindeksi: heikoimman kymmenyksen keskiarvo (kaupunki = 100)"
    for width in (380, 640):
        root = ET.fromstring(bar_chart([("Espoo", 104.0), ("Vantaa", 112.0), ("Helsinki", 98.0)], title=title,
                                       reference=(100, "kaupunki = 100"), width=width))
        heading = next(t for t in root.findall("svg:text", NS) if t.get("font-size") == "14")
        spans = heading.findall("svg:tspan", NS)
        last_baseline = float(heading.get("y")) + sum(float(s.get("dy") or 0) for s in spans)
        label = next(t for t in root.findall("svg:text", NS) if t.get("class") == "reference-label")
        label_top = float(label.get("y")) - 13 * 0.76  # DejaVu Sans ascent at 13 px
        title_bottom = last_baseline + 14 * 0.24  # descent at 14 px
        assert label_top >= title_bottom + 2, (width, label_top, title_bottom)
