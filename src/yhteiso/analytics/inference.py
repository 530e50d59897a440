r"""Inference for segregation indices: random-allocation null, bias adjustment, bootstrap, permutation tests.

Every procedure works on a units × groups table of counts and an index given by its snake_case name (see
:data:`yhteiso.analytics.indices.TWO_GROUP_INDEX_NAMES` and
:data:`~yhteiso.analytics.indices.MULTIGROUP_INDEX_NAMES`) or a picklable callable ``f(table) -> float``.
For a two-group index the table has two columns: the group and the rest of the population.

Reproducibility
---------------
A ``seed`` is expanded with :class:`numpy.random.SeedSequence` into one independent child seed per draw, and draw
*j* always uses child *j*. The results are therefore identical whatever the number of ``workers`` (processes)
and whatever the order in which the workers finish.

p-values
--------
All p-values use the +1 correction of Davison & Hinkley (1997) and North, Curtis & Sham (2002):
:math:`p = (1 + \#\{\text{draws at least as extreme}\}) / (1 + R)` with *R* draws, so p is never 0.

References
----------
* Carrington, W. J. & Troske, K. R. (1997). On measuring segregation in samples with small units. *Journal of
  Business & Economic Statistics* 15(4), 402–409.
* Allen, R., Burgess, S., Davidson, R. & Windmeijer, F. (2015). More reliable inference for the dissimilarity
  index of segregation. *The Econometrics Journal* 18(1), 40–66.
* Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge UP.
* Rey, S. J., Cortes, R. X. & Knaap, E. (2021). Comparative spatial segregation analytics. *Spatial
  Demography* 9, 31–64.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from . import indices as ix
from ._validate import as_counts, describe_unit

__all__ = [
    "BootstrapResult",
    "NullResult",
    "PermutationResult",
    "bias_adjusted",
    "bootstrap_ci",
    "permutation_test",
    "random_allocation",
    "resolve_index",
    "systematic_null",
]

IndexSpec = str | Callable[[np.ndarray], float]


# --------------------------------------------------------------------------------------------------
# index resolution
# --------------------------------------------------------------------------------------------------


def _two_group_on_table(name: str, table: np.ndarray) -> float:
    func = getattr(ix, name)
    return float(func(table[:, 0], table[:, 0] + table[:, 1:].sum(axis=1)))


def _multigroup_on_table(name: str, table: np.ndarray) -> float:
    return float(getattr(ix, name)(table))


def resolve_index(index: IndexSpec) -> Callable[[np.ndarray], float]:
    """Turn an index name into a picklable function of a units × groups table.

    Two-group names use column 0 as the group and the row sums as the total.

    Examples
    --------
    >>> f = resolve_index("dissimilarity")
    >>> f(np.array([[10.0, 0.0], [0.0, 10.0]]))
    1.0
    """
    if callable(index):
        return index
    if index in ix.TWO_GROUP_INDEX_NAMES:
        return partial(_two_group_on_table, index)
    if index in ix.MULTIGROUP_INDEX_NAMES:
        return partial(_multigroup_on_table, index)
    raise ValueError(
        f"unknown index {index!r}; choose from "
        f"{', '.join((*ix.TWO_GROUP_INDEX_NAMES, *ix.MULTIGROUP_INDEX_NAMES))}"
    )


def _integer_table(counts: Any, unit_ids: Sequence[Any] | None = None) -> np.ndarray:
    """Validated 2-D table of whole counts (random allocation moves whole people)."""
    c = as_counts(counts, unit_ids=unit_ids)
    if c.ndim != 2 or c.shape[1] < 2:
        raise ValueError("inference needs a units × groups table with at least two columns")
    r = np.rint(c)
    bad = np.abs(c - r) > 1e-6
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(
            f"{describe_unit(int(i), unit_ids)}, column {int(j) + 1}: random allocation needs whole counts of "
            f"people, got {c[i, j]}"
        )
    return np.asarray(r.astype(np.int64))


def _child_seeds(seed: int | np.random.SeedSequence | None, n: int) -> list[np.random.SeedSequence]:
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return ss.spawn(n)


def _progress_bar(total: int, enabled: bool, desc: str) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, desc=desc, unit="draw", leave=False)


_WORKER_STATE: tuple[Any, ...] = ()


def _init_worker(state: tuple[Any, ...]) -> None:
    global _WORKER_STATE
    _WORKER_STATE = state


def _call_in_worker(task: Callable[..., float], seed: np.random.SeedSequence) -> float:
    return task(*_WORKER_STATE, seed)


def _run(
    task: Callable[..., float],
    state: tuple[Any, ...],
    seeds: list[np.random.SeedSequence],
    *,
    workers: int,
    progress: bool,
    desc: str,
) -> np.ndarray:
    """Evaluate ``task(*state, seed)`` once per child seed, in order; the same result whatever ``workers`` is.

    With several workers the (large) ``state`` is sent to each process once, at start-up; only the child seeds
    travel with the tasks.
    """
    n = len(seeds)
    out = np.empty(n)
    bar = _progress_bar(n, progress, desc)
    try:
        if workers <= 1 or n < 2:
            for j, s in enumerate(seeds):
                out[j] = task(*state, s)
                if bar is not None:
                    bar.update(1)
        else:
            chunk = max(1, n // (workers * 8))
            with ProcessPoolExecutor(
                max_workers=workers, initializer=_init_worker, initargs=(state,)
            ) as pool:
                for j, value in enumerate(pool.map(partial(_call_in_worker, task), seeds, chunksize=chunk)):
                    out[j] = value
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return out


# --------------------------------------------------------------------------------------------------
# random allocation (systematic null)
# --------------------------------------------------------------------------------------------------


def random_allocation(table: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    r"""Redistribute people at random keeping every unit total and every group total.

    The draw is a uniformly random assignment of the :math:`T` people to the :math:`T` places (a multivariate
    hypergeometric table with fixed margins), generated group by group: group *k*'s :math:`T_k` members are
    drawn without replacement among the places still free, :math:`t_i - \sum_{l<k} t_{il}`.

    Examples
    --------
    >>> t = np.array([[3, 1], [0, 4], [2, 2]])
    >>> d = random_allocation(t, np.random.default_rng(1))
    >>> d.sum(axis=1).tolist(), d.sum(axis=0).tolist()
    ([4, 4, 4], [5, 7])
    """
    t = np.asarray(table, dtype=np.int64)
    K = t.shape[1]
    free = t[:, 0].copy()
    for k in range(1, K):
        free += t[:, k]
    out = np.empty_like(t)
    col = t.sum(axis=0)
    for k in range(K - 1):
        if col[k] == 0:
            out[:, k] = 0
            continue
        draw = rng.multivariate_hypergeometric(free, int(col[k]), method="marginals")
        out[:, k] = draw
        free = free - draw
    out[:, K - 1] = free
    return out


def _null_task(table: np.ndarray, func: Callable[[np.ndarray], float], seed: np.random.SeedSequence) -> float:
    return func(random_allocation(table, np.random.default_rng(seed)))


def bias_adjusted(observed: float, expected: float) -> float:
    r"""Carrington & Troske's (1997) bias-adjusted index.

    .. math::

        \tilde S = \begin{cases} \dfrac{S - E[S]}{1 - E[S]} & S \ge E[S] \\[1ex]
                   \dfrac{S - E[S]}{E[S]} & S < E[S] \end{cases}

    where :math:`E[S]` is the index expected under random allocation. 0 = no more segregation than chance,
    1 = complete separation; negative values mean more even than random.

    Examples
    --------
    >>> round(bias_adjusted(0.3, 0.1), 6)
    0.222222
    >>> round(bias_adjusted(0.05, 0.1), 6)
    -0.5
    """
    if not (np.isfinite(observed) and np.isfinite(expected)):
        raise ValueError("bias adjustment needs finite observed and expected values")
    if observed >= expected:
        return float((observed - expected) / (1.0 - expected)) if expected < 1.0 else 0.0
    return float((observed - expected) / expected)


@dataclass
class NullResult:
    """Result of :func:`systematic_null`.

    Attributes
    ----------
    observed : float
        The index of the data.
    expected : float
        Mean of the index over the random allocations, :math:`E[S]`.
    draws : numpy.ndarray
        The index of every random allocation, in draw order.
    p_value : float
        One-sided p-value of "no more segregated than random": :math:`(1 + \\#\\{S_r \\ge S\\})/(1 + R)`.
    adjusted : float
        Bias-adjusted index (:func:`bias_adjusted`).
    excess : float
        ``observed - expected``.
    """

    observed: float
    expected: float
    draws: np.ndarray
    p_value: float
    adjusted: float
    excess: float


def systematic_null(
    counts: Any,
    index: IndexSpec = "dissimilarity",
    *,
    n_draws: int = 99,
    seed: int | np.random.SeedSequence | None = None,
    workers: int = 1,
    progress: bool = False,
    unit_ids: Sequence[Any] | None = None,
) -> NullResult:
    """Expected index under random allocation (systematic null) and the bias-adjusted index.

    People are redistributed to units at random keeping the unit totals and the group totals
    (:func:`random_allocation`), ``n_draws`` times; the index of each draw gives its distribution under
    evenness-by-chance, which is positive for small units (Carrington & Troske 1997; Allen et al. 2015).

    Parameters
    ----------
    counts : array_like
        Units × groups table of whole counts (for a two-group index: group and rest).
    index : str or callable
        Index name or picklable function of a table.
    n_draws : int
        Number of random allocations (default 99).
    seed : int, optional
        Seed; the same seed gives the same result whatever ``workers`` is.
    workers : int
        Processes to use (default 1).
    progress : bool
        Show a progress bar on standard error.

    Examples
    --------
    >>> table = np.array([[40, 10], [35, 15], [5, 45], [20, 30]])
    >>> r = systematic_null(table, "dissimilarity", n_draws=19, seed=7)
    >>> round(r.observed, 4), r.expected < r.observed, r.p_value
    (0.5, True, 0.05)
    """
    if n_draws < 1:
        raise ValueError("n_draws must be at least 1")
    table = _integer_table(counts, unit_ids)
    func = resolve_index(index)
    observed = float(func(table.astype(np.float64)))
    occupied = table[table.sum(axis=1) > 0]  # empty units take no one and contribute nothing
    draws = _run(
        _null_task,
        (occupied, func),
        _child_seeds(seed, n_draws),
        workers=workers,
        progress=progress,
        desc="random allocation",
    )
    expected = float(draws.mean())
    p = (1.0 + float(np.sum(draws >= observed - 1e-12))) / (1.0 + n_draws)
    return NullResult(
        observed=observed,
        expected=expected,
        draws=draws,
        p_value=p,
        adjusted=bias_adjusted(observed, expected),
        excess=observed - expected,
    )


# --------------------------------------------------------------------------------------------------
# bootstrap
# --------------------------------------------------------------------------------------------------


def _boot_task(
    table: np.ndarray, func: Callable[[np.ndarray], float], method: str, seed: np.random.SeedSequence
) -> float:
    rng = np.random.default_rng(seed)
    if method == "units":
        rows = rng.integers(0, table.shape[0], table.shape[0])
        return func(table[rows].astype(np.float64))
    t = table.sum(axis=1)
    p = np.divide(table, t[:, None], out=np.zeros(table.shape), where=t[:, None] > 0)
    p[t == 0, 0] = 1.0  # empty units stay empty; any valid probability vector will do
    return func(rng.multinomial(t, p).astype(np.float64))


@dataclass
class BootstrapResult:
    """Result of :func:`bootstrap_ci`.

    Attributes
    ----------
    observed : float
        The index of the data.
    low, high : float
        The confidence interval (``interval`` says which kind).
    level : float
        Its nominal coverage.
    standard_error : float
        Standard deviation of the bootstrap draws.
    bias : float
        Mean of the draws minus ``observed``.
    bias_corrected : float
        ``observed - bias`` = :math:`2S - \bar S^*` (Allen et al. 2015).
    interval : str
        ``"basic"`` or ``"percentile"``.
    draws : numpy.ndarray
        The index of every bootstrap sample, in draw order.
    """

    observed: float
    low: float
    high: float
    level: float
    standard_error: float
    bias: float
    bias_corrected: float
    interval: str
    draws: np.ndarray


def bootstrap_ci(
    counts: Any,
    index: IndexSpec = "dissimilarity",
    *,
    n_draws: int = 999,
    level: float = 0.95,
    method: str = "multinomial",
    interval: str = "basic",
    seed: int | np.random.SeedSequence | None = None,
    workers: int = 1,
    progress: bool = False,
    unit_ids: Sequence[Any] | None = None,
) -> BootstrapResult:
    r"""Bootstrap confidence interval of an index.

    ``method="multinomial"`` (default) redraws each unit's composition from a multinomial with the unit's
    observed total and shares (sampling variation of who lives where; Allen et al. 2015);
    ``method="units"`` resamples whole units with replacement.

    With :math:`q_a` the *a*-quantile of the bootstrap draws and :math:`\alpha = 1 - \text{level}`:

    .. math::

        \text{basic: } [2S - q_{1-\alpha/2},\ 2S - q_{\alpha/2}] \qquad
        \text{percentile: } [q_{\alpha/2},\ q_{1-\alpha/2}]

    Segregation indices are biased upwards in small units, and a multinomial bootstrap adds the same bias
    again, so its percentile interval can lie entirely above the index. The *basic* interval (default) reflects
    the draws around the index and so corrects for that bias (Davison & Hinkley 1997, §5.2); the result also
    carries the bias-corrected index :math:`2S - \bar S^*` (Allen et al. 2015).

    Examples
    --------
    >>> table = np.array([[40, 10], [35, 15], [5, 45], [20, 30]])
    >>> r = bootstrap_ci(table, "dissimilarity", n_draws=99, seed=1)
    >>> r.low < r.observed < r.high
    True
    """
    if n_draws < 2:
        raise ValueError("n_draws must be at least 2")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if method not in ("multinomial", "units"):
        raise ValueError(f"unknown bootstrap method {method!r}; choose 'multinomial' or 'units'")
    if interval not in ("basic", "percentile"):
        raise ValueError(f"unknown interval {interval!r}; choose 'basic' or 'percentile'")
    table = _integer_table(counts, unit_ids)
    func = resolve_index(index)
    observed = float(func(table.astype(np.float64)))
    draws = _run(
        _boot_task,
        (table, func, method),
        _child_seeds(seed, n_draws),
        workers=workers,
        progress=progress,
        desc="bootstrap",
    )
    alpha = 1.0 - level
    q_low, q_high = (float(q) for q in np.quantile(draws, [alpha / 2.0, 1.0 - alpha / 2.0]))
    if interval == "basic":
        low, high = 2.0 * observed - q_high, 2.0 * observed - q_low
    else:
        low, high = q_low, q_high
    bias = float(draws.mean()) - observed
    return BootstrapResult(
        observed=observed,
        low=low,
        high=high,
        level=level,
        standard_error=float(draws.std(ddof=1)),
        bias=bias,
        bias_corrected=observed - bias,
        interval=interval,
        draws=draws,
    )


# --------------------------------------------------------------------------------------------------
# permutation test of a difference
# --------------------------------------------------------------------------------------------------


def _perm_task(
    a: np.ndarray, b: np.ndarray, func: Callable[[np.ndarray], float], method: str,
    seed: np.random.SeedSequence,
) -> float:
    rng = np.random.default_rng(seed)
    if method == "paired":
        swap: np.ndarray = np.asarray(rng.random(a.shape[0]) < 0.5)
        a2 = np.where(swap[:, None], b, a)
        b2 = np.where(swap[:, None], a, b)
        return func(a2) - func(b2)
    pooled = np.concatenate([a, b])
    order = rng.permutation(pooled.shape[0])
    return func(pooled[order[: a.shape[0]]]) - func(pooled[order[a.shape[0]:]])


@dataclass
class PermutationResult:
    """Result of :func:`permutation_test`.

    ``difference`` is ``index(a) - index(b)``; ``p_value`` is two-sided unless ``alternative`` says otherwise.
    """

    observed_a: float
    observed_b: float
    difference: float
    p_value: float
    alternative: str
    draws: np.ndarray


def permutation_test(
    counts_a: Any,
    counts_b: Any,
    index: IndexSpec = "dissimilarity",
    *,
    n_draws: int = 999,
    method: str = "units",
    alternative: str = "two-sided",
    seed: int | np.random.SeedSequence | None = None,
    workers: int = 1,
    progress: bool = False,
) -> PermutationResult:
    r"""Permutation test for the difference of an index between two years or two places.

    ``method="units"`` (two places, or any two sets of units): the units of both are pooled and randomly
    relabelled into sets of the original sizes (the "random label" approach of Rey, Cortes & Knaap 2021).
    ``method="paired"`` (two years of the same units, rows aligned): each unit's two rows are swapped between
    the years with probability ½.

    .. math::

        p = \frac{1 + \#\{|\Delta_r| \ge |\Delta|\}}{1 + R}

    (two-sided; ``"greater"`` counts :math:`\Delta_r \ge \Delta`, ``"less"`` counts :math:`\Delta_r \le \Delta`).

    Examples
    --------
    >>> a = np.array([[40, 10], [35, 15], [5, 45], [20, 30]])
    >>> b = np.array([[25, 25], [30, 20], [20, 30], [25, 25]])
    >>> r = permutation_test(a, b, "dissimilarity", n_draws=99, method="paired", seed=3)
    >>> round(r.difference, 4), 0 < r.p_value <= 1
    (0.4, True)
    """
    if n_draws < 1:
        raise ValueError("n_draws must be at least 1")
    if method not in ("units", "paired"):
        raise ValueError(f"unknown permutation method {method!r}; choose 'units' or 'paired'")
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(f"unknown alternative {alternative!r}; choose 'two-sided', 'greater' or 'less'")
    a = as_counts(counts_a)
    b = as_counts(counts_b)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError("both tables must be 2-D with the same groups (columns)")
    if method == "paired" and a.shape != b.shape:
        raise ValueError(f"paired test needs the same units in both: {a.shape[0]} vs {b.shape[0]} rows")
    func = resolve_index(index)
    ia, ib = float(func(a)), float(func(b))
    diff = ia - ib
    draws = _run(
        _perm_task,
        (a, b, func, method),
        _child_seeds(seed, n_draws),
        workers=workers,
        progress=progress,
        desc="permutation",
    )
    tol = 1e-12
    if alternative == "two-sided":
        extreme = np.abs(draws) >= abs(diff) - tol
    elif alternative == "greater":
        extreme = draws >= diff - tol
    else:
        extreme = draws <= diff + tol
    p = (1.0 + float(extreme.sum())) / (1.0 + n_draws)
    return PermutationResult(
        observed_a=ia, observed_b=ib, difference=diff, p_value=p, alternative=alternative, draws=draws
    )
