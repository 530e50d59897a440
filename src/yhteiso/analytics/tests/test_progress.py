"""Indicator-cell status: hand-worked cases for every rule of ``analytics.progress``."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yhteiso.analytics import progress
from yhteiso.analytics.progress import (
    NOT_ENOUGH_DATA,
    OFF_TRACK,
    ON_TRACK,
    cell_progress,
    expected_value,
    fraction_elapsed,
    latest_after,
)

D = dt.date
START, END = D(2026, 1, 1), D(2029, 1, 1)  # 1 096 days


def test_fraction_elapsed_is_days_elapsed_over_days_in_total_and_clipped():
    assert fraction_elapsed(START, END, D(2027, 7, 3)) == 0.5  # 548 / 1096
    assert fraction_elapsed(START, END, D(2025, 6, 1)) == 0.0
    assert fraction_elapsed(START, END, D(2030, 1, 1)) == 1.0


def test_fraction_elapsed_refuses_a_target_date_not_after_the_start():
    with pytest.raises(ValueError, match="after the baseline"):
        fraction_elapsed(END, START, END)


def test_expected_value_is_on_the_straight_line_from_baseline_to_target():
    # 76.82 → 78 over 1 096 days; half-way 77.41
    assert expected_value(76.82, 78.0, START, END, D(2027, 7, 3)) == pytest.approx(77.41)
    assert expected_value(76.82, 78.0, START, END, D(2031, 1, 1)) == pytest.approx(78.0)


def test_latest_after_ignores_values_on_or_before_the_baseline_and_after_as_of():
    values = [(D(2025, 10, 1), 1.0), (D(2026, 5, 1), 2.0), (D(2027, 5, 1), 3.0)]
    assert latest_after(values, after=D(2025, 12, 31), as_of=D(2026, 12, 31)) == (D(2026, 5, 1), 2.0)
    assert latest_after(values, after=D(2027, 5, 1), as_of=None) is None


# --- direction --------------------------------------------------------------------------------------------------

def _direction(direction, measurements, **kw):
    return cell_progress(kind="direction", baseline=19.0, baseline_date=D(2025, 12, 31), direction=direction,
                         measurements=measurements, **kw)


def test_a_decreasing_target_is_on_track_when_the_latest_value_is_below_the_baseline():
    # racism met in own area: 19 % in 2025, 17 % in 2027 → on track
    r = _direction("decreasing", [(D(2027, 10, 1), 17.0)])
    assert (r.status, r.reason, r.latest) == (ON_TRACK, "direction_improved", 17.0)
    assert r.details["change"] == pytest.approx(-2.0)


def test_a_decreasing_target_is_off_track_when_the_value_is_unchanged_or_higher():
    assert _direction("decreasing", [(D(2027, 10, 1), 19.0)]).status == OFF_TRACK
    assert _direction("decreasing", [(D(2027, 10, 1), 21.0)]).reason == "direction_not_improved"


def test_direction_targets_compare_only_the_latest_measurement_with_the_baseline():
    # an earlier improvement does not count when the latest value is worse
    r = _direction("increasing", [(D(2026, 10, 1), 25.0), (D(2027, 10, 1), 18.0)])
    assert r.status == OFF_TRACK and r.latest == 18.0


def test_direction_tolerance_requires_a_change_larger_than_it():
    assert _direction("increasing", [(D(2027, 1, 1), 19.4)], tolerance=0.5).status == OFF_TRACK
    assert _direction("increasing", [(D(2027, 1, 1), 19.6)], tolerance=0.5).status == ON_TRACK


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        _direction("sideways", [(D(2027, 1, 1), 1.0)])


# --- number -----------------------------------------------------------------------------------------------------

def _number(measurements, **kw):
    # local school attendance: 76.82 % (31.3.2026) → 78 % at the start of 2029 (1 007 days)
    return cell_progress(kind="number", baseline=76.82, baseline_date=D(2026, 3, 31), target=78.0,
                         target_date=END, measurements=measurements, **kw)


def test_a_numeric_target_is_on_track_on_or_above_the_expected_path():
    # 1.9.2027 is 519 of 1 007 days: expected 76.82 + 1.18 × 519/1007 = 77.428; default tolerance 0.118
    r = _number([(D(2027, 9, 1), 77.35)])
    assert r.details["expected"] == pytest.approx(77.428, abs=1e-3)
    assert r.details["tolerance"] == pytest.approx(0.118)
    assert (r.status, r.reason) == (ON_TRACK, "number_on_path")  # 77.35 ≥ 77.428 − 0.118 = 77.310


def test_a_numeric_target_is_off_track_below_the_path_by_more_than_the_tolerance():
    r = _number([(D(2027, 9, 1), 77.25)])  # 77.25 < 77.310
    assert (r.status, r.reason) == (OFF_TRACK, "number_below_path")


def test_an_explicit_tolerance_replaces_the_default():
    assert _number([(D(2027, 9, 1), 77.35)], tolerance=0.0).status == OFF_TRACK


def test_a_numeric_target_reached_early_is_on_track():
    r = _number([(D(2026, 12, 1), 78.1)])
    assert (r.status, r.reason) == (ON_TRACK, "target_reached")


def test_a_falling_numeric_target_reverses_the_comparison():
    # 40 → 30 over three years; half-way expected 35, default tolerance 1
    kw = {"kind": "number", "baseline": 40.0, "baseline_date": START, "target": 30.0, "target_date": END}
    assert cell_progress(measurements=[(D(2027, 7, 3), 35.9)], **kw).status == ON_TRACK
    assert cell_progress(measurements=[(D(2027, 7, 3), 36.1)], **kw).status == OFF_TRACK


# --- converge ---------------------------------------------------------------------------------------------------

def _converge(value, reference_measurements, **kw):
    # people with disabilities 59.1 vs all of Espoo 75.9 in 2026: gap 16.8
    return cell_progress(kind="converge", baseline=59.1, baseline_date=D(2026, 12, 31),
                         reference_baseline=75.9, reference_baseline_date=D(2026, 12, 31),
                         measurements=[(D(2028, 4, 1), value)], reference_measurements=reference_measurements,
                         **kw)


def test_a_converging_cell_is_on_track_when_the_gap_to_the_city_average_narrows():
    r = _converge(62.0, [(D(2028, 4, 1), 76.0)])  # gap 14.0 < 16.8
    assert (r.status, r.reason) == (ON_TRACK, "gap_narrowed")
    assert r.details["gap_baseline"] == pytest.approx(16.8)
    assert r.details["gap_latest"] == pytest.approx(14.0)


def test_a_converging_cell_is_off_track_when_the_city_average_rises_faster():
    r = _converge(62.0, [(D(2028, 4, 1), 79.5)])  # gap 17.5 > 16.8 although the cell improved
    assert (r.status, r.reason) == (OFF_TRACK, "gap_not_narrowed")


def test_a_converging_cell_needs_a_new_measurement_of_the_city_average():
    r = _converge(62.0, [])
    assert (r.status, r.reason) == (NOT_ENOUGH_DATA, "no_reference_measurement")
    assert r.latest == 62.0


def test_a_cell_above_the_average_converges_by_coming_down_towards_it():
    r = cell_progress(kind="converge", baseline=80.0, baseline_date=D(2026, 12, 31), reference_baseline=75.0,
                      reference_baseline_date=D(2026, 12, 31), measurements=[(D(2028, 1, 1), 77.0)],
                      reference_measurements=[(D(2028, 1, 1), 75.0)])
    assert r.status == ON_TRACK


# --- pilot counts -----------------------------------------------------------------------------------------------

def _pilots(count, when, target=5.0):
    return cell_progress(kind="pilot_count", baseline_date=START, target=target, target_date=END,
                         measurements=[(when, count)])


def test_pilot_counts_compare_completed_pilots_with_a_steady_pace():
    # 5 pilots over 1 096 days; on 3.7.2027 half the time has gone: floor(2.5) = 2 expected
    assert _pilots(2, D(2027, 7, 3)).status == ON_TRACK
    r = _pilots(1, D(2027, 7, 3))
    assert (r.status, r.reason, r.details["expected"]) == (OFF_TRACK, "pilots_behind", 2.0)


def test_pilot_counts_are_on_track_once_the_count_is_reached():
    r = _pilots(4, D(2027, 1, 1), target=4.0)
    assert (r.status, r.reason) == (ON_TRACK, "target_reached")


def test_pilot_counts_at_the_end_need_the_full_count():
    assert _pilots(4, D(2029, 1, 1)).status == OFF_TRACK


# --- not enough data --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["number", "direction", "converge", "pilot_count"])
def test_no_measurement_after_the_baseline_means_not_enough_data(kind):
    r = cell_progress(kind=kind, baseline=4.05, baseline_date=D(2025, 12, 31), target=5.0, target_date=END,
                      direction="increasing", reference_baseline=4.0, reference_baseline_date=D(2025, 12, 31),
                      measurements=[(D(2025, 10, 1), 4.5)])
    assert (r.status, r.reason) == (NOT_ENOUGH_DATA, "no_measurement")


def test_measurements_after_as_of_are_ignored():
    r = _direction("decreasing", [(D(2027, 10, 1), 17.0)], as_of=D(2027, 9, 30))
    assert r.status == NOT_ENOUGH_DATA


def test_without_a_baseline_a_direction_target_has_not_enough_data():
    r = cell_progress(kind="direction", direction="decreasing", measurements=[(D(2027, 1, 1), 3.0)])
    assert (r.status, r.reason) == (NOT_ENOUGH_DATA, "no_baseline")


def test_cells_without_a_target_and_qualitative_targets_have_no_computed_status():
    assert cell_progress(kind="none", measurements=[]).reason == "no_target"
    assert cell_progress(kind="none", measurements=[], is_reference=True).reason == "reference_cell"
    assert cell_progress(kind="qualitative", measurements=[]).status == NOT_ENOUGH_DATA


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match="unknown target kind"):
        cell_progress(kind="vibes", measurements=[])
    with pytest.raises(ValueError, match="finite"):
        _direction("increasing", [(D(2027, 1, 1), float("nan"))])
    with pytest.raises(ValueError, match="negative"):
        _direction("increasing", [(D(2027, 1, 1), 1.0)], tolerance=-1)


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_moving_towards_the_target_never_turns_an_on_track_cell_off_track(baseline, target, value):
    kw = {"kind": "number", "baseline": baseline, "baseline_date": START, "target": target, "target_date": END}
    when = D(2027, 7, 3)
    first = cell_progress(measurements=[(when, value)], **kw)
    step = 1.0 if target >= baseline else -1.0
    better = cell_progress(measurements=[(when, value + step)], **kw)
    if first.status == ON_TRACK:
        assert better.status == ON_TRACK


def test_no_measurement_before_the_scheduled_year_is_neutral():
    args = {"kind": "direction", "direction": "increasing", "baseline": 4.05, "baseline_date": dt.date(2025, 12, 31),
            "measurements": [], "next_measurement_year": 2027}
    assert progress.cell_progress(**args, today=dt.date(2026, 12, 2)).status == progress.SCHEDULED
    assert progress.cell_progress(**args, today=dt.date(2027, 12, 31)).status == progress.SCHEDULED
    overdue = progress.cell_progress(**args, today=dt.date(2028, 1, 1))
    assert (overdue.status, overdue.reason) == (progress.NOT_ENOUGH_DATA, "measurement_overdue")
    # Without a schedule, or without a baseline, nothing changes.
    assert progress.cell_progress(**{**args, "next_measurement_year": None},
                                  today=dt.date(2026, 1, 1)).status == progress.NOT_ENOUGH_DATA
    assert progress.cell_progress(**{**args, "baseline": None},
                                  today=dt.date(2026, 1, 1)).reason == "no_baseline"
