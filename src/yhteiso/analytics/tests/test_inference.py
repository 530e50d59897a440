"""Random-allocation null, bias adjustment, bootstrap and permutation tests."""

from __future__ import annotations

import numpy as np
import pytest

from yhteiso.analytics import indices as ix
from yhteiso.analytics import inference as inf


@pytest.fixture(scope="module")
def table() -> np.ndarray:
    rng = np.random.default_rng(42)
    totals = rng.integers(0, 60, size=200)
    shares = rng.dirichlet([2.0, 1.0, 1.0], size=200)
    return rng.multinomial(totals, shares)


def test_random_allocation_keeps_every_unit_total_and_group_total(table):
    rng = np.random.default_rng(0)
    for _ in range(5):
        draw = inf.random_allocation(table, rng)
        assert draw.dtype.kind == "i" and (draw >= 0).all()
        assert (draw.sum(axis=1) == table.sum(axis=1)).all()
        assert (draw.sum(axis=0) == table.sum(axis=0)).all()


def test_random_allocation_is_uniform_over_people():
    # two units of 1 person, one member of each group: both arrangements equally likely
    rng = np.random.default_rng(3)
    first_has_group = [inf.random_allocation(np.array([[1, 0], [0, 1]]), rng)[0, 0] for _ in range(4000)]
    assert np.mean(first_has_group) == pytest.approx(0.5, abs=0.03)


def test_systematic_null_gives_expected_index_p_value_and_bias_adjustment(table):
    r = inf.systematic_null(table, "multigroup_dissimilarity", n_draws=99, seed=11)
    assert r.draws.shape == (99,)
    assert r.observed == pytest.approx(ix.multigroup_dissimilarity(table))
    assert r.expected == pytest.approx(r.draws.mean())
    assert 0 < r.expected < 1  # small units: D is positive even under random allocation
    assert r.p_value == (1 + np.sum(r.draws >= r.observed - 1e-12)) / 100
    assert r.adjusted == pytest.approx(inf.bias_adjusted(r.observed, r.expected))
    assert r.excess == pytest.approx(r.observed - r.expected)


def test_a_randomly_allocated_city_is_not_significantly_segregated(table):
    random_city = inf.random_allocation(table, np.random.default_rng(99))
    r = inf.systematic_null(random_city, "mutual_information", n_draws=99, seed=5)
    assert r.p_value > 0.05
    assert abs(r.adjusted) < 0.2


def test_a_separated_city_gets_the_smallest_possible_p_value():
    separated = np.array([[50, 0], [0, 50], [40, 0], [0, 30]] * 5)
    r = inf.systematic_null(separated, "dissimilarity", n_draws=49, seed=1)
    assert r.observed == 1.0
    assert r.p_value == pytest.approx(1 / 50)  # +1 correction: never zero
    assert r.adjusted == pytest.approx(1.0)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_are_the_same_under_a_seed_whatever_the_number_of_workers(table, workers):
    reference = inf.systematic_null(table, "dissimilarity", n_draws=12, seed=2026, workers=1)
    again = inf.systematic_null(table, "dissimilarity", n_draws=12, seed=2026, workers=workers)
    np.testing.assert_array_equal(again.draws, reference.draws)
    boot1 = inf.bootstrap_ci(table, "gini", n_draws=10, seed=3, workers=1)
    boot2 = inf.bootstrap_ci(table, "gini", n_draws=10, seed=3, workers=workers)
    np.testing.assert_array_equal(boot1.draws, boot2.draws)


def test_different_seeds_give_different_draws(table):
    a = inf.systematic_null(table, "dissimilarity", n_draws=5, seed=1)
    b = inf.systematic_null(table, "dissimilarity", n_draws=5, seed=2)
    assert not np.array_equal(a.draws, b.draws)


def test_the_first_draws_do_not_depend_on_how_many_draws_are_made(table):
    short = inf.systematic_null(table, "dissimilarity", n_draws=5, seed=8)
    long = inf.systematic_null(table, "dissimilarity", n_draws=20, seed=8)
    np.testing.assert_array_equal(long.draws[:5], short.draws)


