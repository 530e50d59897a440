"""A chart's visible title stays inside the chart: a long one is broken into lines and the plot moves down."""

import xml.etree.ElementTree as ET

from yhteiso.viz import bar_chart, choropleth, line_chart
from yhteiso.viz.svg import TITLE_CHAR_W

NS = {"svg": "http://www.w3.org/2000/svg"}
LONG = ("Sosioekonominen summaindeksi: heikoimman kymmenyksen alueiden keskiarvo (koko kaupunki = 100) "
        "vuosina 2010–2024")
SHORT = "Erilaisuusindeksi vuosittain"


def _title_lines(svg: str) -> tuple[ET.Element, list[str], float]:
    root = ET.fromstring(svg)
    text = next(t for t in root.findall("svg:text", NS) if t.get("font-size") == "14")
    lines = [span.text or "" for span in text.findall("svg:tspan", NS)]
    return root, lines, float(text.get("x", "nan"))


def test_a_long_title_is_wrapped_to_the_chart_width_and_kept_whole_for_screen_readers():
    series = [{"name": "postinumeroalue", "points": [(2010, 123.1), (2024, 132.8)]}]
    square = {"type": "Polygon", "coordinates": [[[24.6, 60.2], [24.7, 60.2], [24.7, 60.3], [24.6, 60.2]]]}
    charts = [line_chart(series, title=LONG), bar_chart([("Tapiola", 3.0)], title=LONG),
              choropleth([{"code": "1", "name": "A", "geometry": square, "value": 1.0}], title=LONG, breaks=[])]
    for svg in charts:
        root, lines, x = _title_lines(svg)
        width = float(root.get("width"))
        assert len(lines) > 1 and " ".join(lines) == LONG
        assert all(x + len(line) * TITLE_CHAR_W <= width for line in lines), lines
        assert root.find("svg:title", NS).text == LONG


def test_a_long_title_pushes_the_plot_down_and_makes_the_chart_taller():
    series = [{"name": "a", "points": [(2010, 1.0), (2024, 2.0)]}]
    short, long_ = line_chart(series, title=SHORT), line_chart(series, title=LONG)
    assert _title_lines(short)[1] == [SHORT]
    extra = float(ET.fromstring(long_).get("height")) - float(ET.fromstring(short).get("height"))
    assert extra == 17 * (len(_title_lines(long_)[1]) - 1) > 0


def test_every_title_line_fits_when_measured_in_the_real_font():
    """Measured with DejaVu Sans Bold at 14 px (the font the charts name first, installed with the report tools):
    with 8 units a letter the council report's long Finnish title ran off the chart's right edge."""
    from pathlib import Path

    import pytest
    from PIL import ImageFont

    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not path.exists():
        pytest.skip("DejaVu Sans Bold is not installed (Debian: fonts-dejavu-core)")
    font = ImageFont.truetype(str(path), 14)
    series = [{"name": "postinumeroalue", "points": [(2010, 123.1), (2024, 132.8)]}]
    for width in (640, 800, 960):
        title = "Sosioekonominen summaindeksi: heikoimman kymmenyksen alueiden keskiarvo (koko kaupunki = 100)"
        _root, lines, x = _title_lines(line_chart(series, title=title, width=width))
        for line in lines:
            assert x + font.getlength(line) <= width - 4, (width, line, font.getlength(line))
