"""Properties every segregation index must have (Hypothesis), and the nested decomposition of M."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from yhteiso.analytics import indices as ix

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bounded in [0, 1] for any data (isolation and interaction are in [0, 1] too).
BOUNDED_TWO = ix.TWO_GROUP_INDEX_NAMES
BOUNDED_MULTI = ix.MULTIGROUP_INDEX_NAMES


@st.composite
def two_group_tables(draw, min_units=2, max_units=25):
    n = draw(st.integers(min_units, max_units))
    x = draw(arrays(np.int64, n, elements=st.integers(0, 60)))
    y = draw(arrays(np.int64, n, elements=st.integers(0, 60)))
    assume(x.sum() > 0 and y.sum() > 0)
    return x.astype(float), (x + y).astype(float)


@st.composite
def multigroup_tables(draw, min_units=2, max_units=20, min_groups=2, max_groups=5):
    n = draw(st.integers(min_units, max_units))
    k = draw(st.integers(min_groups, max_groups))
    c = draw(arrays(np.int64, (n, k), elements=st.integers(0, 50)))
    assume((c.sum(axis=0) > 0).all())
    return c.astype(float)


@SETTINGS
@given(two_group_tables())
def test_two_group_indices_lie_between_zero_and_one(data):
    x, t = data
    for name, value in ix.two_group_indices(x, t).items():
        assert -1e-12 <= value <= 1 + 1e-12, name


@SETTINGS
@given(multigroup_tables())
def test_multigroup_indices_lie_between_zero_and_one_and_m_between_zero_and_entropy(counts):
    result = ix.multigroup_indices(counts)
    for name, value in result.items():
        if name != "mutual_information":
            assert -1e-12 <= value <= 1 + 1e-12, name
    pi = counts.sum(axis=0) / counts.sum()
    entropy = -(pi * np.log(pi)).sum()
    assert -1e-12 <= result["mutual_information"] <= entropy + 1e-12
    assert result["multigroup_theil"] == pytest.approx(result["mutual_information"] / entropy, abs=1e-12)


@SETTINGS
@given(two_group_tables(), st.floats(0.01, 1000.0))
def test_indices_do_not_change_when_every_count_is_scaled(data, factor):
    x, t = data
    base = ix.two_group_indices(x, t)
    scaled = ix.two_group_indices(x * factor, t * factor)
    for name in base:
        assert scaled[name] == pytest.approx(base[name], abs=1e-9), name


@SETTINGS
@given(multigroup_tables(), st.floats(0.01, 1000.0))
def test_multigroup_indices_do_not_change_when_every_count_is_scaled(counts, factor):
    base = ix.multigroup_indices(counts)
    scaled = ix.multigroup_indices(counts * factor)
    for name in base:
        assert scaled[name] == pytest.approx(base[name], abs=1e-9), name


@SETTINGS
@given(two_group_tables(), st.randoms(use_true_random=False))
def test_indices_do_not_depend_on_the_order_of_the_units(data, rnd):
    x, t = data
    order = list(range(len(x)))
    rnd.shuffle(order)
    base = ix.two_group_indices(x, t)
    shuffled = ix.two_group_indices(x[order], t[order])
    for name in base:
        assert shuffled[name] == pytest.approx(base[name], abs=1e-12), name


@SETTINGS
@given(multigroup_tables(), st.randoms(use_true_random=False))
def test_multigroup_indices_do_not_depend_on_the_order_of_units_or_groups(counts, rnd):
    rows = list(range(counts.shape[0]))
    cols = list(range(counts.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    base = ix.multigroup_indices(counts)
    shuffled = ix.multigroup_indices(counts[rows][:, cols])
    for name in base:
        assert shuffled[name] == pytest.approx(base[name], abs=1e-12), name


@SETTINGS
@given(two_group_tables())
def test_symmetric_indices_are_the_same_for_the_group_and_for_the_rest(data):
    x, t = data
    y = t - x
    for name in ("dissimilarity", "gini", "theil_entropy", "min_max"):
        assert getattr(ix, name)(x, t) == pytest.approx(getattr(ix, name)(y, t), abs=1e-12), name
    # the correlation ratio is symmetric too (eta squared of the group/rest indicator)
    assert ix.correlation_ratio(x, t) == pytest.approx(ix.correlation_ratio(y, t), abs=1e-9)
    # Atkinson with b swaps to 1 - b... only its b = 0.5 value is symmetric
    assert ix.atkinson(x, t, b=0.5) == pytest.approx(ix.atkinson(y, t, b=0.5), abs=1e-9)


@SETTINGS
@given(two_group_tables())
def test_two_group_multigroup_indices_equal_the_two_group_ones(data):
    x, t = data
    table = np.column_stack([x, t - x])
    assert ix.multigroup_dissimilarity(table) == pytest.approx(ix.dissimilarity(x, t), abs=1e-12)
    assert ix.multigroup_gini(table) == pytest.approx(ix.gini(x, t), abs=1e-12)
    assert ix.multigroup_theil(table) == pytest.approx(ix.theil_entropy(x, t), abs=1e-12)


@SETTINGS
@given(arrays(np.int64, st.integers(1, 20), elements=st.integers(1, 80)), st.floats(0.05, 0.95))
def test_identical_compositions_give_zero_and_complete_separation_gives_one(totals, share):
    t = totals.astype(float)
    x = t * share  # every unit has the same composition
    assert ix.dissimilarity(x, t) == pytest.approx(0.0, abs=1e-12)
    assert ix.gini(x, t) == pytest.approx(0.0, abs=1e-12)
    assert ix.theil_entropy(x, t) == pytest.approx(0.0, abs=1e-12)
    separated_x = np.concatenate([t, np.zeros_like(t)])
    separated_t = np.concatenate([t, t])
    assert ix.dissimilarity(separated_x, separated_t) == pytest.approx(1.0, abs=1e-12)
    assert ix.gini(separated_x, separated_t) == pytest.approx(1.0, abs=1e-12)
    assert ix.theil_entropy(separated_x, separated_t) == pytest.approx(1.0, abs=1e-12)
    assert ix.min_max(separated_x, separated_t) == pytest.approx(1.0, abs=1e-12)


def test_empty_units_contribute_nothing():
    x = np.array([10.0, 3.0, 0.0, 7.0])
    t = np.array([20.0, 10.0, 15.0, 9.0])
    with_empty_x = np.insert(x, 2, 0.0)
    with_empty_t = np.insert(t, 2, 0.0)
    assert ix.two_group_indices(with_empty_x, with_empty_t) == pytest.approx(ix.two_group_indices(x, t), abs=1e-15)
    counts = np.column_stack([x, t - x])
    with_empty = np.insert(counts, 1, [0.0, 0.0], axis=0)
    assert ix.multigroup_indices(with_empty) == pytest.approx(ix.multigroup_indices(counts), abs=1e-15)
    local = ix.local_mutual_information(with_empty)
    assert local[1] == 0.0 and local.sum() == pytest.approx(ix.mutual_information(counts), abs=1e-15)


def test_a_group_absent_everywhere_is_ignored_by_multigroup_indices():
    counts = np.array([[5.0, 1.0, 0.0], [1.0, 6.0, 0.0]])
    assert ix.multigroup_indices(counts) == pytest.approx(ix.multigroup_indices(counts[:, :2]), abs=1e-15)


@SETTINGS
@given(multigroup_tables(min_units=4, max_units=24), st.data())
def test_mutual_information_adds_up_over_nested_levels(counts, data):
    n = counts.shape[0]
    fine = data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))  # tilastoalue of each unit
    coarse_of_fine = data.draw(st.lists(st.integers(0, 2), min_size=6, max_size=6))  # suuralue of each
    tilastoalue = [f"t{f}" for f in fine]
    suuralue = [f"s{coarse_of_fine[f]}" for f in fine]
    d = ix.mutual_information_decomposition(counts, [suuralue, tilastoalue], level_names=["suuralue", "tilastoalue"])
    assert d.level_names == ["suuralue", "tilastoalue", "units"]
    assert sum(d.between) == pytest.approx(d.total, abs=1e-12)
    assert d.total == pytest.approx(ix.mutual_information(counts), abs=1e-12)
    assert all(b >= -1e-12 for b in d.between)
    # the between-suuralue part is M of the suuralue totals
    labels = sorted(set(suuralue))
    agg = np.array([counts[[s == lab for s in suuralue]].sum(axis=0) for lab in labels])
    if (agg.sum(axis=1) > 0).sum() >= 1:
        assert d.between[0] == pytest.approx(ix.mutual_information(agg), abs=1e-12)
    # each within term is the weighted mean of the areas' own M
    for level in (1, 2):
        assert sum(d.weights[level][s] * d.within[level][s] for s in d.within[level]) == pytest.approx(
            d.between[level], abs=1e-12
        )


def test_nested_decomposition_of_m_on_a_hand_example():
    counts = np.array([[10.0, 0.0], [8.0, 2.0], [1.0, 9.0], [0.0, 10.0]])
    d = ix.mutual_information_decomposition(counts, [["N", "N", "S", "S"]])
    # north 18/2 vs south 1/19 between; within north units 10/0 and 8/2, within south 1/9 and 0/10
    def m(table):
        table = np.asarray(table, dtype=float)
        p = table / table.sum(axis=1, keepdims=True)
        pi = table.sum(axis=0) / table.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * np.log(p / pi), 0.0)
        return float((table.sum(axis=1) / table.sum()) @ terms.sum(axis=1))

    assert d.between[0] == pytest.approx(m([[18, 2], [1, 19]]), abs=1e-12)
    assert d.within[1]["N"] == pytest.approx(m([[10, 0], [8, 2]]), abs=1e-12)
    assert d.within[1]["S"] == pytest.approx(m([[1, 9], [0, 10]]), abs=1e-12)
    assert d.between[1] == pytest.approx(0.5 * d.within[1]["N"] + 0.5 * d.within[1]["S"], abs=1e-12)


def test_levels_that_are_not_nested_are_rejected_naming_the_unit():
    counts = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"unit c: level 'tilastoalue' area 'x' is not nested"):
        ix.mutual_information_decomposition(
            counts, [["A", "A", "B"], ["x", "y", "x"]], level_names=["suuralue", "tilastoalue"],
            unit_ids=["a", "b", "c"],
        )
