"""A labelled single point and a vertical marker in the line chart (issue 13: the headline D of one year was left
out of the chart; the follow-up marks a project's start, which may lie beyond the newest figures)."""

import re

from yhteiso.viz import line_chart


def test_a_series_of_one_year_is_drawn_and_labelled_with_its_value():
    svg = line_chart([{"name": "flat", "points": [(2010, 0.13), (2024, 0.137)]},
                      {"name": "headline", "points": [(2025, 0.29027)], "label_last": True, "label_decimals": 3}],
                     title="D")
    assert ">0,290</text>" in svg
    assert ">0,13</text>" not in svg  # only the series asking for it is labelled


def test_a_start_marker_beyond_the_data_stretches_the_axis_and_is_labelled():
    svg = line_chart([{"name": "a", "points": [(2020, 1.0), (2024, 2.0)]}], title="T",
                     x_markers=[(2026, "Start 2026")])
    assert ">Start 2026</text>" in svg and ">2026</text>" in svg and ">2025</text>" in svg
    x_of = {int(m.group(2)): float(m.group(1))
            for m in re.finditer(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#333">(\d{4})</text>', svg)}
    dashed = re.search(r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1" y2="[\d.]+" stroke="#000" stroke-dasharray="5 3"', svg)
    assert dashed and float(dashed.group(1)) == x_of[2026]


def test_two_renderings_of_one_chart_have_different_ids():
    wide = line_chart([{"name": "a", "points": [(1, 1.0), (2, 2.0)]}], title="Same")
    narrow = line_chart([{"name": "a", "points": [(1, 1.0), (2, 2.0)]}], title="Same", width=380,
                        id_prefix="narrow")
    ids = re.findall(r'id="([^"]+)"', wide), re.findall(r'id="([^"]+)"', narrow)
    assert not set(ids[0]) & set(ids[1])


def test_a_narrow_chart_puts_long_legend_names_in_one_column():
    names = ["Rest of the city (mean of areas)", "Targeted areas (mean)"]
    narrow = line_chart([{"name": n, "points": [(1, 1.0), (2, 2.0)]} for n in names], title="T", width=380)
    legend_x = {float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" fill="#1a1a1a">', narrow)}
    assert len(legend_x) == 1


def test_a_legend_name_longer_than_a_narrow_chart_is_broken_into_lines():
    name = "korkea-asteen tutkinnon suorittaneet aikuiset (postinumeroalue)"
    svg = line_chart([{"name": name, "points": [(1, 1.0), (2, 2.0)]}], title="T", width=380)
    lines = re.findall(r'<tspan x="[\d.]+" dy="\d+">([^<]*)</tspan>', svg.split("</text>", 2)[-1])
    assert len(lines) >= 2 and " ".join(lines) == name
    assert all(len(line) * 7 + 96 <= 380 for line in lines)
