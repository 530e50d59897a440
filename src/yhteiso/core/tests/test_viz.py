"""The SVG charts are accessible, escape text and draw what they are given."""

import re
import xml.etree.ElementTree as ET

from yhteiso.viz import bar_chart, choropleth, line_chart
from yhteiso.viz.svg import _nice_ticks, fmt

NS = "{http://www.w3.org/2000/svg}"
SQUARE = {"type": "Polygon", "coordinates": [[[24.0, 60.0], [24.1, 60.0], [24.1, 60.1], [24.0, 60.1], [24.0, 60.0]]]}


def test_a_line_chart_is_valid_svg_with_a_title_and_a_description_of_the_data():
    svg = line_chart([{"name": "Espoo", "points": [(2010, 0.25), (2024, 0.28)]}], title="Erilaisuusindeksi",
                     y_label="D")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Erilaisuusindeksi"
    assert "0,25 (2010) → 0,28 (2024)" in root.find(f"{NS}desc").text
    assert len(root.findall(f".//{NS}polyline")) == 1


def test_missing_values_break_the_line():
    svg = line_chart([{"name": "a", "points": [(1, 1.0), (2, 2.0), (3, None), (4, 3.0), (5, 4.0)]}], title="t")
    assert len(ET.fromstring(svg).findall(f".//{NS}polyline")) == 2


def test_text_is_escaped():
    svg = bar_chart([("<script>", 1.0)], title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_bars_are_proportional_and_none_is_shown_as_no_data():
    root = ET.fromstring(bar_chart([("a", 10.0), ("b", 20.0), ("c", None)], title="t"))
    widths = [float(r.get("width")) for r in root.findall(f"{NS}rect")[1:]]
    assert len(widths) == 2
    assert abs(widths[1] / widths[0] - 2.0) < 0.02


def test_a_choropleth_colours_each_area_by_its_class_and_hatches_missing_values():
    features = [
        {"code": "1", "name": "A", "geometry": SQUARE, "value": 1.0},
        {"code": "2", "name": "B", "geometry": SQUARE, "value": 5.0},
        {"code": "3", "name": "C", "geometry": SQUARE, "value": None},
    ]
    svg = choropleth(features, title="Map", breaks=[2.0], palette=["#eeeeee", "#111111"], missing_label="ei tietoa",
                     link_template="/alueet/{code}/")
    fills = re.findall(r'<path d="[^"]+" fill="([^"]+)"', svg)
    assert fills[0] == "#eeeeee" and fills[1] == "#111111" and fills[2].startswith("url(#")
    assert 'href="/alueet/2/"' in svg and "B: 5" in svg and "C: ei tietoa" in svg
    ET.fromstring(svg)


def test_a_palette_too_short_for_the_breaks_is_refused():
    import pytest

    with pytest.raises(ValueError, match="palette has 1 colours"):
        choropleth([{"code": "1", "name": "A", "geometry": SQUARE, "value": 1.0}], title="t", breaks=[1, 2],
                   palette=["#000000"])


def test_numbers_use_a_decimal_comma_and_a_real_minus_sign():
    assert fmt(-1.5) == "−1,5"
    assert fmt(2.0) == "2"
    assert fmt(1.5, decimal_comma=False) == "1.5"
    assert fmt(None) == "–"


def test_ticks_cover_the_range():
    ticks = _nice_ticks(-5, 39)
    assert ticks[0] <= -5 and ticks[-1] >= 39
