r"""Progress of an indicator cell towards its target: *on track*, *off track* or *not enough data*.

Pure functions (no Django). The caller passes the cell's baseline, its target and its measurements; the result
carries the status, a machine-readable reason code and the numbers behind it, so that the user interface can say
the reason in words in the user's language (the programme app holds the translated sentences).

Rules
-----
Only measurements dated *after the baseline date* and *on or before* ``as_of`` count; the latest of them is
:math:`v`. The baseline is :math:`b` at date :math:`t_0`, the target :math:`T` at date :math:`t_1`.

*No measurement after the baseline* → **not enough data** (for every kind of target).

``direction``
    The latest value is compared with the baseline. *Increasing*: on track when :math:`v - b > \varepsilon`;
    *decreasing*: on track when :math:`b - v > \varepsilon`; otherwise off track (no change counts as off track).
    :math:`\varepsilon` is the tolerance (default 0).

``number``
    The expected value on the straight line from :math:`(t_0, b)` to :math:`(t_1, T)` at the date :math:`t` of the
    latest measurement is

    .. math:: e(t) = b + (T - b)\,\min\!\left(1, \frac{t - t_0}{t_1 - t_0}\right).

    The value is on track when it is no worse than :math:`e(t)` by more than the tolerance :math:`\varepsilon`
    (in the indicator's unit; default :math:`0.1\,|T - b|`): :math:`v \ge e(t) - \varepsilon` when
    :math:`T \ge b`, and :math:`v \le e(t) + \varepsilon` when :math:`T < b`.

``converge``
    The gap to the reference cell (the city average) at the baseline, :math:`g_0 = |b - r_0|`, is compared with the
    gap at the latest measurement, :math:`g = |v - r|`, where :math:`r` is the reference cell's latest value measured
    after its own baseline and on or before ``as_of``. On track when :math:`g < g_0 - \varepsilon`
    (default :math:`\varepsilon = 0`); off track otherwise. Without a measurement of the reference cell → not
    enough data.

``pilot_count``
    Measurements are the cumulative number of completed pilots :math:`n`; the target is :math:`N` pilots by
    :math:`t_1`. On track when :math:`n \ge N` (target reached), or when :math:`n \ge \lfloor N \cdot
    \min(1, (t - t_0)/(t_1 - t_0)) \rfloor` (as many as a steady pace would have completed by now); off track
    otherwise.

``qualitative`` and ``none``
    No computed status: **not enough data**, with a reason that says why.

Example
-------
>>> import datetime as dt
>>> r = cell_progress(kind="number", baseline=76.82, baseline_date=dt.date(2026, 3, 31),
...                   target=78.0, target_date=dt.date(2029, 1, 1),
...                   measurements=[(dt.date(2027, 8, 15), 77.5)], as_of=dt.date(2027, 12, 31))
>>> r.status, r.reason
('on_track', 'number_on_path')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NOT_ENOUGH_DATA = "not_enough_data"
STATUSES = (ON_TRACK, OFF_TRACK, NOT_ENOUGH_DATA)

TARGET_KINDS = ("none", "number", "direction", "converge", "pilot_count", "qualitative")


@dataclass(frozen=True)
class Progress:
    """The status of one cell. ``reason`` is a code (see :data:`REASONS`); ``details`` holds the numbers the
    sentence needs (``latest``, ``latest_date``, ``baseline``, ``expected``, ``gap_baseline``, ``gap_latest``,
    ``target``, ``tolerance`` — whichever apply)."""

    status: str
    reason: str
    details: dict[str, Any] = field(default_factory=dict)
    latest: float | None = None
    latest_date: dt.date | None = None


REASONS = {
    "no_target": "No target has been set.",
    "reference_cell": "This cell holds the reference value (the city average) for the other cells.",
    "qualitative": "The target is qualitative; the steering group assesses it in its reports.",
    "no_baseline": "There is no baseline to compare with.",
    "no_measurement": "No measurement after the baseline yet.",
    "no_reference_measurement": "The city average has not been measured again after its baseline.",
    "direction_improved": "The latest value has moved in the target direction from the baseline.",
    "direction_not_improved": "The latest value has not moved in the target direction from the baseline.",
    "number_on_path": "The latest value is on or above the expected path to the target.",
    "number_below_path": "The latest value is behind the expected path to the target.",
    "target_reached": "The target has been reached.",
    "gap_narrowed": "The gap to the city average has narrowed since the baseline.",
    "gap_not_narrowed": "The gap to the city average has not narrowed since the baseline.",
    "pilots_on_pace": "Enough pilots have been completed for this point of the programme.",
    "pilots_behind": "Fewer pilots have been completed than a steady pace would need by now.",
}
"""English explanations of the reason codes (the programme app translates its own, fuller sentences)."""


def _check_number(name: str, value: float | None, *, required: bool = False) -> float | None:
    if value is None:
        if required:
            raise ValueError(f"{name} is required")
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def fraction_elapsed(start: dt.date, end: dt.date, when: dt.date) -> float:
    """Share of the time from ``start`` to ``end`` elapsed at ``when``, clipped to [0, 1].

    >>> fraction_elapsed(dt.date(2026, 1, 1), dt.date(2029, 1, 1), dt.date(2027, 7, 3))  # 548 of 1096 days
    0.5
    """
    total = (end - start).days
    if total <= 0:
        raise ValueError("the target date must be after the baseline date")
    return min(1.0, max(0.0, (when - start).days / total))


def expected_value(baseline: float, target: float, start: dt.date, end: dt.date, when: dt.date) -> float:
    """The value on the straight line from (start, baseline) to (end, target) at ``when`` (constant after end)."""
    return baseline + (target - baseline) * fraction_elapsed(start, end, when)


def latest_after(measurements: Iterable[tuple[dt.date, float]], *, after: dt.date | None,
                 as_of: dt.date | None) -> tuple[dt.date, float] | None:
    """The latest (date, value) strictly after ``after`` and on or before ``as_of`` (ties: the last given)."""
    best: tuple[dt.date, float] | None = None
    for when, value in measurements:
        if after is not None and when <= after:
            continue
        if as_of is not None and when > as_of:
            continue
        if best is None or when >= best[0]:
            best = (when, float(value))
    return best


def cell_progress(
    *,
    kind: str,
    measurements: Sequence[tuple[dt.date, float]],
    baseline: float | None = None,
    baseline_date: dt.date | None = None,
    target: float | None = None,
    target_date: dt.date | None = None,
    direction: str = "",
    tolerance: float | None = None,
    reference_baseline: float | None = None,
    reference_baseline_date: dt.date | None = None,
    reference_measurements: Sequence[tuple[dt.date, float]] = (),
    is_reference: bool = False,
    as_of: dt.date | None = None,
) -> Progress:
    """Compute the status of one indicator cell by the rules in the module docstring.

    Parameters
    ----------
    kind : one of :data:`TARGET_KINDS`.
    measurements : (date, value) pairs of the cell, in any order.
    baseline, baseline_date : the baseline value and the date from which measurements count.
    target, target_date : the target value (number of pilots for ``pilot_count``) and when it applies.
    direction : ``"increasing"`` or ``"decreasing"`` for ``direction`` targets.
    tolerance : in the indicator's unit; see the rules for defaults.
    reference_* : the reference (city average) cell, for ``converge`` targets.
    is_reference : the cell is itself a reference for others and has no target of its own.
    as_of : ignore measurements after this date (default: all).

    Raises
    ------
    ValueError
        for an unknown kind or direction, non-finite numbers, or a target date not after the baseline date.
    """
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r}; expected one of {', '.join(TARGET_KINDS)}")
    baseline = _check_number("baseline", baseline)
    target = _check_number("target", target)
    tolerance = _check_number("tolerance", tolerance)
    if tolerance is not None and tolerance < 0:
        raise ValueError("tolerance must not be negative")
    for when, value in measurements:
        _check_number(f"measurement of {when}", value, required=True)

    latest = latest_after(measurements, after=baseline_date, as_of=as_of)
    latest_value = latest[1] if latest else None
    latest_date = latest[0] if latest else None
    base: dict[str, Any] = {"latest": latest_value, "latest_date": latest_date}

    def result(status: str, reason: str, **details: Any) -> Progress:
        return Progress(status, reason, {**base, **details}, latest_value, latest_date)

    if kind == "none":
        return result(NOT_ENOUGH_DATA, "reference_cell" if is_reference else "no_target")
    if kind == "qualitative":
        return result(NOT_ENOUGH_DATA, "qualitative")
    if kind in ("number", "direction", "converge") and baseline is None:
        return result(NOT_ENOUGH_DATA, "no_baseline")
    if latest is None:
        return result(NOT_ENOUGH_DATA, "no_measurement")
    when, value = latest

    if kind == "direction" and baseline is not None:  # (a missing baseline returned above)
        if direction not in ("increasing", "decreasing"):
            raise ValueError(f"direction must be 'increasing' or 'decreasing', got {direction!r}")
        eps = tolerance or 0.0
        change = value - baseline
        improved = change > eps if direction == "increasing" else -change > eps
        return result(ON_TRACK if improved else OFF_TRACK,
                      "direction_improved" if improved else "direction_not_improved",
                      baseline=baseline, change=change, direction=direction, tolerance=eps)

    if kind == "number" and baseline is not None:  # (a missing baseline returned above)
        if target is None or target_date is None or baseline_date is None:
            raise ValueError("a numeric target needs target, target_date and baseline_date")
        expected = expected_value(baseline, target, baseline_date, target_date, when)
        eps = tolerance if tolerance is not None else 0.1 * abs(target - baseline)
        rising = target >= baseline
        reached = value >= target if rising else value <= target
        ok = value >= expected - eps if rising else value <= expected + eps
        if reached:
            return result(ON_TRACK, "target_reached", baseline=baseline, target=target, expected=expected,
                          tolerance=eps)
        return result(ON_TRACK if ok else OFF_TRACK, "number_on_path" if ok else "number_below_path",
                      baseline=baseline, target=target, expected=expected, tolerance=eps)

    if kind == "converge" and baseline is not None:  # (a missing baseline returned above)
        if reference_baseline is None:
            return result(NOT_ENOUGH_DATA, "no_baseline")
        ref = latest_after(reference_measurements, after=reference_baseline_date, as_of=as_of)
        if ref is None:
            return result(NOT_ENOUGH_DATA, "no_reference_measurement")
        eps = tolerance or 0.0
        gap0 = abs(baseline - float(reference_baseline))
        gap = abs(value - ref[1])
        ok = gap < gap0 - eps
        return result(ON_TRACK if ok else OFF_TRACK, "gap_narrowed" if ok else "gap_not_narrowed",
                      baseline=baseline, reference_baseline=float(reference_baseline), reference_latest=ref[1],
                      gap_baseline=gap0, gap_latest=gap, tolerance=eps)

    # pilot_count
    if target is None or target_date is None or baseline_date is None:
        raise ValueError("a count of pilots needs target, target_date and baseline_date")
    if value >= target:
        return result(ON_TRACK, "target_reached", target=target, expected=target)
    expected = math.floor(target * fraction_elapsed(baseline_date, target_date, when) + 1e-9)
    ok = value >= expected
    return result(ON_TRACK if ok else OFF_TRACK, "pilots_on_pace" if ok else "pilots_behind",
                  target=target, expected=float(expected))
