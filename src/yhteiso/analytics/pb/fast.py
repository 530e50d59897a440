r"""Vectorised method of equal shares (NumPy) that returns exactly what :mod:`.rules` returns.

Budgets are held in ``float64`` per ballot type (voters with identical ballots hold identical budgets). Every
discrete decision — is a project affordable, which project has the smallest score — is taken only when its margin
exceeds a relative tolerance (:math:`10^{-9}`, far above the accumulated rounding error of a few hundred
subtractions, about :math:`10^{-13}`). When a decision is closer than that (including exact ties, which the
published tie-breaking must settle), the whole run at that per-voter budget is recomputed with exact budgets by
:func:`_mes_guided` (the same result as :func:`yhteiso.analytics.pb.rules._mes_exact`, screened in floating
point). Exact ties between projects whose supporters with money all pay equal shares (the others certainly have
nothing left) are settled exactly without that. Totals of costs are always summed exactly.

>>> from yhteiso.analytics.pb.rules import Election, equal_shares
>>> e = Election(["a", "b", "c"], [60, 50, 50], 100, [(0,), (0,), (0,), (1, 2), (1, 2)])
>>> equal_shares_fast(e).selected == equal_shares(e).selected
True
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from fractions import Fraction

import numpy as np
from scipy import sparse

from yhteiso.analytics.pb import rules as _rules

TOL = 1e-9
_BELOW = 1 - 1e-12  # a known lower bound of ρ, lowered past any rounding before it starts an iteration


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


class _LowerQueue:
    """The projects of ``lower`` (project -> lower bound of its score) in increasing order of bound: a heap whose
    entries popped in a round are put back, with their bounds as they are then, by :meth:`restore`; a project
    deleted from ``lower`` is dropped. Replaces sorting every project in every round."""

    def __init__(self, lower: dict[int, float]):
        self.lower = lower
        self.heap = [(v, j) for j, v in lower.items()]
        heapq.heapify(self.heap)
        self.popped: list[int] = []

    def pop_upto(self, limit: float) -> int | None:
        """The project with the smallest bound if that bound is at most ``limit`` (None otherwise)."""
        heap, lower = self.heap, self.lower
        while heap:
            v, j = heap[0]
            if lower.get(j) != v:  # stale: the project is gone, or its entry is in ``popped``
                heapq.heappop(heap)
                continue
            if v > limit:
                return None
            heapq.heappop(heap)
            self.popped.append(j)
            return j
        return None

    def restore(self) -> None:
        lower, heap = self.lower, self.heap
        for j in self.popped:
            if j in lower:
                heapq.heappush(heap, (lower[j], j))
        self.popped.clear()


def _weighted_sum(b: np.ndarray, w: np.ndarray) -> float:
    """``b @ w`` without handing long vectors to BLAS: OpenBLAS splits a dot product of more than 10 000 numbers
    over threads, which on a busy machine cost a hundred times the sum itself (mostly threads waiting)."""
    if len(b) <= 8192:
        return float(b @ w)
    return float(np.add.reduce(b * w))


def _rho(b: np.ndarray, w: np.ndarray | None, c: float, total_w: float, start: float | None = None) -> float:
    r"""The smallest :math:`\rho` at which the supporters with budgets ``b`` (weights ``w``; None: one voter each,
    ``total_w`` of them) pay ``c``, each :math:`\min(b_i, \rho)`: the fixed-point iteration
    :math:`\rho \leftarrow (c - \sum_{b_i<\rho} w_i b_i) / \sum_{b_i\ge\rho} w_i` from :math:`\rho = c/W`.
    :math:`\rho` only grows and the iteration stops once the set of supporters who cannot pay :math:`\rho` in
    full no longer changes (at most ``len(b)`` steps). The caller has checked that they can afford ``c``.

    ``start``, if given, is a lower bound of the answer (a project's ρ found in an earlier round of the same run:
    budgets only fall, so ρ only grows) and the iteration starts there. This is Newton's method on the concave
    :math:`g(\rho) = \sum_i w_i \min(b_i, \rho)`, whose tangent lies above it, so from any start below the
    answer it stays below and ends at the same fixed point with the same set of supporters short of it."""
    rho = c / total_w
    if start is not None and start > rho:
        rho = start
    for _ in range(len(b) + 1):
        short = b < rho
        if w is None:
            paid, left = float(b[short].sum()), total_w - float(np.count_nonzero(short))
        else:
            ws = w[short]
            paid, left = _weighted_sum(b[short], ws), total_w - float(np.add.reduce(ws))
        new = (c - paid) / left
        if not new > rho:
            break
        rho = new
    return rho


def _mes_float(costs: list[Fraction], ft: _FastTypes, per_voter_exact: Fraction, utilities: str):
    m = len(costs)
    cost = ft.cost_float
    per_voter = float(per_voter_exact)
    # budgets per ballot type, and the types whose budget is certainly exactly 0 (they paid all they had, being
    # short of ρ by the margin)
    bk = _Budgets(ft, per_voter)
    touched = np.zeros(m, dtype=bool)  # does the project share a supporter with a funded project?
    votes = ft.votes
    by_cost = utilities == "cost"

    def score(rho: float, j: int) -> float:
        return rho / cost[j] if by_cost and cost[j] > 0 else rho

    lower = {j: score(cost[j] / votes[j], j) for j in range(m) if votes[j] > 0}
    queue = _LowerQueue(lower)
    fresh_affordable: dict[int, bool] = {}
    winners: list[int] = []
    rounds: dict[int, tuple[int, float]] = {}
    paid_by: dict[int, int | None] = {}
    while True:
        # (score, project, ρ, payers): payers is the weight of the supporters who pay an equal share ρ = cost/payers
        # exactly (the others' budgets are exactly 0), or None when ρ is only known in floating point
        evaluated: list[tuple[float, int, float, int | None]] = []
        best_score = math.inf
        # the projects in increasing order of their lower bounds, while a bound is within the margin of the best
        # score found (every project not reached scores above the margin, whatever the order among equal bounds)
        while (j := queue.pop_upto(best_score * (1 + TOL))) is not None:
            c = cost[j]
            if not touched[j]:
                # no supporter has paid yet: every budget is exactly per_voter, so no array work is needed:
                # money = per_voter × votes, ρ = cost / votes (exactly)
                ok = fresh_affordable.get(j)
                if ok is None:
                    ok = fresh_affordable[j] = per_voter_exact * votes[j] >= costs[j]
                if not ok:
                    del lower[j]
                    continue
                rho = c / votes[j]
                s = score(rho, j)
                lower[j] = s
                evaluated.append((s, j, rho, votes[j]))
                best_score = min(best_score, s)
                continue
            b = bk.gather(j)
            money = bk.supporters_money(b, j)
            if money < c * (1 - TOL):
                del lower[j]
                continue
            if money <= c * (1 + TOL):
                raise _AmbiguousError
            payers: int | None
            if bk.least(b) * votes[j] >= c * (1 + TOL):
                # every supporter can pay an equal share (by a safe margin): ρ = cost/votes exactly
                rho, payers = c / votes[j], votes[j]
            else:
                # the score found in an earlier round is a lower bound (a hair below it, for rounding)
                rho = bk.rho(b, j, c, _BELOW * lower[j] * (c if by_cost and c > 0 else 1.0))
                # the supporters left with money can all pay an equal share: ρ = cost/their weight exactly
                payers = bk.payers(b, j, c, only_if_gone=True)
                if payers is not None:
                    rho = c / payers
            s = score(rho, j)
            lower[j] = s
            evaluated.append((s, j, rho, payers))
            best_score = min(best_score, s)
        if not evaluated:
            break
        evaluated.sort(key=lambda x: (x[0], -votes[x[1]], costs[x[1]], x[1]))
        s0, best, rho, best_payers = evaluated[0]
        close = [x for x in evaluated if x[0] <= s0 * (1 + TOL)]
        if len(close) > 1:
            if not all(x[3] is not None for x in close):
                raise _AmbiguousError
            # a near-tie among projects whose supporters with money all pay an equal share: exact ρ is
            # cost/payers, so the published order settles it exactly
            exact = []
            for _, j, _, payers in close:
                rho_exact = costs[j] / payers
                exact.append((_rules._score(rho_exact, costs[j], utilities), -votes[j], costs[j], j, rho_exact,
                              payers))
            exact.sort(key=lambda x: x[:4])
            best, rho, best_payers = exact[0][3], float(exact[0][4]), exact[0][5]
        bk.pay(best, rho, mark_empty=best_payers is None)
        touched |= ft.coapproved[best]
        del lower[best]
        queue.restore()
        winners.append(best)
        rounds[best] = (len(winners), rho)
        paid_by[best] = best_payers
    out = _rules._Run(winners, rounds, bk.tolist())
    out.payers = paid_by  # type: ignore[attr-defined]
    return out


def _payers(b: np.ndarray, gone: np.ndarray, w: np.ndarray | None, c: float) -> int | None:
    """The weight of the supporters with money if each of them can pay an equal share of ``c`` by the margin and
    the others (``gone``) certainly have exactly nothing (then ρ = c / that weight exactly), else None."""
    live = ~gone
    if not live.any():
        return None
    w_live = int(np.count_nonzero(live)) if w is None else round(float(w[live].sum()))
    return w_live if float(b[live].min()) * w_live >= c * (1 + TOL) else None


class _Budgets:
    """The budgets per ballot type during one run, and the types certainly left with exactly 0."""

    def __init__(self, ft: _FastTypes, per_voter: float):
        self.ft = ft
        self.budget = np.full(len(ft.weights), per_voter)
        self.empty = np.zeros(len(ft.weights), dtype=bool)

    def gather(self, j: int):
        return self.budget.take(self.ft.approvers[j])

    def supporters_money(self, b, j: int) -> float:
        return float(np.add.reduce(b)) if self.ft.unit else _weighted_sum(b, self.ft.wts[j])

    def least(self, b) -> float:
        return float(np.minimum.reduce(b))

    def rho(self, b, j: int, c: float, start: float | None = None) -> float:
        ft = self.ft
        return _rho(b, None if ft.unit else ft.wts[j], c, float(len(b)) if ft.unit else float(ft.votes[j]), start)

    def payers(self, b, j: int, c: float, only_if_gone: bool = False) -> int | None:
        gone = self.empty.take(self.ft.approvers[j])
        if only_if_gone and not gone.any():
            return None
        return _payers(b, gone, None if self.ft.unit else self.ft.wts[j], c)

    def pay(self, j: int, rho: float, mark_empty: bool) -> None:
        idx = self.ft.approvers[j]
        b = self.budget.take(idx)
        if mark_empty:  # those short of ρ by the margin pay all they have: exactly 0 left
            self.empty[idx[b < rho * (1 - TOL)]] = True
        self.budget[idx] = np.maximum(b - rho, 0.0)

    def tolist(self) -> list[float]:
        return self.budget.tolist()


def _mes_guided(costs: list[Fraction], ft: _FastTypes, tp: _rules._Types, per_voter_exact: Fraction,
                utilities: str) -> _rules._Run:
    """MES at ``per_voter_exact`` with exact budgets, for the runs :func:`_mes_float` cannot settle: what
    :func:`yhteiso.analytics.pb.rules._mes_exact` returns, much faster.

    The budgets are kept exactly (Fractions per ballot type) and mirrored in ``float64``. Each round screens the
    projects in floating point on the mirror (which differs from the exact budgets by one rounding each) and
    decides in exact arithmetic only what the float cannot settle by the engine's relative margin: supporters'
    money within the margin of the cost, and the scores of every project within the margin of the smallest
    (including exact ties, settled by the published order). The winner's ρ and the payments are always exact.
    """
    m = len(costs)
    cost = ft.cost_float
    votes = ft.votes
    by_cost = utilities == "cost"
    exact_budget = [Fraction(per_voter_exact)] * len(ft.weights)
    budget = np.full(len(ft.weights), float(per_voter_exact))  # the exact budgets, each correctly rounded
    mirror = budget.tolist()

    def score(rho: float, j: int) -> float:
        return rho / cost[j] if by_cost and cost[j] > 0 else rho

    def exact_key(j: int) -> tuple | None:
        """The published order's key of project j with its exact ρ (last), None if its supporters cannot pay."""
        types = tp.approvers[j]
        rest, left = costs[j], votes[j]
        # float(x) rounds correctly, hence monotonically: ordering by the mirror first and by the exact budget
        # only among equal mirrors is the exact order, with few comparisons of Fractions
        for t in sorted(types, key=lambda t: (mirror[t], exact_budget[t])):
            if exact_budget[t] * left >= rest:
                rho = rest / left
                return (_rules._score(rho, costs[j], utilities), -votes[j], costs[j], j, rho)
            rest -= tp.weights[t] * exact_budget[t]
            left -= tp.weights[t]
        return None

    lower = {j: score(cost[j] / votes[j], j) for j in range(m) if votes[j] > 0}
    winners: list[int] = []
    rounds: dict[int, tuple[int, Fraction]] = {}
    while True:
        evaluated: list[tuple[float, int]] = []
        best_score = math.inf
        for j in sorted(lower, key=lower.__getitem__):
            if lower[j] > best_score * (1 + TOL):
                break
            c = cost[j]
            b = budget.take(ft.approvers[j])
            money = float(b.sum()) if ft.unit else _weighted_sum(b, ft.wts[j])
            if money < c * (1 - TOL):
                del lower[j]
                continue
            if money <= c * (1 + TOL):
                near = exact_key(j)
                if near is None:
                    del lower[j]
                    continue
                s = float(near[0])
            else:
                s = score(_rho(b, None if ft.unit else ft.wts[j], c, float(votes[j])), j)
            lower[j] = s
            evaluated.append((s, j))
            best_score = min(best_score, s)
        if not evaluated:
            break
        keys = [exact_key(j) for s, j in evaluated if s <= best_score * (1 + TOL)]
        found = [k for k in keys if k is not None]
        if not found:  # pragma: no cover - a project within the margin of the best is affordable
            raise AssertionError("no affordable project among the closest")
        *_, best, rho_exact = min(found, key=lambda k: k[:4])
        rho_float = float(rho_exact)
        for t in tp.approvers[best]:
            # mirror > float(ρ) implies budget > ρ (monotone rounding); otherwise compare exactly
            if mirror[t] > rho_float or exact_budget[t] > rho_exact:
                exact_budget[t] -= rho_exact
            else:
                exact_budget[t] = Fraction(0)
            mirror[t] = float(exact_budget[t])
        idx = ft.approvers[best]
        budget[idx] = [mirror[t] for t in tp.approvers[best]]
        del lower[best]
        winners.append(best)
        rounds[best] = (len(winners), rho_exact)
    return _rules._Run(winners, rounds, exact_budget)


