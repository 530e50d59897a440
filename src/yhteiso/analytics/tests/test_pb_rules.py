"""Greedy and equal shares: the real pabulib elections, hand-worked cases (with ties) and fast = exact."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yhteiso.analytics.pb import fast
from yhteiso.analytics.pb import rules as pbr
from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.pabulib import read_pb
from yhteiso.analytics.pb.rules import Election, election_from_pb, equal_shares, greedy

DATA = Path(__file__).parent / "data" / "pabulib"
WARSAW = ["Poland_Warszawa_2023_Wesola.pb", "Poland_Warszawa_2022_Wlochy.pb", "Poland_Warszawa_2020_Zoliborz.pb"]


def load(name):
    instance = read_pb(DATA / name)
    return instance, election_from_pb(instance)


@pytest.mark.parametrize("name", WARSAW)
def test_greedy_reproduces_the_projects_warsaw_funded(name):
    instance, election = load(name)
    assert instance.meta["rule"] == "greedy"
    outcome = greedy(election)
    assert sorted(outcome.selected) == sorted(instance.selected())
    assert outcome.cost <= election.budget


def test_equal_shares_with_add_one_reproduces_the_projects_swiecie_funded():
    instance, election = load("Poland_Swiecie_2023.pb")
    assert instance.meta["rule"] == "equalshares/add1"
    outcome = equal_shares_fast(election, completion="add1")
    assert sorted(outcome.selected) == sorted(instance.selected())
    assert outcome.cost == 1_040_337 <= election.budget
    assert outcome.per_voter_budget == 646  # floor(1 070 000 / 2 553) = 419, raised by add-one


def test_the_exact_reference_agrees_with_the_fast_engine_on_swiecie_with_add_one():
    _, election = load("Poland_Swiecie_2023.pb")
    exact = equal_shares(election, completion="add1")
    quick = equal_shares_fast(election, completion="add1")
    assert exact.selected == quick.selected
    assert exact.per_voter_budget == quick.per_voter_budget


@pytest.mark.parametrize("name", WARSAW)
@pytest.mark.parametrize("utilities", ["cost", "approval"])
def test_the_exact_reference_agrees_with_the_fast_engine_on_warsaw_at_several_budgets(name, utilities):
    _, election = load(name)
    tp = pbr._types(election)
    ft = fast._FastTypes(election)
    base = math.floor(election.budget / election.n_voters)
    for level in (Fraction(election.budget, election.n_voters), base + 1, base + 57, base + 211, base + 503):
        exact = pbr._mes_exact(election, tp, Fraction(level), utilities)
        try:
            quick = fast._mes_float(election.costs, ft, Fraction(level), utilities)
        except fast._AmbiguousError:  # the fast engine would hand this level to the exact one
            continue
        assert quick.winners == exact.winners, level


def test_every_project_gets_an_explanation():
    _, election = load("Poland_Warszawa_2023_Wesola.pb")
    for outcome in (greedy(election), equal_shares_fast(election)):
        assert set(outcome.projects) == set(election.project_ids)
        for pid, res in outcome.projects.items():
            assert res.funded == (pid in outcome.selected)
            assert res.reason


# ------------------------------------------------------------------------------------------ hand-worked cases
def test_greedy_skips_a_project_that_no_longer_fits_and_takes_a_cheaper_one():
    # votes: a 4, b 3, c 2; budget 100: a (60) fits, b (50) does not (40 left), c (30) does.
    e = Election(["a", "b", "c"], [60, 50, 30], 100,
                 [(0, 1), (0, 1), (0, 1), (0, 2), (2,)])
    out = greedy(e)
    assert out.selected == ["a", "c"]
    assert out.projects["b"].reason == "not_funded_does_not_fit"
    assert out.projects["b"].details["remaining"] == 40
    assert out.cost == 90


def test_greedy_breaks_a_tie_in_votes_by_the_lower_cost_then_by_list_order():
    e = Election(["x", "y", "z"], [70, 40, 40], 100, [(0, 1, 2), (0, 1, 2)])
    assert greedy(e).selected == ["y", "z"]  # all 2 votes: y and z (40) before x (70); y before z by order
    e2 = Election(["x", "y"], [60, 60], 100, [(0, 1)])
    assert greedy(e2).selected == ["x"]


def test_greedy_does_not_fund_a_project_nobody_voted_for():
    e = Election(["a", "b"], [10, 10], 100, [(0,)])
    out = greedy(e)
    assert out.selected == ["a"]
    assert out.projects["b"].reason == "not_funded_no_votes"


def test_equal_shares_gives_a_minority_its_proportional_share():
    # 3 voters like a (cost 60), 2 like b and c (50 each); budget 100 → 20 each.
    # a: 3 supporters hold 60 → ρ = 20. b: 2 hold 40 < 50 → unaffordable. Greedy would also take a only,
    # but with add-one the per-voter budget rises to 25: then b's supporters hold 50 and b fits? a+b = 110 > 100.
    e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
    out = equal_shares(e, completion=None)
    assert out.selected == ["a"]
    assert out.projects["b"].reason == "not_funded_supporters_short"
    assert out.projects["b"].details["supporters_money"] == 40
    assert out.projects["a"].details["max_payment"] == 20


def test_equal_shares_funds_projects_in_proportion_to_groups():
    # 6 voters, budget 60 → 10 each. Group A (4 voters) likes a1, a2, a3 (20 each); group B (2) likes b (20).
    # Greedy spends everything on A's projects (4 votes each). Equal shares: A holds 40 → a1, a2 (ρ = 5);
    # B holds 20 → b (ρ = 10); a3 is then unaffordable (A has nothing left).
    ballots = [(0, 1, 2)] * 4 + [(3,)] * 2
    e = Election(["a1", "a2", "a3", "b"], [20, 20, 20, 20], 60, ballots)
    assert greedy(e).selected == ["a1", "a2", "a3"]
    out = equal_shares(e, completion=None, utilities="approval")
    assert out.selected == ["a1", "a2", "b"]  # a1 before a2: equal ρ, votes and cost → list order
    assert out.projects["a1"].details["max_payment"] == 5
    assert out.projects["b"].details["max_payment"] == 10
    assert out.projects["a3"].details["supporters_money"] == 0
    assert equal_shares(e, completion=None).selected == ["a1", "a2", "b"]


def test_equal_shares_breaks_an_exact_tie_by_votes_then_cost_then_list_order():
    # two identical projects with the same supporters: equal ρ, equal votes, equal cost → list order
    e = Election(["p", "q"], [50, 50], 60, [(0, 1)] * 3)
    assert equal_shares(e, completion=None).selected == ["p"]
    assert equal_shares_fast(e, completion=None).selected == ["p"]
    # equal ρ/cost (cost utilities) but more votes wins: r has 4 supporters, s has 2 (ρ/cost = 1/4 vs 1/2)
    e2 = Election(["s", "r"], [20, 40], 40, [(0, 1), (0, 1), (1,), (1,)])
    assert equal_shares(e2, completion=None).selected == ["r"]


def test_add_one_completion_raises_the_per_voter_budget_until_the_budget_would_be_exceeded():
    # budget 100, 4 voters → 25 each. a (cost 60) by voters 1–2 (50 < 60) is unaffordable at 25;
    # b (cost 30) by voters 3–4 is funded. Add-one raises to 30: a becomes affordable (60), total 90 ≤ 100.
    e = Election(["a", "b"], [60, 30], 100, [(0,), (0,), (1,), (1,)])
    assert equal_shares(e, completion=None).selected == ["b"]
    out = equal_shares(e, completion="add1")
    assert sorted(out.selected) == ["a", "b"]
    assert out.per_voter_budget == 30
    assert equal_shares_fast(e, completion="add1").selected == out.selected


def test_add_one_stops_before_the_total_cost_exceeds_the_budget():
    # 2 voters, budget 10 (5 each): a costs 6 (voter 1), b costs 6 (voter 2). At 6 each both would be funded
    # (12 > 10), so add-one keeps the empty outcome at 5 each.
    e = Election(["a", "b"], [6, 6], 10, [(0,), (1,)])
    out = equal_shares(e, completion="add1")
    assert out.selected == []
    assert out.cost == 0


# ------------------------------------------------------------------------------------- fast equals exact
@st.composite
def elections(draw):
    m = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 30), min_size=m, max_size=m))
    n = draw(st.integers(1, 12))
    ballots = draw(st.lists(st.sets(st.integers(0, m - 1)).map(lambda s: tuple(sorted(s))), min_size=n, max_size=n))
    budget = draw(st.integers(1, 80))
    return Election([f"p{j}" for j in range(m)], costs, budget, ballots)


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]), st.sampled_from([None, "add1"]))
def test_the_fast_engine_always_returns_the_exact_outcome(e, utilities, completion):
    exact = equal_shares(e, completion=completion, utilities=utilities)
    quick = equal_shares_fast(e, completion=completion, utilities=utilities)
    assert quick.selected == exact.selected
    assert exact.cost <= e.budget or (completion is None and exact.cost <= e.budget)


@settings(max_examples=100, deadline=None)
@given(elections())
def test_neither_rule_ever_exceeds_the_budget(e):
    assert greedy(e).cost <= e.budget
    assert equal_shares(e).cost <= e.budget
