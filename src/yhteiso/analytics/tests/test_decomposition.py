"""Shapley decomposition of a change in segregation into spatial and compositional parts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from yhteiso.analytics import indices as ix
from yhteiso.analytics.decomposition import ipf, quantile_map, shapley_decomposition


def _table(rng, n=60, share=0.3, spread=2.0):
    totals = rng.integers(20, 200, n)
    p = rng.beta(share * spread, (1 - share) * spread, n)
    x = rng.binomial(totals, p)
    return np.column_stack([x, totals - x]).astype(float)


@pytest.mark.parametrize("approach", ["ipf", "composition", "share"])
@pytest.mark.parametrize("index", ["dissimilarity", "gini", "theil_entropy"])
def test_the_two_parts_add_up_to_the_total_change(approach, index):
    rng = np.random.default_rng(7)
    a, b = _table(rng), _table(rng, share=0.45, spread=1.0)
    r = shapley_decomposition(a, b, index, approach=approach)
    assert r.spatial + r.compositional == pytest.approx(r.total_change, abs=1e-12)
    assert r.value_a == pytest.approx(getattr(ix, index)(a[:, 0], a.sum(1)))
    assert r.value_b == pytest.approx(getattr(ix, index)(b[:, 0], b.sum(1)))
    assert r.approach == approach


def test_ipf_keeps_the_odds_ratios_and_reaches_the_margins():
    rng = np.random.default_rng(1)
    seed = rng.integers(1, 50, (30, 3)).astype(float)
    target = rng.integers(1, 50, (30, 3)).astype(float)
    fitted = ipf(seed, target.sum(1), target.sum(0))
    np.testing.assert_allclose(fitted.sum(1), target.sum(1), rtol=1e-9)
    np.testing.assert_allclose(fitted.sum(0), target.sum(0), rtol=1e-9)
    odds = lambda t: t[:, 0] * t[1:2, 1] / (t[:, 1] * t[1:2, 0])  # noqa: E731
    np.testing.assert_allclose(odds(fitted), odds(seed), rtol=1e-7)


def test_with_ipf_a_change_of_margins_only_is_purely_compositional():
    rng = np.random.default_rng(3)
    a = rng.integers(1, 80, (40, 3)).astype(float)
    new_margins = rng.integers(1, 80, (40, 3)).astype(float)
    b = ipf(a, new_margins.sum(1), new_margins.sum(0))  # same association, other margins
    r = shapley_decomposition(a, b, "mutual_information", approach="ipf")
    assert r.spatial == pytest.approx(0.0, abs=1e-9)
    assert r.compositional == pytest.approx(r.total_change, abs=1e-9)


def test_with_the_composition_approach_reordering_the_units_is_purely_spatial():
    rng = np.random.default_rng(4)
    a = _table(rng)
    # the same shares moved to other units, with other unit sizes: the distribution of shares is unchanged
    b = a[rng.permutation(len(a))] * rng.integers(1, 4, len(a))[:, None]
    r = shapley_decomposition(a, b, "dissimilarity", approach="composition")
    assert r.compositional == pytest.approx(0.0, abs=1e-12)
    assert r.spatial == pytest.approx(r.total_change, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, (12, 2), elements=st.integers(1, 60)))
def test_the_decomposition_of_no_change_is_zero(counts):
    table = counts.astype(float)
    assume(table[:, 0].sum() > 0)
    for approach in ("ipf", "composition", "share"):
        r = shapley_decomposition(table, table, "dissimilarity", approach=approach)
        assert r.total_change == 0
        assert r.spatial == pytest.approx(0.0, abs=1e-9)
        assert r.compositional == pytest.approx(0.0, abs=1e-9)


def test_quantile_mapping_keeps_ranks():
    mapped = quantile_map([0.3, 0.1, 0.2], [0.5, 0.7, 0.9])
    assert mapped.tolist() == pytest.approx([0.9, 0.5, 0.7])


def test_ipf_needs_the_same_units_and_two_group_approaches_two_columns():
    a = np.ones((4, 2))
    with pytest.raises(ValueError, match="same units and groups"):
        shapley_decomposition(a, np.ones((5, 2)), approach="ipf")
    with pytest.raises(ValueError, match="two-column table"):
        shapley_decomposition(np.ones((4, 3)), np.ones((4, 3)), "mutual_information", approach="composition")
    with pytest.raises(ValueError, match="unknown approach"):
        shapley_decomposition(a, a, approach="magic")
    with pytest.raises(ValueError, match="differ"):
        ipf(a, [1, 1, 1, 1], [3, 3])


def test_two_places_with_different_numbers_of_units_can_be_compared_by_composition():
    rng = np.random.default_rng(9)
    r = shapley_decomposition(_table(rng, n=40), _table(rng, n=70, spread=0.8), "dissimilarity",
                              approach="composition")
    assert r.spatial + r.compositional == pytest.approx(r.total_change, abs=1e-12)
