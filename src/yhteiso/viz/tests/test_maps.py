"""The colour rule and the shape of the SVG choropleth: more need = darker and warmer on every index, diverging
around 100, no white classes, rounded class limits, a large value-less area drawn as water, place labels, and a
map that scales to its column."""

import re
import xml.etree.ElementTree as ET

from yhteiso.viz import choropleth, class_colours, diverging_breaks, legend_items, nice_breaks
from yhteiso.viz.svg import COOL, WARM


def _square(x, y, size=0.01):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size],
                                                [x, y]]]}


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _warm(colour: str) -> bool:
    r, _g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return r > b


def test_the_status_index_is_darkest_and_warm_where_it_is_lowest_and_the_sum_index_where_it_is_highest():
    breaks = diverging_breaks([72, 95, 104, 131], 100)
    status = class_colours(len(breaks) + 1, breaks=breaks, need="low", center=100)
    summ = class_colours(len(breaks) + 1, breaks=breaks, need="high", center=100)
    # Status index: the lowest class (most need) is warm and the darkest of the warm side; above 100 cool.
    assert _warm(status[0]) and not _warm(status[-1])
    assert _luminance(status[0]) < _luminance(status[1]) < _luminance(status[2])
    # Sum index: the other way round — the same rule, oriented by the index's direction.
    assert _warm(summ[-1]) and not _warm(summ[0])
    assert _luminance(summ[-1]) < _luminance(summ[-2]) < _luminance(summ[-3])
    assert status == list(reversed(summ))


def test_no_class_is_white_and_the_lightest_class_still_shows_on_white():
    for k in range(2, 8):
        for need in ("high", "low"):
            for colour in class_colours(k, need=need):
                assert _luminance(colour) < 0.85, (k, colour)  # white is 1.0
    for colour in COOL + WARM:
        assert _luminance(colour) < 0.85


def test_diverging_limits_are_symmetric_round_numbers_around_100():
    assert diverging_breaks([72.3, 99.1, 131.9], 100) == [80, 90, 100, 110, 120]
    assert diverging_breaks([96.2, 103.4], 100, per_side=2) == [98, 100, 102]


def test_class_limits_are_rounded_to_sensible_numbers():
    assert nice_breaks([93.123, 97.55, 101.2, 104.97], [80, 120]) == [93, 98, 101, 105]
    assert nice_breaks([0.1234, 0.1567, 0.2034], [0.05, 0.4]) == [0.12, 0.16, 0.2]
    assert nice_breaks([1234.5, 2345.6, 5123.9], [100, 9000]) == [1000, 2000, 5000]
    legend = legend_items(nice_breaks([12.345, 23.456], [0, 40]), ["#111111", "#222222", "#333333"])
    assert [i["text"] for i in legend] == ["≤ 10", "10 – 20", "> 20"]


def test_a_large_area_without_data_is_water_not_a_hatched_no_data_polygon():
    features = [
        {"code": "1", "name": "Keskusta", "geometry": _square(24.70, 60.20), "value": 90.0},
        {"code": "2", "name": "Kylä", "geometry": _square(24.71, 60.20), "value": 110.0},
        {"code": "3", "name": "Pieni", "geometry": _square(24.72, 60.20), "value": None},
        {"code": "9", "name": "Ulkosaaret", "geometry": _square(24.60, 60.00, 0.1), "value": None},
    ]
    svg = choropleth(features, title="Kartta", breaks=[100.0], need="low", center=100.0, legend=False,
                     water_label="meri", labels=[("Suur-Keskusta", 24.705, 60.205)])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    fills = {p.get("data-code"): p.get("fill") for p in root.iter(f"{ns}path")}
    assert fills["9"] == "#cfe3f1" and fills["3"].startswith("url(#")
    assert _warm(fills["1"]) and not _warm(fills["2"])  # 90 < 100 on the status index: need
    assert "Ulkosaaret: meri" in svg
    # Responsive: no fixed pixel width, a viewBox; and the place label is on the map, on a white halo.
    assert root.get("width") == "100%" and root.get("viewBox")
    label = [t for t in root.iter(f"{ns}text") if t.text == "Suur-Keskusta"]
    assert label and float(label[0].get("x")) > 0
    assert re.search(r'paint-order="stroke"', svg)


def test_the_legend_drawn_in_the_map_lists_the_classes_high_to_low_like_the_map_page_then_no_data():
    # The council report's map and the schools map draw this legend; the map page lists its HTML legend the same
    # way (highest class at the top, as on a chart's value axis), so a reader sees one order everywhere.
    square = {"type": "Polygon", "coordinates": [[[24.6, 60.2], [24.61, 60.2], [24.61, 60.21], [24.6, 60.2]]]}
    svg = choropleth([{"code": "A", "name": "A", "geometry": square, "value": 15.0}], title="Kartta",
                     breaks=[10.0, 20.0], missing_label="ei tietoa")
    positions = [svg.index(f">{text}</text>") for text in ("&gt; 20", "10 – 20", "≤ 10", "ei tietoa")]
    assert positions == sorted(positions)


def test_chart_numbers_group_thousands_like_the_pages():
    from yhteiso.viz.svg import fmt

    assert fmt(77000) == "77\u00a0000" and fmt(-123456.5) == "−123\u00a0456,5" and fmt(0.29) == "0,29"
    assert fmt(77000, decimal_comma=False) == "77,000" and fmt(100) == "100"
    assert fmt(2026) == "2026"  # a year on an axis
