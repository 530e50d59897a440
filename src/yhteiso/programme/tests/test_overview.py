"""programme_overview: the one source of the numbers, with the status and reason in the user's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from yhteiso.programme import selectors
from yhteiso.programme.models import IndicatorCell, TargetKind
from yhteiso.programme.tests.conftest import record_approved

pytestmark = pytest.mark.django_db


def _cell_entry(overview, cell_id):
    return next(c for g in overview for i in g["indicators"] for c in i["cells"] if c["id"] == cell_id)


def test_a_cell_without_measurements_has_not_enough_data(cell):
    entry = _cell_entry(selectors.programme_overview(), cell.pk)
    assert entry["status"] == "not_enough_data"
    assert entry["latest"] is None
    assert entry["baseline"]["value"] == 19.0 and entry["baseline"]["year"] == 2025


def test_a_lower_latest_value_puts_a_decreasing_target_on_track_with_the_reason_in_finnish(staff_user, cell):
    record_approved(cell=cell, value=Decimal(17), measured_on=dt.date(2027, 10, 1),
                                source="Kuntapalvelututkimus 2027", actor=staff_user)
    with translation.override("fi"):
        entry = _cell_entry(selectors.programme_overview(), cell.pk)
    assert entry["status"] == "on_track"
    assert entry["latest"]["value"] == 17.0 and entry["latest"]["source"] == "Kuntapalvelututkimus 2027"
    assert entry["status_label"] == "Oikealla suunnalla"
    assert "17\xa0%" in entry["reason"] and "19\xa0%" in entry["reason"]


def test_the_overview_as_of_an_earlier_date_ignores_later_measurements(staff_user, cell):
    record_approved(cell=cell, value=Decimal(25), measured_on=dt.date(2027, 10, 1), source="A",
                                actor=staff_user)
    record_approved(cell=cell, value=Decimal(15), measured_on=dt.date(2028, 10, 1), source="B",
                                actor=staff_user)
    assert _cell_entry(selectors.programme_overview(), cell.pk)["status"] == "on_track"
    earlier = _cell_entry(selectors.programme_overview(as_of=dt.date(2027, 12, 31)), cell.pk)
    assert earlier["status"] == "off_track" and earlier["latest"]["value"] == 25.0
    assert [v for _, v in earlier["series"]] == [25.0]


def test_converging_cells_use_the_reference_cells_latest_value(staff_user, indicator):
    city = IndicatorCell.objects.create(indicator=indicator, label_fi="Koko Espoo", baseline_value=Decimal("75.9"),
                                        baseline_year=2026)
    disabled = IndicatorCell.objects.create(indicator=indicator, label_fi="Vammaiset", baseline_value=Decimal("59.1"),
                                            baseline_year=2026, target_kind=TargetKind.CONVERGE, reference_cell=city,
                                            target_year=2029)
    record_approved(cell=disabled, value=Decimal(62), measured_on=dt.date(2028, 3, 1), source="S",
                                actor=staff_user)
    overview = selectors.programme_overview()
    assert _cell_entry(overview, disabled.pk)["reason_code"] == "no_reference_measurement"
    assert _cell_entry(overview, city.pk)["reason_code"] == "reference_cell"
    record_approved(cell=city, value=Decimal(76), measured_on=dt.date(2028, 3, 1), source="S",
                                actor=staff_user)
    with translation.override("sv"):
        entry = _cell_entry(selectors.programme_overview(), disabled.pk)
    assert entry["status"] == "on_track"  # gap 16.8 → 14
    assert "16,8" in entry["reason"] and "14" in entry["reason"]


def test_goals_and_indicators_use_the_swedish_names_when_they_exist(cell):
    with translation.override("sv"):
        goal = selectors.programme_overview()[1]
    assert goal["name"] == "Mål 2"
    assert goal["indicators"][0]["name"] == "Rasism"
    assert goal["indicators"][0]["cells"][0]["label"] == "Alla"


def test_english_falls_back_to_finnish_content(cell):
    with translation.override("en"):
        goal = selectors.programme_overview()[1]
    assert goal["name"] == "Tavoite 2"


def test_the_overview_counts_statuses_per_goal(cell):
    overview = selectors.programme_overview()
    assert overview[1]["counts"] == {"on_track": 0, "off_track": 0, "scheduled": 0, "not_enough_data": 1}
