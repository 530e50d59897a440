"""The knowledge base's highlights in a report: charts, map and tables from ``report_highlights``' structure, and
"no data" when it is empty."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from yhteiso.reports import renderers
from yhteiso.reports.highlights import convert
from yhteiso.reports.tests.test_snapshot import minimal


def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]}


RAW = {
    "dissimilarity": [{"group": "foreign_language", "level": "postal_area", "label": "vieraskieliset (postinumeroalue)",
                       "points": [(2022, 0.2611), (2023, 0.2655), (2024, 0.2702)]}],
    "sum_index_weakest_decile": [{"level": "postal_area", "label": "postinumeroalue",
                                  "points": [(2023, 130.6, None), (2024, 132.84, 0.2)]}],
    "status_index_map": {"level": "small_area", "year": 2025, "features": [
        {"code": "A", "name": "Suvela", "geometry": square(24.6, 60.2), "value": 76.17},
        {"code": "B", "name": "Tapiola", "geometry": square(24.8, 60.17), "value": 112.4},
        {"code": "C", "name": "Salaisuus", "geometry": square(24.7, 60.25), "value": None, "suppressed": True},
    ]},
    "attributions": ["Aluejakorajat: HSY, CC BY 4.0"],
}


def test_the_highlights_become_charts_a_map_and_tables_with_the_attribution():
    with translation.override("fi"):
        h = convert(RAW, as_of=dt.date(2026, 12, 31))
    assert h["available"] and [s["key"] for s in h["sections"]] == ["dissimilarity", "weakest-decile", "status-map"]
    dis = h["sections"][0]["table"]
    assert [r[0]["text"] for r in dis["rows"]] == ["2022", "2023", "2024"]
    assert dis["rows"][2][1] == {"text": "0,270", "value": 0.2702}
    weakest = h["sections"][2]["table"]["rows"]
    assert [r[0]["text"] for r in weakest] == ["Suvela", "Tapiola"]  # the suppressed area is not ranked
    snapshot = dict(minimal(), highlights=h)
    html = renderers.render_html(snapshot).decode()
    assert "Erilaisuusindeksi vuosittain" in html and "Statusindeksi alueittain 2025" in html
    assert "Aluejakorajat: HSY, CC BY 4.0" in html
    assert html.count("<svg") == 3
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(renderers.render_xlsx(snapshot)))["Tietopohja"]
    values = list(ws.iter_rows(min_row=2, values_only=True))
    assert ("Statusindeksi alueittain 2025", "Suvela (A)", "Statusindeksi", 76.17) in values
    assert any(r[1] == "2024" and r[3] == 0.2702 for r in values)


def test_without_knowledge_data_the_section_says_no_data():
    with translation.override("sv"):
        h = convert({"dissimilarity": [], "sum_index_weakest_decile": [], "status_index_map": {}}, as_of=dt.date(2026, 12, 31))
        assert h == {"available": False, "sections": [], "notes": []}
        html = renderers.render_html(dict(minimal(), language="sv", highlights=h)).decode()
    assert "Inga data: kunskapsunderlaget hade inga resultat för rapportens lägesdatum." in html


def test_the_status_map_follows_the_colour_rule_more_need_darker_with_round_limits_around_100():
    from yhteiso.reports.charts import map_svg
    from yhteiso.viz import class_colours

    with translation.override("fi"):
        section = convert(RAW, as_of=dt.date(2026, 12, 31))["sections"][2]
    spec = section["map"]
    assert spec["need"] == "low" and spec["center"] == 100.0 and 100.0 in spec["breaks"]
    assert all(float(b) == round(float(b)) for b in spec["breaks"])  # 80, 90, 100, …: no 94,12
    colours = class_colours(len(spec["breaks"]) + 1, breaks=spec["breaks"], need="low", center=100.0)
    svg = map_svg(spec)
    # Suvela (76.17, the weakest) gets the darkest warm colour, Tapiola (112.4) a cool one
    assert colours[0] in svg and colours[-1] in svg
    # what a screen reader reads for the map is in the report's language, not the chart library's English
    assert "<desc" in svg and "Suvela 76,17" in svg and "areas;" not in svg and "with a value" not in svg
    old = dict(spec)
    del old["need"], old["center"]
    assert map_svg(old) != svg  # a snapshot published before the rule renders as it was published


def test_a_report_chart_without_values_says_no_data_in_the_report_language_not_the_chart_library_english():
    # A published snapshot is re-rendered later, outside any request: the language is the snapshot's own.
    empty = {"series": [{"name": "vieraskieliset", "points": [[2024, None]]}], "title": "Erilaisuusindeksi"}
    with translation.override("fi"):
        h = convert(RAW, as_of=dt.date(2026, 12, 31))
    h["sections"][0]["chart"] = empty
    for lang, words in (("fi", "Ei tietoja."), ("sv", "Inga uppgifter.")):
        with translation.override("en"):  # whatever the caller's language, the report's is used
            html = renderers.render_html(dict(minimal(), language=lang, highlights=h)).decode()
            pdf_html = renderers.render_html(dict(minimal(), language=lang, highlights=h), for_pdf=True).decode()
        assert words in html and "No data." not in html
        assert "No data." not in pdf_html