def test_bias_adjustment_follows_carrington_and_troske():
    assert inf.bias_adjusted(0.4, 0.2) == pytest.approx(0.25)
    assert inf.bias_adjusted(0.1, 0.2) == pytest.approx(-0.5)
    assert inf.bias_adjusted(0.2, 0.2) == 0.0
    assert inf.bias_adjusted(1.0, 0.3) == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["multinomial", "units"])
def test_bootstrap_interval_contains_the_bias_corrected_index_and_narrows_with_more_people(table, method):
    small = inf.bootstrap_ci(table, "multigroup_theil", n_draws=99, seed=4, method=method)
    assert small.low <= small.bias_corrected <= small.high
    assert small.standard_error > 0
    big = inf.bootstrap_ci(table * 20, "multigroup_theil", n_draws=99, seed=4, method=method)
    if method == "multinomial":
        assert (big.high - big.low) < (small.high - small.low)
        assert small.bias > 0  # small units: the multinomial bootstrap inflates the index
        assert abs(big.bias) < small.bias


def test_bootstrap_percentile_interval_is_the_quantiles_of_the_draws_and_basic_reflects_them(table):
    r = inf.bootstrap_ci(table, "dissimilarity", n_draws=199, level=0.9, seed=6, interval="percentile")
    assert r.low == pytest.approx(np.quantile(r.draws, 0.05))
    assert r.high == pytest.approx(np.quantile(r.draws, 0.95))
    b = inf.bootstrap_ci(table, "dissimilarity", n_draws=199, level=0.9, seed=6)
    assert b.interval == "basic"
    assert b.low == pytest.approx(2 * b.observed - r.high)
    assert b.high == pytest.approx(2 * b.observed - r.low)
    assert b.bias_corrected == pytest.approx(2 * b.observed - b.draws.mean())


def test_permutation_test_finds_no_difference_between_two_draws_of_the_same_process():
    rng = np.random.default_rng(1)
    totals = rng.integers(10, 60, 150)
    a = rng.multinomial(totals, [0.7, 0.3])
    b = rng.multinomial(totals, [0.7, 0.3])
    r = inf.permutation_test(a, b, "dissimilarity", n_draws=199, method="paired", seed=7)
    assert r.p_value > 0.05
    assert r.difference == pytest.approx(ix.dissimilarity(a[:, 0], a.sum(1)) - ix.dissimilarity(b[:, 0], b.sum(1)))


def test_permutation_test_detects_a_real_difference_between_places():
    rng = np.random.default_rng(2)
    segregated = np.column_stack([rng.integers(0, 5, 80), rng.integers(30, 60, 80)])
    segregated[:40] = segregated[:40, ::-1]
    mixed = rng.multinomial(rng.integers(30, 60, 80), [0.5, 0.5])
    r = inf.permutation_test(segregated, mixed, "dissimilarity", n_draws=199, method="units", seed=3)
    assert r.difference > 0.5
    assert r.p_value == pytest.approx(1 / 200)
    greater = inf.permutation_test(segregated, mixed, "dissimilarity", n_draws=99, alternative="greater", seed=3)
    less = inf.permutation_test(segregated, mixed, "dissimilarity", n_draws=99, alternative="less", seed=3)
    assert greater.p_value < 0.05 < less.p_value


def test_inference_rejects_fractional_counts_naming_the_unit():
    with pytest.raises(ValueError, match=r"unit B, column 1: random allocation needs whole counts"):
        inf.systematic_null([[1.0, 2.0], [1.5, 2.0]], "dissimilarity", n_draws=3, unit_ids=["A", "B"])


def test_unknown_index_and_bad_options_are_rejected(table):
    with pytest.raises(ValueError, match="unknown index 'nope'"):
        inf.systematic_null(table, "nope", n_draws=3)
    with pytest.raises(ValueError, match="unknown bootstrap method"):
        inf.bootstrap_ci(table, "gini", method="jackknife")
    with pytest.raises(ValueError, match="paired test needs the same units"):
        inf.permutation_test(table, table[:10], method="paired")


def test_a_callable_index_is_accepted(table):
    r = inf.systematic_null(table, ix.relative_diversity, n_draws=5, seed=1)
    assert r.observed == pytest.approx(ix.relative_diversity(table))


def test_a_progress_bar_goes_to_standard_error(table, capsys):
    inf.systematic_null(table, "dissimilarity", n_draws=5, seed=1, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "random allocation" in captured.err
