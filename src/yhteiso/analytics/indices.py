r"""Aspatial segregation indices: two groups and many groups.

Every function takes counts of people per areal unit (pienalue, postal area, grid cell, …) and returns a
float.
Counts are validated by :mod:`yhteiso.analytics._validate`: ``NaN``, ``inf``, negative counts or a group
larger
than its total raise :class:`ValueError` naming the unit and column. Units with no population are allowed and
contribute nothing. An index that is undefined for the data (for example the group is absent from the whole
city, so its share :math:`P` is 0) raises :class:`ValueError` rather than returning ``NaN``.

Symbols (two groups)
--------------------
:math:`i = 1..n` units; :math:`x_i` members of the group, :math:`t_i` total population, :math:`y_i = t_i -
x_i`
the rest; :math:`X, Y, T` their sums; :math:`p_i = x_i / t_i` the group's share in unit *i*;
:math:`P = X / T` its share in the whole area.

Symbols (many groups)
---------------------
:math:`t_{ik}` members of group :math:`k = 1..K` in unit *i*; :math:`t_i = \sum_k t_{ik}`; :math:`T_k`,
:math:`T`
the sums; :math:`p_{ik} = t_{ik}/t_i`; :math:`\pi_k = T_k/T`; :math:`I = \sum_k \pi_k(1-\pi_k)` (the
interaction
or Simpson diversity of the whole area) and :math:`E = -\sum_k \pi_k \ln \pi_k` (its entropy).

Natural logarithms are used throughout, so the mutual information *M* is in nats (divide by ln 2 for bits).

References
----------
* Duncan, O. D. & Duncan, B. (1955). A methodological analysis of segregation indexes. *American Sociological
  Review* 20(2), 210–217.
* Massey, D. S. & Denton, N. A. (1988). The dimensions of residential segregation. *Social Forces* 67(2),
  281–315.
* Theil, H. (1972). *Statistical Decomposition Analysis*. North-Holland.
* Reardon, S. F. & Firebaugh, G. (2002). Measures of multigroup segregation. *Sociological Methodology* 32,
  33–67.
* Mora, R. & Ruiz-Castillo, J. (2011). Entropy-based segregation indices. *Sociological Methodology* 41,
  159–194.
* Rey, S. J., Cortes, R. X. & Knaap, E. (2021). Comparative spatial segregation analytics. *Spatial
  Demography*
  9, 31–64.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._validate import as_counts, check_group_total, describe_unit

__all__ = [
    "MULTIGROUP_INDEX_NAMES",
    "TWO_GROUP_INDEX_NAMES",
    "NestedDecomposition",
    "atkinson",
    "correlation_ratio",
    "dissimilarity",
    "gini",
    "interaction",
    "isolation",
    "local_mutual_information",
    "min_max",
    "multigroup_dissimilarity",
    "multigroup_gini",
    "multigroup_indices",
    "multigroup_theil",
    "mutual_information",
    "mutual_information_decomposition",
    "normalized_exposure",
    "relative_diversity",
    "theil_entropy",
    "two_group_indices",
]

ArrayLike = Any


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def _two(group: ArrayLike, total: ArrayLike, unit_ids: Sequence[Any] | None = None) -> tuple[
    np.ndarray, np.ndarray, float, float
]:
    """Validated (x, t) restricted to non-empty units, plus T and P; raises when P is 0 or 1."""
    x, t = check_group_total(group, total, unit_ids=unit_ids)
    keep = t > 0
    if not keep.all():
        x, t = x[keep], t[keep]
    T = float(t.sum())
    if T <= 0:
        raise ValueError("the total population is zero in every unit: the index is undefined")
    X = float(x.sum())
    P = X / T
    if X <= 0:
        raise ValueError("the group has no members in any unit: the index is undefined")
    if X >= T * (1 - 1e-15):
        raise ValueError("everyone belongs to the group (no one in the rest): the index is undefined")
    return x, t, T, P


def _many(counts: ArrayLike, group_names: Sequence[str] | None = None,
          unit_ids: Sequence[Any] | None = None) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray]:
    """Validated counts (groups with members only), unit totals, T, group shares pi and unit shares p.

    Empty units are kept but have p = 0 and weight t = 0, so they contribute nothing to any sum.
    """
    c = as_counts(counts, names=group_names, unit_ids=unit_ids)
    if c.ndim != 2:
        raise ValueError("multigroup indices need a 2-D table of counts (units × groups)")
    col_tot = _colsum(c)
    if not (col_tot > 0).all():
        c = c[:, col_tot > 0]
        col_tot = col_tot[col_tot > 0]
    if c.shape[1] < 2:
        raise ValueError("at least two groups with members are needed: the index is undefined")
    t = _rowsum(c)
    T = float(col_tot.sum())
    tinv = np.divide(1.0, t, out=np.zeros_like(t), where=t > 0)
    p = c * tinv[:, None]
    return c, t, T, col_tot / T, p


def _rowsum(c: np.ndarray) -> np.ndarray:
    """Row sums of a units × groups table, column by column (much faster than ``sum(axis=1)`` for few groups,
    and without BLAS threads, which oversubscribe the CPU when inference runs in several processes)."""
    out = c[:, 0].copy()
    for k in range(1, c.shape[1]):
        out += c[:, k]
    return out


def _colsum(c: np.ndarray) -> np.ndarray:
    """Column sums of a units × groups table."""
    return np.asarray(c.sum(axis=0))


def _weighted_sq_dev(p: np.ndarray, pi: np.ndarray, t: np.ndarray) -> np.ndarray:
    """t_i (p_ik - pi_k)^2 for every unit and group."""
    d = p - pi
    d *= d
    d *= t[:, None]
    return np.asarray(d)


def _weighted_abs_pair_sum(values: np.ndarray, weights: np.ndarray) -> float:
    r"""Return :math:`\sum_{i<j} w_i w_j |v_i - v_j|` in O(n log n) (sort, then prefix sums)."""
    order = np.argsort(values)  # ties contribute nothing, so their order does not matter
    v = values[order]
    w = weights[order]
    wv = w * v
    cw = np.cumsum(w) - w  # weight of the units before j
    cwv = np.cumsum(wv) - wv
    return float(np.sum(wv * cw - w * cwv))


def _log_ratio(c: np.ndarray, t: np.ndarray, pi: np.ndarray) -> np.ndarray:
    """ln(p_ik / pi_k) = ln(c_ik / (t_i pi_k)) where c_ik > 0, and 0 elsewhere (so 0 ln 0 = 0)."""
    denom = np.multiply.outer(t, pi)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(c, denom, out=denom)
    denom[c <= 0] = 1.0
    np.log(denom, out=denom)
    return np.asarray(denom)


def _xlogx_ratio(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Elementwise p ln(p/q) with 0 ln 0 = 0 (q > 0 wherever p > 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = p / q
    ratio[p <= 0] = 1.0
    np.log(ratio, out=ratio)
    ratio *= p
    return np.asarray(ratio)


def _binary_entropy(p: np.ndarray | float) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    q = 1.0 - p
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
              + np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0))
    return h


# --------------------------------------------------------------------------------------------------
# two groups
# --------------------------------------------------------------------------------------------------


def dissimilarity(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Index of dissimilarity *D* (Duncan & Duncan 1955).

    .. math::

        D = \frac{1}{2}\sum_i \left|\frac{x_i}{X} - \frac{y_i}{Y}\right|
          = \sum_i \frac{t_i\,|p_i - P|}{2\,T\,P\,(1-P)}

    The share of the group (or of the rest) that would have to move to another unit for every unit to have the
    city-wide composition. 0 = even, 1 = complete separation.

    Parameters
    ----------
    group, total : array_like
        Group members :math:`x_i` and total population :math:`t_i` per unit.
    unit_ids : sequence, optional
        Unit identifiers for error messages.

    Examples
    --------
    >>> round(dissimilarity([10, 0, 5], [20, 10, 10]), 6)
    0.4
    >>> dissimilarity([10, 0], [10, 10])
    1.0
    """
    x, t, T, P = _two(group, total, unit_ids)
    return float(np.sum(np.abs(x - t * P)) / (2.0 * T * P * (1.0 - P)))


