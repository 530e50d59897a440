"""Difference-in-differences for following up the effects of an action on area indicators.

For each area :math:`i`, the change is :math:`\\Delta_i = \\bar y_{i,\\text{after}} - \\bar y_{i,\\text{before}}`
(means over the before and after years the area has). The estimate is

.. math:: \\widehat{\\delta} = \\overline{\\Delta}_{T} - \\overline{\\Delta}_{C}

the mean change in the targeted areas *T* minus the mean change in the comparison areas *C*. Its standard error is
Welch's, :math:`\\sqrt{s_T^2/n_T + s_C^2/n_C}`, and the confidence interval uses Student's *t* with the
Welch–Satterthwaite degrees of freedom. Areas are the units of analysis (residents are not followed), so with few
areas the interval is wide — the caveat rule says so in plain language:

* fewer than 2 targeted or 2 comparison areas with both periods → no interval, "cannot be estimated";
* fewer than :data:`MIN_AREAS` areas in either group, or fewer than :data:`MIN_YEARS` years before or after →
  "too few areas or years to say anything";
* otherwise, an interval that covers zero → "no difference that could be told apart from chance".

The estimate assumes parallel trends: without the action, the targeted areas would have changed as the comparison
areas did. With at least two years before, :attr:`DidResult.pre_trend_gap` reports the difference of the mean
yearly slopes before the action, as a check.

Examples
--------
>>> r = did({"a": {2019: 10, 2022: 14}, "b": {2019: 11, 2022: 15}},
...         {"c": {2019: 10, 2022: 11}, "d": {2019: 12, 2022: 13}}, before=[2019], after=[2022])
>>> r.estimate
3.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

MIN_AREAS = 5
MIN_YEARS = 1

Series = Mapping[str, Mapping[int, float | None]]


@dataclass
class DidResult:
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    df: float | None
    confidence: float
    n_treated: int
    n_control: int
    treated_change: float | None
    control_change: float | None
    years_before: list[int]
    years_after: list[int]
    pre_trend_gap: float | None
    caveat: str  # "none" | "cannot_estimate" | "too_few" | "not_distinguishable"
    messages: list[str] = field(default_factory=list)


def _changes(series: Series, before: list[int], after: list[int]) -> dict[str, float]:
    out = {}
    for area, values in series.items():
        b = [float(v) for y in before if (v := values.get(y)) is not None]
        a = [float(v) for y in after if (v := values.get(y)) is not None]
        if b and a:
            out[area] = float(np.mean(a) - np.mean(b))
    return out


def _slope(series: Series, years: list[int]) -> float | None:
    slopes = []
    for values in series.values():
        pts = [(y, float(v)) for y in years if (v := values.get(y)) is not None]
        if len(pts) >= 2:
            xs, ys = zip(*pts, strict=True)
            slopes.append(float(np.polyfit(xs, ys, 1)[0]))
    return float(np.mean(slopes)) if slopes else None


def did(
    treated: Series,
    control: Series,
    *,
    before: Iterable[int],
    after: Iterable[int],
    confidence: float = 0.95,
    min_areas: int = MIN_AREAS,
    min_years: int = MIN_YEARS,
) -> DidResult:
    """Difference-in-differences of area series ``{area: {year: value}}``; see the module docstring."""
    before, after = sorted(set(before)), sorted(set(after))
    if not before or not after:
        raise ValueError("give at least one year before and one after")
    if max(before) >= min(after):
        raise ValueError("every 'before' year must precede every 'after' year")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    overlap = set(treated) & set(control)
    if overlap:
        raise ValueError(f"area {sorted(overlap)[0]!r} is both targeted and a comparison area")
    dt, dc = _changes(treated, before, after), _changes(control, before, after)
    nt, nc = len(dt), len(dc)
    t_mean = float(np.mean(list(dt.values()))) if nt else None
    c_mean = float(np.mean(list(dc.values()))) if nc else None
    gap = None
    if len(before) >= 2:
        st, sc = _slope(treated, before), _slope(control, before)
        gap = None if st is None or sc is None else st - sc
    if nt < 2 or nc < 2:
        est = None if t_mean is None or c_mean is None else t_mean - c_mean
        return DidResult(est, None, None, None, None, confidence, nt, nc, t_mean, c_mean, before, after, gap,
                         "cannot_estimate")
    vt = float(np.var(list(dt.values()), ddof=1))
    vc = float(np.var(list(dc.values()), ddof=1))
    est = t_mean - c_mean  # type: ignore[operator]
    se = math.sqrt(vt / nt + vc / nc)
    if se == 0:
        df = float(nt + nc - 2)
        lo = hi = est
    else:
        df = (vt / nt + vc / nc) ** 2 / ((vt / nt) ** 2 / (nt - 1) + (vc / nc) ** 2 / (nc - 1))
        q = float(stats.t.ppf(0.5 + confidence / 2, df))
        lo, hi = est - q * se, est + q * se
    if nt < min_areas or nc < min_areas or len(before) < min_years or len(after) < min_years:
        caveat = "too_few"
    elif lo <= 0 <= hi:
        caveat = "not_distinguishable"
    else:
        caveat = "none"
    return DidResult(float(est), float(lo), float(hi), se, float(df), confidence, nt, nc, t_mean, c_mean,
                     before, after, gap, caveat)


@dataclass
class Verdict:
    """A plain-language reading of a :class:`DidResult` (the words are the page's; these are the cases).

    ``change``: how the targeted areas' mean changed from the before to the after years — ``"rise"``, ``"fall"``,
    ``"no_change"`` (less than ``tolerance`` either way) or ``"too_few"`` (no targeted area has figures in both
    periods). ``comparison``: the same for the comparison areas, or ``"unknown"``. ``relative``: ``"same"`` (the
    difference of the changes is within ``tolerance`` or its confidence interval covers zero), ``"different"`` (the
    interval excludes zero and there are enough areas and years), ``"uncertain"`` (a difference, but too few
    areas or years to tell it from chance) or ``"unknown"``.
    """

    change: str
    comparison: str
    relative: str


def _direction(value: float | None, tolerance: float) -> str:
    if value is None:
        return "unknown"
    if abs(value) < tolerance:
        return "no_change"
    return "rise" if value > 0 else "fall"


def verdict(result: DidResult, *, tolerance: float) -> Verdict:
    """Read ``result`` in words (see :class:`Verdict`). ``tolerance`` is the smallest change worth a word, e.g.
    half the last shown decimal (a change that rounds to zero is "no change").

    >>> r = did({"a": {2019: 10, 2022: 12}, "b": {2019: 11, 2022: 13}},
    ...         {"c": {2019: 10, 2022: 12}, "d": {2019: 12, 2022: 14}}, before=[2019], after=[2022])
    >>> verdict(r, tolerance=0.05)
    Verdict(change='rise', comparison='rise', relative='same')
    """
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    if result.treated_change is None:
        return Verdict("too_few", _direction(result.control_change, tolerance), "unknown")
    change = _direction(result.treated_change, tolerance)
    comparison = _direction(result.control_change, tolerance)
    if result.estimate is None:
        relative = "unknown"
    elif abs(result.estimate) < tolerance:
        relative = "same"
    elif result.caveat in ("cannot_estimate", "too_few"):
        relative = "uncertain"
    elif result.caveat == "not_distinguishable":
        relative = "same"
    else:
        relative = "different"
    return Verdict(change, comparison, relative)
