"""Benchmark: our participatory-budgeting rules side by side with the peer library pabutools, on the same elections.

    pip install pabutools   # benchmark-only dependency, deliberately not in pyproject.toml
    python benchmarks/pb_vs_pabutools.py [--sizes 1000,5000,20000,90000] [--budget 180] [--write-results]

1. The four real pabulib files in ``src/yhteiso/analytics/tests/data/pabulib``: each is read by pabutools' own
   parser (``parse_pabulib``) and by ours (``read_pb``), then both libraries compute greedy by votes and the method
   of equal shares (cost utilities) with the add-one completion; the funded sets are compared with each other and,
   for the file's official rule, with the projects marked ``selected``.
2. Synthetic approval elections from :func:`pb_rules.synthetic` (seed 2026, 160 projects) at increasing numbers
   of voters: greedy, one MES run at the starting per-voter budget B/n, and MES + add-one.

pabutools calls used (pabutools 1.2): greedy = ``greedy_utilitarian_welfare(sat_class=Cost_Sat)`` (its order is
total satisfaction / cost, which with cost satisfaction is the number of votes, i.e. greedy by votes); MES =
``method_of_equal_shares(sat_class=Cost_Sat)``; add-one = ``exhaustion_by_budget_increase(rule=method_of_equal_shares,
budget_step=n)`` (the total budget grows by n, i.e. one unit per voter, until the outcome is exhaustive or
infeasible). Every pabutools run happens in a forked child process with a hard time budget (``--budget`` seconds);
a run whose predicted time (measured time of one MES run × the number of MES runs the add-one loop needs, as
counted by our engine; or the previous size's time × the growth in voters) exceeds the budget is skipped and
reported as such. Times are for the rule computation on an already-built election (parsing is timed separately
for the real files). Ours run in the parent process, unbounded.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import platform
import sys
import time
from datetime import UTC, datetime
from fractions import Fraction
from importlib.metadata import version
from pathlib import Path

import numpy as np
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project, parse_pabulib
from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares
from pb_rules import DATA, synthetic

from yhteiso.analytics.pb import rules as pbr
from yhteiso.analytics.pb.fast import equal_shares_fast
from yhteiso.analytics.pb.pabulib import read_pb

RESULTS = Path(__file__).resolve().parent / "results" / "pb.md"
_CTX = mp.get_context("fork")  # children inherit the already-built election: nothing large is pickled
_RUNS = _CTX.Value("i", 0)  # MES runs started by the pabutools add-one loop (readable after a timeout)


# ------------------------------------------------------------------------------------------------- helpers
def machine() -> dict[str, str]:
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as fh:
        ram_kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": f"{ram_kb / 1024 ** 2:.1f} GiB",
            "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()), "python": platform.python_version()}


def versions() -> str:
    import scipy

    return (f"pabutools {version('pabutools')} (gmpy2 {version('gmpy2')} fractions), numpy {np.__version__}, "
            f"scipy {scipy.__version__}, python {platform.python_version()}")


def timed(fn):
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - start, time.process_time() - cpu


def _child(fn, conn) -> None:
    try:
        value, wall, cpu = timed(fn)
        conn.send(("ok", value, wall, cpu))
    except Exception as exc:  # report, do not hang the parent
        conn.send(("error", repr(exc), 0.0, 0.0))
    finally:
        conn.close()


class Bounded:
    """The outcome of one pabutools run in a child process: ``status`` is ok, timeout, skipped or error."""

    def __init__(self, status: str, value=None, wall: float = math.nan, cpu: float = math.nan, note: str = ""):
        self.status, self.value, self.wall, self.cpu, self.note = status, value, wall, cpu, note


def bounded(fn, budget: float) -> Bounded:
    """Run ``fn`` (returning a picklable value) in a forked child, killed after ``budget`` seconds."""
    _RUNS.value = 0
    recv, send = _CTX.Pipe(duplex=False)
    proc = _CTX.Process(target=_child, args=(fn, send))
    start = time.perf_counter()
    proc.start()
    send.close()
    if recv.poll(budget):
        status, value, wall, cpu = recv.recv()
        proc.join()
        if status == "ok":
            return Bounded("ok", value, wall, cpu)
        return Bounded("error", note=value)
    proc.kill()
    proc.join()
    return Bounded("timeout", wall=time.perf_counter() - start,
                   note=f"killed after {budget:.0f} s ({_RUNS.value} MES runs started)")


def skipped(note: str) -> Bounded:
    return Bounded("skipped", note=note)


def to_pabutools(election: pbr.Election) -> tuple[Instance, ApprovalProfile]:
    projects = [Project(pid, int(c) if c.denominator == 1 else c) for pid, c in zip(election.project_ids,
                                                                                     election.costs, strict=True)]
    budget = election.budget
    instance = Instance(projects, budget_limit=int(budget) if budget.denominator == 1 else budget)
    profile = ApprovalProfile([ApprovalBallot([projects[j] for j in b]) for b in election.ballots], instance=instance)
    return instance, profile


# --------------------------------------------------------------------------------------------- the rules
def pabu_greedy(instance, profile) -> list[str]:
    return sorted(p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat))


def pabu_mes(instance, profile) -> list[str]:
    return sorted(p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat))


def _counted_mes(*args, **kwargs):
    with _RUNS.get_lock():
        _RUNS.value += 1
    return method_of_equal_shares(*args, **kwargs)


def pabu_mes_add1(instance, profile) -> tuple[list[str], int]:
    out = exhaustion_by_budget_increase(instance, profile, _counted_mes, {"sat_class": Cost_Sat},
                                        budget_step=profile.num_ballots())
    return sorted(p.name for p in out), _RUNS.value


def ours_greedy(e: pbr.Election) -> list[str]:
    return sorted(pbr.greedy(e).selected)


def ours_mes(e: pbr.Election) -> list[str]:
    return sorted(equal_shares_fast(e, completion=None).selected)


def ours_mes_add1(e: pbr.Election):
    return equal_shares_fast(e, completion="add1")


# -------------------------------------------------------------------------------------------- explanation
def explain(e: pbr.Election, rule: str, ours: list[str], theirs: list[str], pabu_runs: int | None = None) -> str:
    """A precise account of a disagreement between the two funded sets."""
    votes = dict(zip(e.project_ids, e.vote_counts(), strict=True))
    costs = dict(zip(e.project_ids, e.costs, strict=True))
    only_ours, only_theirs = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))

    def fmt(ids):
        return ", ".join(f"{p} ({votes[p]} votes, cost {int(costs[p])})" for p in ids) or "none"

    text = f"only ours: {fmt(only_ours)}; only pabutools: {fmt(only_theirs)}."
    if rule == "greedy":
        tied = {votes[p] for p in only_ours} & {votes[p] for p in only_theirs}
        if tied:
            text += (" The projects differ where votes are tied: we break ties by the cheaper project, pabutools by "
                     "project name (lexicographic).")
    elif rule == "mes+add1" and pabu_runs:
        # pabutools raises the per-voter budget from B/n by 1 (B/n + k); we from floor(B/n) + k
        n = e.n_voters
        last_feasible = e.budget / n + max(pabu_runs - 2, 0)
        tp = pbr._types(e)
        at = sorted(e.project_ids[j] for j in pbr._mes_exact(e, tp, Fraction(last_feasible)).winners)
        text += (f" pabutools stopped at per-voter budget B/n + {max(pabu_runs - 2, 0)} = {float(last_feasible):.3f} "
                 f"(levels B/n + k), ours at floor(B/n) + k; our exact MES run at pabutools' level funds "
                 f"{'the same set as pabutools' if at == theirs else 'yet another set'}.")
    return text


# ------------------------------------------------------------------------------------------------- parts
def fmt_t(b: Bounded | float) -> str:
    if isinstance(b, Bounded):
        if b.status == "ok":
            return f"{b.wall:.3f}"
        return {"timeout": f"> {b.wall:.0f} (killed)", "skipped": "skipped", "error": "error"}[b.status]
    return f"{b:.3f}"


def ratio(b: Bounded, ours: float) -> str:
    if b.status == "ok":
        return f"{b.wall / ours:,.0f}×" if ours > 0 else "—"
    if b.status == "timeout":
        return f"> {b.wall / ours:,.0f}×"
    return "—"


def real_files(budget: float, rows: list[list[str]], notes: list[str]) -> None:
    print("\n== real pabulib files ==")
    for path in sorted(DATA.glob("*.pb")):
        (inst_ours, e), t_parse_ours, _ = timed(lambda path=path: (lambda i: (i, pbr.election_from_pb(i)))(read_pb(path)))
        (instance, profile), t_parse_pabu, _ = timed(lambda path=path: parse_pabulib(str(path)))
        official_rule = inst_ours.meta["rule"]
        official = sorted(inst_ours.selected())
        name = path.stem
        print(f"{name}: {e.n_voters} voters, {len(e.project_ids)} projects, official rule {official_rule}; "
              f"parse ours {t_parse_ours:.3f} s, pabutools {t_parse_pabu:.3f} s")
        rows.append([name, "parse (.pb → election)", str(e.n_voters), f"{t_parse_ours:.3f}", f"{t_parse_pabu:.3f}",
                     f"{t_parse_pabu / t_parse_ours:.1f}×", "—", "—"])
        # greedy
        g_ours, t_g, _ = timed(lambda e=e: ours_greedy(e))
        g_pabu = bounded(lambda instance=instance, profile=profile: pabu_greedy(instance, profile), budget)
        agree_row(rows, notes, name, "greedy", e, t_g, g_ours, g_pabu,
                  official if official_rule == "greedy" else None)
        # MES + add-one: predicted pabutools time = one run × the per-voter budgets the one-unit loop tries
        m_out, t_m, _ = timed(lambda e=e: ours_mes_add1(e))
        one = bounded(lambda instance=instance, profile=profile: pabu_mes(instance, profile), budget)
        runs = m_out.stats["add1_steps"] + 1  # pabutools raises the budget one unit per voter at a time
        predicted = one.wall * runs if one.status == "ok" else math.inf
        if predicted <= budget:
            m_pabu = bounded(lambda instance=instance, profile=profile: pabu_mes_add1(instance, profile), budget)
        else:
            m_pabu = skipped(f"predicted {predicted:.0f} s ({runs} MES runs × {one.wall:.2f} s)")
        agree_row(rows, notes, name, "mes+add1", e, t_m, sorted(m_out.selected), m_pabu,
                  official if official_rule.startswith("equalshares") else None,
                  extra=f"{runs} MES runs, per-voter {m_out.per_voter_budget}")


def agree_row(rows, notes, name, rule, e, t_ours, sel_ours, pabu: Bounded, official, extra: str = "") -> None:
    pabu_runs = None
    sel_pabu = pabu.value
    if pabu.status == "ok" and rule == "mes+add1":
        sel_pabu, pabu_runs = pabu.value
    if pabu.status == "ok":
        agree = "yes" if sel_pabu == sel_ours else "**no**"
        if sel_pabu != sel_ours:
            notes.append(f"{name}, {rule}: " + explain(e, rule, sel_ours, sel_pabu, pabu_runs))
    else:
        agree = f"not run ({pabu.note})" if pabu.status == "skipped" else f"— ({pabu.status}: {pabu.note})"
    off = "—"
    if official is not None:
        off = f"ours {'yes' if sel_ours == official else 'NO'}"
        if pabu.status == "ok":
            off += f", pabutools {'yes' if sel_pabu == official else 'NO'}"
    label = rule + (f" ({extra})" if extra else "")
    if pabu_runs:
        label += f"; pabutools {pabu_runs} MES runs"
    rows.append([name, label, str(e.n_voters), f"{t_ours:.3f}", fmt_t(pabu), ratio(pabu, t_ours), agree, off])
    print(f"  {label:60s} ours {t_ours:8.3f} s  pabutools {fmt_t(pabu):>18s} s  {ratio(pabu, t_ours):>8s}  "
          f"same set: {agree}  official: {off}")


def synthetic_sizes(sizes: list[int], projects: int, seed: int, budget: float, rows, notes) -> None:
    print("\n== synthetic approval elections (benchmarks/pb_rules.py generator) ==")
    previous: dict[str, tuple[int, Bounded]] = {}
    for n in sizes:
        e, t_build, _ = timed(lambda n=n: synthetic(n, projects, seed))
        (instance, profile), t_conv, _ = timed(lambda e=e: to_pabutools(e))
        name = f"synthetic n={n:,}".replace(",", " ")
        print(f"{name}: {len(e.project_ids)} projects, budget {int(e.budget)} (B/n = {float(e.budget / n):.1f}), "
              f"{sum(map(len, e.ballots))} approvals; built in {t_build:.1f} s, converted for pabutools in "
              f"{t_conv:.1f} s")

        def run(rule: str, fn, n=n):
            """Skip when the previous size's time, scaled by the growth in voters, exceeds the budget."""
            if rule in previous:
                n0, b0 = previous[rule]
                if b0.status != "ok":
                    return skipped(f"{b0.status} at {n0} voters")
                if b0.wall * n / n0 > budget:
                    return skipped(f"predicted {b0.wall * n / n0:.0f} s from {n0} voters")
            out = bounded(fn, budget)
            previous[rule] = (n, out)
            return out

        g_ours, t_g, _ = timed(lambda e=e: ours_greedy(e))
        g_pabu = run("greedy", lambda instance=instance, profile=profile: pabu_greedy(instance, profile))
        agree_row(rows, notes, name, "greedy", e, t_g, g_ours, g_pabu, None)
        o_ours, t_o, _ = timed(lambda e=e: ours_mes(e))
        o_pabu = run("mes", lambda instance=instance, profile=profile: pabu_mes(instance, profile))
        agree_row(rows, notes, name, "mes (one run at B/n)", e, t_o, o_ours, o_pabu, None)
        m_out, t_m, _ = timed(lambda e=e: ours_mes_add1(e))
        runs = m_out.stats["add1_steps"] + 1  # pabutools raises the budget one unit per voter at a time
        if o_pabu.status == "ok" and o_pabu.wall * runs > budget:
            m_pabu = skipped(f"predicted {o_pabu.wall * runs:,.0f} s = {runs} MES runs × {o_pabu.wall:.2f} s")
        elif o_pabu.status != "ok":
            m_pabu = skipped(f"one MES run {o_pabu.status}")
        else:
            m_pabu = bounded(lambda instance=instance, profile=profile: pabu_mes_add1(instance, profile), budget)
        agree_row(rows, notes, name, "mes+add1", e, t_m, sorted(m_out.selected), m_pabu, None,
                  extra=f"{runs} MES runs, per-voter {m_out.per_voter_budget}")


