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
        # money[j] = sum of the budgets of j's supporters, weighted: rows of this (projects × types) matrix
        self.supporters = sparse.csr_matrix((weights[owner], (flat, owner)), shape=(m, len(kinds)))

    def money_matrix(self, projects: list[int], budget: np.ndarray) -> np.ndarray:
        """The supporters' money of each of ``projects`` (rows) for each column of ``budget`` (types × columns)."""
        return np.asarray(self.supporters[projects] @ budget)

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


def _weighted_sums(b: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``w @ b`` for each column of ``b``, long columns kept away from BLAS threads as in :func:`_weighted_sum`."""
    if len(b) <= 8192:
        return w @ b
    return np.add.reduce(b * w[:, None], axis=0)


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


def _key_tie(costs: list[Fraction], votes: list[int], j: int, payers: int, utilities: str) -> tuple:
    """The published order's key of project j when its ρ is exactly cost / payers."""
    return (_rules._score(costs[j] / payers, costs[j], utilities), -votes[j], costs[j], j)


def _verified_levels(costs: list[Fraction], ft: _FastTypes, winners: list[int], levels: list[int],
                     utilities: str) -> int:
    r"""How many of the leading ``levels`` (increasing per-voter budgets) are shown to fund ``winners`` in this
    order: ``k`` means at ``levels[0]`` and at every budget from there to ``levels[k - 1]``, 0 that even
    ``levels[0]`` could not be shown (the outcome changes there, or a decision is too close to call in floating
    point). The add-one search passes the winners of its current level and the levels above it.

    All the levels are replayed together, one column of budgets each (one NumPy call covers every column, so a
    column costs little more than its arithmetic), following ``winners``. In each round every column is checked
    the way :func:`_mes_float` decides: the replayed winner is affordable and every other project is either
    unaffordable or scores above it by the engine's relative margin (or ties with it exactly, both ρ being
    cost / payers, and comes later in the published order). A column that passes every round, and in which no
    project is affordable after the last, runs MES with exactly these winners. Where two consecutive columns are
    more than one unit apart, the budgets strictly between them are covered by monotonicity: along a fixed
    sequence of winners a larger per-voter budget leaves every voter at least as much money after each round
    (each pays :math:`\min(b_i, \rho)`, and :math:`\rho` only falls when budgets grow), so every supporter
    group's money only grows and every score only falls with the per-voter budget. On the gap the winner's score
    at the lower column (its largest there) is checked against each rival's score at the upper one (its
    smallest), an exact tie by the payers at those two columns; a project unaffordable at the upper column is so
    on the whole gap. The first column failing any check (or too close to call in floating point) ends the
    prefix; later columns are dropped at once."""
    cost = ft.cost_float
    votes = ft.votes
    by_cost = utilities == "cost"
    alive = len(levels)
    if not alive:
        return 0
    gap = np.array([False] + [levels[i] - levels[i - 1] > 1 for i in range(1, alive)])
    budget = np.empty((len(ft.weights), alive))
    budget[:] = np.array([float(x) for x in levels])
    empty = np.zeros(budget.shape, dtype=bool)
    per_cost = [(1 / c if by_cost and c > 0 else 1.0) for c in cost]
    lower = {j: cost[j] / votes[j] * per_cost[j] for j in range(len(costs)) if votes[j] > 0}
    starts: dict[int, np.ndarray] = {}  # project -> its last scores per column (lower bounds from then on)

    def cut(k: int) -> None:
        nonlocal alive
        alive = min(alive, k)

    def first_bad(bad: np.ndarray) -> int:
        return int(bad.argmax()) if bad.any() else len(bad)

    touched = np.zeros(len(costs), dtype=bool)  # does the project share a supporter with a winner so far?
    level_arr = np.array([float(x) for x in levels])
    thresholds: dict[int, int] = {}

    def evaluate(j: int, need: np.ndarray | None = None):
        """(budgets (None if untouched), ρ, affordable, ambiguous) per column. With ``need`` (scores a rival
        must exceed) the ρ iteration, which rises from below, stops once every column's ρ is above it: ρ is then
        only a lower bound, which is all the check needs."""
        c, v = cost[j], float(votes[j])
        if not touched[j]:
            # every supporter still has the whole level: affordable exactly when level × votes ≥ cost, and then
            # ρ = cost / votes exactly (as in :func:`_mes_float`)
            if j not in thresholds:
                thresholds[j] = math.ceil(costs[j] / votes[j])
            ok = level_arr[:alive] >= thresholds[j]
            return None, np.full(alive, c / v), ok, np.zeros(alive, dtype=bool)
        w = ft.wts[j]
        b = budget[ft.approvers[j], :alive]
        money = _weighted_sums(b, w)
        ok = money > c * (1 + TOL)
        ambiguous = ~ok & (money >= c * (1 - TOL))
        rho = c / v
        if float(b.min()) * v >= c * (1 + TOL):  # every supporter pays an equal share: ρ = cost / votes exactly
            return b, np.full(alive, rho), ok, ambiguous
        start = starts.get(j)
        rho = np.full(alive, rho) if start is None else np.maximum(rho, _BELOW * start[:alive] / per_cost[j])
        if need is not None:
            need = need / per_cost[j] * (1 + TOL)
        for _ in range(len(b) + 1):
            if need is not None and (~ok | (rho > need)).all():
                break
            short = b < rho
            new = (c - _weighted_sums(b * short, w)) / (v - _weighted_sums(short, w))
            grow = new > rho
            if not grow.any():
                break
            rho = np.where(grow, new, rho)
        return b, rho, ok, ambiguous

    def payers_now(j: int, b: np.ndarray | None) -> np.ndarray:
        """Per column, the weight of j's supporters with money if they can all pay an equal share by the margin
        and the others certainly have exactly nothing (ρ = cost / payers exactly), else -1."""
        c, v = cost[j], votes[j]
        if b is None:
            return np.full(alive, v)
        b = b[:, :alive]
        w = ft.wts[j]
        live = ~empty[ft.approvers[j], :alive]
        w_live = _weighted_sums(live, w)
        least = np.where(live, b, np.inf).min(axis=0)
        return np.where(live.any(axis=0) & (least * w_live >= c * (1 + TOL)), np.rint(w_live), -1).astype(np.int64)

    keys: dict[tuple[int, int], tuple] = {}

    def tie_kept(best: int, p_best: int, j: int, p_j: int) -> bool:
        if p_best <= 0 or p_j <= 0:
            return False
        for k in ((best, p_best), (j, p_j)):
            if k not in keys:
                keys[k] = _key_tie(costs, votes, k[0], k[1], utilities)
        return keys[best, p_best] < keys[j, p_j]

    queue = _LowerQueue(lower)
    with np.errstate(divide="ignore", invalid="ignore"):
        for best in winners:
            b_w, rho_w, ok_w, _ = evaluate(best)
            cut(first_bad(~ok_w))
            if not alive:
                return 0
            s_w = rho_w[:alive] * per_cost[best]
            payers_w: np.ndarray | None = None
            limit = float(s_w.max()) * (1 + TOL)
            # the winner's score each column's rivals must exceed: its own, or across a gap the lower column's
            s_need = s_w.copy()
            s_need[1:] = np.where(gap[1:alive], np.maximum(s_w[1:], s_w[:-1]), s_w[1:])
            while (j := queue.pop_upto(limit)) is not None:
                if j == best:
                    continue
                known = starts.get(j)
                if known is not None and (known[:alive] > s_need * (1 + TOL)).all():
                    continue  # its scores from an earlier round (lower bounds) already exceed the winner's
                b_j, rho_j, ok_j, amb_j = evaluate(j, s_need)
                s_j = np.where(ok_j, rho_j * per_cost[j], np.inf)
                n = len(s_j)
                # direct: j against the winner in the same column; across a gap: j at the column against the
                # winner one column lower
                close = ok_j & (s_j <= s_w[:n] * (1 + TOL))
                across = np.zeros(n, dtype=bool)
                across[1:] = gap[1:n] & ok_j[1:] & (s_j[1:] <= s_w[:n - 1] * (1 + TOL))
                bad = amb_j.copy()
                if close.any() or across.any():
                    # only ties settled exactly (ρ = cost / payers on both sides) keep the winner first
                    if payers_w is None:
                        payers_w = payers_now(best, b_w)
                    payers_j = payers_now(j, b_j)
                    for i in np.flatnonzero(close):
                        bad[i] |= not tie_kept(best, int(payers_w[i]), j, int(payers_j[i]))
                    for i in np.flatnonzero(across):
                        bad[i] |= not tie_kept(best, int(payers_w[i - 1]), j, int(payers_j[i]))
                cut(first_bad(bad))
                if not alive:
                    return 0
                s_w, s_need = s_w[:alive], s_need[:alive]
                if payers_w is not None:
                    payers_w = payers_w[:alive]
                scores = s_j[:alive]
                if np.isinf(scores).all():
                    del lower[j]  # unaffordable in every column left; it stays so in this run
                    starts.pop(j, None)
                    continue
                starts[j] = scores
                lower[j] = float(scores.min())
                limit = float(s_w.max()) * (1 + TOL)
            idx = ft.approvers[best]
            b = budget[idx, :alive] if b_w is None else b_w[:, :alive]
            r = rho_w[:alive]
            empty[idx, :alive] |= b < r * (1 - TOL)
            budget[idx, :alive] = np.maximum(b - r, 0.0)
            touched |= ft.coapproved[best]
            del lower[best]
            starts.pop(best, None)
            queue.restore()
        # the run ends: nothing left is affordable (by the margin) in the columns kept
        left = list(lower)
        if left:
            money = ft.money_matrix(left, budget[:, :alive])
            limits = np.array([cost[j] for j in left])[:, None] * (1 - TOL)
            cut(first_bad((money >= limits).any(axis=0)))
    return alive


def _add1_search(election: _rules.Election, run_at, first: _rules._Run, exhaustive_stop: bool = True,
                 verify=None, width: int = 1):
    """The add-one completion of :func:`yhteiso.analytics.pb.rules._add1` without stepping one unit at a time.

    The one-unit loop moves from a per-voter budget to the next while the outcome stays affordable and (with
    the exhaustive stop) not exhaustive, both of which depend only on the funded projects. ``verify(winners,
    levels)`` (:func:`_verified_levels`) shows how many of the next ``levels`` fund the same winners in the same
    order at every budget up to them; the loop would accept all of those, so the search moves to the last one.
    The levels tried are ``width`` consecutive ones, then a tail of levels at doubling gaps (longer while
    everything is shown, shorter after a gap fails). Where the next whole level itself is not shown, MES runs
    there (``run_at``), as in the loop; where that keeps happening (the outcome changes at every unit) the
    verification pauses for 1, 3, 7, … (at most 32) levels. Returns (run, per-voter budget, the per-voter budget
    the run was computed at by ``run_at`` (None when the run is that of a lower level with the same winners),
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

    tail = 0  # levels at doubling gaps after the consecutive ones: added while everything is shown
    failures = cooldown = 0  # where verification keeps failing (the outcome changes at every unit) it only costs time
    while True:
        spent = total(run.winners)
        chosen = set(run.winners)
        if exhaustive_stop and all(j in chosen or spent + costs[j] > budget for j in voted):
            break
        if level > ceiling:
            break
        if cooldown:
            cooldown -= 1
        elif verify is not None:
            top = int(ceiling) + 1  # the loop accepts at most this level (it stops above the ceiling)
            levels = [int(level) + k for k in range(1, width + 1)]
            gap = 2
            for _ in range(tail):
                levels.append(levels[-1] + gap)
                gap *= 2
            levels = [x for x in levels if x <= top]
            runs += 1
            shown = verify(run.winners, levels) if levels else 0
            if shown:
                steps += int(levels[shown - 1] - level)
                level = per_voter = Fraction(levels[shown - 1])
                run_level = None
                failures = 0
            if shown == len(levels):
                tail += 2
                continue
            if levels[shown] > level + 1:  # a level across a gap was not shown: try again from here
                tail = max(0, shown - width + 1)
                continue
            if not shown:
                failures += 1
                cooldown = min(2 ** failures - 1, 32)
        level += 1
        nxt = run_at(level)
        steps += 1
        runs += 1
        if total(nxt.winners) > budget:
            break
        run, per_voter, run_level = nxt, level, level
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
            lambda winners, levels: _verified_levels(election.costs, ft, winners, levels, utilities),
            width=max(1, min(48, 65536 // len(ft.weights))))
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
