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
