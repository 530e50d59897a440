"""Scoring of resident surveys: THL's participation indicator, shares, means and the recommendation index
(NPS),
each with a 95 % confidence interval.

Pure NumPy/SciPy; no Django. Every function validates its input at the boundary and raises ``ValueError``
with a
message that names the offending value.

References
----------
Leemann, L., Martelin, T., Koskinen, S., Härkänen, T. & Isola, A.-M. (2022). Development and psychometric
evaluation
of the Experiences of Social Inclusion Scale. *Journal of Human Development and Capabilities* 23(3), 400–424.

Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference. *JASA* 22,
209–212.

Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review* 81(12), 46–54.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = [
    "Estimate",
    "NpsResult",
    "mean_ci",
    "nps",
    "participation_score",
    "participation_scores",
    "share",
    "wilson_ci",
]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval and the number of observations it rests on."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int


@dataclass(frozen=True)
class NpsResult:
    """Net promoter score: ``value`` = % promoters (9–10) − % detractors (0–6), in −100…100."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    promoters: int
    passives: int
    detractors: int


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (got {confidence!r})")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _finite(values: Iterable[float | int | None], *, name: str) -> np.ndarray:
    """The non-missing values as a float array (``None`` and NaN are dropped; infinities refused)."""
    cleaned = []
    for i, v in enumerate(values):
        if v is None:
            continue
        try:
            x = float(v)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name}: value #{i} ({v!r}) is not a number") from exc
        if math.isnan(x):
            continue
        if math.isinf(x):
            raise ValueError(f"{name}: value #{i} is infinite")
        cleaned.append(x)
    return np.asarray(cleaned, dtype=float)


def wilson_ci(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    r"""Wilson score interval for a binomial proportion.

    .. math::

        \frac{\hat p + \frac{z^2}{2n} \pm z\sqrt{\frac{\hat p(1-\hat p)}{n} + \frac{z^2}{4n^2}}}
             {1 + \frac{z^2}{n}}

    where :math:`\hat p = k/n` is the observed share and :math:`z` the normal quantile of the confidence
    level.

    Examples
    --------
    >>> lo, hi = wilson_ci(0, 10)
    >>> round(lo, 3), round(hi, 3)
    (0.0, 0.278)
    """
    if n <= 0:
        raise ValueError(f"n must be positive (got {n})")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n={n} (got {successes})")
    z = _z(confidence)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes == 0 else max(0.0, min(p, centre - half))
    hi = 1.0 if successes == n else min(1.0, max(p, centre + half))
    return lo, hi


def share(flags: Iterable[bool | None], *, confidence: float = 0.95) -> Estimate:
    """Share of ``True`` among the non-missing answers, in per cent, with the Wilson interval (in per cent).

    >>> share([True, True, False, None]).value
    66.66666666666667
    """
    values = [bool(f) for f in flags if f is not None]
    n = len(values)
    if n == 0:
        return Estimate(None, None, None, 0)
    k = sum(values)
    lo, hi = wilson_ci(k, n, confidence=confidence)
    return Estimate(100 * k / n, 100 * lo, 100 * hi, n)


def mean_ci(values: Iterable[float | int | None], *, confidence: float = 0.95) -> Estimate:
    r"""Mean with a Student-t interval :math:`\bar x \pm t_{n-1} s/\sqrt n` (missing values dropped).

    With one observation the interval is undefined (``None``).

    >>> e = mean_ci([1, 2, 3])
    >>> e.value, round(e.ci_low, 3), round(e.ci_high, 3)
    (2.0, -0.484, 4.484)
    """
    x = _finite(values, name="mean_ci")
    n = int(x.size)
    if n == 0:
        return Estimate(None, None, None, 0)
    m = float(x.mean())
    if n == 1:
        return Estimate(m, None, None, 1)
    se = float(x.std(ddof=1)) / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) if 0 < confidence < 1 else _z(confidence)
    return Estimate(m, m - t * se, m + t * se, n)


