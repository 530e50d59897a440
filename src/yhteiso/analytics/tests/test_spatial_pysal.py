"""Spatial indices agree with PySAL ``segregation`` 2.5 on the real Sacramento tracts (to 1e-9).

The oracles are PySAL's own classes (``SpatialDissim``, ``Dissim``/``MultiDissim``/``MultiInfoTheory``/
``MultiLocationQuotient``/``MultiLocalEntropy`` with ``distance=`` or ``w=``), fed the same weights PySAL builds
itself (libpysal ``Queen`` contiguity, libpysal ``Kernel`` on tract centroids in California Albers metres).
PySAL's egohood rounds the smoothed counts to whole people and gives each unit weight 1 in its own egohood, so
the comparisons pass ``round_counts=True, self_weight=1.0``; its Gaussian kernel stops at one bandwidth, hence
``truncate=1.0``. Where our defaults differ on purpose, the default is checked against a hand computation.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

gpd = pytest.importorskip("geopandas")
libpysal = pytest.importorskip("libpysal")
segregation = pytest.importorskip("segregation")

from libpysal.weights import Kernel, Queen, lag_spatial  # noqa: E402
from libpysal.weights.util import fill_diagonal  # noqa: E402
from segregation.local import MultiLocalEntropy, MultiLocationQuotient  # noqa: E402
from segregation.multigroup import MultiDissim, MultiInfoTheory  # noqa: E402
from segregation.singlegroup import Dissim, SpatialDissim  # noqa: E402

from yhteiso.analytics import spatial  # noqa: E402
from yhteiso.analytics.weights import contiguity_weights  # noqa: E402

DATA = Path(__file__).parent / "data" / "sacramento1.geojson"
GROUPS = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]
TOL = 1e-9
BANDWIDTH = 3000.0


@pytest.fixture(scope="module")
def tracts():
    df = gpd.read_file(DATA)
    return df.to_crs(3310)  # California Albers, metres (kernel distances need a projected CRS)


@pytest.fixture(scope="module")
def centroids(tracts):
    c = tracts.geometry.centroid
    return np.column_stack([c.x.to_numpy(), c.y.to_numpy()])


@pytest.fixture(scope="module")
def queen(tracts):
    return contiguity_weights(tracts.geometry.to_numpy())


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _counts(tracts, cols):
    return tracts[cols].to_numpy(dtype=float)


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("group", GROUPS)
def test_spatial_dissimilarity_matches_pysal_on_queen_contiguity(tracts, queen, group, standardize):
    expected = _quiet(SpatialDissim, tracts, group, "TOT_POP", standardize=standardize).statistic
    ours = spatial.spatial_dissimilarity(
        tracts[group].to_numpy(float), tracts["TOT_POP"].to_numpy(float), queen, standardize=standardize
    )
    assert ours == pytest.approx(expected, abs=TOL)


def test_spatial_dissimilarity_with_pysal_own_queen_matrix_gives_the_same(tracts):
    wq = _quiet(Queen.from_dataframe, tracts, use_index=False)
    ours = spatial.spatial_dissimilarity(tracts["BLACK_"].to_numpy(float), tracts["TOT_POP"].to_numpy(float),
                                         wq.sparse)
    expected = _quiet(SpatialDissim, tracts, "BLACK_", "TOT_POP", w=wq).statistic
    assert ours == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("kernel", ["triangular", "uniform", "quadratic", "quartic", "gaussian"])
def test_egohood_dissimilarity_matches_pysal_distance_decay(tracts, centroids, kernel):
    truncate = 1.0 if kernel == "gaussian" else None
    expected = _quiet(Dissim, tracts, "HISP_", "TOT_POP", distance=BANDWIDTH, function=kernel).statistic
    ours = spatial.egohood_dissimilarity(
        tracts["HISP_"].to_numpy(float), tracts["TOT_POP"].to_numpy(float), points=centroids,
        bandwidth=BANDWIDTH, kernel=kernel, truncate=truncate, self_weight=1.0, round_counts=True,
    )
    assert ours == pytest.approx(expected, abs=TOL)


def test_egohood_dissimilarity_matches_pysal_with_a_given_contiguity_w(tracts, queen):
    wq = _quiet(Queen.from_dataframe, tracts, use_index=False)
    expected = _quiet(Dissim, tracts, "ASIAN_", "TOT_POP", w=wq).statistic
    ours = spatial.egohood_dissimilarity(
        tracts["ASIAN_"].to_numpy(float), tracts["TOT_POP"].to_numpy(float), w=queen, self_weight=1.0,
        round_counts=True,
    )
    assert ours == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize("kernel", ["triangular", "quartic", "gaussian"])
def test_egohood_multigroup_dissimilarity_and_theil_match_pysal(tracts, centroids, kernel):
    truncate = 1.0 if kernel == "gaussian" else None
    x = _counts(tracts, GROUPS)
    common = {"points": centroids, "bandwidth": BANDWIDTH, "kernel": kernel, "truncate": truncate, "self_weight": 1.0,
                  "round_counts": True}
    d = _quiet(MultiDissim, tracts, GROUPS, distance=BANDWIDTH, function=kernel).statistic
    h = _quiet(MultiInfoTheory, tracts, GROUPS, distance=BANDWIDTH, function=kernel).statistic
    assert spatial.egohood_multigroup_dissimilarity(x, **common) == pytest.approx(d, abs=TOL)
    assert spatial.egohood_multigroup_theil(x, **common) == pytest.approx(h, abs=TOL)


def test_egohood_mutual_information_is_theil_times_the_egohood_entropy(tracts, centroids):
    x = _counts(tracts, GROUPS)
    smooth = spatial.egohood_counts(x, points=centroids, bandwidth=BANDWIDTH)
    p = smooth.sum(axis=0) / smooth.sum()
    entropy = -(p * np.log(p)).sum()
    m = spatial.egohood_mutual_information(x, points=centroids, bandwidth=BANDWIDTH)
    h = spatial.egohood_multigroup_theil(x, points=centroids, bandwidth=BANDWIDTH)
    assert m == pytest.approx(h * entropy, rel=1e-12)


def test_egohood_counts_without_rounding_equal_libpysal_kernel_lag(tracts, centroids):
    """Our unrounded default is what PySAL would give before its ``round(0)``: lag of the kernel W."""
    kw = _quiet(Kernel, centroids, bandwidth=BANDWIDTH, function="quadratic")
    kw = _quiet(fill_diagonal, kw, 0.75)  # K(0) of the quadratic kernel, our default self weight
    x = tracts["BLACK_"].to_numpy(float)
    expected = lag_spatial(kw, x)
    ours = spatial.egohood_counts(x, points=centroids, bandwidth=BANDWIDTH, kernel="quadratic")
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-9)


def test_aspatial_local_measures_match_pysal(tracts):
    x = _counts(tracts, GROUPS)
    lq = _quiet(MultiLocationQuotient, tracts, GROUPS).statistics
    le = _quiet(MultiLocalEntropy, tracts, GROUPS).statistics
    np.testing.assert_allclose(spatial.location_quotients(x), lq, rtol=0, atol=TOL)
    np.testing.assert_allclose(spatial.local_entropy(x), le, rtol=0, atol=TOL)


def test_egohood_local_measures_match_pysal(tracts, centroids):
    x = _counts(tracts, GROUPS)
    common = {"points": centroids, "bandwidth": BANDWIDTH, "self_weight": 1.0, "round_counts": True}
    lq = _quiet(MultiLocationQuotient, tracts, GROUPS, distance=BANDWIDTH).statistics
    le = _quiet(MultiLocalEntropy, tracts, GROUPS, distance=BANDWIDTH).statistics
    np.testing.assert_allclose(spatial.location_quotients(x, **common), lq, rtol=0, atol=TOL)
    np.testing.assert_allclose(spatial.local_entropy(x, **common), le, rtol=0, atol=TOL)


def test_pysal_counts_an_empty_unit_as_a_zero_share_but_we_drop_its_links():
    """Hand computation: a chain A–B–C where C is uninhabited.

    A = 8 of 10, B = 2 of 10, C = 0 of 0. P = 0.5, D = (10·0.3 + 10·0.3) / (2·20·0.25) = 0.6.
    Links with people: A–B only, |0.8 − 0.2| = 0.6 ⇒ D(adj) = 0.6 − 0.6 = 0.
    PySAL gives C a share of 0 and keeps B–C: (2·0.6 + 2·0.2) / 4 = 0.4 ⇒ 0.2.
    """
    from segregation.singlegroup.spatial_dissim import _spatial_dissim
    from shapely.geometry import box

    w = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    assert spatial.spatial_dissimilarity([8, 2, 0], [10, 10, 0], w) == pytest.approx(0.0, abs=1e-12)
    chain = gpd.GeoDataFrame({"g": [8, 2, 0], "t": [10, 10, 0]}, geometry=[box(i, 0, i + 1, 1) for i in range(3)])
    pysal_value = _quiet(_spatial_dissim, chain, "g", "t", w=libpysal.weights.W({0: [1], 1: [0, 2], 2: [1]}))[0]
    assert pysal_value == pytest.approx(0.2, abs=1e-12)