# -------------------------------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000,20000,90000")
    ap.add_argument("--projects", type=int, default=160)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--budget", type=float, default=180.0, help="seconds allowed for any one pabutools run")
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    started = datetime.now(UTC)
    m0 = machine()
    print(f"machine: {m0['nproc']} × {m0['cpu']}, {m0['ram']} RAM, load average {m0['load']}")
    print(versions())
    rows: list[list[str]] = []
    notes: list[str] = []
    t0 = time.perf_counter()
    real_files(args.budget, rows, notes)
    synthetic_sizes([int(s) for s in args.sizes.split(",")], args.projects, args.seed, args.budget, rows, notes)
    total = time.perf_counter() - t0
    m1 = machine()
    header = ["election", "rule", "voters", "ours (s)", "pabutools (s)", "pabutools / ours", "same projects",
              "official result"]
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    print("\n" + "\n".join(table))
    print("\nDisagreements:" if notes else "\nNo disagreements.")
    for note in notes:
        print(f"- {note}")
    print(f"\ntotal {total:.0f} s; load average at the end {m1['load']}")
    if args.write_results:
        command = "python benchmarks/pb_vs_pabutools.py " + " ".join(sys.argv[1:])
        text = [
            "", "## Side by side with pabutools", "",
            f"`{command.strip()}` — run {started:%Y-%m-%d %H:%M} UTC, {total:.0f} s in all.", "",
            f"Machine: {m0['nproc']} × {m0['cpu']} (nproc {m0['nproc']}), {m0['ram']} RAM; load average "
            f"{m0['load']} at the start, {m1['load']} at the end. {versions()}.", "",
            "pabutools calls: greedy = `greedy_utilitarian_welfare(sat_class=Cost_Sat)` (orders by total "
            "satisfaction / cost = votes, i.e. greedy by votes); MES = `method_of_equal_shares(sat_class=Cost_Sat)`; "
            "add-one = `exhaustion_by_budget_increase(rule=method_of_equal_shares, budget_step=n)`. Real files are "
            "read by `parse_pabulib`, synthetic elections are built in memory from `pb_rules.synthetic` (seed "
            f"{args.seed}, {args.projects} projects). Each pabutools run is in a forked child killed after "
            f"{args.budget:.0f} s; runs predicted to exceed that (one MES run × the MES runs the add-one loop "
            "needs, counted by our engine; or the previous size scaled by the number of voters) are not run. "
            "Times are wall-clock seconds of the rule on an already-built election.", "",
            *table, "",
        ]
        text += ["Disagreements:", *(f"- {n}" for n in notes), ""] if notes else ["No disagreements.", ""]
        with RESULTS.open("a") as fh:
            fh.write("\n".join(text))
        print(f"appended to {RESULTS}")


if __name__ == "__main__":
    main()
