"""Composite indices: status index, sum index, weakest decile and turnover — properties and clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yhteiso.analytics.composites import (
    city_rate,
    decile_turnover,
    status_index,
    sum_index,
    weakest_decile,
)

N_MIN, N_MAX = 3, 40


@st.composite
def areas(draw):
    n = draw(st.integers(N_MIN, N_MAX))
    rate = st.floats(0.0, 1.0, allow_nan=False)
    basic = np.array(draw(st.lists(rate, min_size=n, max_size=n)))
    unemp = np.array(draw(st.lists(rate, min_size=n, max_size=n)))
    income = np.array(draw(st.lists(st.floats(5_000, 80_000), min_size=n, max_size=n)))
    pop = np.array(draw(st.lists(st.integers(1, 20_000), min_size=n, max_size=n)), dtype=float)
    return {"basic_education_share": basic, "unemployment_rate": unemp, "median_income": income}, pop


def _varies(variables, pop):
    for v in variables.values():
        mu = np.dot(pop, v) / pop.sum()
        if math.sqrt(np.dot(pop, (v - mu) ** 2) / pop.sum()) <= 1e-6 * max(1.0, abs(mu)):
            return False
    return True


def _wstats(x, w):
    mu = np.dot(w, x) / w.sum()
    return mu, math.sqrt(np.dot(w, (x - mu) ** 2) / w.sum())


@settings(max_examples=80, deadline=None)
@given(areas())
def test_the_status_index_has_population_weighted_mean_100_and_sd_10(data):
    variables, pop = data
    assume(_varies(variables, pop))
    try:
        r = status_index(variables, pop)
    except ValueError as exc:  # the three z-scores may cancel out exactly; that must be said, not hidden
        assert "cancel" in str(exc)
        return
    mu, sd = _wstats(np.asarray(r.index), pop)
    assert mu == pytest.approx(100.0, abs=1e-8)
    assert sd == pytest.approx(10.0, abs=1e-8)
    for sub in r.subscores.values():
        m, s = _wstats(np.asarray(sub), pop)
        assert m == pytest.approx(100.0, abs=1e-8)
        assert s == pytest.approx(10.0, abs=1e-8)


@settings(max_examples=80, deadline=None)
@given(areas(), st.randoms(use_true_random=False), st.floats(0.1, 1000), st.floats(0.01, 100))
def test_the_status_index_ignores_row_order_population_scale_and_variable_units(data, rnd, pop_scale, unit):
    variables, pop = data
    assume(_varies(variables, pop))
    try:
        base = np.asarray(status_index(variables, pop).index)
    except ValueError:
        return
    order = np.arange(len(pop))
    rnd.shuffle(order)
    permuted = status_index({k: v[order] for k, v in variables.items()}, pop[order])
    np.testing.assert_allclose(np.asarray(permuted.index), base[order], atol=1e-8)
    rescaled = dict(variables, median_income=variables["median_income"] * unit)
    np.testing.assert_allclose(np.asarray(status_index(rescaled, pop * pop_scale).index), base, atol=1e-8)


@settings(max_examples=60, deadline=None)
@given(areas())
def test_an_area_better_on_every_variable_has_the_higher_status(data):
    variables, pop = data
    assume(_varies(variables, pop))
    try:
        r = np.asarray(status_index(variables, pop).index)
    except ValueError:
        return
    b, u, inc = (variables[k] for k in ("basic_education_share", "unemployment_rate", "median_income"))
    def clearly(smaller, larger):
        # Differences below floating-point resolution can't order the z-scores; ties are allowed only there.
        return larger - smaller > 1e-9 * (1.0 + abs(larger) + abs(smaller))

    for i in range(len(pop)):
        for j in range(len(pop)):
            if b[i] < b[j] and u[i] < u[j] and inc[i] > inc[j]:
                if clearly(b[i], b[j]) and clearly(u[i], u[j]) and clearly(inc[j], inc[i]):
                    assert r[i] > r[j]
                else:
                    assert r[i] >= r[j] - 1e-9


def test_orientation_is_honoured_and_can_be_overridden():
    pop = np.array([100.0, 100.0, 100.0])
    r = status_index({"unemployment_rate": [0.05, 0.10, 0.20]}, pop)
    assert np.asarray(r.index).argmax() == 0  # least unemployment = highest status
    r2 = status_index({"unemployment_rate": [0.05, 0.10, 0.20]}, pop, higher_is_better={"unemployment_rate": True})
    assert np.asarray(r2.index).argmax() == 2
    assert r.orientation == {"unemployment_rate": False}


def test_weights_are_honoured():
    variables = {"unemployment_rate": np.array([0.05, 0.10, 0.20, 0.07]),
                 "median_income": np.array([20_000.0, 30_000.0, 40_000.0, 25_000.0])}
    pop = np.array([100.0, 200.0, 300.0, 400.0])
    only_income = status_index(variables, pop, weights={"median_income": 1.0})
    np.testing.assert_allclose(np.asarray(only_income.index), np.asarray(only_income.subscores["median_income"]))
    assert only_income.weights == {"unemployment_rate": 0.0, "median_income": 1.0}
    equal = status_index(variables, pop)
    doubled = status_index(variables, pop, weights={"median_income": 2.0, "unemployment_rate": 2.0})
    np.testing.assert_allclose(np.asarray(equal.index), np.asarray(doubled.index))
    assert equal.weights == {"unemployment_rate": 0.5, "median_income": 0.5}
    # 3:1 weighting: the composite before rescaling is 0.75 z_u + 0.25 z_i.
    r = status_index(variables, pop, weights={"unemployment_rate": 3, "median_income": 1})
    zu = (np.asarray(r.subscores["unemployment_rate"]) - 100) / 10
    zi = (np.asarray(r.subscores["median_income"]) - 100) / 10
    c = 0.75 * zu + 0.25 * zi
    mu, sd = _wstats(c, pop)
    np.testing.assert_allclose(np.asarray(r.index), 100 + 10 * (c - mu) / sd)


def test_the_variant_without_the_language_variable_leaves_it_out():
    variables = {"unemployment_rate": [0.05, 0.10, 0.20], "median_income": [30_000, 25_000, 20_000],
                 "foreign_language_share": [0.40, 0.10, 0.05]}
    full = status_index(variables, [1, 1, 1])
    without = status_index(variables, [1, 1, 1],
                           include=["unemployment_rate", "median_income"])
    assert set(without.subscores) == {"unemployment_rate", "median_income"}
    assert not np.allclose(np.asarray(full.index), np.asarray(without.index))


def test_a_suppressed_input_gives_the_area_no_index_and_never_a_nan():
    variables = {"unemployment_rate": [0.05, np.nan, 0.20, 0.10], "median_income": [30_000, 1, 20_000, 26_000]}
    r = status_index(variables, [100, 6, 100, 100], area_ids=["a", "b", "c", "d"])
    assert r.valid.tolist() == [True, False, True, True]
    assert r.index.tolist()[1] is None
    assert not np.isnan(r.index.data).any()
    assert float(r.index.mean()) == pytest.approx(100.0)  # the aggregate skips the masked area
    assert np.isnan(r.index.filled()[1])
    # The suppressed area does not move the others: same as computing without it.
    alone = status_index({k: np.delete(np.asarray(v, float), 1) for k, v in variables.items()}, [100, 100, 100])
    np.testing.assert_allclose(r.index.compressed(), np.asarray(alone.index))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"variables": {"unemployment_rate": [0.1, -1, 0.2]}}, "area B, variable 'unemployment_rate': negative"),
        ({"variables": {"unemployment_rate": [0.1, np.inf, 0.2]}}, "area B, variable 'unemployment_rate': inf"),
        ({"variables": {"unemployment_rate": [0.1, "x", 0.2]}}, "area B, variable 'unemployment_rate': not a"),
        ({"variables": {"unemployment_rate": [0.1, 0.2]}}, "'unemployment_rate' has 2 values but there are 3"),
        ({"variables": {"crime": [1, 2, 3]}}, "higher 'crime' means higher status"),
        ({"variables": {"unemployment_rate": [0.1, 0.2, 0.3]}, "include": ["median_income"]},
         "variable 'median_income' is missing"),
        ({"variables": {"unemployment_rate": [0.1, 0.2, 0.3]}, "weights": {"income": 1}}, "weight given for 'income'"),
        ({"variables": {"unemployment_rate": [0.1, 0.2, 0.3]}, "weights": {"unemployment_rate": -1}}, "non-negative"),
        ({"variables": {"unemployment_rate": [0.1, 0.1, 0.1]}}, "no variation"),
        ({"variables": {"unemployment_rate": [0.1, np.nan, np.nan]}}, "fewer than two areas"),
    ],
)
def test_bad_status_input_is_refused_naming_the_area_and_variable(kwargs, message):
    with pytest.raises(ValueError, match=message):
        status_index(population=[100, 200, 300], area_ids=["A", "B", "C"], **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Sum index
# ---------------------------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500), st.integers(0, 500), st.integers(1, 500)),
                min_size=1, max_size=30))
def test_the_sum_index_of_the_city_itself_is_100(rows):
    rows = [(min(a, b), b, min(c, d), d) for a, b, c, d in rows]
    arr = np.array(rows, dtype=float)
    assume(arr[:, 0].sum() > 0 and arr[:, 2].sum() > 0)
    city = {"low_education": city_rate(arr[:, 0], arr[:, 1]), "unemployment": city_rate(arr[:, 2], arr[:, 3])}
    # One "area" that is the whole city.
    whole = sum_index({"low_education": [city["low_education"]], "unemployment": [city["unemployment"]]}, city)
    assert float(whole.index[0]) == pytest.approx(100.0, abs=1e-9)
    # Every component, averaged with the denominators as weights, is the city's 100 again.
    r = sum_index({"low_education": arr[:, 0] / arr[:, 1], "unemployment": arr[:, 2] / arr[:, 3]}, city)
    assert np.dot(arr[:, 1], np.asarray(r.components["low_education"])) / arr[:, 1].sum() == pytest.approx(100.0)
    assert np.dot(arr[:, 3], np.asarray(r.components["unemployment"])) / arr[:, 3].sum() == pytest.approx(100.0)


def test_the_sum_index_averages_the_relative_rates():
    r = sum_index({"a": [0.10, 0.40], "b": [0.02, 0.06], "c": [0.2, 0.2]}, {"a": 0.2, "b": 0.04, "c": 0.2})
    assert np.asarray(r.components["a"]).tolist() == [50.0, 200.0]
    assert np.asarray(r.index).tolist() == pytest.approx([(50 + 50 + 100) / 3, (200 + 150 + 100) / 3])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=20), st.floats(0.01, 1), st.floats(0.01, 100))
def test_the_sum_index_does_not_depend_on_the_unit_of_the_rates(rates, city, unit):
    a = sum_index({"x": np.array(rates)}, {"x": city})
    b = sum_index({"x": np.array(rates) * unit}, {"x": city * unit})
    np.testing.assert_allclose(np.asarray(a.index), np.asarray(b.index), rtol=1e-12, atol=1e-9)


def test_a_suppressed_rate_gives_no_sum_index():
    r = sum_index({"a": [0.1, np.nan], "b": [0.1, 0.2]}, {"a": 0.1, "b": 0.1})
    assert r.index.tolist() == [100.0, None]
    assert r.components["b"].tolist() == [100.0, None]
    assert not np.isnan(r.index.data).any()


def test_bad_sum_index_input_is_refused_with_the_variable_named():
    with pytest.raises(ValueError, match="no city rate for variable 'b'"):
        sum_index({"a": [0.1], "b": [0.1]}, {"a": 0.1})
    with pytest.raises(ValueError, match="city rate of 'a' must be positive"):
        sum_index({"a": [0.1]}, {"a": 0.0})
    with pytest.raises(ValueError, match=r"area 02290, variable 'a': negative value -1\.0"):
        sum_index({"a": [0.1, -1]}, {"a": 0.1}, area_ids=["02100", "02290"])
    with pytest.raises(ValueError, match=r"area X, variable 'rate': numerator 5\.0 exceeds"):
        city_rate([5], [4], area_ids=["X"])


# ---------------------------------------------------------------------------------------------------------------
# Weakest decile and turnover
# ---------------------------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0, 300), min_size=1, max_size=80, unique=True))
def test_the_unweighted_decile_holds_a_tenth_of_the_areas_rounded_up(values):
    v = np.array(values)
    r = weakest_decile(v, weighted=False)
    assert r.mask.sum() == math.ceil(len(v) / 10)
    assert v[r.mask].min() >= v[~r.mask].max(initial=-np.inf)
    low = weakest_decile(v, weighted=False, higher_is_weaker=False)
    assert v[low.mask].max() <= v[~low.mask].min(initial=np.inf)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 300), st.integers(1, 10_000)), min_size=1, max_size=80,
                unique_by=lambda t: t[0]))
def test_the_weighted_decile_holds_just_over_a_tenth_of_the_population(rows):
    v = np.array([r[0] for r in rows])
    pop = np.array([r[1] for r in rows], dtype=float)
    r = weakest_decile(v, pop)
    inside = pop[r.mask].sum()
    assert inside >= 0.1 * pop.sum() - 1e-9
    least_weak = np.flatnonzero(r.mask)[np.argmin(v[r.mask])]
    assert inside - pop[least_weak] < 0.1 * pop.sum()
    assert r.decile_mean == pytest.approx(np.dot(pop[r.mask], v[r.mask]) / inside)
    assert r.gap == pytest.approx(r.decile_mean - np.dot(pop, v) / pop.sum())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 100)), min_size=1, max_size=60),
       st.randoms(use_true_random=False))
def test_the_decile_does_not_depend_on_row_order_even_with_ties(rows, rnd):
    v = np.array([float(r[0]) for r in rows])
    pop = np.array([float(r[1]) for r in rows])
    order = np.arange(len(v))
    rnd.shuffle(order)
    for weighted in (True, False):
        a = weakest_decile(v, pop, weighted=weighted)
        b = weakest_decile(v[order], pop[order], weighted=weighted)
        assert (a.mask[order] == b.mask).all()
        assert a.decile_mean == pytest.approx(b.decile_mean)


def test_the_decile_skips_areas_without_a_value_and_uses_a_given_reference():
    v = np.array([150.0, np.nan, 90.0, 100.0, 80.0, 95.0, 99.0, 101.0, 102.0, 98.0, 97.0])
    r = weakest_decile(v, weighted=False, reference=100.0)
    assert r.mask.tolist() == [True] + [False] * 10
    assert (r.decile_mean, r.city_mean, r.gap) == (150.0, 100.0, 50.0)
    with pytest.raises(ValueError, match="needs the population"):
        weakest_decile(v)


def test_turnover_counts_the_share_of_new_areas():
    assert decile_turnover(["a", "b"], ["b", "a"]) == 0.0
    assert decile_turnover(["a", "b"], ["c", "d"]) == 1.0
    assert decile_turnover(["a", "b", "c", "d"], ["a", "b", "c", "e"]) == 0.25
    with pytest.raises(ValueError, match="empty"):
        decile_turnover(["a"], [])
    with pytest.raises(ValueError, match="area a appears twice"):
        decile_turnover([], ["a", "a"])


def test_the_examples_in_the_composites_docstrings_run():
    import doctest

    from yhteiso.analytics import composites

    assert doctest.testmod(composites, optionflags=doctest.ELLIPSIS).failed == 0


def test_a_masked_index_passed_to_the_decile_leaves_the_suppressed_area_out():
    sums = sum_index({"a": [0.1, np.nan, 0.3, 0.2]}, {"a": 0.2})
    d = weakest_decile(sums.index, [10, 10, 10, 10], higher_is_weaker=False)
    # The suppressed area's masked slot must not be read as a value of 0 (which would be the "weakest" here).
    assert d.mask.tolist() == [True, False, False, False]
    status = status_index({"unemployment_rate": [0.1, np.nan, 0.3, 0.2]}, [10, 10, 10, 10])
    assert weakest_decile(status.index, [10, 10, 10, 10], higher_is_weaker=False).mask[1] is np.False_
