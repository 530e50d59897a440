"""Sparse weights: same neighbours and values as libpysal, sparse at any size, clear errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from yhteiso.analytics.weights import (
    KERNELS,
    as_weights,
    contiguity_weights,
    kernel_function,
    kernel_weights,
    row_standardize,
    with_self_weight,
)

DATA = Path(__file__).parent / "data" / "sacramento1.geojson"


def _pairs(m):
    c = sp.coo_matrix(m)
    return {(int(i), int(j)) for i, j, v in zip(c.row, c.col, c.data, strict=True) if i != j and v != 0}


@pytest.fixture(scope="module")
def tracts():
    gpd = pytest.importorskip("geopandas")
    return gpd.read_file(DATA).to_crs(3310)


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_contiguity_finds_exactly_the_neighbours_libpysal_finds_on_sacramento(tracts, kind):
    libpysal = pytest.importorskip("libpysal")
    cls = libpysal.weights.Queen if kind == "queen" else libpysal.weights.Rook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cls.from_dataframe(tracts, use_index=False).sparse
    ours = contiguity_weights(tracts.geometry.to_numpy(), kind=kind)
    assert isinstance(ours, sp.csr_matrix)
    assert _pairs(ours) == _pairs(expected)
    assert set(np.unique(ours.data)) == {1.0}
    assert ours.diagonal().sum() == 0


def test_rook_ignores_corner_touches_that_queen_counts():
    grid = [box(x, y, x + 1, y + 1) for y in range(3) for x in range(3)]
    queen = contiguity_weights(grid)
    rook = contiguity_weights(grid, kind="rook")
    centre = 4
    assert queen[centre].nnz == 8
    assert rook[centre].nnz == 4
    assert (queen != queen.T).nnz == 0


def test_an_island_has_an_empty_row():
    w = contiguity_weights([box(0, 0, 1, 1), box(1, 0, 2, 1), box(10, 10, 11, 11)])
    assert w[2].nnz == 0
    assert row_standardize(w)[2].nnz == 0


def test_contiguity_names_the_row_of_a_missing_geometry():
    with pytest.raises(ValueError, match="row 2"):
        contiguity_weights([box(0, 0, 1, 1), None])
    with pytest.raises(ValueError, match="kind"):
        contiguity_weights([box(0, 0, 1, 1)], kind="bishop")


@pytest.mark.parametrize("kernel", KERNELS)
def test_kernel_weights_equal_libpysal_kernel_values(tracts, kernel):
    libpysal = pytest.importorskip("libpysal")
    c = tracts.geometry.centroid
    pts = np.column_stack([c.x, c.y])
    truncate = 1.0 if kernel == "gaussian" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kw = libpysal.weights.Kernel(pts, bandwidth=4000.0, function=kernel)
    expected = kw.sparse.toarray()
    ours = kernel_weights(pts, 4000.0, kernel=kernel, truncate=truncate).toarray()
    # libpysal stores exact-zero weights at d == h for compact kernels; we drop them. Values agree everywhere.
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-12)


def test_the_gaussian_kernel_reaches_three_bandwidths_by_default():
    pts = np.array([[0.0, 0.0], [2500.0, 0.0], [3500.0, 0.0]])
    w = kernel_weights(pts, 1000.0, kernel="gaussian").toarray()
    assert w[0, 1] == pytest.approx(kernel_function(2.5, "gaussian"))
    assert w[0, 2] == 0.0
    assert kernel_weights(pts, 1000.0, kernel="gaussian", truncate=1.0)[0].nnz == 1


def test_kernel_weights_are_sparse_for_a_large_grid():
    side = 200  # 40 000 points, 250 m apart; a dense matrix would need 12.8 GB
    xx, yy = np.meshgrid(np.arange(side) * 250.0, np.arange(side) * 250.0)
    w = kernel_weights(np.column_stack([xx.ravel(), yy.ravel()]), 1000.0)
    assert w.shape == (side * side, side * side)
    assert w.nnz < 50 * side * side
    assert (w != w.T).nnz == 0


def test_kernel_weights_refuse_bad_arguments_with_a_message():
    pts = np.array([[0.0, 0.0], [1.0, np.nan]])
    with pytest.raises(ValueError, match="row 2"):
        kernel_weights(pts, 100.0)
    with pytest.raises(ValueError, match="bandwidth"):
        kernel_weights([[0.0, 0.0]], 0)
    with pytest.raises(ValueError, match="unknown kernel"):
        kernel_weights([[0.0, 0.0]], 10.0, kernel="cosine")
    with pytest.raises(ValueError, match="gaussian"):
        kernel_weights([[0.0, 0.0]], 10.0, kernel="triangular", truncate=2.0)


def test_as_weights_names_the_cell_of_a_bad_weight():
    with pytest.raises(ValueError, match="row 2, column 1"):
        as_weights([[0.0, 1.0], [np.inf, 0.0]])
    with pytest.raises(ValueError, match="square"):
        as_weights(np.ones((2, 3)))
    with pytest.raises(ValueError, match="3 units"):
        as_weights(np.eye(3), 2)


def test_with_self_weight_replaces_only_the_diagonal():
    w = with_self_weight(np.array([[5.0, 0.2], [0.2, 0.0]]), 1.0).toarray()
    assert w.tolist() == [[1.0, 0.2], [0.2, 1.0]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 5000), st.floats(0, 5000)), min_size=1, max_size=40),
    st.sampled_from(KERNELS),
    st.floats(100, 3000),
)
def test_kernel_weights_are_symmetric_nonnegative_and_peak_at_the_unit_itself(points, kernel, bandwidth):
    w = kernel_weights(np.array(points), bandwidth, kernel=kernel)
    dense = w.toarray()
    assert (dense >= 0).all()
    np.testing.assert_allclose(dense, dense.T)
    k0 = float(kernel_function(0.0, kernel))
    assert np.allclose(np.diag(dense), k0)
    assert (dense <= k0 + 1e-12).all()


def test_the_examples_in_the_weights_docstrings_run():
    import doctest

    from yhteiso.analytics import weights

    assert doctest.testmod(weights, optionflags=doctest.ELLIPSIS).failed == 0
