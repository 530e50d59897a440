r"""Decomposition of a change (or difference) in a segregation index into spatial and compositional parts.

Given two situations *a* and *b* (two years of the same city, or two places), an index
:math:`S(\text{structure}, \text{composition})` is evaluated on the two observed tables and on two
counterfactual tables that combine the structure of one with the composition of the other. The Shapley value
of each factor is its average marginal effect over the two orders in which the factors can change
(Shorrocks 2013; Rey, Cortes & Knaap 2021):

.. math::

    \Delta &= S(s_b, c_b) - S(s_a, c_a) = \Delta_{spatial} + \Delta_{compositional} \\
    \Delta_{spatial} &= \tfrac12\big[S(s_b, c_a) - S(s_a, c_a) + S(s_b, c_b) - S(s_a, c_b)\big] \\
    \Delta_{compositional} &= \tfrac12\big[S(s_a, c_b) - S(s_a, c_a) + S(s_b, c_b) - S(s_b, c_a)\big]

How the counterfactual tables are built is the ``approach``:

``"ipf"`` (Elbers 2021; Karmel & Maclachlan 1988) — same units in *a* and *b*. The *composition* is the
margins of the units × groups table (unit sizes and group sizes); the *structure* is its association (all odds
ratios). :math:`S(s_a, c_b)` is the index of *a*'s table adjusted by iterative proportional fitting to *b*'s row
and column totals, which keeps all of *a*'s odds ratios. Works for any index and any number of groups.

``"composition"`` (Rey, Cortes & Knaap 2021) — two groups, any units. The *composition* is the distribution of
the group's share :math:`p_i = x_i/t_i` over units; the *structure* is where each share sits (its rank among
units) and the unit sizes :math:`t_i`. In the counterfactual each unit of *a* keeps its total and the rank of
its share, but takes the share of the same quantile in *b*: :math:`p_i^* = F_b^{-1}(F_a(p_i))`.

``"share"`` — like ``"composition"`` but for the distributions over units of the group's and the rest's
populations, :math:`s_i = x_i/X` and :math:`r_i = y_i/Y`: each is mapped to *b*'s quantiles, renormalised to
sum to one, and multiplied by *a*'s group and rest totals.

Quantiles use mid-ranks, :math:`F_a(v_i) = (\operatorname{rank}(v_i) - \tfrac12)/n_a`, and linear
interpolation in *b*'s sorted values.

References
----------
* Elbers, B. (2021). A method for studying differences in segregation across time and space. *Sociological
  Methods & Research* 52(1), 5–42.
* Karmel, T. & Maclachlan, M. (1988). Occupational sex segregation — increasing or decreasing? *Economic
  Record* 64(3), 187–195.
* Rey, S. J., Cortes, R. X. & Knaap, E. (2021). Comparative spatial segregation analytics. *Spatial
  Demography* 9, 31–64.
* Shorrocks, A. F. (2013). Decomposition procedures for distributional analysis: a unified framework based on
  the Shapley value. *Journal of Economic Inequality* 11, 99–126.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import rankdata

from ._validate import as_counts
from .inference import IndexSpec, resolve_index

__all__ = ["ShapleyDecomposition", "ipf", "quantile_map", "shapley_decomposition"]


@dataclass
class ShapleyDecomposition:
    """Result of :func:`shapley_decomposition` (all changes are *b* minus *a*).

    Attributes
    ----------
    value_a, value_b : float
        The index of the two observed tables.
    total_change : float
        ``value_b - value_a`` (= ``spatial + compositional``).
    spatial, compositional : float
        Shapley contributions of the structure and of the composition.
    structure_a_composition_b, structure_b_composition_a : float
        The index of the two counterfactual tables.
    approach : str
        The counterfactual approach used.
    """

    value_a: float
    value_b: float
    total_change: float
    spatial: float
    compositional: float
    structure_a_composition_b: float
    structure_b_composition_a: float
    approach: str


def ipf(
    seed: Any, row_totals: Any, col_totals: Any, *, tol: float = 1e-10, max_iter: int = 10_000
) -> np.ndarray:
    r"""Iterative proportional fitting of ``seed`` to the given row and column totals.

    Alternately scales rows and columns (Deming & Stephan 1940) until every margin is within
    ``tol`` × total of its target. The result keeps all odds ratios of the seed. Rows of the seed that are empty
    but have a positive target are seeded with the target column shares (no association), so they can be
    fitted.

    Raises
    ------
    ValueError
        If the totals of the two margins differ, a group with a positive target is absent from the seed, or IPF
        does not converge.

    Examples
    --------
    >>> fitted = ipf([[4, 1], [1, 4]], [10, 10], [12, 8])
    >>> fitted.sum(axis=1).round(6).tolist(), fitted.sum(axis=0).round(6).tolist()
    ([10.0, 10.0], [12.0, 8.0])
    >>> round(float(fitted[0, 0] * fitted[1, 1] / (fitted[0, 1] * fitted[1, 0])), 6)  # odds ratio kept
    16.0
    """
    s = as_counts(seed).astype(np.float64, copy=True)
    r = as_counts(row_totals)
    c = as_counts(col_totals)
    if s.ndim != 2 or r.shape != (s.shape[0],) or c.shape != (s.shape[1],):
        raise ValueError("seed must be units × groups and the margins must match its shape")
    T = float(r.sum())
    if abs(T - float(c.sum())) > 1e-9 * max(T, 1.0):
        raise ValueError(f"row totals ({T}) and column totals ({float(c.sum())}) differ")
    if T == 0:
        return np.zeros_like(s)
    col_seed = s.sum(axis=0)
    missing = (col_seed == 0) & (c > 0)
    if missing.any():
        j = int(np.argmax(missing))
        raise ValueError(f"group column {j + 1} has members in the target but none in the seed: IPF impossible")
    empty = (s.sum(axis=1) == 0) & (r > 0)
    if empty.any():
        s[empty] = c / T
    for _ in range(max_iter):
        rs = s.sum(axis=1)
        s *= np.divide(r, rs, out=np.zeros_like(r), where=rs > 0)[:, None]
        cs = s.sum(axis=0)
        s *= np.divide(c, cs, out=np.zeros_like(c), where=cs > 0)[None, :]
        if np.abs(s.sum(axis=1) - r).max() <= tol * T:
            return s
    raise ValueError(f"iterative proportional fitting did not converge in {max_iter} iterations")


def quantile_map(values_a: Any, values_b: Any) -> np.ndarray:
    r"""Map each value of *a* to the value at the same quantile of *b*: :math:`F_b^{-1}(F_a(v))`.

    Examples
    --------
    >>> quantile_map([0.1, 0.5, 0.3], [0.0, 1.0]).round(6).tolist()
    [0.0, 1.0, 0.5]
    """
    a = np.asarray(values_a, dtype=np.float64)
    b = np.sort(np.asarray(values_b, dtype=np.float64))
    if a.size == 0 or b.size == 0:
        raise ValueError("quantile mapping needs at least one unit on each side")
    u = (rankdata(a, method="average") - 0.5) / a.size
    pos_b = (np.arange(b.size) + 0.5) / b.size
    return np.asarray(np.interp(u, pos_b, b))


def _two_group_table(counts: Any, name: str) -> np.ndarray:
    c = as_counts(counts, names=None)
    if c.ndim != 2 or c.shape[1] != 2:
        raise ValueError(f"the {name!r} approach needs a two-column table (group, rest)")
    return c


def _composition_counterfactual(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ta = a.sum(axis=1)
    tb = b.sum(axis=1)
    ka, kb = ta > 0, tb > 0
    pa = a[ka, 0] / ta[ka]
    pb = b[kb, 0] / tb[kb]
    out = np.zeros_like(a)
    p_star = quantile_map(pa, pb)
    out[ka, 0] = p_star * ta[ka]
    out[ka, 1] = ta[ka] - out[ka, 0]
    return out


def _share_counterfactual(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros_like(a)
    for k in range(2):
        Xa, Xb = a[:, k].sum(), b[:, k].sum()
        if Xa <= 0 or Xb <= 0:
            raise ValueError("the 'share' approach needs both columns to have members in both tables")
        s = quantile_map(a[:, k] / Xa, b[:, k] / Xb)
        out[:, k] = s / s.sum() * Xa
    return out


def shapley_decomposition(
    counts_a: Any,
    counts_b: Any,
    index: IndexSpec = "dissimilarity",
    *,
    approach: str = "ipf",
) -> ShapleyDecomposition:
    """Shapley decomposition of ``index(b) - index(a)`` into spatial and compositional parts.

    Parameters
    ----------
    counts_a, counts_b : array_like
        Units × groups tables (two columns — group and rest — for a two-group index). ``"ipf"`` needs the same
        units in the same row order.
    index : str or callable
        Index name (see :func:`yhteiso.analytics.inference.resolve_index`) or function of a table.
    approach : {"ipf", "composition", "share"}
        How counterfactual tables are built (see the module documentation).

    Examples
    --------
    >>> a = [[40, 10], [30, 20], [10, 40]]
    >>> b = [[45, 5], [30, 20], [5, 45]]
    >>> r = shapley_decomposition(a, b, "dissimilarity", approach="composition")
    >>> round(r.total_change, 6), round(r.spatial, 6), round(r.compositional, 6)
    (0.133929, 0.0, 0.133929)

    Same ranks of the shares, so with the composition approach the whole change is compositional; the unit
    and group totals are also the same, so with IPF it is all structural (a change of association):

    >>> r = shapley_decomposition(a, b, "dissimilarity", approach="ipf")
    >>> round(r.spatial, 6), round(r.compositional, 6)
    (0.133929, 0.0)
    """
    func = resolve_index(index)
    if approach == "ipf":
        a = as_counts(counts_a)
        b = as_counts(counts_b)
        if a.ndim != 2 or a.shape != b.shape:
            raise ValueError(
                f"the 'ipf' approach needs the same units and groups in both tables: {a.shape} vs {b.shape}"
            )
        a_with_b = ipf(a, b.sum(axis=1), b.sum(axis=0))
        b_with_a = ipf(b, a.sum(axis=1), a.sum(axis=0))
    elif approach == "composition":
        a = _two_group_table(counts_a, approach)
        b = _two_group_table(counts_b, approach)
        a_with_b = _composition_counterfactual(a, b)
        b_with_a = _composition_counterfactual(b, a)
    elif approach == "share":
        a = _two_group_table(counts_a, approach)
        b = _two_group_table(counts_b, approach)
        a_with_b = _share_counterfactual(a, b)
        b_with_a = _share_counterfactual(b, a)
    else:
        raise ValueError(f"unknown approach {approach!r}; choose 'ipf', 'composition' or 'share'")
    s_aa = float(func(a))
    s_bb = float(func(b))
    s_ab = float(func(a_with_b))  # structure a, composition b
    s_ba = float(func(b_with_a))  # structure b, composition a
    spatial = 0.5 * ((s_ba - s_aa) + (s_bb - s_ab))
    compositional = 0.5 * ((s_ab - s_aa) + (s_bb - s_ba))
    return ShapleyDecomposition(
        value_a=s_aa,
        value_b=s_bb,
        total_change=s_bb - s_aa,
        spatial=spatial,
        compositional=compositional,
        structure_a_composition_b=s_ab,
        structure_b_composition_a=s_ba,
        approach=approach,
    )
