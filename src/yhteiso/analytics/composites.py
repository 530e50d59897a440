"""Composite area indices of the *Yhteisöllinen Espoo* programme: status index, socioeconomic sum index,
weakest decile and its turnover.

The programme plan names these indices but gives no formula. The choices below, and the reasons for them, are
documented in ``docs/methods/composites.md``; in short:

* **Status index** (*statusindeksi*): population-weighted z-scores of the four variables of the plan (share of
  adults with basic education only, unemployment rate, income level, share of foreign-language speakers),
  oriented so that higher = higher status, combined with configurable weights (default equal), and rescaled so
  that the population-weighted mean is 100 and the population-weighted standard deviation 10. The plan says the
  index only ranks areas against each other; a z-score index does exactly that. The variant without the
  language variable (``include=``) lets users see how much of an area's position is due to language alone.
* **Socioeconomic sum index** (*sosioekonominen summaindeksi*): each rate as 100 × area rate / city rate
  (city rate from the city's totals, so the city is 100 by construction), averaged over the rates — the form the
  plan describes ("the city average = 100").
* **Weakest decile** (*heikoin kymmenys*): the areas with the weakest values that together hold a tenth of the
  population (or a tenth of the areas), its mean, its gap to the city, and the turnover of its membership.

Suppressed values
-----------------
Statistical agencies suppress small cells (Paavo writes ``-1``). In this module **NaN means suppressed**: an
area with any suppressed input gets no index. Results are :class:`numpy.ma.MaskedArray` whose mask marks
those areas (``result.valid`` is the complement), so ``result.index.mean()`` and friends skip them and
``result.index.tolist()`` gives ``None`` for them; there is never a NaN inside an aggregate. Do not read
``np.asarray(result.index)`` or ``.data`` (a placeholder 0 sits under the mask); use ``.filled(np.nan)``,
``.compressed()`` or the mask. Every function here accepts such a masked array as input. A negative value is
an error (convert ``-1`` markers to NaN first), as are infinities and missing variables; the message names the
area and the variable.

References
----------
Espoon kaupunki (2025). *Yhteisöllinen Espoo – ohjelmasuunnitelma 2026*. (Status index and socioeconomic sum
index as used by Espoo's research and statistics unit; no formula published.)

Vilkama, K., Vaattovaara, M. & Dhalmann, H. (2013). Kantaväestön pakoa? Miksi maahanmuuttajakeskittymistä
muutetaan pois? *Yhteiskuntapolitiikka* 78(5). (Helsinki-region area status variables.)

OECD/JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User Guide*. OECD Publishing.
(Standardisation by z-scores, weighting and aggregation.)

Examples
--------
>>> import numpy as np
>>> r = sum_index({"unemployment": np.array([0.05, 0.10])}, {"unemployment": 0.08})
>>> r.index.tolist()
[62.5, 125.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_ORIENTATION",
    "StatusIndexResult",
    "SumIndexResult",
    "WeakestDecileResult",
    "city_rate",
    "decile_turnover",
    "status_index",
    "sum_index",
    "weakest_decile",
]

#: Orientation of the variables the platform knows by name: ``True`` when a higher value means higher status.
DEFAULT_ORIENTATION: dict[str, bool] = {
    "basic_education_share": False,
    "low_education_share": False,
    "unemployment_rate": False,
    "income": True,
    "median_income": True,
    "mean_income": True,
    "foreign_language_share": False,
    "low_income_share": False,
}


def _area(i: int, area_ids: Sequence[Any] | None) -> str:
    if area_ids is not None and 0 <= i < len(area_ids):
        return f"area {area_ids[i]}"
    return f"area at row {i + 1}"


def _unmask(values: Any) -> Any:
    """A masked array (e.g. a previous result's ``index``) as floats with NaN where masked, never its raw data."""
    if isinstance(values, np.ma.MaskedArray):
        return np.ma.filled(values.astype(np.float64), np.nan)
    return values


def _variable(values: Any, name: str, n: int | None, area_ids: Sequence[Any] | None) -> np.ndarray:
    """A 1-D float array where NaN = suppressed; refuse negatives, infinities, text and wrong lengths."""
    values = _unmask(values)
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raw = np.asarray(values, dtype=object).ravel()
        for i, v in enumerate(raw):
            try:
                float(v if v is not None else "nan")
            except (TypeError, ValueError):
                raise ValueError(f"{_area(i, area_ids)}, variable {name!r}: not a number ({v!r})") from exc
        raise ValueError(f"variable {name!r}: values are not numeric") from exc
    if arr.ndim != 1:
        raise ValueError(f"variable {name!r}: expected one value per area (1-D), got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"variable {name!r} has {arr.shape[0]} values but there are {n} areas")
    if area_ids is not None and len(area_ids) != arr.shape[0]:
        raise ValueError(f"{len(area_ids)} area ids given for {arr.shape[0]} areas")
    inf = np.isinf(arr)
    if inf.any():
        i = int(np.argmax(inf))
        raise ValueError(f"{_area(i, area_ids)}, variable {name!r}: infinite value")
    neg = arr < 0
    if neg.any():
        i = int(np.argmax(neg))
        raise ValueError(
            f"{_area(i, area_ids)}, variable {name!r}: negative value {arr[i]} (if it marks a suppressed "
            f"cell, as Paavo's -1 does, convert it to NaN)"
        )
    return arr


def _masked(values: np.ndarray, valid: np.ndarray) -> np.ma.MaskedArray:
    data = np.where(valid, values, 0.0)
    return np.ma.MaskedArray(data, mask=~valid, fill_value=np.nan)


def _wmean_sd(v: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    mean = float(np.dot(w, v) / w.sum())
    var = float(np.dot(w, (v - mean) ** 2) / w.sum())
    return mean, math.sqrt(max(var, 0.0))


# --------------------------------------------------------------------------------------------------------------
# Status index
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusIndexResult:
    """Result of :func:`status_index`.

    Attributes
    ----------
    index : numpy.ma.MaskedArray
        Status index per area (population-weighted mean 100, SD 10 over the areas with an index); masked where
        an input was suppressed.
    subscores : dict of str to numpy.ma.MaskedArray
        Per variable, the oriented score :math:`100 + 10 z_{iv}` (higher = higher status), same mask.
    weights : dict of str to float
        The weights actually used, normalised to sum to 1.
    means, sds : dict of str to float
        Population-weighted mean :math:`\\mu_v` and standard deviation :math:`\\sigma_v` of each variable.
    valid : numpy.ndarray of bool
        ``True`` where the area has an index.
    orientation : dict of str to bool
        ``True`` where a higher raw value means higher status.
    """

    index: np.ma.MaskedArray
    subscores: dict[str, np.ma.MaskedArray]
    weights: dict[str, float]
    means: dict[str, float]
    sds: dict[str, float]
    valid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    orientation: dict[str, bool] = field(default_factory=dict)


def status_index(
    variables: Mapping[str, Any],
    population: Any,
    *,
    weights: Mapping[str, float] | None = None,
    higher_is_better: Mapping[str, bool] | None = None,
    include: Sequence[str] | None = None,
    area_ids: Sequence[Any] | None = None,
) -> StatusIndexResult:
    """Status index of areas: weighted, oriented, population-weighted z-scores scaled to mean 100 and SD 10.

    For each variable :math:`v` with area values :math:`v_i`, population :math:`n_i` and population shares
    :math:`\\pi_i = n_i / \\sum_j n_j` (over the areas with every input published):

    .. math::

        \\mu_v = \\sum_i \\pi_i v_i, \\qquad
        \\sigma_v = \\sqrt{\\textstyle\\sum_i \\pi_i (v_i - \\mu_v)^2}, \\qquad
        z_{iv} = s_v \\frac{v_i - \\mu_v}{\\sigma_v}

    with :math:`s_v = +1` if a higher value means higher status and :math:`-1` otherwise. With weights
    :math:`a_v \\ge 0` normalised to :math:`\\sum_v a_v = 1`,

    .. math::

        c_i = \\sum_v a_v z_{iv}, \\qquad
        S_i = 100 + 10\\, \\frac{c_i - \\mu_c}{\\sigma_c}

    where :math:`\\mu_c` (= 0) and :math:`\\sigma_c` are the population-weighted mean and SD of :math:`c`, so
    :math:`S` has population-weighted mean 100 and SD 10 by construction. Sub-scores are
    :math:`100 + 10 z_{iv}`.

    Parameters
    ----------
    variables : mapping of str to array_like
        Area values per variable, e.g. ``basic_education_share``, ``unemployment_rate``, ``median_income``,
        ``foreign_language_share``. NaN = suppressed.
    population : array_like
        Population of each area (weights for the means and SDs). NaN = suppressed.
    weights : mapping of str to float, optional
        Relative weight :math:`a_v` of each included variable (default equal). Missing names get weight 0.
    higher_is_better : mapping of str to bool, optional
        Orientation per variable; defaults to :data:`DEFAULT_ORIENTATION` for the names it knows.
    include : sequence of str, optional
        The variables to use (default all); e.g. leave out ``foreign_language_share`` for the variant without
        the language variable.
    area_ids : sequence, optional
        Area identifiers for error messages.

    Returns
    -------
    StatusIndexResult

    Raises
    ------
    ValueError
        On a negative or infinite value, a variable that is missing or has no known orientation, a weight that
        is negative or names an unused variable, fewer than two areas with every input, or a variable with no
        variation — each message names the variable (and the area).

    Examples
    --------
    >>> r = status_index(
    ...     {"unemployment_rate": [0.05, 0.10, 0.15], "median_income": [30000, 25000, 20000]},
    ...     population=[100, 100, 100],
    ... )
    >>> r.index.round(4).tolist()
    [112.2474, 100.0, 87.7526]
    >>> round(float(r.index.mean()), 9), round(float(r.index.std()), 9)
    (100.0, 10.0)
    """
    if not variables:
        raise ValueError("status index: give at least one variable")
    names = list(variables) if include is None else list(include)
    for name in names:
        if name not in variables:
            raise ValueError(f"status index: variable {name!r} is missing (available: "
                             f"{', '.join(repr(v) for v in variables)})")
    if not names:
        raise ValueError("status index: include= leaves no variable")
    orientation: dict[str, bool] = {}
    for name in names:
        if higher_is_better is not None and name in higher_is_better:
            orientation[name] = bool(higher_is_better[name])
        elif name in DEFAULT_ORIENTATION:
            orientation[name] = DEFAULT_ORIENTATION[name]
        else:
            raise ValueError(f"status index: say whether a higher {name!r} means higher status "
                             f"(higher_is_better={{{name!r}: True or False}})")
    if weights is None:
        raw_w = dict.fromkeys(names, 1.0)
    else:
        for name in weights:
            if name not in names:
                raise ValueError(f"status index: weight given for {name!r}, which is not among the variables "
                                 f"used ({', '.join(repr(v) for v in names)})")
        raw_w = {name: float(weights.get(name, 0.0)) for name in names}
    for name, a in raw_w.items():
        if not math.isfinite(a) or a < 0:
            raise ValueError(f"status index: weight of {name!r} must be a non-negative number, got {a!r}")
    total_w = sum(raw_w.values())
    if total_w <= 0:
        raise ValueError("status index: the weights add up to zero")
    norm_w = {name: a / total_w for name, a in raw_w.items()}

    pop = _variable(population, "population", None, area_ids)
    n = pop.shape[0]
    arrays = {name: _variable(variables[name], name, n, area_ids) for name in names}
    valid = ~np.isnan(pop)
    for arr in arrays.values():
        valid &= ~np.isnan(arr)
    if valid.sum() < 2:
        raise ValueError("status index: fewer than two areas have every input published")
    w = pop[valid]
    if w.sum() <= 0:
        raise ValueError("status index: the areas with every input have no population")

    means: dict[str, float] = {}
    sds: dict[str, float] = {}
    subscores: dict[str, np.ma.MaskedArray] = {}
    composite = np.zeros(int(valid.sum()))
    for name in names:
        v = arrays[name][valid]
        mu, sd = _wmean_sd(v, w)
        if not sd > 1e-12 * max(1.0, abs(mu)):
            raise ValueError(f"status index: variable {name!r} has the same value in every area (no variation)")
        z = (v - mu) / sd
        if not orientation[name]:
            z = -z
        means[name], sds[name] = mu, sd
        full = np.zeros(n)
        full[valid] = 100.0 + 10.0 * z
        subscores[name] = _masked(full, valid)
        composite += norm_w[name] * z
    mu_c, sd_c = _wmean_sd(composite, w)
    if not sd_c > 1e-12:
        raise ValueError("status index: the weighted variables cancel out (the composite has no variation)")
    full = np.zeros(n)
    full[valid] = 100.0 + 10.0 * (composite - mu_c) / sd_c
    return StatusIndexResult(
        index=_masked(full, valid), subscores=subscores, weights=norm_w, means=means, sds=sds, valid=valid,
        orientation=orientation,
    )


# --------------------------------------------------------------------------------------------------------------
# Sum index
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SumIndexResult:
    """Result of :func:`sum_index`.

    Attributes
    ----------
    index : numpy.ma.MaskedArray
        Sum index per area (city = 100; higher = more disadvantaged); masked where a rate was suppressed.
    components : dict of str to numpy.ma.MaskedArray
        Per rate, :math:`100\\, r_{iv} / R_v`.
    valid : numpy.ndarray of bool
        ``True`` where the area has an index.
    city_rates : dict of str to float
        The city rates :math:`R_v` used.
    """

    index: np.ma.MaskedArray
    components: dict[str, np.ma.MaskedArray]
    valid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    city_rates: dict[str, float] = field(default_factory=dict)


def city_rate(numerator: Any, denominator: Any, *, name: str = "rate",
              area_ids: Sequence[Any] | None = None) -> float:
    """City rate from totals, :math:`R = \\sum_i a_i / \\sum_i b_i`, over the areas where both are published.

    Prefer the city's own published totals when they exist (they include suppressed areas); this helper is for
    data that has only area rows.

    Examples
    --------
    >>> city_rate([5, 10, float("nan")], [100, 100, 20])
    0.075
    """
    a = _variable(numerator, f"{name} numerator", None, area_ids)
    b = _variable(denominator, f"{name} denominator", a.shape[0], area_ids)
    ok = ~np.isnan(a) & ~np.isnan(b)
    over = ok & (a > b)
    if over.any():
        i = int(np.argmax(over))
        raise ValueError(f"{_area(i, area_ids)}, variable {name!r}: numerator {a[i]} exceeds denominator {b[i]}")
    den = b[ok].sum()
    if den <= 0:
        raise ValueError(f"variable {name!r}: the denominators add up to zero")
    return float(a[ok].sum() / den)


def sum_index(
    rates: Mapping[str, Any],
    city_rates: Mapping[str, float],
    *,
    area_ids: Sequence[Any] | None = None,
) -> SumIndexResult:
    """Socioeconomic sum index: the mean over rates of 100 × area rate / city rate.

    .. math::

        C_{iv} = 100\\, \\frac{r_{iv}}{R_v}, \\qquad I_i = \\frac{1}{V} \\sum_{v=1}^{V} C_{iv}

    with :math:`r_{iv}` the rate of area :math:`i` (e.g. share of adults with basic education only, share of
    people or households in the lowest income class, unemployment rate) and :math:`R_v` the city rate computed
    from the city's totals (:func:`city_rate`). An area whose every rate equals the city rate scores exactly
    100; 120 means its rates are on average 20 % above the city's (more disadvantaged).

    Parameters
    ----------
    rates : mapping of str to array_like
        Area rates per variable; NaN = suppressed.
    city_rates : mapping of str to float
        :math:`R_v` for every variable in ``rates`` (positive).
    area_ids : sequence, optional
        Area identifiers for error messages.

    Returns
    -------
    SumIndexResult

    Examples
    --------
    >>> r = sum_index({"a": [0.1, 0.3, float("nan")], "b": [0.05, 0.05, 0.1]}, {"a": 0.2, "b": 0.05})
    >>> r.index.tolist()
    [75.0, 125.0, None]
    >>> r.valid.tolist()
    [True, True, False]
    """
    if not rates:
        raise ValueError("sum index: give at least one rate")
    n: int | None = None
    comps: dict[str, np.ndarray] = {}
    used: dict[str, float] = {}
    for name, values in rates.items():
        if name not in city_rates:
            raise ValueError(f"sum index: no city rate for variable {name!r}")
        try:
            big_r = float(city_rates[name])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"sum index: city rate of {name!r} is not a number") from exc
        if not math.isfinite(big_r) or big_r <= 0:
            raise ValueError(f"sum index: city rate of {name!r} must be positive, got {city_rates[name]!r}")
        arr = _variable(values, name, n, area_ids)
        n = arr.shape[0]
        comps[name] = 100.0 * arr / big_r
        used[name] = big_r
    assert n is not None
    valid = np.ones(n, dtype=bool)
    for c in comps.values():
        valid &= ~np.isnan(c)
    stacked = np.column_stack([np.where(valid, c, 0.0) for c in comps.values()])
    index = stacked.mean(axis=1)
    return SumIndexResult(
        index=_masked(index, valid),
        components={name: _masked(np.where(valid, c, 0.0), valid) for name, c in comps.items()},
        valid=valid, city_rates=used,
    )


# --------------------------------------------------------------------------------------------------------------
# Weakest decile
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeakestDecileResult:
    """Result of :func:`weakest_decile`.

    Attributes
    ----------
    mask : numpy.ndarray of bool
        ``True`` for the areas in the weakest decile (never for areas without a value).
    threshold : float
        The value of the least weak area in the decile.
    decile_mean, city_mean : float
        Mean value in the decile and over all areas with a value (population-weighted when a population is
        given; ``city_mean`` is ``reference`` when one is given).
    gap : float
        ``decile_mean - city_mean`` (for the sum index: how many points the weakest decile lies above 100).
    """

    mask: np.ndarray
    threshold: float
    decile_mean: float
    city_mean: float
    gap: float


def weakest_decile(
    values: Any,
    population: Any = None,
    *,
    weighted: bool = True,
    higher_is_weaker: bool = True,
    reference: float | None = None,
    share: float = 0.1,
    area_ids: Sequence[Any] | None = None,
) -> WeakestDecileResult:
    """The weakest decile of areas: the weakest areas holding a tenth of the population (or of the areas).

    Areas are ranked from weakest to strongest (descending ``values`` when ``higher_is_weaker``, as for the sum
    index; ascending for the status index). With :math:`n_{(1)}, n_{(2)}, \\dots` the populations in that order
    and :math:`N` their total, the population-weighted decile takes every area whose *weaker* areas hold less
    than :math:`0.1\\,N`:

    .. math::

        \\mathcal{W} = \\{(k) : \\textstyle\\sum_{j < k} n_{(j)} < 0.1\\, N\\}

    (so the area straddling the 10 % line is in, and the decile holds at least a tenth of the population).
    Unweighted, it takes the :math:`\\lceil 0.1\\, m \\rceil` weakest of the :math:`m` areas. Areas tied with the
    last one taken are always taken too, so the result does not depend on row order.

    .. math::

        \\bar v_{\\mathcal{W}} = \\frac{\\sum_{i \\in \\mathcal{W}} n_i v_i}{\\sum_{i \\in \\mathcal{W}} n_i},
        \\qquad \\text{gap} = \\bar v_{\\mathcal{W}} - \\bar v

    Parameters
    ----------
    values : array_like or numpy.ma.MaskedArray
        Index value per area; NaN or a masked entry = no value (the area is left out). The ``index`` of a
        :class:`StatusIndexResult` or :class:`SumIndexResult` can be passed as it is.
    population : array_like, optional
        Population per area; required when ``weighted``. NaN = suppressed (the area is left out).
    weighted : bool
        Population-weighted decile (default) or a tenth of the areas.
    higher_is_weaker : bool
        ``True`` for the sum index (default), ``False`` for the status index.
    reference : float, optional
        City value to compare with (e.g. 100 for the sum index, whose city value is 100 by definition);
        default the (population-weighted) mean over all areas with a value.
    share : float
        The fraction to take (default 0.1, a decile).
    area_ids : sequence, optional
        Area identifiers for error messages.

    Returns
    -------
    WeakestDecileResult

    Examples
    --------
    >>> import numpy as np
    >>> values = np.arange(100.0, 120.0)          # 20 areas; 118 and 119 are the weakest
    >>> r = weakest_decile(values, weighted=False)
    >>> int(r.mask.sum()), r.threshold, r.decile_mean
    (2, 118.0, 118.5)
    >>> pop = np.full(20, 10.0); pop[19] = 100.0   # area 119 alone holds 100 / 290 > 10 %
    >>> int(weakest_decile(values, pop).mask.sum())
    1
    """
    if not 0 < share < 1:
        raise ValueError(f"share must be between 0 and 1, got {share!r}")
    v = np.asarray(_unmask(values), dtype=np.float64) if values is not None else None
    if v is None or v.ndim != 1:
        raise ValueError("weakest decile: values must be one number per area")
    inf = np.isinf(v)
    if inf.any():
        i = int(np.argmax(inf))
        raise ValueError(f"{_area(i, area_ids)}, variable 'value': infinite value")
    if population is None:
        if weighted:
            raise ValueError("weakest decile: a population-weighted decile needs the population of each area")
        pop = np.ones_like(v)
    else:
        pop = _variable(population, "population", v.shape[0], area_ids)
    ok = ~np.isnan(v) & ~np.isnan(pop)
    m = int(ok.sum())
    if m == 0:
        raise ValueError("weakest decile: no area has a value")
    idx = np.flatnonzero(ok)
    key = -v[idx] if higher_is_weaker else v[idx]
    order = idx[np.argsort(key, kind="stable")]
    if weighted:
        p = pop[order]
        big_n = p.sum()
        if big_n <= 0:
            raise ValueError("weakest decile: the areas with a value have no population")
        before = np.concatenate([[0.0], np.cumsum(p)[:-1]])
        taken = int(np.sum(before < share * big_n))
    else:
        taken = math.ceil(share * m - 1e-9)
    taken = max(1, min(taken, m))
    threshold = float(v[order[taken - 1]])
    mask = np.zeros(v.shape[0], dtype=bool)
    mask[idx] = (v[idx] >= threshold) if higher_is_weaker else (v[idx] <= threshold)
    w = pop if population is not None else np.ones_like(v)
    wm = w[mask]
    decile_mean = float(np.dot(wm, v[mask]) / wm.sum()) if wm.sum() > 0 else float(v[mask].mean())
    if reference is not None:
        city = float(reference)
    else:
        wo = w[ok]
        city = float(np.dot(wo, v[ok]) / wo.sum()) if wo.sum() > 0 else float(v[ok].mean())
    return WeakestDecileResult(mask=mask, threshold=threshold, decile_mean=decile_mean, city_mean=city,
                               gap=decile_mean - city)


def decile_turnover(previous_ids: Any, current_ids: Any) -> float:
    """Turnover of the weakest decile between two years: the share of this year's areas that are new.

    .. math::

        \\tau = \\frac{|\\mathcal{W}_t \\setminus \\mathcal{W}_{t-1}|}{|\\mathcal{W}_t|}

    0 = the same areas as last year, 1 = all areas changed. Identifiers are compared as given (use the same
    area codes in both years).

    Examples
    --------
    >>> decile_turnover(["02100", "02200", "02230"], ["02200", "02230", "02280", "02320"])
    0.5
    """
    prev = {str(a) for a in previous_ids}
    cur = [str(a) for a in current_ids]
    cur_set = set(cur)
    if not cur_set:
        raise ValueError("decile turnover: the current decile is empty")
    if len(cur_set) != len(cur):
        dup = next(a for a in cur if cur.count(a) > 1)
        raise ValueError(f"decile turnover: area {dup} appears twice in the current decile")
    return len(cur_set - prev) / len(cur_set)
