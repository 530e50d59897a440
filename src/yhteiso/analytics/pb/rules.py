r"""Exact participatory-budgeting rules: greedy by votes and the method of equal shares (MES) with the add-one
completion, with a per-project explanation of why each project was or was not funded.

Everything here is exact: costs, budgets and payments are :class:`fractions.Fraction`. :mod:`.fast` computes the
same outcomes with NumPy and falls back to this module whenever a decision is too close to call in floating point.

Published tie-breaking
----------------------
* Greedy: more votes first; among equal votes the cheaper project first; then the earlier project in the list.
* Equal shares: the smaller score first — :math:`\rho/\mathrm{cost}` with cost utilities (default),
  :math:`\rho` with approval utilities; then more votes; then the cheaper project; then the earlier project.

Method of equal shares (Peters & Skowron 2020; Peters, Pierczyński & Skowron 2021)
---------------------------------------------------------------------------------
Each of the :math:`n` voters starts with :math:`b_i = B/n`. In each round, for every project :math:`c` whose
supporters :math:`N_c` still hold at least its cost, let :math:`\rho_c` be the smallest number with

.. math:: \sum_{i \in N_c} \min(b_i, \rho_c) = \mathrm{cost}(c).

With cost utilities (a supporter's utility for a project is its cost, as on equalshares.net) the project with
the smallest :math:`\rho_c/\mathrm{cost}(c)` is funded; with approval utilities the one with the smallest
:math:`\rho_c`. Each supporter pays :math:`\min(b_i, \rho_c)`. The
rule stops when no project is affordable by its supporters.

Add-one completion: with the per-voter budget :math:`\lfloor B/n \rfloor + k` for :math:`k = 1, 2, \dots`, MES is
run again while the outcome is not exhaustive; the last outcome whose total cost stays within :math:`B` is kept.
With ``exhaustive_stop=False`` the loop does not stop at an exhaustive outcome but only when the next per-voter
budget would overspend (the compute tool's "Add1" with "Stop process when exhaustive" unticked; this is what
reproduces Wieliczka 2023).

Comparison step (equalshares.net)
---------------------------------
As documented by the equal-shares authors (equalshares.net, *Implementation → Computation*, option "Comparison
step", and the reference ``comparisonStep`` of the equalshares compute tool, ``js/methodOfEqualSharesWorker.js``):
after the completed MES outcome :math:`W_{\mathrm{MES}}` is computed, the greedy outcome :math:`W_G` is formed
by taking the projects in order of decreasing number of approvers (equal counts keep the order of the project
list) and adding each one that still fits the budget. Each voter :math:`i` compares the two:

* ``satisfaction`` ("popularity with respect to voter satisfaction"): :math:`u_i(W) = |A_i \cap W|`, the number
  of funded projects the voter approved;
* ``exclusion`` ("popularity with respect to exclusion ratio"): :math:`u_i(W) = [A_i \cap W \neq \emptyset]`,
  whether at least one approved project is funded.

With :math:`P_{\mathrm{MES}} = |\{i : u_i(W_{\mathrm{MES}}) > u_i(W_G)\}|` and
:math:`P_G = |\{i : u_i(W_G) > u_i(W_{\mathrm{MES}})\}|`, the greedy outcome replaces MES only if
:math:`P_G > P_{\mathrm{MES}}` (a tie keeps MES). Wieliczka's Green Million 2023 and Świecie 2024 list the
comparison step among their rule details (equalshares.net/elections/zielony-milion, .../swiecie-2024).

References
----------
Peters, D. & Skowron, P. (2020). Proportionality and the limits of welfarism. *EC '20*.
Peters, D., Pierczyński, G. & Skowron, P. (2021). Proportional participatory budgeting with additive utilities.
*NeurIPS 2021*. https://equalshares.net

Examples
--------
>>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
>>> greedy(e).selected, equal_shares(e, completion=None).selected
(['a'], ['a'])
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = ["Comparison", "Election", "Outcome", "ProjectResult", "comparison_step", "election_from_pb",
           "equal_shares", "greedy", "greedy_listed"]


@dataclass
class Election:
    """An approval election: ``ballots`` are tuples of project indices (0-based into ``project_ids``)."""

    project_ids: list[str]
    costs: list  # int | Fraction per project
    budget: Fraction | int
    ballots: list[tuple[int, ...]]

    def __post_init__(self):
        self.costs = [Fraction(c) for c in self.costs]
        self.budget = Fraction(self.budget)
        if len(self.costs) != len(self.project_ids):
            raise ValueError("one cost per project is needed")
        if len(set(self.project_ids)) != len(self.project_ids):
            raise ValueError("project ids must be unique")
        if self.budget <= 0:
            raise ValueError("the budget must be positive")
        m = len(self.project_ids)
        for pos, ballot in enumerate(self.ballots, start=1):
            if any(not 0 <= j < m for j in ballot) or len(set(ballot)) != len(ballot):
                raise ValueError(f"ballot {pos} names an unknown project or one project twice")

    @property
    def n_voters(self) -> int:
        return len(self.ballots)

    def vote_counts(self) -> list[int]:
        counts = [0] * len(self.project_ids)
        for ballot in self.ballots:
            for j in ballot:
                counts[j] += 1
        return counts


def election_from_pb(instance) -> Election:
    """An :class:`Election` from a parsed :class:`~yhteiso.analytics.pb.pabulib.PBInstance` (approval votes)."""
    ids = instance.project_ids
    index = {p: j for j, p in enumerate(ids)}
    ballots = [tuple(index[p] for p in b) for b in instance.ballots]
    return Election(ids, instance.costs, instance.budget, ballots)


@dataclass
class ProjectResult:
    """Why one project was or was not funded. ``reason`` is a stable code, ``details`` the numbers behind it:

    * ``funded_greedy`` / ``not_funded_does_not_fit``: rank, votes, remaining (budget left when its turn came);
    * ``funded_equal_shares``: round, supporters, max_payment (ρ), per_voter_budget;
    * ``not_funded_supporters_short``: supporters, supporters_money (what they had left at the end), cost;
    * ``not_funded_no_votes``.
    """

    project_id: str
    cost: Fraction
    votes: int
    funded: bool
    reason: str
    details: dict = field(default_factory=dict)


@dataclass
class Outcome:
    rule: str
    budget: Fraction
    selected: list[str]  # in the order of selection
    projects: dict[str, ProjectResult]
    per_voter_budget: Fraction | None = None
    completion: str | None = None
    engine: str = "exact"
    comparison: Comparison | None = None

    @property
    def cost(self) -> Fraction:
        return sum((self.projects[p].cost for p in self.selected), Fraction(0))

    def as_json(self) -> dict:
        """``{"selected": [ids, sorted], "cost": total}`` (the command line's output)."""
        total = self.cost
        return {"selected": sorted(str(p) for p in self.selected),
                "cost": int(total) if total.denominator == 1 else float(total)}


# --------------------------------------------------------------------------------------------------- greedy
def greedy(election: Election) -> Outcome:
    """Greedy by votes: take projects in order of votes and fund each that still fits (skipping the others)."""
    votes = election.vote_counts()
    m = len(election.project_ids)
    order = sorted(range(m), key=lambda j: (-votes[j], election.costs[j], j))
    remaining = election.budget
    selected: list[str] = []
    results: dict[str, ProjectResult] = {}
    for rank, j in enumerate(order, start=1):
        pid, cost = election.project_ids[j], election.costs[j]
        details = {"rank": rank, "votes": votes[j], "remaining": remaining}
        if votes[j] == 0:
            results[pid] = ProjectResult(pid, cost, 0, False, "not_funded_no_votes", details)
        elif cost <= remaining:
            results[pid] = ProjectResult(pid, cost, votes[j], True, "funded_greedy", details)
            selected.append(pid)
            remaining -= cost
        else:
            results[pid] = ProjectResult(pid, cost, votes[j], False, "not_funded_does_not_fit", details)
    results = {p: results[p] for p in election.project_ids}
    return Outcome("greedy", election.budget, selected, results)


# ---------------------------------------------------------------------------------------------- equal shares
@dataclass
class _Types:
    """Voters grouped by identical ballot: identical ballots always hold identical budgets."""

    weights: list[int]
    approvers: list[list[int]]  # project -> ballot types approving it
    votes: list[int]
    n: int


def _types(election: Election) -> _Types:
    counts = Counter(tuple(sorted(b)) for b in election.ballots)
    kinds = list(counts)
    approvers: list[list[int]] = [[] for _ in election.project_ids]
    for t, ballot in enumerate(kinds):
        for j in ballot:
            approvers[j].append(t)
    weights = [counts[k] for k in kinds]
    votes = [sum(weights[t] for t in a) for a in approvers]
    return _Types(weights, approvers, votes, election.n_voters)


def _max_payment(cost: Fraction, types: list[int], budget: list[Fraction], weights: list[int]) -> Fraction:
    """The smallest ρ with Σ w_t·min(b_t, ρ) = cost (the supporters can afford the cost)."""
    rest = cost
    left = sum(weights[t] for t in types)
    for t in sorted(types, key=budget.__getitem__):
        if budget[t] * left >= rest:
            return rest / left
        rest -= weights[t] * budget[t]
        left -= weights[t]
    raise AssertionError("the supporters cannot afford the project")  # pragma: no cover


@dataclass
class _Run:
    winners: list[int]
    rounds: dict[int, tuple[int, Fraction]]  # project -> (round, rho)
    budget: list  # final budget per ballot type


def _score(rho: Fraction, cost: Fraction, utilities: str) -> Fraction:
    """The quantity minimised in each round: ρ (approval utilities) or ρ/cost (cost utilities)."""
    return rho / cost if utilities == "cost" and cost > 0 else rho


def _mes_exact(election: Election, tp: _Types, per_voter: Fraction, utilities: str = "cost") -> _Run:
    costs = election.costs
    budget = [Fraction(per_voter)] * len(tp.weights)
    # lower bounds of each project's score: ρ only grows as budgets shrink
    lower = {j: _score(costs[j] / tp.votes[j], costs[j], utilities) for j in range(len(costs)) if tp.votes[j] > 0}
    winners: list[int] = []
    rounds: dict[int, tuple[int, Fraction]] = {}
    while True:
        best = best_key = None
        for j in sorted(lower, key=lambda j: (lower[j], -tp.votes[j], costs[j], j)):
            if best_key is not None and lower[j] > best_key[0]:
                break
            money = sum(tp.weights[t] * budget[t] for t in tp.approvers[j])
            if money < costs[j]:
                del lower[j]
                continue
            rho = _max_payment(costs[j], tp.approvers[j], budget, tp.weights)
            lower[j] = _score(rho, costs[j], utilities)
            key = (lower[j], -tp.votes[j], costs[j], j)
            if best_key is None or key < best_key:
                best, best_key, best_rho = j, key, rho
        if best is None:
            break
        rho = best_rho
        for t in tp.approvers[best]:
            budget[t] = budget[t] - rho if budget[t] > rho else Fraction(0)
        del lower[best]
        winners.append(best)
        rounds[best] = (len(winners), rho)
    return _Run(winners, rounds, budget)


def _add1(election: Election, run_at, first: _Run, exhaustive_stop: bool = True) -> tuple[_Run, Fraction, int]:
    """The add-one completion loop around ``run_at(per_voter) -> _Run``, one unit at a time (the reference the
    faster search of :mod:`.fast` must agree with); returns (run, per-voter budget, steps)."""
    n, budget, costs = election.n_voters, election.budget, election.costs
    run, per_voter = first, budget / n
    level = Fraction(math.floor(budget / n))
    steps = 0
    voted = [j for j, v in enumerate(election.vote_counts()) if v > 0]
    ceiling = max((costs[j] for j in voted), default=Fraction(0))
    while True:
        spent = sum(costs[j] for j in run.winners)
        chosen = set(run.winners)
        if exhaustive_stop and all(j in chosen or spent + costs[j] > budget for j in voted):
            break  # exhaustive: no project with a vote fits any more
        if level > ceiling:
            break  # every supporter alone can pay for any project: raising further changes nothing
        level += 1
        nxt = run_at(level)
        steps += 1
        if sum(costs[j] for j in nxt.winners) > budget:
            break
        run, per_voter = nxt, level
    return run, per_voter, steps


def _mes_outcome(election: Election, tp: _Types, run: _Run, per_voter: Fraction, completion, engine) -> Outcome:
    results: dict[str, ProjectResult] = {}
    for j, pid in enumerate(election.project_ids):
        cost, votes = election.costs[j], tp.votes[j]
        if j in run.rounds:
            rnd, rho = run.rounds[j]
            results[pid] = ProjectResult(pid, cost, votes, True, "funded_equal_shares", {
                "round": rnd, "supporters": votes, "max_payment": rho, "per_voter_budget": per_voter})
        elif votes == 0:
            results[pid] = ProjectResult(pid, cost, 0, False, "not_funded_no_votes", {})
        else:
            money = sum((tp.weights[t] * Fraction(run.budget[t]) for t in tp.approvers[j]), Fraction(0))
            results[pid] = ProjectResult(pid, cost, votes, False, "not_funded_supporters_short", {
                "supporters": votes, "supporters_money": money, "cost": cost, "per_voter_budget": per_voter})
    selected = [election.project_ids[j] for j in run.winners]
    rule = "equal-shares" + (f"/{completion}" if completion else "")
    return Outcome(rule, election.budget, selected, results, per_voter, completion, engine)


def equal_shares(election: Election, *, completion: str | None = "add1", utilities: str = "cost",
                 exhaustive_stop: bool = True) -> Outcome:
    """Method of equal shares, exact (Fractions), with the add-one completion unless ``completion=None``.

    ``utilities="cost"`` (the default, as on equalshares.net and in the Świecie 2023 vote) takes a supporter's
    utility for a project to be its cost, so each round funds the project with the smallest ρ/cost;
    ``utilities="approval"`` counts every approval as 1, funding the project with the smallest ρ.
    """
    if completion not in (None, "add1"):
        raise ValueError(f"unknown completion {completion!r} (use 'add1' or none)")
    if utilities not in ("cost", "approval"):
        raise ValueError(f"unknown utilities {utilities!r} (use 'cost' or 'approval')")
    tp = _types(election)
    if election.n_voters == 0:
        return _mes_outcome(election, tp, _Run([], {}, []), Fraction(0), completion, "exact")
    first = _mes_exact(election, tp, election.budget / election.n_voters, utilities)
    run, per_voter = first, election.budget / election.n_voters
    if completion == "add1":
        run, per_voter, _ = _add1(election, lambda level: _mes_exact(election, tp, level, utilities), first,
                                  exhaustive_stop)
    return _mes_outcome(election, tp, run, per_voter, completion, "exact")


# -------------------------------------------------------------------------------------------- comparison step
COMPARISON_MEASURES = ("satisfaction", "exclusion")


@dataclass
class Comparison:
    """The comparison step's verdict: how many voters prefer each outcome, and which one was kept."""

    measure: str
    prefers_mes: int
    prefers_greedy: int
    greedy_selected: list[str]
    kept: str  # "equal-shares" or "greedy"


def greedy_listed(election: Election) -> list[int]:
    """The greedy outcome of the comparison step as equalshares.net documents it: projects in order of decreasing
    number of approvers (equal counts keep the project list's order), each added if it still fits the budget."""
    votes = election.vote_counts()
    spent = Fraction(0)
    chosen: list[int] = []
    for j in sorted(range(len(votes)), key=lambda j: -votes[j]):  # sorted() is stable: list order among equals
        if spent + election.costs[j] <= election.budget:
            chosen.append(j)
            spent += election.costs[j]
    return chosen


def comparison_step(election: Election, mes_winners: list[int], *, measure: str = "satisfaction") -> Comparison:
    """Compare the MES outcome with :func:`greedy_listed`; greedy is kept only if strictly more voters prefer it.

    >>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
    >>> c = comparison_step(e, [0])  # greedy also funds a alone: nobody prefers either
    >>> (c.prefers_mes, c.prefers_greedy, c.kept)
    (0, 0, 'equal-shares')
    """
    if measure not in COMPARISON_MEASURES:
        raise ValueError(f"unknown comparison measure {measure!r} (use 'satisfaction' or 'exclusion')")
    greedy_winners = greedy_listed(election)
    in_mes = [False] * len(election.project_ids)
    in_greedy = [False] * len(election.project_ids)
    for j in mes_winners:
        in_mes[j] = True
    for j in greedy_winners:
        in_greedy[j] = True
    prefers_mes = prefers_greedy = 0
    for ballot, count in Counter(election.ballots).items():
        mes_sat = sum(in_mes[j] for j in ballot)
        greedy_sat = sum(in_greedy[j] for j in ballot)
        if measure == "exclusion":
            mes_sat, greedy_sat = min(mes_sat, 1), min(greedy_sat, 1)
        if mes_sat > greedy_sat:
            prefers_mes += count
        elif greedy_sat > mes_sat:
            prefers_greedy += count
    kept = "greedy" if prefers_greedy > prefers_mes else "equal-shares"
    return Comparison(measure, prefers_mes, prefers_greedy, [election.project_ids[j] for j in greedy_winners], kept)


def apply_comparison(election: Election, outcome: Outcome, *, measure: str = "satisfaction") -> Outcome:
    """``outcome`` (equal shares) after the comparison step: itself, or the greedy outcome if voters prefer it."""
    index = {p: j for j, p in enumerate(election.project_ids)}
    verdict = comparison_step(election, [index[p] for p in outcome.selected], measure=measure)
    rule = f"{outcome.rule}/comparison-{measure}"
    if verdict.kept == "equal-shares":
        outcome.comparison, outcome.rule = verdict, rule
        return outcome
    votes = election.vote_counts()
    chosen = set(verdict.greedy_selected)
    details = {"measure": measure, "prefers_mes": verdict.prefers_mes, "prefers_greedy": verdict.prefers_greedy}
    results = {
        p: ProjectResult(p, election.costs[j], votes[j], p in chosen,
                         "funded_comparison_greedy" if p in chosen else "not_funded_comparison_greedy", dict(details))
        for j, p in enumerate(election.project_ids)}
    return Outcome(rule, election.budget, list(verdict.greedy_selected), results, outcome.per_voter_budget,
                   outcome.completion, outcome.engine, verdict)
