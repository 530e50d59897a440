"""Spatial segregation indices: Morrill's spatial dissimilarity, kernel "egohood" indices, local measures.

Symbols used throughout: :math:`n` units :math:`i = 1..n`; :math:`K` groups :math:`k`; :math:`x_{ik}` the count of
group :math:`k` in unit :math:`i`; :math:`t_i = \\sum_k x_{ik}` (or the given total for two-group indices);
:math:`T = \\sum_i t_i`; :math:`p_i = x_i / t_i`; :math:`P = \\sum_i x_i / T`; :math:`w_{ij}` a spatial weight
(see :mod:`yhteiso.analytics.weights`).

Three families
--------------
* **Spatial dissimilarity** (Morrill 1991): the aspatial dissimilarity :math:`D` minus the average absolute
  difference of group proportions across contiguous units, so a boundary between very different neighbours
  counts less as segregation than the same difference between units far apart.
* **Egohood (local-environment) indices** (Reardon & O'Sullivan 2004; Rey, Cortes & Knaap 2021): every count is
  replaced by the kernel-weighted sum of the counts around the unit, :math:`\\tilde x_{ik} = \\sum_j w_{ij}
  x_{jk}`, and the ordinary aspatial index of :mod:`yhteiso.analytics.indices` is computed on
  :math:`\\tilde x`. This is what PySAL ``segregation`` computes with ``distance=`` or ``w=``.
* **Local measures**: location quotients and local (normalised) entropy, per unit, optionally on egohood counts.

Empty units (:math:`t_i = 0`) are allowed and contribute nothing. Per-unit local measures are undefined for an
empty unit and are reported as ``NaN`` there, the only place this module returns ``NaN``; use
``counts.sum(axis=1) > 0`` as the mask of defined values.

Differences from PySAL ``segregation`` 2.5 (each tested)
-----------------------------------------------------------
* PySAL rounds the egohood counts to whole people (``DataFrame.round(0)`` in ``_build_local_environment``);
  this module does not unless ``round_counts=True`` (with which it matches PySAL to 1e-9).
* PySAL forces every unit's own weight to 1 (``fill_diagonal``); this module uses :math:`K(0)` unless
  ``self_weight=1.0`` (identical for the triangular kernel, where :math:`K(0) = 1`).
* PySAL's Gaussian kernel stops at one bandwidth; this module at three unless ``truncate=1.0``.
* In spatial dissimilarity PySAL treats an empty unit as :math:`p_i = 0`, so an uninhabited park next to a
  mixed tract lowers the index; here links to empty units are dropped (the Sacramento tracts have none, so the
  results agree there).

References
----------
Morrill, R. L. (1991). On the measure of geographic segregation. *Geography Research Forum* 11, 25–36.

Reardon, S. F. & O'Sullivan, D. (2004). Measures of spatial segregation. *Sociological Methodology* 34, 121–162.

Rey, S. J., Cortes, R. X. & Knaap, E. (2021). Comparative contextual analysis with segregation. *Journal of
Geographical Systems* 23, 1–32.

Massey, D. S. & Denton, N. A. (1988). The dimensions of residential segregation. *Social Forces* 67, 281–315.

Examples
--------
>>> import numpy as np
>>> from yhteiso.analytics.weights import kernel_weights
>>> pts = np.array([[0.0, 0.0], [400.0, 0.0], [5000.0, 0.0], [5400.0, 0.0]])
>>> group, total = np.array([90.0, 80.0, 10.0, 20.0]), np.array([100.0, 100.0, 100.0, 100.0])
>>> round(egohood_dissimilarity(group, total, points=pts, bandwidth=1000.0), 4)
0.7
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from yhteiso.analytics import indices
from yhteiso.analytics._validate import as_counts, check_group_total
from yhteiso.analytics.weights import as_weights, kernel_weights, row_standardize, with_self_weight

__all__ = [
    "egohood_counts",
    "egohood_dissimilarity",
    "egohood_multigroup_dissimilarity",
    "egohood_multigroup_theil",
    "egohood_mutual_information",
    "local_entropy",
    "location_quotients",
    "spatial_dissimilarity",
]


# --------------------------------------------------------------------------------------------------------------
# Morrill's spatial dissimilarity
# --------------------------------------------------------------------------------------------------------------


def spatial_dissimilarity(
    group: Any,
    total: Any,
    w: Any,
    *,
    standardize: bool = False,
    unit_ids: Sequence[Any] | None = None,
    group_name: str = "group",
    total_name: str = "total",
) -> float:
    """Morrill's spatial dissimilarity index :math:`D(\\mathrm{adj})`.

    .. math::

        D(\\mathrm{adj}) = D - \\frac{\\sum_i \\sum_j c_{ij}\\, |p_i - p_j|}{\\sum_i \\sum_j c_{ij}},
        \\qquad D = \\sum_i \\frac{t_i\\, |p_i - P|}{2\\, T P (1 - P)}

    where :math:`c_{ij}` is the contiguity weight (1 when units :math:`i \\ne j` are adjacent, 0 otherwise, as in
    Morrill 1991), or its row-standardised form :math:`c_{ij} / \\sum_k c_{ik}` when ``standardize=True`` (the
    convention of the R package *seg*, Hong, O'Sullivan & Sadahiro 2014).

    Parameters
    ----------
    group, total : array_like
        Counts of the group and of the whole population per unit.
    w : scipy sparse matrix or array_like, shape (n, n)
        Contiguity weights, e.g. :func:`yhteiso.analytics.weights.contiguity_weights` (queen).
    standardize : bool
        Row-standardise :math:`c` first (default ``False``, Morrill's binary weights; PySAL's default too).
    unit_ids : sequence, optional
        Unit identifiers for error messages.
    group_name, total_name : str
        Column names for error messages.

    Returns
    -------
    float
        :math:`D(\\mathrm{adj})`, at most :math:`D`; it can be negative for a checkerboard pattern.

    Raises
    ------
    ValueError
        On invalid counts (naming unit and column), a weights matrix of the wrong size, a negative weight, or
        when every unit is empty or the group is absent or everyone (``D`` undefined).

    Notes
    -----
    Links to or from an empty unit (:math:`t_i = 0`) are dropped before row-standardisation, so empty units
    contribute nothing. If no links remain the adjustment is zero and :math:`D(\\mathrm{adj}) = D`. Computed on
    the stored weights only (:math:`O(\\text{links})`), never on a dense :math:`n \\times n` matrix.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> round(spatial_dissimilarity([10, 5, 0], [10, 10, 10], w), 6)
    0.166667
    """
    g, t = check_group_total(group, total, unit_ids=unit_ids, group_name=group_name, total_name=total_name)
    d = indices.dissimilarity(g, t)
    c = as_weights(w, g.shape[0]).tocoo()
    p = np.divide(g, t, out=np.zeros_like(g), where=t > 0)
    inhabited = t > 0
    keep = inhabited[c.row] & inhabited[c.col] & (c.data > 0)
    rows, cols, vals = c.row[keep], c.col[keep], c.data[keep]
    if standardize:
        cm = row_standardize(sp.csr_matrix((vals, (rows, cols)), shape=c.shape)).tocoo()
        rows, cols, vals = cm.row, cm.col, cm.data
    den = vals.sum()
    if den <= 0:
        return float(d)
    num = float(np.dot(vals, np.abs(p[rows] - p[cols])))
    return float(d - num / den)


# --------------------------------------------------------------------------------------------------------------
# Egohoods
# --------------------------------------------------------------------------------------------------------------


def _environment_weights(
    n: int,
    *,
    points: Any,
    bandwidth: float | None,
    kernel: str,
    truncate: float | None,
    self_weight: float | None,
    w: Any,
) -> sp.csr_matrix:
    if w is not None:
        if points is not None or bandwidth is not None:
            raise ValueError("give either w or points with a bandwidth, not both")
        m = as_weights(w, n)
        return m if self_weight is None else with_self_weight(m, self_weight)
    if points is None or bandwidth is None:
        raise ValueError("an egohood needs either a weights matrix w or points and a bandwidth in metres")
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[0] != n:
        raise ValueError(f"points must have one row per unit ({n}), got shape {pts.shape}")
    return kernel_weights(pts, bandwidth, kernel=kernel, truncate=truncate, self_weight=self_weight)


def egohood_counts(
    counts: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> np.ndarray:
    """Counts of each unit's local environment ("egohood"): :math:`\\tilde x_{ik} = \\sum_j w_{ij} x_{jk}`.

    Parameters
    ----------
    counts : array_like, shape (n,) or (n, K)
        Counts per unit (and group).
    points : array_like, shape (n, 2), optional
        Unit locations in metres (projected CRS); with ``bandwidth`` builds kernel weights.
    bandwidth : float, optional
        Kernel bandwidth :math:`h` in metres.
    kernel : str
        Kernel name, see :func:`yhteiso.analytics.weights.kernel_weights`.
    truncate : float, optional
        Reach of the Gaussian kernel in bandwidths (default 3; PySAL 1).
    self_weight : float, optional
        The unit's own weight :math:`w_{ii}`; default :math:`K(0)` for kernels built here and the stored diagonal
        for a given ``w``. PySAL uses 1.0.
    w : scipy sparse matrix, optional
        Precomputed weights instead of ``points``/``bandwidth``.
    round_counts : bool
        Round the result to whole numbers (half to even), as PySAL does. Default ``False``.
    names, unit_ids : sequence, optional
        Column names and unit identifiers for error messages.

    Returns
    -------
    numpy.ndarray
        Same shape as ``counts``.

    Examples
    --------
    >>> import numpy as np
    >>> egohood_counts([10.0, 0.0, 4.0], w=np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]), self_weight=1.0).tolist()
    [10.0, 14.0, 4.0]
    """
    x = as_counts(counts, names=names, unit_ids=unit_ids)
    m = _environment_weights(
        x.shape[0], points=points, bandwidth=bandwidth, kernel=kernel, truncate=truncate,
        self_weight=self_weight, w=w,
    )
    out = np.asarray(m @ x, dtype=np.float64)
    if round_counts:
        out = np.round(out)
    return out


def _two_group_environment(group: Any, total: Any, kw: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    g, t = check_group_total(
        group, total, unit_ids=kw.pop("unit_ids", None), group_name=kw.pop("group_name", "group"),
        total_name=kw.pop("total_name", "total"),
    )
    both = egohood_counts(np.column_stack([g, t]), **kw)
    return both[:, 0], both[:, 1]


def egohood_dissimilarity(
    group: Any,
    total: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    unit_ids: Sequence[Any] | None = None,
    group_name: str = "group",
    total_name: str = "total",
) -> float:
    """Kernel (egohood) dissimilarity: the aspatial :math:`D` of the local-environment counts.

    .. math::

        \\tilde D = \\sum_i \\frac{\\tilde t_i\\, |\\tilde p_i - \\tilde P|}{2\\, \\tilde T \\tilde P (1 - \\tilde P)},
        \\quad \\tilde x_i = \\sum_j w_{ij} x_j,\\; \\tilde t_i = \\sum_j w_{ij} t_j,\\;
        \\tilde p_i = \\tilde x_i / \\tilde t_i,\\; \\tilde P = \\textstyle\\sum_i \\tilde x_i / \\tilde T

    with :math:`w_{ij} = K(d_{ij}/h)` a distance-decay kernel (Rey, Cortes & Knaap 2021; PySAL
    ``Dissim(..., distance=h)``). Reardon & O'Sullivan (2004) weight the local proportions by the original
    :math:`t_i` instead of :math:`\\tilde t_i`; this module follows PySAL's definition.

    Parameters
    ----------
    group, total : array_like
        Counts per unit.
    points, bandwidth, kernel, truncate, self_weight, w, round_counts
        The local environment; see :func:`egohood_counts`.
    unit_ids : sequence, optional
        Identifiers for error messages.
    group_name, total_name : str
        Column names for error messages.

    Returns
    -------
    float
        :math:`\\tilde D \\in [0, 1]`.

    Examples
    --------
    >>> import numpy as np
    >>> pts = np.array([[0.0, 0.0], [5000.0, 0.0]])
    >>> egohood_dissimilarity([100, 0], [100, 100], points=pts, bandwidth=1000.0)
    1.0
    """
    kw = {
        "points": points, "bandwidth": bandwidth, "kernel": kernel, "truncate": truncate, "self_weight": self_weight,
        "w": w, "round_counts": round_counts, "unit_ids": unit_ids, "group_name": group_name,
        "total_name": total_name,
    }
    gs, ts = _two_group_environment(group, total, kw)
    return float(indices.dissimilarity(gs, ts))


def _multigroup_environment(counts: Any, kw: dict[str, Any]) -> np.ndarray:
    x = as_counts(counts, names=kw.get("names"), unit_ids=kw.get("unit_ids"))
    if x.ndim != 2:
        raise ValueError("multigroup indices need a 2-D array: one row per unit, one column per group")
    return egohood_counts(x, **kw)


def egohood_multigroup_dissimilarity(
    counts: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> float:
    """Kernel (egohood) multigroup dissimilarity (Sakoda 1981) of the local-environment counts.

    .. math::

        \\tilde D_M = \\frac{1}{2\\, \\tilde T\\, I} \\sum_i \\sum_k \\tilde t_i\\, |\\tilde p_{ik} - \\tilde P_k|,
        \\qquad I = \\sum_k \\tilde P_k (1 - \\tilde P_k)

    with :math:`\\tilde x_{ik} = \\sum_j w_{ij} x_{jk}` (PySAL ``MultiDissim(..., distance=h)``).

    Examples
    --------
    >>> import numpy as np
    >>> pts = np.array([[0.0, 0.0], [5000.0, 0.0], [10000.0, 0.0]])
    >>> round(egohood_multigroup_dissimilarity(np.eye(3) * 50, points=pts, bandwidth=1000.0), 12)
    1.0
    """
    kw = {"points": points, "bandwidth": bandwidth, "kernel": kernel, "truncate": truncate,
          "self_weight": self_weight, "w": w, "round_counts": round_counts, "names": names, "unit_ids": unit_ids}
    return float(indices.multigroup_dissimilarity(_multigroup_environment(counts, kw)))


def egohood_mutual_information(
    counts: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> float:
    """Kernel (egohood) mutual information index :math:`M` (Theil & Finizza 1971; Mora & Ruiz-Castillo 2011).

    .. math::

        \\tilde M = \\sum_i \\frac{\\tilde t_i}{\\tilde T} \\sum_k \\tilde p_{ik}
        \\ln \\frac{\\tilde p_{ik}}{\\tilde P_k}

    on the local-environment counts (natural logarithm, nats; :math:`0 \\ln 0 = 0`).

    Examples
    --------
    >>> import numpy as np
    >>> pts = np.array([[0.0, 0.0], [5000.0, 0.0]])
    >>> round(egohood_mutual_information(np.eye(2) * 50, points=pts, bandwidth=1000.0), 6)
    0.693147
    """
    kw = {"points": points, "bandwidth": bandwidth, "kernel": kernel, "truncate": truncate,
          "self_weight": self_weight, "w": w, "round_counts": round_counts, "names": names, "unit_ids": unit_ids}
    return float(indices.mutual_information(_multigroup_environment(counts, kw)))


def egohood_multigroup_theil(
    counts: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> float:
    """Kernel (egohood) Theil information index :math:`\\tilde H = \\tilde M / \\tilde E`.

    .. math::

        \\tilde H = \\frac{\\tilde M}{\\tilde E}, \\qquad \\tilde E = -\\sum_k \\tilde P_k \\ln \\tilde P_k

    (PySAL ``MultiInfoTheory(..., distance=h)``, which reports this normalised form).

    Examples
    --------
    >>> import numpy as np
    >>> pts = np.array([[0.0, 0.0], [5000.0, 0.0]])
    >>> round(egohood_multigroup_theil(np.eye(2) * 50, points=pts, bandwidth=1000.0), 12)
    1.0
    """
    kw = {"points": points, "bandwidth": bandwidth, "kernel": kernel, "truncate": truncate,
          "self_weight": self_weight, "w": w, "round_counts": round_counts, "names": names, "unit_ids": unit_ids}
    return float(indices.multigroup_theil(_multigroup_environment(counts, kw)))


# --------------------------------------------------------------------------------------------------------------
# Local measures
# --------------------------------------------------------------------------------------------------------------


def _local_input(
    counts: Any, points: Any, bandwidth: Any, kernel: Any, truncate: Any, self_weight: Any, w: Any,
    round_counts: Any, names: Any, unit_ids: Any,
) -> np.ndarray:
    x = as_counts(counts, names=names, unit_ids=unit_ids)
    if x.ndim != 2:
        raise ValueError("local measures need a 2-D array: one row per unit, one column per group")
    if w is not None or points is not None or bandwidth is not None:
        x = egohood_counts(x, points=points, bandwidth=bandwidth, kernel=kernel, truncate=truncate,
                           self_weight=self_weight, w=w, round_counts=round_counts)
    return x


def location_quotients(
    counts: Any,
    *,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> np.ndarray:
    """Local location quotients of every group in every unit (Isard 1960).

    .. math::

        LQ_{ik} = \\frac{x_{ik} / t_i}{X_k / T}, \\qquad X_k = \\sum_i x_{ik}

    :math:`LQ_{ik} > 1` means group :math:`k` is over-represented in unit :math:`i` relative to the whole
    area. With ``points``/``bandwidth`` or ``w`` the counts are first replaced by egohood counts (see
    :func:`egohood_counts`; PySAL ``MultiLocationQuotient(..., distance=h)``).

    Returns
    -------
    numpy.ndarray, shape (n, K)
        ``NaN`` in the rows of empty units (undefined) and in the columns of groups absent everywhere.

    Examples
    --------
    >>> location_quotients([[30, 10], [10, 30], [0, 0]]).tolist()
    [[1.5, 0.5], [0.5, 1.5], [nan, nan]]
    """
    x = _local_input(counts, points, bandwidth, kernel, truncate, self_weight, w, round_counts, names, unit_ids)
    t = x.sum(axis=1)
    big_x = x.sum(axis=0)
    big_t = big_x.sum()
    if big_t <= 0:
        raise ValueError("every unit is empty: location quotients are undefined")
    share = np.full_like(x, np.nan)
    np.divide(x, t[:, None], out=share, where=t[:, None] > 0)
    overall = big_x / big_t
    out = np.full_like(x, np.nan)
    np.divide(share, overall[None, :], out=out, where=(overall[None, :] > 0) & (t[:, None] > 0))
    return np.asarray(out)


def local_entropy(
    counts: Any,
    *,
    normalize: bool = True,
    points: Any = None,
    bandwidth: float | None = None,
    kernel: str = "triangular",
    truncate: float | None = None,
    self_weight: float | None = None,
    w: Any = None,
    round_counts: bool = False,
    names: Sequence[str] | None = None,
    unit_ids: Sequence[Any] | None = None,
) -> np.ndarray:
    """Local entropy (diversity) of every unit, normalised to [0, 1] by :math:`\\ln K` by default.

    .. math::

        E_i = -\\frac{1}{\\ln K} \\sum_k p_{ik} \\ln p_{ik}, \\qquad p_{ik} = x_{ik} / t_i,\\; 0 \\ln 0 = 0

    :math:`E_i = 1` when all :math:`K` groups are equally present, 0 when the unit holds one group only. With
    ``points``/``bandwidth`` or ``w`` it is the entropy of the egohood (PySAL ``MultiLocalEntropy``).

    Parameters
    ----------
    counts : array_like, shape (n, K)
        Counts per unit and group (:math:`K \\ge 2`).
    normalize : bool
        Divide by :math:`\\ln K` (default ``True``, as PySAL); ``False`` gives nats.

    Returns
    -------
    numpy.ndarray, shape (n,)
        ``NaN`` for empty units (undefined).

    Examples
    --------
    >>> local_entropy([[25, 25], [50, 0], [0, 0]]).tolist()
    [1.0, 0.0, nan]
    """
    x = _local_input(counts, points, bandwidth, kernel, truncate, self_weight, w, round_counts, names, unit_ids)
    k = x.shape[1]
    if k < 2:
        raise ValueError("local entropy needs at least two groups")
    t = x.sum(axis=1)
    p = np.zeros_like(x)
    np.divide(x, t[:, None], out=p, where=t[:, None] > 0)
    logp = np.zeros_like(p)
    np.log(p, out=logp, where=p > 0)
    e = -(p * logp).sum(axis=1) + 0.0  # + 0.0 turns -0.0 into 0.0
    if normalize:
        e = e / np.log(k)
    e[t <= 0] = np.nan
    return np.asarray(e)
