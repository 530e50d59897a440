"""The aspatial indices agree with PySAL ``segregation`` to 1e-9 on the real Sacramento tracts.

PySAL ``segregation`` is a test-only dependency. Data: ``data/sacramento1.geojson`` (403 tracts; see
``data/PROVENANCE_sacramento.md``), read with our own reader so PySAL and we see the same numbers.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yhteiso.analytics import indices as ix
from yhteiso.analytics.io import read_table

DATA = Path(__file__).parent / "data"
GROUPS = ["WHITE_", "BLACK_", "ASIAN_", "HISP_"]

segregation = pytest.importorskip("segregation")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from segregation import multigroup as mg
    from segregation import singlegroup as sg

TWO_GROUP_PYSAL = {
    "dissimilarity": sg.Dissim,
    "gini": sg.Gini,
    "theil_entropy": sg.Entropy,
    "atkinson": sg.Atkinson,  # only b = 0.5: PySAL's class ignores the shape parameter (see below)
    "isolation": sg.Isolation,
    "interaction": sg.Interaction,
    "correlation_ratio": sg.CorrelationR,
    "min_max": sg.MinMax,
}
MULTIGROUP_PYSAL = {
    "multigroup_dissimilarity": mg.MultiDissim,
    "mutual_information": mg.MultiDivergence,
    "multigroup_theil": mg.MultiInfoTheory,
    "multigroup_gini": mg.MultiGini,
    "normalized_exposure": mg.MultiNormExposure,
    "relative_diversity": mg.MultiRelativeDiversity,
}


@pytest.fixture(scope="module")
def sacramento() -> pd.DataFrame:
    table = read_table(DATA / "sacramento1.geojson")
    return pd.DataFrame({c: table.numeric(c) for c in [*GROUPS, "TOT_POP"]})


@pytest.fixture(autouse=True)
def _pysal_gini_without_numba_compilation(monkeypatch):
    """PySAL's Gini kernel is a numba function whose first call compiles for ~15 s; run its plain-Python
    original (``py_func``, the same code) so the suite stays fast."""
    from segregation.singlegroup import gini as pysal_gini

    kernel = pysal_gini._gini_vecp
    if hasattr(kernel, "py_func"):
        monkeypatch.setattr(pysal_gini, "_gini_vecp", kernel.py_func)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("name", list(TWO_GROUP_PYSAL))
def test_two_group_index_equals_pysal_on_sacramento(sacramento, group, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = TWO_GROUP_PYSAL[name](sacramento, group, "TOT_POP").statistic
    ours = getattr(ix, name)(sacramento[group].to_numpy(), sacramento["TOT_POP"].to_numpy())
    assert ours == pytest.approx(expected, abs=1e-9, rel=0)


@pytest.mark.parametrize("name", list(MULTIGROUP_PYSAL))
def test_multigroup_index_equals_pysal_on_sacramento(sacramento, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = MULTIGROUP_PYSAL[name](sacramento, GROUPS).statistic
    ours = getattr(ix, name)(sacramento[GROUPS].to_numpy())
    assert ours == pytest.approx(expected, abs=1e-9, rel=0)


def test_two_group_indices_dict_matches_the_single_functions(sacramento):
    x, t = sacramento["HISP_"].to_numpy(), sacramento["TOT_POP"].to_numpy()
    result = ix.two_group_indices(x, t)
    assert list(result) == list(ix.TWO_GROUP_INDEX_NAMES)
    for name, value in result.items():
        assert value == getattr(ix, name)(x, t)


def test_multigroup_indices_dict_matches_the_single_functions(sacramento):
    counts = sacramento[GROUPS].to_numpy()
    result = ix.multigroup_indices(counts)
    assert list(result) == list(ix.MULTIGROUP_INDEX_NAMES)
    for name, value in result.items():
        assert value == getattr(ix, name)(counts)


def test_pysal_atkinson_ignores_the_shape_parameter_so_b_is_checked_by_hand(sacramento):
    """PySAL's ``Atkinson`` class never passes ``b`` on (segregation 2.5.4 calls ``_atkinson(data, g, t)``), so
    its result is the b = 0.5 value whatever b is. We test b ≠ 0.5 against a direct computation instead."""
    x, t = sacramento["BLACK_"].to_numpy(), sacramento["TOT_POP"].to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pysal_b02 = sg.Atkinson(sacramento, "BLACK_", "TOT_POP", b=0.2).statistic
    assert pysal_b02 == pytest.approx(ix.atkinson(x, t, b=0.5), abs=1e-12)  # PySAL: still b = 0.5

    for b in (0.0, 0.2, 0.5, 0.8, 0.95):
        T, P = t.sum(), x.sum() / t.sum()
        total = 0.0
        for xi, ti in zip(x, t, strict=True):  # the formula of Massey & Denton (1988), unit by unit
            if ti == 0:
                continue
            p = xi / ti
            total += (1 - p) ** (1 - b) * p**b * ti
        by_hand = 1 - P / (1 - P) * abs(total / (P * T)) ** (1 / (1 - b))
        assert ix.atkinson(x, t, b=b) == pytest.approx(by_hand, abs=1e-12)
    assert ix.atkinson(x, t, b=0.2) != pytest.approx(ix.atkinson(x, t, b=0.8), abs=1e-3)


def test_mutual_information_local_contributions_add_up_on_sacramento(sacramento):
    counts = sacramento[GROUPS].to_numpy()
    local = ix.local_mutual_information(counts)
    assert local.shape == (len(counts),)
    assert local.sum() == pytest.approx(ix.mutual_information(counts), abs=1e-12)
    assert (local >= -1e-15).all()


def test_multigroup_gini_needs_no_quadratic_memory_and_matches_the_pairwise_formula():
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 40, size=(300, 3)).astype(float)
    t = counts.sum(axis=1)
    p = counts / t[:, None]
    pi = counts.sum(axis=0) / counts.sum()
    pairwise = sum((np.outer(t, t) * np.abs(p[:, k, None] - p[None, :, k])).sum() for k in range(3))
    expected = pairwise / (2 * counts.sum() ** 2 * (pi * (1 - pi)).sum())
    assert ix.multigroup_gini(counts) == pytest.approx(expected, abs=1e-12)