def _same_outcome_up_to(costs: list[Fraction], ft: _FastTypes, run: _rules._Run, lo: Fraction, hi: Fraction,
                        utilities: str) -> _rules._Run | None:
    r"""The MES run at ``hi`` (computed in floating point) if MES funds the same projects in the same order at
    every per-voter budget in ``[lo, hi]``, given
    ``run`` (a floating-point run at ``lo``).

    The check rests on monotonicity. Along a fixed sequence of winners, a larger per-voter budget leaves every
    voter at least as much money after each round (each pays :math:`\min(b_i, \rho)`, and :math:`\rho` only falls
    when budgets grow), so every supporter group's money only grows and every :math:`\rho` (and score) only falls
    with the per-voter budget. Hence on ``[lo, hi]`` the winner of each round keeps its place if its score at
    ``lo`` (its largest) is below every other project's score at ``hi`` (their smallest) or that project is
    unaffordable even at ``hi``, and the run still ends if every project left is unaffordable at ``hi``. This
    replays ``run``'s winners at ``hi`` and checks exactly that, with the engine's relative margin; None if the
    check fails. The replay is itself the run at ``hi``, so proofs can be chained from it.
    """
    cost = ft.cost_float
    votes = ft.votes
    by_cost = utilities == "cost"
    bk = _Budgets(ft, float(hi))  # and the types with certainly exactly nothing left at hi
    lo_score = {j: (rho / cost[j] if by_cost and cost[j] > 0 else rho) for j, (_, rho) in run.rounds.items()}
    # lower bounds of each score at hi (a score only grows during a run): first ρ = cost/votes
    lower = {j: (1 / votes[j] if by_cost and cost[j] > 0 else cost[j] / votes[j])
             for j in range(len(costs)) if votes[j] > 0}

    def rho_at(j: int) -> float | None:
        """ρ of project j at the current budgets, None if its supporters cannot afford it (by the margin)."""
        c = cost[j]
        b = bk.gather(j)
        money = bk.supporters_money(b, j)
        if money < c * (1 - TOL):
            return None
        if money <= c * (1 + TOL):
            raise _AmbiguousError
        # the score's lower bound at hi (from an earlier round, or cost/votes) is where the iteration starts
        return bk.rho(b, j, c, _BELOW * lower[j] * (c if by_cost and c > 0 else 1.0))

    rounds: dict[int, tuple[int, float]] = {}
    lo_payers = getattr(run, "payers", {})
    hi_payers: dict[int, int | None] = {}

    def payers_at(j: int) -> int | None:
        return bk.payers(bk.gather(j), j, cost[j])

    def exact_tie_kept(best: int, j: int) -> bool:
        """A near-tie settled exactly: ``best``'s score at lo (its largest on the interval) and j's at hi (its
        smallest) are both exact (cost / payers: the supporters with money pay equal shares, the others certainly
        have nothing), and the published order puts ``best`` first, so it does at every budget in between."""
        p_best, p_j = lo_payers.get(best), payers_at(j)
        if p_best is None or p_j is None:
            return False
        key_best = (_rules._score(costs[best] / p_best, costs[best], utilities), -votes[best], costs[best], best)
        key_j = (_rules._score(costs[j] / p_j, costs[j], utilities), -votes[j], costs[j], j)
        return key_best < key_j

    try:
        queue = _LowerQueue(lower)
        for best in run.winners:
            limit = lo_score[best] * (1 + TOL)
            while (j := queue.pop_upto(limit)) is not None:
                if j == best:
                    continue
                rho = rho_at(j)
                if rho is None:
                    del lower[j]  # unaffordable at hi, so at every budget in [lo, hi]; it stays so
                    continue
                lower[j] = rho / cost[j] if by_cost and cost[j] > 0 else rho
                if lower[j] <= limit and not exact_tie_kept(best, j):
                    return None
            rho = rho_at(best)
            if rho is None:  # pragma: no cover - money only grows with the per-voter budget
                return None
            hi_payers[best] = payers_at(best)
            bk.pay(best, rho, mark_empty=hi_payers[best] is None)
            del lower[best]
            queue.restore()
            rounds[best] = (len(rounds) + 1, rho)
        if not all(rho_at(j) is None for j in list(lower)):
            return None
    except _AmbiguousError:
        return None
    replay = _rules._Run(list(run.winners), rounds, bk.tolist())
    replay.floating = True  # type: ignore[attr-defined]
    replay.payers = hi_payers  # type: ignore[attr-defined]
    return replay


