"""Benchmark: greedy and the method of equal shares with add-one on a synthetic 90 000-voter, 160-project
approval election (seeded), plus the four real pabulib files.

    python benchmarks/pb_rules.py [--voters 90000] [--projects 160] [--seed 2026] [--check-exact]

Prints wall-clock times of the rule computations (the election is built first, outside the timing) and the
engine statistics (MES runs, runs handed to the exact engine, add-one steps). With --check-exact it also runs the
exact Fraction reference at the final per-voter budget and checks that it funds the same projects.
"""

from __future__ import annotations

import argparse
import math
import platform
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from yhteiso.analytics.pb import rules as pbr
from yhteiso.analytics.pb import solve
from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.pabulib import read_pb

DATA = Path(__file__).resolve().parents[1] / "src" / "yhteiso" / "analytics" / "tests" / "data" / "pabulib"


def synthetic(voters: int, projects: int, seed: int) -> pbr.Election:
    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.5, projects) + 0.2  # a few popular projects, a long tail
    popularity /= popularity.sum()
    costs = (rng.lognormal(11.5, 0.8, projects).clip(5_000, 900_000) // 100 * 100).astype(int)
    lengths = rng.integers(1, 16, voters)  # 1–15 approvals, as in Warsaw
    ballots = []
    for length in lengths:
        ballots.append(tuple(sorted(rng.choice(projects, size=int(length), replace=False, p=popularity).tolist())))
    budget = int(costs.sum() * 0.3)
    return pbr.Election([str(1000 + j) for j in range(projects)], costs.tolist(), budget, ballots)


CPU: dict[str, float] = {}


def timed(fn, label: str = ""):
    """Wall-clock seconds (and the process CPU seconds, kept in CPU[label], since the machine may be shared)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    CPU[label] = time.process_time() - cpu
    return value, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voters", type=int, default=90_000)
    ap.add_argument("--projects", type=int, default=160)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--check-exact", action="store_true")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or '?'}; python {platform.python_version()}; "
          f"numpy {np.__version__}; load average {', '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    election, t_build = timed(lambda: synthetic(args.voters, args.projects, args.seed))
    print(f"synthetic election: {election.n_voters} voters, {len(election.project_ids)} projects, "
          f"budget {int(election.budget)}, {sum(map(len, election.ballots))} approvals (built in {t_build:.1f} s)")
    g, t_g = timed(lambda: pbr.greedy(election), "greedy")
    print(f"greedy:               {t_g:6.3f} s wall, {CPU['greedy']:6.3f} s CPU  funded {len(g.selected)} projects, cost {int(g.cost)}")
    m, t_m = timed(lambda: equal_shares_fast(election, completion="add1"), "mes")
    print(f"equal shares + add1:  {t_m:6.3f} s wall, {CPU['mes']:6.3f} s CPU  funded {len(m.selected)} projects, cost {int(m.cost)}, "
          f"per-voter budget {m.per_voter_budget} (start {math.floor(election.budget / election.n_voters)}), "
          f"stats {m.stats}")
    c, t_c = timed(lambda: solve(election, "equal-shares", completion="add1", comparison="greedy"), "cmp")
    print(f"  + comparison step:  {t_c:6.3f} s wall, {CPU['cmp']:6.3f} s CPU  kept {c.comparison.kept} "
          f"({c.comparison.prefers_mes} voters prefer equal shares, {c.comparison.prefers_greedy} greedy)")
    if args.check_exact:
        tp = pbr._types(election)
        exact, t_x = timed(lambda: pbr._mes_exact(election, tp, Fraction(m.per_voter_budget)))
        same = [election.project_ids[j] for j in exact.winners] == m.selected
        print(f"exact reference at the final per-voter budget: {t_x:.1f} s, same projects: {same}")
    print("real files:")
    for path in sorted(DATA.glob("*.pb")):
        inst = read_pb(path)
        e = pbr.election_from_pb(inst)
        rule = inst.meta["rule"]
        if rule == "greedy":
            out, t = timed(lambda e=e: pbr.greedy(e))
        else:
            out, t = timed(lambda e=e: equal_shares_fast(e, completion="add1"))
        ok = sorted(out.selected) == sorted(inst.selected())
        print(f"  {path.name:36s} {rule:18s} {t:6.3f} s  reproduces the official result: {ok}")


if __name__ == "__main__":
    main()
