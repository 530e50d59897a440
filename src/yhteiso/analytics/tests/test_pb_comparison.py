"""The comparison step of equalshares.net, the add-one search that jumps over per-voter budgets, and their
command line (``yhteiso pb-results ... --comparison greedy``)."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yhteiso.analytics.pb import fast, solve
from yhteiso.analytics.pb import rules as pbr
from yhteiso.analytics.pb.pabulib import read_pb
from yhteiso.analytics.pb.rules import Election, comparison_step, election_from_pb, equal_shares, greedy_listed
from yhteiso.cli import main

DATA = Path(__file__).parent / "data" / "pabulib"
WIELICZKA = DATA / "Poland_Wieliczka_2023.pb"


# ------------------------------------------------------------------------------------------ comparison step
def test_greedy_keeps_the_project_list_order_among_equal_votes_and_skips_what_does_not_fit():
    # votes a 2, b 2, c 1; budget 100: a (70) then b (40) does not fit, c (30) does
    e = Election(["a", "b", "c"], [70, 40, 30], 100, [(0, 1), (0, 1, 2)])
    assert [e.project_ids[j] for j in greedy_listed(e)] == ["a", "c"]


def test_the_comparison_keeps_greedy_when_more_voters_prefer_it():
    # Equal shares funds b (one voter's project) alongside a; greedy funds a and c, which 2 voters prefer
    # (each approves both) and 1 voter (who approved only b) does not: greedy wins 2 to 1.
    e = Election(["a", "b", "c"], [50, 50, 50], 100, [(0, 2), (0, 2), (1,)])
    mes = [0, 1]
    verdict = comparison_step(e, mes)
    assert (verdict.prefers_mes, verdict.prefers_greedy, verdict.kept) == (1, 2, "greedy")
    assert verdict.greedy_selected == ["a", "c"]
    # by exclusion, nobody is excluded under either outcome except the b voter under greedy: MES is kept
    by_exclusion = comparison_step(e, mes, measure="exclusion")
    assert (by_exclusion.prefers_mes, by_exclusion.prefers_greedy, by_exclusion.kept) == (1, 0, "equal-shares")


def test_a_tie_in_the_comparison_keeps_equal_shares():
    e = Election(["a", "b"], [50, 50], 50, [(0,), (1,)])  # greedy takes a; MES (say) b: 1 voter each
    verdict = comparison_step(e, [1])
    assert (verdict.prefers_mes, verdict.prefers_greedy, verdict.kept) == (1, 1, "equal-shares")


def test_solve_with_the_comparison_returns_the_greedy_outcome_with_reasons():
    # equal shares with add-one funds a only (its two voters' money cannot also pay c before the budget would be
    # exceeded); greedy funds a and c, which those two voters prefer; the b voter is indifferent (nothing either way)
    e = Election(["a", "b", "c"], [50, 50, 50], 100, [(0, 2), (0, 2), (1,)])
    assert solve(e, "equal-shares", completion="add1").selected == ["a"]
    out = solve(e, "equal-shares", completion="add1", comparison="greedy")
    assert (out.comparison.prefers_mes, out.comparison.prefers_greedy, out.comparison.kept) == (0, 2, "greedy")
    assert out.selected == ["a", "c"] and out.cost == 100
    assert out.projects["c"].reason == "funded_comparison_greedy"
    assert out.projects["b"].reason == "not_funded_comparison_greedy"
    assert out.rule == "equal-shares/add1/comparison-satisfaction"


def test_an_unknown_comparison_or_measure_is_refused():
    e = Election(["a"], [1], 1, [(0,)])
    with pytest.raises(ValueError, match="comparison"):
        solve(e, "equal-shares", comparison="utilitarian")
    with pytest.raises(ValueError, match="measure"):
        solve(e, "equal-shares", comparison="greedy", comparison_measure="happiness")


def test_equal_shares_is_kept_in_swiecie_by_either_measure():
    e = election_from_pb(read_pb(DATA / "Poland_Swiecie_2023.pb"))
    for measure, counts in (("satisfaction", (1245, 363)), ("exclusion", (230, 2))):
        out = solve(e, "equal-shares", completion="add1", comparison="greedy", comparison_measure=measure)
        assert (out.comparison.prefers_mes, out.comparison.prefers_greedy) == counts
        assert out.comparison.kept == "equal-shares"
        assert sorted(out.selected) == sorted(read_pb(DATA / "Poland_Swiecie_2023.pb").selected())


@pytest.mark.skipif(not WIELICZKA.exists(), reason="the Wieliczka 2023 pabulib file is not in the repository yet")
def test_equal_shares_with_add_one_and_comparison_reproduces_wieliczka_2023():  # pragma: no cover - data pending
    instance = read_pb(WIELICZKA)
    e = election_from_pb(instance)
    for measure in ("satisfaction", "exclusion"):
        out = solve(e, "equal-shares", completion="add1", comparison="greedy", comparison_measure=measure,
                    exhaustive_stop=False)
        assert out.comparison.kept == "equal-shares"
        assert sorted(out.selected) == sorted(instance.selected())
        assert out.cost == 995_079 and len(out.selected) == 30
    # stopping at the first exhaustive outcome (at 302 per voter) does not give the official result
    assert sorted(solve(e, "equal-shares", completion="add1").selected) != sorted(instance.selected())


# --------------------------------------------------------------------------------- the add-one search
@st.composite
def rich_elections(draw):
    """Few voters and a budget large against the per-voter share: many add-one steps."""
    m = draw(st.integers(2, 7))
    costs = draw(st.lists(st.integers(5, 400), min_size=m, max_size=m))
    n = draw(st.integers(2, 9))
    ballots = draw(st.lists(st.sets(st.integers(0, m - 1), min_size=1).map(lambda s: tuple(sorted(s))),
                            min_size=n, max_size=n))
    budget = draw(st.integers(max(costs), sum(costs)))
    return Election([f"p{j}" for j in range(m)], costs, budget, ballots)


@settings(max_examples=120, deadline=None)
@given(rich_elections(), st.sampled_from(["cost", "approval"]), st.booleans())
def test_the_jumping_search_ends_where_the_one_unit_loop_ends(e, utilities, exhaustive_stop):
    exact = equal_shares(e, completion="add1", utilities=utilities, exhaustive_stop=exhaustive_stop)
    quick = fast.equal_shares_fast(e, completion="add1", utilities=utilities, exhaustive_stop=exhaustive_stop)
    assert quick.selected == exact.selected
    assert quick.per_voter_budget == exact.per_voter_budget
    for pid, res in exact.projects.items():  # the explanations are those of the final per-voter budget
        assert quick.projects[pid].reason == res.reason


@st.composite
def tied_elections(draw):
    """Few voters, large budgets and costs from a few round numbers: exact ties between projects whose
    supporters with money all pay equal shares while others have spent everything (ρ = cost / payers)."""
    m = draw(st.integers(2, 7))
    costs = draw(st.lists(st.sampled_from([12, 24, 36, 60, 72, 120, 240]), min_size=m, max_size=m))
    n = draw(st.integers(2, 8))
    ballots = draw(st.lists(st.sets(st.integers(0, m - 1), min_size=1, max_size=3).map(lambda s: tuple(sorted(s))),
                            min_size=n, max_size=n))
    budget = draw(st.integers(max(costs), sum(costs)))
    return Election([f"p{j}" for j in range(m)], costs, budget, ballots)


@settings(max_examples=150, deadline=None)
@given(tied_elections(), st.sampled_from(["cost", "approval"]), st.booleans())
def test_the_search_ends_where_the_one_unit_loop_ends_with_ties(e, utilities, exhaustive_stop):
    exact = equal_shares(e, completion="add1", utilities=utilities, exhaustive_stop=exhaustive_stop)
    quick = fast.equal_shares_fast(e, completion="add1", utilities=utilities, exhaustive_stop=exhaustive_stop)
    assert quick.selected == exact.selected
    assert quick.per_voter_budget == exact.per_voter_budget


@settings(max_examples=150, deadline=None)
@given(tied_elections(), st.sampled_from(["cost", "approval"]), st.integers(1, 240), st.sampled_from([1, 2, 3, 7]))
def test_the_float_guided_exact_run_is_the_exact_run(e, utilities, numerator, denominator):
    ft = fast._FastTypes(e)
    tp = ft.exact()
    per_voter = Fraction(numerator, denominator)
    exact = pbr._mes_exact(e, tp, per_voter, utilities)
    guided = fast._mes_guided(e.costs, ft, tp, per_voter, utilities)
    assert (guided.winners, guided.rounds, guided.budget) == (exact.winners, exact.rounds, exact.budget)
    try:
        quick = fast._mes_float(e.costs, ft, per_voter, utilities)
    except fast._AmbiguousError:
        return
    assert quick.winners == exact.winners


def test_a_verification_stops_at_the_budget_where_the_outcome_changes():
    # at 25 per voter a is unaffordable (50 < 60); from 30 on it is affordable and funded after b
    e = Election(["a", "b"], [60, 30], 200, [(0,), (0,), (1,), (1,)])
    ft = fast._FastTypes(e)
    winners = fast._mes_float(e.costs, ft, Fraction(25), "cost").winners
    assert winners == [1]
    assert fast._mes_float(e.costs, ft, Fraction(30), "cost").winners == [1, 0]
    assert fast._verified_levels(e.costs, ft, winners, [26, 27, 28, 29], "cost") == 4
    assert fast._verified_levels(e.costs, ft, winners, [26, 27, 28, 29, 30, 31], "cost") == 4
    # across gaps: 26 → 29 is covered by monotonicity, 29 → 33 is not (30 lies in between)
    assert fast._verified_levels(e.costs, ft, winners, [26, 29, 33], "cost") == 2
    assert fast._verified_levels(e.costs, ft, winners, [30], "cost") == 0


@settings(max_examples=150, deadline=None)
@given(st.one_of(rich_elections(), tied_elections()), st.sampled_from(["cost", "approval"]),
       st.lists(st.integers(1, 6), min_size=1, max_size=8))
def test_every_verified_level_runs_mes_with_the_same_winners(e, utilities, gaps):
    # the verification's claim, checked level by level against the exact engine: the same winners in the same
    # order at every whole per-voter budget up to the last level it shows (gaps of more than one included)
    tp = pbr._types(e)
    ft = fast._FastTypes(e)
    start = math.floor(e.budget / e.n_voters)
    winners = pbr._mes_exact(e, tp, Fraction(start), utilities).winners
    levels = [start + 1]
    for g in gaps:
        levels.append(levels[-1] + g)
    shown = fast._verified_levels(e.costs, ft, winners, levels, utilities)
    for level in range(start, levels[shown - 1] + 1 if shown else start + 1):
        assert pbr._mes_exact(e, tp, Fraction(level), utilities).winners == winners, level


def test_the_search_runs_fewer_mes_runs_than_per_voter_steps_on_zoliborz():
    e = election_from_pb(read_pb(DATA / "Poland_Warszawa_2020_Zoliborz.pb"))
    out = fast.equal_shares_fast(e, completion="add1", exhaustive_stop=False)
    assert out.stats["add1_steps"] > 200_000  # the one-unit loop would run MES this often
    assert out.stats["runs"] < 1_000
    assert out.per_voter_budget == 282_121


# ---------------------------------------------------------------------------------------- command line
def test_the_command_runs_the_comparison_as_the_issue_writes_it(capsys):
    code = main(["pb-results", str(DATA / "Poland_Swiecie_2023.pb"), "--rule", "equal-shares", "--completion",
                 "add1", "--comparison", "greedy", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cost"] == 1_040_337
    assert data["comparison"] == {"with": "greedy", "measure": "satisfaction", "prefers_equal_shares": 1245,
                                  "prefers_greedy": 363, "kept": "equal-shares"}


def test_the_command_refuses_a_comparison_with_greedy_as_the_rule(capsys):
    code = main(["pb-results", str(DATA / "Poland_Swiecie_2023.pb"), "--rule", "greedy", "--comparison", "greedy"])
    assert code == 2
    err = capsys.readouterr().err
    assert "apply to --rule equal-shares only" in err and "Traceback" not in err


def test_the_command_refuses_a_bad_option_in_one_message(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["pb-results", str(DATA / "Poland_Swiecie_2023.pb"), "--rule", "equal-shares", "--comparison", "best"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'best'" in err and "Traceback" not in err


def test_the_command_refuses_a_folder_in_one_message(tmp_path, capsys):
    assert main(["pb-results", str(tmp_path), "--rule", "equal-shares"]) == 2
    assert "is a folder, not a .pb file" in capsys.readouterr().err


def test_the_table_says_what_the_comparison_decided(capsys):
    assert main(["pb-results", str(DATA / "Poland_Swiecie_2023.pb"), "--rule", "equal-shares", "--completion",
                 "add1", "--comparison", "greedy", "--comparison-measure", "exclusion", "--format", "table"]) == 0
    assert "comparison with greedy (exclusion): 230 voters prefer equal shares, 2 greedy" in capsys.readouterr().out


def test_a_long_weighted_sum_is_not_left_to_blas_and_still_sums_right():
    # over 8 192 numbers the sum is taken without BLAS (OpenBLAS would thread it); both paths give the sum
    import math

    import numpy as np

    rng = np.random.default_rng(15)
    for n in (5, 8192, 8193, 50_000):
        b, w = rng.uniform(0, 1000, n), rng.integers(1, 4, n).astype(float)
        expected = math.fsum(x * y for x, y in zip(b.tolist(), w.tolist(), strict=True))
        assert fast._weighted_sum(b, w) == pytest.approx(expected, rel=1e-12)


def test_the_bound_queue_gives_projects_in_order_of_bound_up_to_a_limit_and_takes_back_changed_bounds():
    lower = {0: 0.5, 1: 0.1, 2: 0.3, 3: 0.9}
    queue = fast._LowerQueue(lower)
    assert queue.pop_upto(0.4) == 1
    assert queue.pop_upto(0.4) == 2
    assert queue.pop_upto(0.4) is None  # project 0's bound 0.5 is over the limit
    lower[1] = 0.7  # project 1 was evaluated: its bound grew
    del lower[2]  # project 2 was funded (or found unaffordable)
    queue.restore()
    assert [queue.pop_upto(1.0) for _ in range(4)] == [0, 1, 3, None]
    queue.restore()
    del lower[3]
    assert [queue.pop_upto(1.0) for _ in range(3)] == [0, 1, None]
