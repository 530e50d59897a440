"""A line chart with no values says so in the page's language, not in the chart library's English."""

from django.utils import translation

from yhteiso.core.charts import line_chart


def test_an_empty_line_chart_says_no_data_in_the_page_language():
    series = [{"name": "D", "points": [(2024, None)]}]
    for language, words in (("fi", "Ei tietoja."), ("sv", "Inga uppgifter."), ("en", "No data.")):
        with translation.override(language):
            svg = line_chart(series, title="D")
        assert words in svg
        if language != "en":
            assert "No data" not in svg
