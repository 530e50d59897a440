"""Properties of the spatial indices: bounds, invariance to scaling and row order, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from yhteiso.analytics import indices, spatial
from yhteiso.analytics.weights import contiguity_weights, kernel_weights

SIDE = 6  # a 6 × 6 grid of 250 m cells
POINTS = np.array([[(i % SIDE) * 250.0, (i // SIDE) * 250.0] for i in range(SIDE * SIDE)])
QUEEN = contiguity_weights([box(x, y, x + 250, y + 250) for x, y in POINTS])

counts_strategy = st.lists(
    st.lists(st.integers(0, 60), min_size=3, max_size=3), min_size=SIDE * SIDE, max_size=SIDE * SIDE
).map(lambda rows: np.array(rows, dtype=float))


def _has_mixture(x):
    col = x.sum(axis=0)
    return (col > 0).sum() >= 2


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.sampled_from(["triangular", "uniform", "quadratic", "quartic", "gaussian"]),
       st.floats(200, 1500))
def test_egohood_indices_stay_within_bounds(x, kernel, bandwidth):
    assume(_has_mixture(x))
    common = {"points": POINTS, "bandwidth": bandwidth, "kernel": kernel}
    d = spatial.egohood_multigroup_dissimilarity(x, **common)
    h = spatial.egohood_multigroup_theil(x, **common)
    m = spatial.egohood_mutual_information(x, **common)
    assert -1e-12 <= d <= 1 + 1e-12
    assert -1e-12 <= h <= 1 + 1e-12
    assert m >= -1e-12
    g, t = x[:, 0], x.sum(axis=1)
    assume(0 < g.sum() < t.sum())
    assert -1e-12 <= spatial.egohood_dissimilarity(g, t, **common) <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.floats(0.01, 1000))
def test_egohood_indices_do_not_change_when_all_counts_are_scaled(x, factor):
    assume(_has_mixture(x))
    common = {"points": POINTS, "bandwidth": 600.0}
    assert spatial.egohood_multigroup_dissimilarity(x * factor, **common) == pytest.approx(
        spatial.egohood_multigroup_dissimilarity(x, **common), abs=1e-9)
    assert spatial.egohood_mutual_information(x * factor, **common) == pytest.approx(
        spatial.egohood_mutual_information(x, **common), abs=1e-9)
    np.testing.assert_allclose(spatial.local_entropy(x * factor, **common), spatial.local_entropy(x, **common),
                               atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.randoms(use_true_random=False))
def test_spatial_indices_do_not_depend_on_row_order(x, rnd):
    assume(_has_mixture(x))
    order = np.arange(len(x))
    rnd.shuffle(order)
    g, t = x[:, 0], x.sum(axis=1)
    assume(0 < g.sum() < t.sum())
    qp = QUEEN[order][:, order]
    assert spatial.spatial_dissimilarity(g[order], t[order], qp) == pytest.approx(
        spatial.spatial_dissimilarity(g, t, QUEEN), abs=1e-12)
    assert spatial.egohood_dissimilarity(g[order], t[order], points=POINTS[order], bandwidth=700.0) == \
        pytest.approx(spatial.egohood_dissimilarity(g, t, points=POINTS, bandwidth=700.0), abs=1e-12)
    lq = spatial.location_quotients(x, points=POINTS, bandwidth=700.0)
    np.testing.assert_allclose(spatial.location_quotients(x[order], points=POINTS[order], bandwidth=700.0),
                               lq[order], atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(counts_strategy)
def test_spatial_dissimilarity_never_exceeds_aspatial_dissimilarity(x):
    g, t = x[:, 0], x.sum(axis=1)
    assume(0 < g.sum() < t.sum())
    d = indices.dissimilarity(g, t)
    for standardize in (False, True):
        assert spatial.spatial_dissimilarity(g, t, QUEEN, standardize=standardize) <= d + 1e-12


@settings(max_examples=60, deadline=None)
@given(counts_strategy)
def test_local_measures_are_bounded_and_quotients_average_to_one(x):
    assume((x.sum(axis=0) > 0).all())
    e = spatial.local_entropy(x)
    t = x.sum(axis=1)
    inhabited = t > 0
    assert np.isnan(e[~inhabited]).all()
    assert ((e[inhabited] >= -1e-12) & (e[inhabited] <= 1 + 1e-12)).all()
    lq = spatial.location_quotients(x)
    # The population-weighted mean of every group's quotient is exactly 1.
    np.testing.assert_allclose((t[inhabited, None] * lq[inhabited]).sum(axis=0) / t.sum(), 1.0, rtol=1e-12)


def test_egohood_with_a_huge_bandwidth_removes_all_segregation():
    x = np.array([[100.0, 0.0], [0.0, 100.0], [50.0, 50.0]])
    pts = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0]])
    assert indices.multigroup_dissimilarity(x) > 0.5
    d = spatial.egohood_multigroup_dissimilarity(x, points=pts, bandwidth=1e9, kernel="uniform")
    assert d == pytest.approx(0.0, abs=1e-12)


def test_egohood_with_a_tiny_bandwidth_is_the_aspatial_index():
    x = np.array([[100.0, 0.0], [0.0, 100.0], [30.0, 50.0]])
    pts = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0]])
    assert spatial.egohood_multigroup_dissimilarity(x, points=pts, bandwidth=1.0) == pytest.approx(
        indices.multigroup_dissimilarity(x), abs=1e-12)
    assert spatial.egohood_mutual_information(x, points=pts, bandwidth=1.0) == pytest.approx(
        indices.mutual_information(x), abs=1e-12)


def test_a_checkerboard_has_spatial_dissimilarity_below_a_clustered_pattern():
    side = 4
    cells = [box(i % side, i // side, i % side + 1, i // side + 1) for i in range(side * side)]
    w = contiguity_weights(cells, kind="rook")
    checker = np.array([100.0 * (((i % side) + (i // side)) % 2) for i in range(side * side)])
    clustered = np.array([100.0 * ((i % side) < side // 2) for i in range(side * side)])
    total = np.full(side * side, 100.0)
    assert indices.dissimilarity(checker, total) == indices.dissimilarity(clustered, total) == 1.0
    assert spatial.spatial_dissimilarity(checker, total, w) == pytest.approx(0.0)
    assert spatial.spatial_dissimilarity(clustered, total, w) == pytest.approx(1 - 8 / 48)


def test_bad_input_is_refused_naming_the_unit_and_column():
    w = kernel_weights(POINTS[:3], 500.0)
    with pytest.raises(ValueError, match=r"unit B.*'foreign'"):
        spatial.egohood_dissimilarity([1, 20, 3], [10, 10, 10], w=w, unit_ids=["A", "B", "C"],
                                      group_name="foreign")
    with pytest.raises(ValueError, match="unit at row 2, column 'b'"):
        spatial.local_entropy([[1, 2], [1, np.nan], [0, 0]], names=["a", "b"])
    with pytest.raises(ValueError, match="negative"):
        spatial.location_quotients([[1, 2], [1, -1]])
    with pytest.raises(ValueError, match="either"):
        spatial.egohood_mutual_information([[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="not both"):
        spatial.egohood_mutual_information([[1, 2], [2, 1]], w=np.eye(2), points=[[0, 0], [1, 1]],
                                           bandwidth=1.0)
    with pytest.raises(ValueError, match="3 units but the counts have 2"):
        spatial.spatial_dissimilarity([1, 2], [2, 4], np.eye(3))


def test_the_examples_in_the_spatial_docstrings_run():
    import doctest

    assert doctest.testmod(spatial, optionflags=doctest.ELLIPSIS).failed == 0
