"""Survey weighting: raking (iterative proportional fitting) of respondent weights to population margins.

Respondent :math:`i` has base weight :math:`d_i` (1 unless given) and a category :math:`c_{ki}` in each raking
dimension :math:`k` (e.g. area, language group). The population margin :math:`N_{kc}` is the number of people in
category :math:`c` of dimension :math:`k`. Raking repeats, dimension by dimension,

.. math::

    w_i \\leftarrow w_i \\cdot \\frac{N_{k c_{ki}} / N}{\\sum_{j: c_{kj} = c_{ki}} w_j / \\sum_j w_j}

until every weighted margin share is within ``tol`` of its target share (``max |share - target|``), or ``max_iter``
sweeps have passed (then :class:`RakingResult` has ``converged=False``). Weights are returned normalised to mean 1
(:math:`\\sum_i w_i = n`), so they are relative weights and a weighted count equals a count of respondents.
Post-stratification is the special case of a single dimension whose categories are the full cross-classification
(one sweep fits it exactly); :func:`poststratify` does exactly that.

Trimming
--------
With ``trim=(lo, hi)`` (default ``(0.2, 5.0)``, relative to the mean weight 1), after each sweep weights below
``lo`` are set to ``lo`` and above ``hi`` to ``hi`` and the sweep repeats; trimming trades a little bias for a
smaller variance. If the bounds make the margins unreachable, the result reports ``converged=False`` and the
caller should show the figures as unweighted. ``trim=None`` turns trimming off.

Empty cells
-----------
A respondent category that has no population margin, and a margin category with a positive population but no
respondents, both raise :class:`ValueError` naming the dimension and category. The caller decides how to collapse
categories *before* raking (e.g. merge the category into its neighbour, or drop the dimension); nothing is
collapsed silently here. Categories with a margin of zero and no respondents are simply ignored. A dimension in
which no respondent has a category is refused as well.

Not stated
----------
A respondent whose category in a dimension is ``None`` (e.g. "prefer not to say") is left out of that dimension:
the dimension's margin is matched among the respondents who stated a category (their weighted shares equal the
population shares) and the respondent's weight is not adjusted in that dimension's step; the other dimensions
still adjust it. This assumes that those who did not state a category are distributed like those who did.

Precision
---------
Kish's design effect from unequal weighting is :math:`\\mathrm{deff} = n \\sum w_i^2 / (\\sum w_i)^2 \\ge 1` and the
effective sample size :math:`n_\\mathrm{eff} = (\\sum w_i)^2 / \\sum w_i^2 = n / \\mathrm{deff}`. The weighted mean
is :math:`\\bar y_w = \\sum w_i y_i / \\sum w_i` and its standard error is taken *via the effective n* (not by
linearisation): :math:`\\mathrm{se} = \\sqrt{s_w^2 / n_\\mathrm{eff}}` with
:math:`s_w^2 = \\frac{n}{n-1}\\sum w_i (y_i - \\bar y_w)^2 / \\sum w_i`. A share is the weighted mean of a 0/1
variable. Both are computed on the respondents of the estimate (a subgroup has its own deff and n_eff). This is
the approximation of Kish (1965); it ignores the variance reduction raking gives for variables correlated with the
margins, so it is slightly conservative for those.

References
----------
Deming, W. E. & Stephan, F. F. (1940). On a least squares adjustment of a sampled frequency table when the
expected marginal totals are known. *Annals of Mathematical Statistics* 11(4), 427–444.
Kish, L. (1965). *Survey Sampling*. Wiley. §11.7.
Kolenikov, S. (2014). Calibrating survey data using iterative proportional fitting (raking). *Stata Journal* 14(1).

Examples
--------
Four respondents, two areas; the population is split 50/50 but three answered from area "a":

>>> r = rake([{"area": "a"}, {"area": "a"}, {"area": "a"}, {"area": "b"}], {"area": {"a": 500, "b": 500}})
>>> [round(w, 3) for w in r.weights]
[0.667, 0.667, 0.667, 2.0]
>>> round(design_effect(r.weights), 3)
1.333
>>> round(weighted_mean([1, 1, 1, 0], r.weights).value, 3)
0.5
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_TRIM = (0.2, 5.0)


@dataclass(frozen=True)
class RakingResult:
    """Relative weights (mean 1), whether the margins were met within ``tol``, sweeps used, the final max error."""

    weights: list[float]
    converged: bool
    iterations: int
    max_error: float


@dataclass(frozen=True)
class WeightedEstimate:
    """A weighted mean or share with its standard error, n (respondents), effective n and design effect."""

    value: float | None
    se: float | None
    n: int
    n_eff: float
    deff: float


def _check(respondents: Sequence[Mapping[str, str]], margins: Mapping[str, Mapping[str, float]]) -> None:
    if not margins:
        raise ValueError("no raking dimension given")
    for dim, margin in margins.items():
        if any(v < 0 or not math.isfinite(v) for v in margin.values()):
            raise ValueError(f"margin {dim!r} has a negative or non-finite population")
        if sum(margin.values()) <= 0:
            raise ValueError(f"margin {dim!r} has no population")
        if all(r.get(dim) is None for r in respondents):
            raise ValueError(f"no respondent has a category in dimension {dim!r}")
        seen = set()
        for i, r in enumerate(respondents):
            if dim not in r:
                raise ValueError(f"respondent {i} has no category in dimension {dim!r}")
            if r[dim] is None:
                continue
            if r[dim] not in margin:
                raise ValueError(f"category {r[dim]!r} of dimension {dim!r} has no population margin")
            seen.add(r[dim])
        for cat, pop in margin.items():
            if pop > 0 and cat not in seen:
                raise ValueError(f"margin cell {dim}={cat!r} has a population but no respondents")
            if pop == 0 and cat in seen:
                raise ValueError(f"margin cell {dim}={cat!r} has respondents but a population of zero")


def _errors(respondents: Sequence[Mapping[str, str | None]], margins: Mapping[str, Mapping[str, float]],
            weights: Sequence[float]) -> float:
    worst = 0.0
    for dim, margin in margins.items():
        pop = sum(margin.values())
        sums: dict[str, float] = {}
        for r, w in zip(respondents, weights, strict=True):
            category = r[dim]
            if category is not None:
                sums[category] = sums.get(category, 0.0) + w
        total = sum(sums.values())
        for cat, n_cat in margin.items():
            worst = max(worst, abs(sums.get(cat, 0.0) / total - n_cat / pop))
    return worst


def rake(respondents: Sequence[Mapping[str, str]], margins: Mapping[str, Mapping[str, float]], *,
         base_weights: Sequence[float] | None = None, tol: float = 1e-6, max_iter: int = 100,
         trim: tuple[float, float] | None = DEFAULT_TRIM) -> RakingResult:
    """Rake respondent weights to population margins.

    Parameters
    ----------
    respondents : sequence of mapping
        One mapping per respondent: dimension name → category, or ``None`` when not stated (every dimension of
        ``margins`` must be a key).
    margins : mapping
        Dimension name → {category: population count}. Only proportions matter.
    base_weights : sequence of float, optional
        Design weights (positive); default all 1.
    tol : float
        Convergence tolerance on the largest absolute difference between a weighted share and its target share.
    max_iter : int
        Cap on the number of sweeps over all dimensions.
    trim : (float, float) or None
        Bounds on the relative weights (mean 1) applied after every sweep; ``None`` disables trimming.

    Returns
    -------
    RakingResult
        Weights normalised to mean 1, in the order of ``respondents``.

    Raises
    ------
    ValueError
        If there are no respondents, a category lacks a margin, a margin cell with population lacks respondents,
        a base weight is not positive, or the trimming bounds do not contain 1.

    Examples
    --------
    >>> rake([{"g": "x"}, {"g": "y"}], {"g": {"x": 3, "y": 1}}).weights
    [1.5, 0.5]
    """
    n = len(respondents)
    if n == 0:
        raise ValueError("no respondents to weight")
    if trim is not None and not (0 < trim[0] <= 1 <= trim[1]):
        raise ValueError("trimming bounds must satisfy 0 < low ≤ 1 ≤ high")
    if max_iter < 1 or tol <= 0:
        raise ValueError("max_iter must be ≥ 1 and tol > 0")
    _check(respondents, margins)
    w = [1.0] * n if base_weights is None else [float(b) for b in base_weights]
    if len(w) != n or any(not (b > 0 and math.isfinite(b)) for b in w):
        raise ValueError("base weights must be positive and one per respondent")
    shares = {dim: {c: v / sum(m.values()) for c, v in m.items()} for dim, m in margins.items()}
    error = _errors(respondents, margins, w)
    iterations = 0
    while error > tol and iterations < max_iter:
        iterations += 1
        for dim, target in shares.items():
            sums: dict[str, float] = {}
            for r, wi in zip(respondents, w, strict=True):
                if r[dim] is not None:
                    sums[r[dim]] = sums.get(r[dim], 0.0) + wi
            total = sum(sums.values())
            factor: dict[str | None, float] = {c: target[c] * total / s for c, s in sums.items()}
            factor[None] = 1.0  # not stated in this dimension: left out of it
            w = [wi * factor[r[dim]] for r, wi in zip(respondents, w, strict=True)]
        if trim is not None:
            mean = sum(w) / n
            w = [min(max(wi / mean, trim[0]), trim[1]) for wi in w]
        error = _errors(respondents, margins, w)
    mean = sum(w) / n
    return RakingResult(weights=[wi / mean for wi in w], converged=error <= tol, iterations=iterations,
                        max_error=error)


def poststratify(respondents: Sequence[Mapping[str, str]], population: Mapping[tuple[str, ...], float], *,
                 dimensions: Sequence[str]) -> RakingResult:
    """Post-stratification: rake to the full cross-classification of ``dimensions`` (one cell per combination).

    ``population`` maps a tuple of categories (in the order of ``dimensions``) to its population count. Every
    respondent's cell must have a population and every populated cell respondents (else :class:`ValueError`).

    Examples
    --------
    >>> r = poststratify([{"a": "x", "b": "1"}, {"a": "y", "b": "1"}], {("x", "1"): 1, ("y", "1"): 3},
    ...                  dimensions=["a", "b"])
    >>> r.weights
    [0.5, 1.5]
    """
    cells = [{"cell": "|".join(str(r[d]) for d in dimensions)} for r in respondents]
    margin = {"|".join(str(c) for c in key): float(v) for key, v in population.items()}
    return rake(cells, {"cell": margin}, trim=None, max_iter=1)


def design_effect(weights: Sequence[float]) -> float:
    """Kish's design effect from unequal weighting, :math:`n \\sum w^2 / (\\sum w)^2` (≥ 1, = 1 iff equal)."""
    if not weights:
        raise ValueError("no weights")
    return len(weights) * sum(w * w for w in weights) / sum(weights) ** 2