def gini(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Gini segregation index *G* (Massey & Denton 1988), computed in O(n log n) without an n×n matrix.

    .. math::

        G = \frac{\sum_i\sum_j t_i\,t_j\,|p_i - p_j|}{2\,T^2\,P\,(1-P)}

    The double sum is evaluated by sorting the shares :math:`p_i` and using prefix sums:
    :math:`\sum_{i<j} t_i t_j (p_j - p_i) = \sum_j t_j \big(p_j \sum_{i<j} t_i - \sum_{i<j} t_i p_i\big)`.

    Examples
    --------
    >>> round(gini([10, 0, 5], [20, 10, 10]), 6)
    0.4
    """
    x, t, T, P = _two(group, total, unit_ids)
    s = _weighted_abs_pair_sum(x / t, t)
    return float(s / (T * T * P * (1.0 - P)))


def theil_entropy(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Theil's entropy (information theory) index *H* for two groups (Theil 1972; Massey & Denton 1988).

    .. math::

        E_i = -p_i\ln p_i - (1-p_i)\ln(1-p_i),\qquad E = -P\ln P - (1-P)\ln(1-P),\qquad
        H = \sum_i \frac{t_i\,(E - E_i)}{E\,T}

    with :math:`0 \ln 0 = 0`. 0 = every unit as diverse as the city, 1 = complete separation.

    Examples
    --------
    >>> theil_entropy([10, 0], [10, 10])
    1.0
    >>> round(theil_entropy([10, 5], [20, 10]), 12)
    0.0
    """
    x, t, T, P = _two(group, total, unit_ids)
    E = float(_binary_entropy(P))
    Ei = _binary_entropy(x / t)
    return float(np.sum(t * (E - Ei)) / (E * T))


def atkinson(
    group: ArrayLike, total: ArrayLike, b: float = 0.5, *, unit_ids: Sequence[Any] | None = None
) -> float:
    r"""Atkinson index :math:`A_b` with shape parameter *b* (Atkinson 1970; Massey & Denton 1988).

    .. math::

        A_b = 1 - \frac{P}{1-P}\left|\frac{1}{P\,T}\sum_i (1-p_i)^{1-b}\,p_i^{\,b}\,t_i\right|^{1/(1-b)}

    *b* in [0, 1) weights units where the group is over-represented (b > 0.5) or under-represented (b < 0.5).
    ``b`` is honoured (PySAL ``segregation`` 2.5's ``Atkinson`` class silently uses 0.5 whatever is passed).

    Parameters
    ----------
    b : float
        Shape parameter, 0 ≤ b < 1 (default 0.5).

    Examples
    --------
    >>> round(atkinson([8, 3, 1], [10, 10, 10]), 6)
    0.378907
    >>> round(atkinson([8, 3, 1], [10, 10, 10], b=0.1), 6)
    0.085209
    """
    b = float(b)
    if not (0.0 <= b < 1.0) or not np.isfinite(b):
        raise ValueError(f"the Atkinson shape parameter b must satisfy 0 <= b < 1, got {b}")
    x, t, T, P = _two(group, total, unit_ids)
    p = x / t
    s = np.sum(np.power(1.0 - p, 1.0 - b) * np.power(p, b) * t) / (P * T)
    return float(1.0 - (P / (1.0 - P)) * abs(s) ** (1.0 / (1.0 - b)))


def isolation(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Isolation index :math:`{}_xP^*_x` (Massey & Denton 1988).

    .. math::

        {}_xP^*_x = \sum_i \frac{x_i}{X}\,\frac{x_i}{t_i}

    The share of the group among the unit-mates of an average group member (between *P* and 1).

    Examples
    --------
    >>> isolation([10, 0], [10, 10])
    1.0
    >>> round(isolation([5, 5], [10, 10]), 12)
    0.5
    """
    x, t, _T, _P = _two(group, total, unit_ids)
    X = float(x.sum())
    return float(np.sum(x * x / t) / X)


def interaction(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Interaction index :math:`{}_xP^*_y` (Massey & Denton 1988).

    .. math::

        {}_xP^*_y = \sum_i \frac{x_i}{X}\,\frac{y_i}{t_i} = 1 - {}_xP^*_x

    The share of the rest among the unit-mates of an average group member.

    Examples
    --------
    >>> interaction([10, 0], [10, 10])
    0.0
    """
    x, t, _T, _P = _two(group, total, unit_ids)
    X = float(x.sum())
    return float(np.sum(x * (t - x) / t) / X)


def correlation_ratio(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Correlation ratio :math:`\eta^2` (Bell 1954; Massey & Denton 1988), the isolation index adjusted for
    *P*.

    .. math::

        V = \eta^2 = \frac{{}_xP^*_x - P}{1 - P}

    Examples
    --------
    >>> correlation_ratio([10, 0], [10, 10])
    1.0
    """
    x, t, _T, P = _two(group, total, unit_ids)
    xpx = float(np.sum(x * x / t) / x.sum())
    return float((xpx - P) / (1.0 - P))


def min_max(group: ArrayLike, total: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Min–max index (O'Sullivan & Wong 2007; as in PySAL ``segregation``).

    .. math::

        MM = 1 - \frac{\sum_i \min(x_i/X,\ y_i/Y)}{\sum_i \max(x_i/X,\ y_i/Y)}

    A monotone transform of *D*: :math:`MM = 2D/(1+D)`.

    Examples
    --------
    >>> min_max([10, 0], [10, 10])
    1.0
    >>> round(min_max([10, 0, 5], [20, 10, 10]), 6)
    0.571429
    """
    x, t, _T, _P = _two(group, total, unit_ids)
    y = t - x
    a = x / x.sum()
    c = y / y.sum()
    return float(1.0 - np.minimum(a, c).sum() / np.maximum(a, c).sum())


TWO_GROUP_INDEX_NAMES: tuple[str, ...] = (
    "dissimilarity",
    "gini",
    "theil_entropy",
    "atkinson",
    "isolation",
    "interaction",
    "correlation_ratio",
    "min_max",
)


def two_group_indices(
    group: ArrayLike,
    total: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    atkinson_b: float = 0.5,
    unit_ids: Sequence[Any] | None = None,
    group_name: str = "group",
    total_name: str = "total",
) -> dict[str, float]:
    """All (or the selected) two-group indices of a group against the rest of the total.

    Parameters
    ----------
    group, total : array_like
        Group members and total population per unit.
    names : sequence of str, optional
        Index names to compute (a subset of :data:`TWO_GROUP_INDEX_NAMES`); default all, in that order.
    atkinson_b : float
        Shape parameter of the Atkinson index.
    unit_ids, group_name, total_name
        Used in error messages.

    Returns
    -------
    dict
        ``{name: value}`` keyed by the snake_case names.

    Examples
    --------
    >>> r = two_group_indices([10, 0, 5], [20, 10, 10])
    >>> list(r)[:3]
    ['dissimilarity', 'gini', 'theil_entropy']
    >>> round(r["dissimilarity"], 6)
    0.4
    """
    wanted = list(TWO_GROUP_INDEX_NAMES if names is None else names)
    unknown = [n for n in wanted if n not in TWO_GROUP_INDEX_NAMES]
    if unknown:
        raise ValueError(
            f"unknown two-group index {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(TWO_GROUP_INDEX_NAMES)}"
        )
    x, t = check_group_total(group, total, unit_ids=unit_ids, group_name=group_name, total_name=total_name)
    _two(x, t)  # raises once, clearly, when every index is undefined
    funcs: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
        "dissimilarity": dissimilarity,
        "gini": gini,
        "theil_entropy": theil_entropy,
        "atkinson": lambda g, tt: atkinson(g, tt, b=atkinson_b),
        "isolation": isolation,
        "interaction": interaction,
        "correlation_ratio": correlation_ratio,
        "min_max": min_max,
    }
    return {n: funcs[n](x, t) for n in wanted}


# --------------------------------------------------------------------------------------------------
# many groups
# --------------------------------------------------------------------------------------------------


def multigroup_dissimilarity(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Multigroup dissimilarity index *D* (Reardon & Firebaugh 2002).

    .. math::

        D = \sum_k \sum_i \frac{t_i\,|p_{ik} - \pi_k|}{2\,T\,I}

    Equals the two-group *D* when K = 2.

    Examples
    --------
    >>> round(multigroup_dissimilarity([[10, 0, 0], [0, 10, 0], [0, 0, 10]]), 12)
    1.0
    >>> round(multigroup_dissimilarity([[10, 10], [0, 10], [5, 5]]), 6)
    0.4
    """
    c, t, T, pi, _p = _many(counts, unit_ids=unit_ids)
    I = float(np.sum(pi * (1.0 - pi)))
    dev = np.multiply.outer(t, pi)
    np.subtract(c, dev, out=dev)
    np.abs(dev, out=dev)
    return float(_colsum(dev).sum() / (2.0 * T * I))


def local_mutual_information(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> np.ndarray:
    r"""Per-unit contributions to the mutual information *M*; they add up to *M*.

    .. math::

        M = \sum_i c_i,\qquad c_i = \frac{t_i}{T}\,L_i,\qquad L_i = \sum_k p_{ik}\ln\frac{p_{ik}}{\pi_k}

    :math:`L_i` is the local segregation (Kullback–Leibler divergence of the unit's composition from the
    city's;
    Mora & Ruiz-Castillo 2011). Returns :math:`c_i` for every input row, 0 for empty units.

    Examples
    --------
    >>> c = local_mutual_information([[10, 0], [0, 10], [0, 0]])
    >>> [round(float(v), 6) for v in c]
    [0.346574, 0.346574, 0.0]
    """
    raw = as_counts(counts, unit_ids=unit_ids)
    if raw.ndim != 2:
        raise ValueError("multigroup indices need a 2-D table of counts (units × groups)")
    c, t, T, pi, _p = _many(raw)  # validates that M is defined; drops groups without members
    return _rowsum(c * _log_ratio(c, t, pi)) / T


def mutual_information(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Mutual information index *M* between units and groups (Theil 1972; Mora & Ruiz-Castillo 2011), in
    nats.

    .. math::

        M = \sum_i \frac{t_i}{T}\sum_k p_{ik}\ln\frac{p_{ik}}{\pi_k} = E - \sum_i \frac{t_i}{T} E_i

    *M* is additive over nested partitions: see :func:`mutual_information_decomposition`. It equals PySAL
    ``segregation``'s ``MultiDivergence``.

    Examples
    --------
    >>> round(mutual_information([[10, 0], [0, 10]]), 6)  # ln 2
    0.693147
    >>> mutual_information([[5, 5], [1, 1]])
    0.0
    """
    c, t, T, pi, _p = _many(counts, unit_ids=unit_ids)
    lr = _log_ratio(c, t, pi)
    lr *= c
    return float(lr.sum() / T)


def multigroup_theil(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Theil's multigroup information-theory index :math:`H = M / E` (Theil 1972; Reardon & Firebaugh 2002).

    .. math::

        H = \frac{M}{E} = \sum_i \frac{t_i\,(E - E_i)}{T\,E},\qquad E_i = -\sum_k p_{ik}\ln p_{ik}

    0 = every unit as diverse as the city, 1 = complete separation. Equals PySAL's ``MultiInfoTheory``.

    Examples
    --------
    >>> multigroup_theil([[10, 0], [0, 10]])
    1.0
    """
    c, t, T, pi, _p = _many(counts, unit_ids=unit_ids)
    E = float(-np.sum(pi * np.log(pi)))
    lr = _log_ratio(c, t, pi)
    lr *= c
    return float(lr.sum() / T) / E


def multigroup_gini(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Multigroup Gini index (Reardon & Firebaugh 2002), in O(K n log n) without an n×n matrix.

    .. math::

        G = \sum_k \sum_i \sum_j \frac{t_i\,t_j\,|p_{ik} - p_{jk}|}{2\,T^2\,I}

    Each inner double sum is computed by sorting :math:`p_{\cdot k}` (see :func:`gini`).

    Examples
    --------
    >>> multigroup_gini([[10, 0], [0, 10]])
    1.0
    >>> round(multigroup_gini([[10, 10], [0, 10], [5, 5]]), 6)
    0.4
    """
    _c, t, T, pi, p = _many(counts, unit_ids=unit_ids)
    I = float(np.sum(pi * (1.0 - pi)))
    # all groups at once: sort each group's shares (rows of p.T), then prefix sums of weights
    v = np.ascontiguousarray(p.T)
    order = np.argsort(v, axis=1)
    v = np.take_along_axis(v, order, axis=1)
    w = t[order]
    wv = w * v
    cw = np.cumsum(w, axis=1)
    cw -= w
    cwv = np.cumsum(wv, axis=1)
    cwv -= wv
    s = float(np.sum(wv * cw) - np.sum(w * cwv))
    return float(s / (T * T * I))


def normalized_exposure(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Normalised exposure index *P* (James 1986; Reardon & Firebaugh 2002).

    .. math::

        P = \sum_k \sum_i \frac{t_i}{T}\,\frac{(p_{ik} - \pi_k)^2}{1 - \pi_k}

    Examples
    --------
    >>> normalized_exposure([[10, 0], [0, 10]])
    1.0
    """
    _c, t, T, pi, p = _many(counts, unit_ids=unit_ids)
    return float(_colsum(_weighted_sq_dev(p, pi, t)) @ (1.0 / (1.0 - pi)) / T)


def relative_diversity(counts: ArrayLike, *, unit_ids: Sequence[Any] | None = None) -> float:
    r"""Relative diversity index *R* (Carlson 1992; Reardon & Firebaugh 2002).

    .. math::

        R = \sum_k \sum_i \frac{t_i\,(p_{ik} - \pi_k)^2}{T\,I}
          = 1 - \sum_i \frac{t_i\,I_i}{T\,I},\qquad I_i = \sum_k p_{ik}(1-p_{ik})

    Examples
    --------
    >>> relative_diversity([[10, 0], [0, 10]])
    1.0
    """
    _c, t, T, pi, p = _many(counts, unit_ids=unit_ids)
    I = float(np.sum(pi * (1.0 - pi)))
    return float(_colsum(_weighted_sq_dev(p, pi, t)).sum() / (T * I))


MULTIGROUP_INDEX_NAMES: tuple[str, ...] = (
    "multigroup_dissimilarity",
    "mutual_information",
    "multigroup_theil",
    "multigroup_gini",
    "normalized_exposure",
    "relative_diversity",
)

_MULTI_FUNCS: dict[str, Callable[..., float]] = {
    "multigroup_dissimilarity": multigroup_dissimilarity,
    "mutual_information": mutual_information,
    "multigroup_theil": multigroup_theil,
    "multigroup_gini": multigroup_gini,
    "normalized_exposure": normalized_exposure,
    "relative_diversity": relative_diversity,
}


def multigroup_indices(
    counts: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    group_names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> dict[str, float]:
    """All (or the selected) multigroup indices of a units × groups table of counts.

    Parameters
    ----------
    counts : array_like
        Units × groups counts; the groups should partition the population (their sum is the unit total).
    names : sequence of str, optional
        Index names to compute (a subset of :data:`MULTIGROUP_INDEX_NAMES`); default all, in that order.
    group_names, unit_ids
        Used in error messages.

    Examples
    --------
    >>> r = multigroup_indices([[10, 0], [0, 10]])
    >>> r["multigroup_dissimilarity"], r["multigroup_theil"]
    (1.0, 1.0)
    """
    wanted = list(MULTIGROUP_INDEX_NAMES if names is None else names)
    unknown = [n for n in wanted if n not in MULTIGROUP_INDEX_NAMES]
    if unknown:
        raise ValueError(
            f"unknown multigroup index {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(MULTIGROUP_INDEX_NAMES)}"
        )
    c, _t, _T, _pi, _p = _many(counts, group_names=group_names, unit_ids=unit_ids)
    return {n: _MULTI_FUNCS[n](c) for n in wanted}


# --------------------------------------------------------------------------------------------------
# nested decomposition of M
# --------------------------------------------------------------------------------------------------


@dataclass
class NestedDecomposition:
    """Decomposition of *M* over nested levels (see :func:`mutual_information_decomposition`).

    Attributes
    ----------
    total : float
        *M* of the finest units.
    level_names : list of str
        Names of the levels, coarsest first, ending with the units themselves.
    between : list of float
        ``between[0]`` is *M* between the coarsest areas; ``between[l]`` (l ≥ 1) is the part of *M* due to
        segregation between level-*l* areas *within* level-*(l-1)* areas, i.e.
        :math:`\\sum_s (T_s/T) M_s`. They add up to ``total``.
    within : list of dict
        ``within[l]`` maps each level-*(l-1)* area (for l ≥ 1) to its own :math:`M_s` of level-*l* areas
        inside it.
    weights : list of dict
        ``weights[l]`` maps the same areas to :math:`T_s / T`.
    """

    total: float
    level_names: list[str]
    between: list[float]
    within: list[dict[Any, float]] = field(default_factory=list)
    weights: list[dict[Any, float]] = field(default_factory=list)


def _aggregate(counts: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, counts.shape[1]))
    for k in range(counts.shape[1]):
        out[:, k] = np.bincount(codes, weights=counts[:, k], minlength=n)
    return out


def mutual_information_decomposition(
    counts: ArrayLike,
    levels: Sequence[Sequence[Any] | np.ndarray],
    *,
    level_names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> NestedDecomposition:
    r"""Decompose *M* of the units into between- and within-area parts over nested levels.

    With areas *s* of a coarser level containing the units (Theil 1972; Mora & Ruiz-Castillo 2011):

    .. math::

        M(\text{units}) = M(\text{areas}) + \sum_s \frac{T_s}{T}\,M_s(\text{units in } s)

    applied recursively, e.g. suuralue ⊃ tilastoalue ⊃ pienalue:
    :math:`M_{pien} = M_{suur} + \sum_{s} w_s M_{s}(\text{tilast.}) + \sum_{a} w_a M_{a}(\text{pien.})`.

    Parameters
    ----------
    counts : array_like
        Units × groups counts of the finest units.
    levels : sequence of array_like
        One label array per coarser level, coarsest first (e.g. ``[suuralue, tilastoalue]``), each giving the
        area of every unit. Each area must lie inside exactly one area of the previous level.
    level_names : sequence of str, optional
        Names of the coarser levels (default ``level1``, ``level2``, …); the finest level is called ``units``.

    Raises
    ------
    ValueError
        When a level has the wrong length or the levels are not nested (naming the unit).

    Examples
    --------
    >>> counts = [[10, 0], [8, 2], [1, 9], [0, 10]]
    >>> d = mutual_information_decomposition(counts, [["N", "N", "S", "S"]])
    >>> abs(sum(d.between) - d.total) < 1e-12
    True
    >>> round(d.between[0], 6), round(d.total, 6)
    (0.430098, 0.485525)
    >>> {area: round(m, 6) for area, m in d.within[1].items()}
    {'N': 0.074882, 'S': 0.035974}
    """
    c = as_counts(counts, unit_ids=unit_ids)
    if c.ndim != 2:
        raise ValueError("multigroup indices need a 2-D table of counts (units × groups)")
    n = c.shape[0]
    if not levels:
        raise ValueError("give at least one coarser level")
    names = list(level_names) if level_names is not None else [f"level{i + 1}" for i in range(len(levels))]
    if len(names) != len(levels):
        raise ValueError(f"{len(names)} level names given for {len(levels)} levels")
    codes_per_level: list[np.ndarray] = []
    uniques_per_level: list[np.ndarray] = []
    for name, lab in zip(names, levels, strict=True):
        arr = np.asarray(lab, dtype=object)
        if arr.shape != (n,):
            raise ValueError(f"level {name!r} has {arr.shape[0] if arr.ndim else 0} labels for {n} units")
        uniq, codes = np.unique(arr.astype(str), return_inverse=True)
        codes_per_level.append(codes.ravel())
        uniques_per_level.append(np.asarray(uniq.tolist(), dtype=object))
    # check nesting: each area of level l has one parent at level l-1
    for lvl in range(1, len(levels)):
        child, parent = codes_per_level[lvl], codes_per_level[lvl - 1]
        first_parent = np.full(uniques_per_level[lvl].shape[0], -1)
        first_parent[child[::-1]] = parent[::-1]
        bad = first_parent[child] != parent
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                f"{describe_unit(i, unit_ids)}: level {names[lvl]!r} area "
                f"{uniques_per_level[lvl][child[i]]!r} is not nested in a single {names[lvl - 1]!r} area"
            )
    total = mutual_information(c)
    T = float(c.sum())
    pi = c.sum(axis=0) / T
    all_codes = [*codes_per_level, np.arange(n)]
    unit_labels = list(unit_ids) if unit_ids is not None else list(range(n))
    all_uniques = [*uniques_per_level, np.asarray(unit_labels, dtype=object)]
    between: list[float] = []
    within: list[dict[Any, float]] = [{}]
    weights: list[dict[Any, float]] = [{}]
    agg_prev: np.ndarray | None = None
    for lvl, codes in enumerate(all_codes):
        m = all_uniques[lvl].shape[0]
        agg = _aggregate(c, codes, m)
        if lvl == 0:
            tt = agg.sum(axis=1)
            keep = tt > 0
            between.append(float((_xlogx_ratio(agg[keep] / tt[keep, None], pi).sum(axis=1) @ tt[keep]) / T))
        else:
            assert agg_prev is not None
            parent_of = np.full(m, -1)
            parent_of[codes] = all_codes[lvl - 1]
            tt = agg.sum(axis=1)
            keep = tt > 0
            par_tot = agg_prev[parent_of]  # each area's parent composition
            par_t = par_tot.sum(axis=1)
            kl = np.zeros(m)
            kl[keep] = _xlogx_ratio(agg[keep] / tt[keep, None], par_tot[keep] / par_t[keep, None]).sum(axis=1)
            n_par = agg_prev.shape[0]
            contrib = np.bincount(parent_of, weights=tt * kl, minlength=n_par)  # sum_i t_i L_i per parent
            ptot = agg_prev.sum(axis=1)
            between.append(float(contrib.sum() / T))
            within.append({
                all_uniques[lvl - 1][s]: float(contrib[s] / ptot[s]) if ptot[s] > 0 else 0.0
                for s in range(n_par)
            })
            weights.append({all_uniques[lvl - 1][s]: float(ptot[s] / T) for s in range(n_par)})
        agg_prev = agg
    return NestedDecomposition(
        total=total, level_names=[*names, "units"], between=between, within=within, weights=weights
    )