def _add1_search(election: _rules.Election, run_at, first: _rules._Run, exhaustive_stop: bool = True,
                 same_up_to=None):
    """The add-one completion of :func:`yhteiso.analytics.pb.rules._add1` without stepping one unit at a time.

    From a run at the per-voter budget ``level``, ``same_up_to(run, level, top)`` tries to prove the outcome
    constant on ``[level, top]`` and, if it can, returns the run at ``top`` (a replay); the one-unit loop would
    accept every budget up to ``top`` with the same non-exhaustive, affordable outcome, so the search moves there
    and chains the next proof from that replay. The step doubles after a proof and halves after a failed one;
    at a step of one (or for runs the exact engine made) it runs MES at ``level + 1``, as the loop does; where
    proofs keep failing even for two units they pause for 1, 3, 7, … (at most 32) steps. Returns
    (run, per-voter budget, the per-voter budget the run was computed at by ``run_at`` (None for a replay),
    steps, runs), ``steps`` being the per-voter budgets the one-unit loop would have tried.
    """
    n, budget, costs = election.n_voters, election.budget, election.costs
    run, per_voter = first, budget / n
    run_level: Fraction | None = per_voter
    level = Fraction(math.floor(budget / n))
    steps = runs = 0
    voted = [j for j, v in enumerate(election.vote_counts()) if v > 0]
    ceiling = max((costs[j] for j in voted), default=Fraction(0))
    # totals of costs are summed exactly; over whole numbers (the usual case) as ints, much faster than Fractions
    whole = [int(c) for c in costs] if all(c.denominator == 1 for c in costs) else None
    if whole is not None:  # a whole number exceeds the budget exactly when it exceeds its integer part
        costs, budget = whole, math.floor(budget)

    def total(winners: list[int]):
        return sum(costs[j] for j in winners)

    step, cap, held = 2, 1 << 62, 0
    failures = cooldown = 0  # where proofs keep failing (the outcome changes at every unit) they only cost time
    while True:
        spent = total(run.winners)
        chosen = set(run.winners)
        if exhaustive_stop and all(j in chosen or spent + costs[j] > budget for j in voted):
            break
        if level > ceiling:
            break
        if cooldown:
            cooldown -= 1
        elif same_up_to is not None and step > 1 and getattr(run, "floating", False):
            top = min(level + step, ceiling + 1)
            runs += 1
            # the run's own per-voter budget (B/n for the first, not a whole number) is where its scores hold
            lo = run_level if run_level is not None else level
            proven = same_up_to(run, lo, top) if top > level else None
            if proven is not None:
                steps += int(top - level)
                level = per_voter = top
                run, run_level = proven, None
                failures = 0
                # grow the step, but not straight back to one that just failed: proofs reach about as far
                # along the budget axis as they did a moment ago, and a failed proof costs nearly a whole run
                held += 1
                if step * 2 < cap or held >= 3:
                    step, held = step * 2, 0
                    cap = max(cap, step * 2)
                continue
            cap, held = step, 0
            step //= 2
            if step > 1:
                continue
            failures += 1
            cooldown = min(2 ** failures - 1, 32)
        level += 1
        nxt = run_at(level)
        steps += 1
        runs += 1
        if total(nxt.winners) > budget:
            break
        run, per_voter, run_level = nxt, level, level
        step = 2
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
            return _mes_guided(election.costs, ft, exact_types[0], Fraction(per_voter), utilities)

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
            # the explanations (ρ, money left) are those of the final per-voter budget, exactly: run it there
            final = run_at(per_voter)
            if final.winners != run.winners:  # pragma: no cover - a proof was wrong: step by one
                run, per_voter, steps = _rules._add1(election, run_at, first, exhaustive_stop)
            else:
                run = final
    outcome = _rules._mes_outcome(election, tp, run, per_voter, completion, "fast")
    outcome.rule = "equal-shares" + (f"/{completion}" if completion else "")
    outcome.stats = {**stats, "add1_steps": steps, "add1_runs": add1_runs}  # type: ignore[attr-defined]
    return outcome