def effective_n(weights: Sequence[float]) -> float:
    """Kish's effective sample size :math:`(\\sum w)^2 / \\sum w^2`."""
    if not weights:
        return 0.0
    return sum(weights) ** 2 / sum(w * w for w in weights)


def weighted_mean(values: Sequence[float | None], weights: Sequence[float]) -> WeightedEstimate:
    """Weighted mean of ``values`` (``None`` skipped with its weight) with a standard error via the effective n.

    Examples
    --------
    >>> e = weighted_mean([1.0, 3.0, None], [1.0, 1.0, 5.0])
    >>> (e.value, e.n, e.deff)
    (2.0, 2, 1.0)
    """
    pairs = [(float(v), float(w)) for v, w in zip(values, weights, strict=True) if v is not None]
    if not pairs:
        return WeightedEstimate(None, None, 0, 0.0, 1.0)
    ws = [w for _, w in pairs]
    total = sum(ws)
    mean = sum(v * w for v, w in pairs) / total
    n = len(pairs)
    n_eff = effective_n(ws)
    se = None
    if n > 1:
        var = n / (n - 1) * sum(w * (v - mean) ** 2 for v, w in pairs) / total
        se = math.sqrt(var / n_eff)
    return WeightedEstimate(value=mean, se=se, n=n, n_eff=n_eff, deff=design_effect(ws))


def weighted_share(flags: Sequence[bool | None], weights: Sequence[float]) -> WeightedEstimate:
    """Weighted share (0–1) of ``True`` among the non-``None`` flags, as the weighted mean of a 0/1 variable."""
    return weighted_mean([None if f is None else float(bool(f)) for f in flags], weights)
