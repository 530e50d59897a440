"""Rolling figures up to larger areas: counts summed, shares and means from summed numerators and denominators,
small cells suppressed, missing parts left out and counted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yhteiso.analytics.rollup import RolledUp, roll_up
from yhteiso.analytics.suppression import Policy


def test_a_share_is_the_summed_numerators_over_the_summed_denominators_not_the_mean_of_the_shares():
    r = roll_up("share", {"A": ["a", "b"]}, {"a": 10.0, "b": 40.0}, weights={"a": 900, "b": 100}, scale=100)
    assert r["A"].value == pytest.approx(100 * (90 + 40) / 1000)  # 13 %, where the mean of the shares is 25 %


def test_a_mean_is_weighted_by_its_weight():
    r = roll_up("mean", {"A": ["a", "b"]}, {"a": 30.0, "b": 50.0}, weights={"a": 300, "b": 100})
    assert r["A"].value == pytest.approx(35.0)


def test_a_part_without_a_figure_or_a_denominator_is_left_out_and_counted():
    r = roll_up("share", {"A": ["a", "b", "c"]}, {"a": 10.0, "b": None, "c": 20.0},
                weights={"a": 100, "b": 100, "c": None}, scale=100)
    assert r["A"] == RolledUp(value=10.0, suppressed=False, parts_used=1, parts_total=3)
    assert roll_up("count", {"B": ["x"]}, {"x": None}) == {}


def test_small_rolled_up_figures_are_suppressed():
    policy = Policy(min_count=5, min_n=30)
    assert roll_up("count", {"A": ["a", "b"]}, {"a": 1.0, "b": 2.0}, policy=policy)["A"].suppressed
    assert roll_up("count", {"A": ["a"]}, {"a": 0.0}, policy=policy)["A"].value == 0.0  # zero identifies nobody
    share = roll_up("share", {"A": ["a"]}, {"a": 50.0}, weights={"a": 29}, scale=100, policy=policy)["A"]
    assert share.suppressed and share.value is None
    few = roll_up("share", {"A": ["a"]}, {"a": 5.0}, weights={"a": 60}, scale=100, policy=policy)["A"]
    assert few.suppressed  # 3 persons of 60


def test_bad_arguments_are_refused_with_a_message():
    with pytest.raises(ValueError, match="unknown kind 'median'"):
        roll_up("median", {}, {})
    with pytest.raises(ValueError, match="needs weights"):
        roll_up("share", {}, {})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)), min_size=1, max_size=12))
def test_rolling_up_shares_equals_dividing_the_summed_counts(parts):
    parts = [(min(n, d), d) for n, d in parts]
    members = {"A": list(range(len(parts)))}
    shares = {i: 100 * n / d for i, (n, d) in enumerate(parts)}
    weights = {i: float(d) for i, (_n, d) in enumerate(parts)}
    r = roll_up("share", members, shares, weights=weights, scale=100, policy=Policy(min_count=1, min_n=1))["A"]
    assert r.value == pytest.approx(100 * sum(n for n, _ in parts) / sum(d for _, d in parts))
