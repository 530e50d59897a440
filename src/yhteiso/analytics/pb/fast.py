r"""Vectorised method of equal shares (NumPy) that returns exactly what :mod:`.rules` returns.

Budgets are held in ``float64`` per ballot type (voters with identical ballots hold identical budgets). Every
discrete decision — is a project affordable, which project has the smallest score — is taken only when its margin
exceeds a relative tolerance (:math:`10^{-9}`, far above the accumulated rounding error of a few hundred
subtractions, about :math:`10^{-13}`). When a decision is closer than that (including exact ties, which the
published tie-breaking must settle), the whole run at that per-voter budget is recomputed in exact rational
arithmetic by :func:`yhteiso.analytics.pb.rules._mes_exact`. Totals of costs are always summed exactly.

>>> from yhteiso.analytics.pb.rules import Election, equal_shares
>>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
>>> equal_shares_fast(e).selected == equal_shares(e).selected
True
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np
from scipy import sparse

from yhteiso.analytics.pb import rules as _rules

TOL = 1e-9


class _AmbiguousError(Exception):
    """A decision too close to call in floating point."""


class _FastTypes:
    def __init__(self, election: _rules.Election):
        counts = Counter(tuple(sorted(b)) for b in election.ballots)
        kinds = list(counts)
        m = len(election.project_ids)
        weights = np.fromiter((counts[k] for k in kinds), dtype=np.float64, count=len(kinds))
        lengths = np.fromiter((len(k) for k in kinds), dtype=np.int64, count=len(kinds))
        flat = np.fromiter((j for k in kinds for j in k), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(len(kinds), dtype=np.int64), lengths)
        order = np.argsort(flat, kind="stable")
        flat, owner = flat[order], owner[order]
        bounds = np.searchsorted(flat, np.arange(m + 1))
        self.approvers = [owner[bounds[j]: bounds[j + 1]] for j in range(m)]
        self.weights = weights
        self.votes = [int(weights[a].sum()) for a in self.approvers]
        self.kinds = kinds
        self.counts = [counts[k] for k in kinds]
        self.unit = bool(np.all(weights == 1.0))
        self.wts = [weights[a] for a in self.approvers]
        self.cost_float = np.array([float(c) for c in election.costs])
        # coapproved[j, k]: some ballot approves both j and k (so funding k touches j's supporters)
        incidence = sparse.csr_matrix(
            (np.ones(len(flat), dtype=np.int32), (owner, flat)), shape=(len(kinds), m))
        self.coapproved = (incidence.T @ incidence).toarray() > 0

    def exact(self) -> _rules._Types:
        approvers = [a.tolist() for a in self.approvers]
        return _rules._Types(self.counts, approvers, self.votes, int(sum(self.counts)))


def _rho(b: np.ndarray, w: np.ndarray | None, c: float, total_w: float) -> float:
    r"""The smallest :math:`\rho` at which the supporters with budgets ``b`` (weights ``w``; None: one voter each,
    ``total_w`` of them) pay ``c``, each :math:`\min(b_i, \rho)`: the fixed-point iteration
    :math:`\rho \leftarrow (c - \sum_{b_i<\rho} w_i b_i) / \sum_{b_i\ge\rho} w_i` from :math:`\rho = c/W`.
    :math:`\rho` only grows and the iteration stops once the set of supporters who cannot pay :math:`\rho` in
    full no longer changes (at most ``len(b)`` steps). The caller has checked that they can afford ``c``."""
    rho = c / total_w
    for _ in range(len(b) + 1):
        short = b < rho
        if w is None:
            paid, left = float(b[short].sum()), total_w - float(np.count_nonzero(short))
        else:
            paid, left = float(b[short] @ w[short]), total_w - float(w[short].sum())
        new = (c - paid) / left
        if not new > rho:
            break
        rho = new
    return rho


def _mes_float(costs: list[Fraction], ft: _FastTypes, per_voter_exact: Fraction, utilities: str):
    m = len(costs)
    cost = ft.cost_float
    per_voter = float(per_voter_exact)
    budget = np.full(len(ft.weights), per_voter)
    touched = np.zeros(m, dtype=bool)  # does the project share a supporter with a funded project?
    votes = ft.votes
    by_cost = utilities == "cost"

    def score(rho: float, j: int) -> float:
        return rho / cost[j] if by_cost and cost[j] > 0 else rho

    lower = {j: score(cost[j] / votes[j], j) for j in range(m) if votes[j] > 0}
    winners: list[int] = []
    rounds: dict[int, tuple[int, float]] = {}
    while True:
        evaluated: list[tuple[float, int, float, bool]] = []
        best_score = math.inf
        for j in sorted(lower, key=lower.__getitem__):
            if lower[j] > best_score * (1 + TOL):
                break
            c = cost[j]
            fresh = not touched[j]  # no supporter has paid yet: every budget is exactly per_voter
            if fresh:  # no array work needed: money = per_voter × votes, ρ = cost / votes (exactly)
                if per_voter_exact * votes[j] < costs[j]:
                    del lower[j]
                    continue
                rho = c / votes[j]
                s = score(rho, j)
                lower[j] = s
                evaluated.append((s, j, rho, True))
                best_score = min(best_score, s)
                continue
            b = budget.take(ft.approvers[j])
            if ft.unit:
                money = float(b.sum())
                total_w = float(len(b))
            else:
                money = float(b @ ft.wts[j])
                total_w = float(votes[j])
            if fresh:
                if per_voter_exact * votes[j] < costs[j]:
                    del lower[j]
                    continue
            elif money < c * (1 - TOL):
                del lower[j]
                continue
            elif money <= c * (1 + TOL):
                raise _AmbiguousError
            if fresh or float(b.min()) * total_w >= c * (1 + TOL):
                # every supporter can pay an equal share (by a safe margin): ρ = cost/votes exactly
                rho, equal_split = c / total_w, True
            else:
                rho, equal_split = _rho(b, None if ft.unit else ft.wts[j], c, total_w), False
            s = score(rho, j)
            lower[j] = s
            evaluated.append((s, j, rho, equal_split))
            best_score = min(best_score, s)
        if not evaluated:
            break
        evaluated.sort(key=lambda x: (x[0], -votes[x[1]], costs[x[1]], x[1]))
        s0, best, rho, _ = evaluated[0]
        close = [x for x in evaluated if x[0] <= s0 * (1 + TOL)]
        if len(close) > 1:
            if not all(x[3] for x in close):
                raise _AmbiguousError
            # a near-tie among projects that every supporter can pay an equal share of: exact ρ is cost/votes
            exact = []
            for _, j, _, _ in close:
                rho_exact = costs[j] / votes[j]
                exact.append((_rules._score(rho_exact, costs[j], utilities), -votes[j], costs[j], j, rho_exact))
            exact.sort(key=lambda x: x[:4])
            best, rho = exact[0][3], float(exact[0][4])
        idx = ft.approvers[best]
        budget[idx] = np.maximum(budget[idx] - rho, 0.0)
        touched |= ft.coapproved[best]
        del lower[best]
        winners.append(best)
        rounds[best] = (len(winners), rho)
    return _rules._Run(winners, rounds, budget.tolist())


def _same_outcome_up_to(costs: list[Fraction], ft: _FastTypes, run: _rules._Run, lo: Fraction, hi: Fraction,
                        utilities: str) -> bool:
    r"""True if MES funds the same projects in the same order at every per-voter budget in ``[lo, hi]``, given
    ``run`` (a floating-point run at ``lo``).

    The check rests on monotonicity. Along a fixed sequence of winners, a larger per-voter budget leaves every
    voter at least as much money after each round (each pays :math:`\min(b_i, \rho)`, and :math:`\rho` only falls
    when budgets grow), so every supporter group's money only grows and every :math:`\rho` (and score) only falls
    with the per-voter budget. Hence on ``[lo, hi]`` the winner of each round keeps its place if its score at
    ``lo`` (its largest) is below every other project's score at ``hi`` (their smallest) or that project is
    unaffordable even at ``hi``, and the run still ends if every project left is unaffordable at ``hi``. This
    replays ``run``'s winners at ``hi`` and checks exactly that, with the engine's relative margin.
    """
    cost = ft.cost_float
    votes = ft.votes
    by_cost = utilities == "cost"
    budget = np.full(len(ft.weights), float(hi))
    lo_score = {j: (rho / cost[j] if by_cost and cost[j] > 0 else rho) for j, (_, rho) in run.rounds.items()}
    # lower bounds of each score at hi (a score only grows during a run): first ρ = cost/votes
    lower = {j: (1 / votes[j] if by_cost and cost[j] > 0 else cost[j] / votes[j])
             for j in range(len(costs)) if votes[j] > 0}

    def rho_at(j: int) -> float | None:
        """ρ of project j at the current budgets, None if its supporters cannot afford it (by the margin)."""
        c = cost[j]
        b = budget.take(ft.approvers[j])
        w = None if ft.unit else ft.wts[j]
        total_w = float(len(b)) if ft.unit else float(votes[j])
        money = float(b.sum()) if ft.unit else float(b @ w)
        if money < c * (1 - TOL):
            return None
        if money <= c * (1 + TOL):
            raise _AmbiguousError
        return _rho(b, w, c, total_w)

    lo_rho = {j: rho for j, (_, rho) in run.rounds.items()}

    def exact_tie_kept(best: int, j: int, rho_j: float) -> bool:
        """A near-tie that cannot be undone: both ρ are cost/votes (everyone pays an equal share; no ρ can be lower,
        so neither score moves in [lo, hi]) and the published order puts ``best`` first."""
        if lo_rho[best] != cost[best] / votes[best] or rho_j != cost[j] / votes[j]:
            return False
        key_best = (_rules._score(costs[best] / votes[best], costs[best], utilities), -votes[best], costs[best], best)
        key_j = (_rules._score(costs[j] / votes[j], costs[j], utilities), -votes[j], costs[j], j)
        return key_best < key_j

    try:
        for best in run.winners:
            limit = lo_score[best] * (1 + TOL)
            for j in sorted(lower, key=lower.__getitem__):
                if j == best:
                    continue
                if lower[j] > limit:
                    break
                rho = rho_at(j)
                if rho is None:
                    del lower[j]  # unaffordable at hi, so at every budget in [lo, hi]; it stays so
                    continue
                lower[j] = rho / cost[j] if by_cost and cost[j] > 0 else rho
                if lower[j] <= limit and not exact_tie_kept(best, j, rho):
                    return False
            rho = rho_at(best)
            if rho is None:  # pragma: no cover - money only grows with the per-voter budget
                return False
            idx = ft.approvers[best]
            budget[idx] = np.maximum(budget[idx] - rho, 0.0)
            del lower[best]
        return all(rho_at(j) is None for j in list(lower))
    except _AmbiguousError:
        return False


def _add1_search(election: _rules.Election, run_at, first: _rules._Run, exhaustive_stop: bool = True,
                 same_up_to=None):
    """The add-one completion of :func:`yhteiso.analytics.pb.rules._add1` without stepping one unit at a time.

    After each MES run at a per-voter budget ``level``, the search looks for the largest whole ``top`` such that
    ``same_up_to(run, level, top)`` proves the outcome constant on ``[level, top]`` (doubling the step, then
    bisecting): the one-unit loop would accept every budget up to ``top`` with the same non-exhaustive,
    affordable outcome, so the search jumps there and runs MES at ``top + 1`` only. Runs without a proof (handed
    to the exact engine) step by one. Returns (run, per-voter budget, the per-voter budget the run was computed
    at, steps, runs), ``steps`` being the per-voter budgets the one-unit loop would have tried.
    """
    n, budget, costs = election.n_voters, election.budget, election.costs
    run, per_voter = first, budget / n
    run_level = per_voter
    level = Fraction(math.floor(budget / n))
    steps = runs = 0
    voted = [j for j, v in enumerate(election.vote_counts()) if v > 0]
    ceiling = max((costs[j] for j in voted), default=Fraction(0))
    proven = Fraction(-1)  # the outcome of ``run`` holds up to this per-voter budget
    last_jump = Fraction(2)
    failures = cooldown = 0
    while True:
        spent = sum(costs[j] for j in run.winners)
        chosen = set(run.winners)
        if exhaustive_stop and all(j in chosen or spent + costs[j] > budget for j in voted):
            break
        if level > ceiling:
            break
        if cooldown:
            cooldown -= 1
        elif same_up_to is not None and proven < level + 1 and getattr(run, "floating", False):
            # a proof costs about one MES run: gallop from the last jump's length (at least 2), bisect on failure
            good, step, bad = level, max(Fraction(2), last_jump), None
            while good < ceiling + 1:
                top = min(good + step, ceiling + 1)
                runs += 1
                if same_up_to(run, run_level, top):
                    good, step = top, step * 2
                else:
                    bad = top
                    break
            while bad is not None and bad - good > 2:
                mid = (good + bad) // 2
                runs += 1
                if same_up_to(run, run_level, mid):
                    good = mid
                else:
                    bad = mid
            proven = good
            last_jump = max(Fraction(2), (proven - level) // 2 * 2)
            # where proofs keep failing (the outcome changes every few units) they only cost time: pause them
            failures = failures + 1 if proven == level else 0
            cooldown = min(2 ** failures - 1, 32)
        if proven > level:
            steps += int(proven - level)
            level = per_voter = proven
            continue
        level += 1
        nxt = run_at(level)
        steps += 1
        runs += 1
        if sum(costs[j] for j in nxt.winners) > budget:
            break
        run, per_voter, run_level = nxt, level, level
        proven = Fraction(-1)
    return run, per_voter, run_level, steps, runs


def equal_shares_fast(election: _rules.Election, *, completion: str | None = "add1", utilities: str = "cost",
                      exhaustive_stop: bool = True) -> _rules.Outcome:
    """Same result as :func:`yhteiso.analytics.pb.rules.equal_shares`, computed with NumPy; the add-one
    completion jumps over per-voter budgets that cannot change the outcome (:func:`_add1_search`)."""
    if completion not in (None, "add1"):
        raise ValueError(f"unknown completion {completion!r} (use 'add1' or none)")
    if utilities not in ("cost", "approval"):
        raise ValueError(f"unknown utilities {utilities!r} (use 'cost' or 'approval')")
    ft = _FastTypes(election)
    exact_types: list[_rules._Types] = []
    stats = {"runs": 0, "exact_runs": 0}

    def run_at(per_voter: Fraction) -> _rules._Run:
        stats["runs"] += 1
        try:
            run = _mes_float(election.costs, ft, Fraction(per_voter), utilities)
            run.floating = True  # type: ignore[attr-defined]
            return run
        except _AmbiguousError:
            stats["exact_runs"] += 1
            if not exact_types:
                exact_types.append(ft.exact())
            return _rules._mes_exact(election, exact_types[0], Fraction(per_voter), utilities)

    n = election.n_voters
    tp = _rules._Types(ft.counts, [], ft.votes, n)
    # explanations need approvers per type; reuse the NumPy arrays lazily
    tp.approvers = [a.tolist() for a in ft.approvers]
    if n == 0:
        return _rules._mes_outcome(election, tp, _rules._Run([], {}, []), Fraction(0), completion, "fast")
    first = run_at(election.budget / n)
    run, per_voter, steps, add1_runs = first, election.budget / n, 0, 0
    if completion == "add1":
        run, per_voter, run_level, steps, add1_runs = _add1_search(
            election, run_at, first, exhaustive_stop,
            lambda run, lo, hi: _same_outcome_up_to(election.costs, ft, run, lo, hi, utilities))
        if per_voter != run_level:
            # the explanations (ρ, money left) are those of the final per-voter budget: run it there once more
            final = run_at(per_voter)
            if final.winners != run.winners:  # pragma: no cover - a proof was wrong: step by one
                run, per_voter, steps = _rules._add1(election, run_at, first, exhaustive_stop)
            else:
                run = final
    outcome = _rules._mes_outcome(election, tp, run, per_voter, completion, "fast")
    outcome.rule = "equal-shares" + (f"/{completion}" if completion else "")
    outcome.stats = {**stats, "add1_steps": steps, "add1_runs": add1_runs}  # type: ignore[attr-defined]
    return outcome
