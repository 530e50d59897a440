import datetime as dt

import pytest

from yhteiso.knowledge.selectors import report_highlights


@pytest.mark.django_db
def test_report_highlights_are_empty_without_data():
    h = report_highlights(as_of=dt.date(2026, 1, 1))
    assert h["dissimilarity"] == [] and h["sum_index_weakest_decile"] == []
    assert h["status_index_map"]["features"] == [] and h["latest"] == {}


@pytest.mark.django_db
def test_report_highlights_give_the_trend_the_decile_series_and_the_status_map(demo_data):
    h = report_highlights(as_of=dt.date(2025, 6, 30))
    unemployed = next(s for s in h["dissimilarity"] if s["group"] == "unemployed")
    assert [y for y, _ in unemployed["points"]] == list(range(2010, 2025))
    decile = h["sum_index_weakest_decile"][0]
    assert decile["level"] == "postal_area" and len(decile["points"]) == 15
    status = h["status_index_map"]
    assert status["level"] == "pienalue" and status["year"] == 2025 and len(status["features"]) == 88
    assert len(status["computation"]["input_hash"]) == 64
    assert any("Paavo" in a for a in h["attributions"]) and any("HSY" in a for a in h["attributions"])
    earlier = report_highlights(as_of=dt.date(2018, 12, 31))
    assert max(y for s in earlier["dissimilarity"] for y, _ in s["points"]) == 2018
    assert earlier["status_index_map"]["level"] == "postal_area"


@pytest.mark.django_db
def test_the_lists_of_years_and_levels_are_distinct_and_read_without_every_observation(demo_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yhteiso.knowledge import selectors

    assert selectors.population_margin_years() == [2025]  # once, not once per small area
    with CaptureQueriesContext(connection) as queries:
        levels = [lvl for lvl, _ in selectors.levels_with_data()]
        years = selectors.indicator_years("postal_area", "var:unemployment_rate_pct")
    # issue 16 item 3: the statistical areas, major districts and city centres have figures rolled up from the
    # small areas, so they are map levels too (before: only the two imported levels)
    assert levels == ["pienalue", "postal_area", "tilastoalue", "suuralue", "city_centre"]
    assert years == list(range(2010, 2025))
    for q in queries.captured_queries:  # DISTINCT over the wanted column alone, not over the default ordering's
        selected = q["sql"].split(" FROM ")[0]
        assert selected.count(",") == 0 and "ORDER BY" not in q["sql"], q["sql"]
