"""Class breaks for choropleth maps: quantiles, equal intervals and natural breaks (Jenks).

Every function returns the *upper bounds of all classes but the last* — ``k − 1`` ascending numbers for ``k``
classes — which is what :func:`yhteiso.viz.choropleth` takes: a value ``v`` is in class ``i`` when
``breaks[i-1] < v <= breaks[i]`` and in the last class when it is above every break. Missing values (None/NaN)
are ignored. When there are fewer distinct values than classes, fewer classes are returned.

Natural breaks use Fisher's (1958) exact dynamic programme for the Jenks (1977) criterion: the partition of the
sorted values into ``k`` contiguous classes minimising the sum of squared deviations from the class means,

.. math:: \\min_{c_1 < \\dots < c_{k-1}} \\sum_{j=1}^{k} \\sum_{i \\in C_j} (x_i - \\bar x_{C_j})^2 ,

in :math:`O(k n^2)` time. References: Jenks, G. F. (1977) *Optimal data classification for choropleth maps*;
Fisher, W. D. (1958) *On grouping for maximum homogeneity*, JASA 53, 789–798.

Examples
--------
>>> equal_interval_breaks([0, 10], 2)
[5.0]
>>> quantile_breaks([1, 2, 3, 4, 5], 2)
[3.0]
>>> natural_breaks([1, 2, 3, 10, 11, 12], 2)
[3.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

METHODS = ("quantiles", "equal_interval", "natural_breaks")


def _clean(values: Iterable[float | None]) -> np.ndarray:
    arr = np.array([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))],
                   dtype=float)
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError("values must be finite numbers or None")
    return np.sort(arr)


def _check_k(k: int) -> None:
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"the number of classes must be a positive integer, not {k!r}")


def quantile_breaks(values: Iterable[float | None], k: int) -> list[float]:
    """Breaks at the ``1/k, 2/k, ...`` quantiles (linear interpolation), duplicates removed."""
    _check_k(k)
    x = _clean(values)
    if x.size == 0 or k == 1:
        return []
    qs = np.quantile(x, [i / k for i in range(1, k)])
    out: list[float] = []
    for q in qs:
        if q < x[-1] and (not out or q > out[-1]):
            out.append(float(q))
    return out


def equal_interval_breaks(values: Iterable[float | None], k: int) -> list[float]:
    """Breaks dividing ``[min, max]`` into ``k`` intervals of equal width."""
    _check_k(k)
    x = _clean(values)
    if x.size == 0 or k == 1 or x[0] == x[-1]:
        return []
    lo, hi = float(x[0]), float(x[-1])
    return [lo + (hi - lo) * i / k for i in range(1, k)]


def natural_breaks(values: Iterable[float | None], k: int) -> list[float]:
    """Jenks natural breaks by Fisher's exact algorithm; the breaks are the maxima of the first ``k − 1`` classes."""
    _check_k(k)
    x = _clean(values)
    distinct = np.unique(x)
    if x.size == 0 or k == 1 or distinct.size == 1:
        return []
    if distinct.size <= k:
        return [float(v) for v in distinct[:-1]]
    n = x.size
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i: np.ndarray | int, j: int) -> np.ndarray:
        # sum of squared deviations of x[i:j] (vectorised over i)
        cnt = j - np.asarray(i)
        tot = s1[j] - s1[i]
        return np.asarray((s2[j] - s2[i]) - tot * tot / cnt)

    cost = np.full((k + 1, n + 1), np.inf)
    back = np.zeros((k + 1, n + 1), dtype=int)
    cost[1, 1:] = [ssd(0, j) for j in range(1, n + 1)]
    for c in range(2, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)  # last class is x[i:j]
            totals = cost[c - 1, i] + ssd(i, j)
            best = int(np.argmin(totals))
            cost[c, j] = totals[best]
            back[c, j] = i[best]
    cuts = []
    j = n
    for c in range(k, 1, -1):
        j = back[c, j]
        cuts.append(j)
    # a cut between equal values would repeat a break: keep each break once
    return sorted({float(x[c - 1]) for c in cuts if x[c - 1] < x[-1]})


def breaks_for(values: Iterable[float | None], method: str, k: int) -> list[float]:
    """Dispatch on the method name (``quantiles``, ``equal_interval`` or ``natural_breaks``)."""
    funcs = {"quantiles": quantile_breaks, "equal_interval": equal_interval_breaks, "natural_breaks": natural_breaks}
    if method not in funcs:
        raise ValueError(f"unknown classification {method!r}; choose from {', '.join(METHODS)}")
    return funcs[method](values, k)


def class_of(value: float, breaks: list[float]) -> int:
    """Index of the class of ``value`` under ``breaks`` (the last class is open above)."""
    for i, b in enumerate(breaks):
        if value <= b:
            return i
    return len(breaks)