def nps(values: Iterable[int | float | None], *, confidence: float = 0.95) -> NpsResult:
    r"""Net promoter score of 0–10 answers with a normal-approximation interval.

    With promoter share :math:`p_9` (answers 9–10) and detractor share :math:`p_0` (answers 0–6),
    :math:`\mathrm{NPS} = 100(p_9 - p_0)` and, treating each answer as a trinomial score of +1, 0 or −1,

    .. math::

        \operatorname{Var}(\widehat{\mathrm{NPS}}/100) = \frac{p_9 + p_0 - (p_9 - p_0)^2}{n},

    so the interval is :math:`\mathrm{NPS} \pm 100 z \sqrt{\operatorname{Var}}`, clipped to −100…100.

    >>> r = nps([10, 9, 8, 3])
    >>> r.value, r.promoters, r.detractors
    (25.0, 2, 1)
    """
    x = _finite(values, name="nps")
    bad = x[(x < 0) | (x > 10) | (x != np.round(x))]
    if bad.size:
        raise ValueError(f"nps: answers must be whole numbers 0–10 (got {bad[0]!r})")
    n = int(x.size)
    if n == 0:
        return NpsResult(None, None, None, 0, 0, 0, 0)
    promoters = int((x >= 9).sum())
    detractors = int((x <= 6).sum())
    passives = n - promoters - detractors
    p9, p0 = promoters / n, detractors / n
    value = 100 * (p9 - p0)
    var = max(0.0, (p9 + p0 - (p9 - p0) ** 2) / n)
    half = 100 * _z(confidence) * math.sqrt(var)
    low, high = max(-100.0, value - half), min(100.0, value + half)
    return NpsResult(value, low, high, n, promoters, passives, detractors)


def participation_scores(
    answers: Sequence[Sequence[float | int | None]] | np.ndarray,
    *,
    items: int = 10,
    scale_min: int = 1,
    scale_max: int = 5,
    min_answered: int = 10,
) -> np.ndarray:
    r"""Participation-indicator scores (0–100) of many respondents at once.

    Each row holds one respondent's answers to the ``items`` statements on the scale ``scale_min…scale_max``
    (``None``/NaN = not answered). A respondent who answered at least ``min_answered`` statements gets

    .. math::

        S = 100 \cdot \frac{\bar a - a_{\min}}{a_{\max} - a_{\min}},

    the mean :math:`\bar a` of the answered statements rescaled to 0–100; others get NaN (no score). With
    ``min_answered = items`` (the default) this is the complete-case rule; a lower value lets the mean of the
    answered statements stand in for the missing ones. The rule is a parameter of the instrument version.

    >>> participation_scores([[5] * 10, [1] * 10, [3] * 9 + [None]]).tolist()
    [100.0, 0.0, nan]
    >>> participation_scores([[3] * 9 + [None]], min_answered=8).tolist()
    [50.0]
    """
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be greater than scale_min ({scale_min})")
    if not 1 <= min_answered <= items:
        raise ValueError(f"min_answered must be between 1 and {items} (got {min_answered})")
    rows = [[np.nan if v is None else v for v in row] for row in answers]
    if not rows:
        return np.zeros(0)
    try:
        a = np.asarray(rows, dtype=float)
    except ValueError as exc:
        raise ValueError(f"participation_scores: every row must have {items} numeric answers") from exc
    if a.ndim != 2 or a.shape[1] != items:
        raise ValueError(f"participation_scores: every row must have {items} answers (got shape {a.shape})")
    answered = ~np.isnan(a)
    bad = answered & ((a < scale_min) | (a > scale_max) | (a != np.round(a)))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(
            f"participation_scores: respondent #{r}, statement {c + 1}: {a[r, c]!r} is not on the scale "
            f"{scale_min}–{scale_max}"
        )
    count = answered.sum(axis=1)
    with np.errstate(invalid="ignore"):
        means = np.where(count > 0, np.nansum(a, axis=1) / np.maximum(count, 1), np.nan)
    scores = 100 * (means - scale_min) / (scale_max - scale_min)
    return np.where(count >= min_answered, scores, np.nan)


def participation_score(
    answers: Sequence[float | int | None], *, scale_min: int = 1, scale_max: int = 5, min_answered: int = 10
) -> float | None:
    """One respondent's participation-indicator score (0–100), or ``None`` when too few statements were
    answered.

    >>> participation_score([4] * 10)
    75.0
    """
    score = participation_scores(
        [list(answers)],
        items=len(answers),
        scale_min=scale_min,
        scale_max=scale_max,
        min_answered=min_answered,
    )[0]
    return None if math.isnan(score) else float(score)
