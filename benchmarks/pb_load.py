"""Bounded loopback load test of participatory-budgeting voting through the shipped server (`yhteiso serve`) on
PostgreSQL.

    python benchmarks/pb_load.py [--voters 500] [--seconds 60] [--instances 1] [--routing least-busy|random]
                                 [--latencies PATH] [--write-results]

Starts a throw-away PostgreSQL (scripts/pg.sh, port YHTEISO_PB_LOAD_PG_PORT) unless YHTEISO_PB_LOAD_DATABASE_URL
names a server, migrates a fresh database, creates a knapsack round with one voting code per voter, starts
``--instances`` copies of `yhteiso serve` on that one database, and lets every voter (asyncio + ``lean_http.py``, one cookie
jar each, all at the same time) sign in with their code, cast their ballot and then change it with their
receipt code until the time is up: valid ballots, over-budget ballots (which must be refused with 400) and "double clicks" (two identical
submissions at once). With two or more instances each request goes to the instance with the fewest of the
client's requests in flight, as a load balancer's least-connections does (``--routing random``: to a random one), so
one voter's requests land on different servers; the two halves of a double click go to random instances either way.
Each instance gets its share of the machine's cores as ``YHTEISO_WORKERS`` unless that is set (``served.Servers``:
two instances on two cores run one process each, as ``docs/deploy.md`` advises). Then the round is closed (which mixes
the last pending ballots into the count) and it checks in the database
that no ballot was lost or duplicated (the multiset of stored ballots equals the multiset of each voter's last
accepted ballot), that no ballot exceeds the budget and that there is exactly one roll entry and one ballot per
voter.

It also prints ``cpu``: the CPU seconds (user + system, from /proc) that the load client (this process), every
server process of every instance and PostgreSQL (when it runs on this machine) used during the timed part, and
milliseconds of each per ballot request — compare these, not wall time, on a shared machine.
``by_request`` gives p50/p95 per kind of request (``muuta/`` the receipt check, ``lippu/`` the ballot) and status;
``by_window`` per 10 s of the run (the first window holds every voter's first ballot and confirmation page);
``by_instance`` per instance (far apart: one instance's queue grew while the other's did not);
``by_voter_mean_ms`` the spread over the voters of each one's mean latency (close together: one fair queue; a p95
far above p50 with close voter means says the whole server slowed for a while, not that some voters waited more).
``--latencies PATH`` also writes every timed request (voter, when sent, latency, request, status, instance) as JSON.
``YHTEISO_BENCH_SERVER=granian`` runs granian's WSGI server instead of `yhteiso serve` (a measurement only).

The HTTP flow: GET the voting page, POST the code, POST ``lippu/``; read the receipt code once from ``valmis/``;
for every change POST the receipt to ``muuta/``, then POST ``lippu/``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lean_http
import served

PG_PORT = int(os.environ.get("YHTEISO_PB_LOAD_PG_PORT", "55806"))

SETUP = r"""
import json, os, sys, datetime as dt
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
from yhteiso.areas.models import Area
from yhteiso.budgeting import services
from yhteiso.budgeting.models import Phase
city = Area.objects.create(level="city", code="049", name_fi="Espoo")
area = Area.objects.create(level="suuralue", code="049001", name_fi="Suur-Leppävaara", parent=city)
rnd = services.round_create(actor=None, slug="load", name_fi="Kuormitus", ballot_type="knapsack",
    min_projects=1, max_projects=10, eligibility="anyone", voting_closes_at=timezone.now() + dt.timedelta(hours=2),
    pools=[{"area": None, "budget": 100000, "label": ""}, {"area": area, "budget": 50000, "label": ""}])
costs = [40000, 35000, 30000, 25000, 20000, 15000]
area_costs = [30000, 20000, 10000]
pool_city = rnd.pools.get(area__isnull=True); pool_area = rnd.pools.get(area=area)
out = {"slug": rnd.slug, "area_pool": pool_area.pk, "city": {}, "area": {}, "budget": 100000, "area_budget": 50000}
for i, c in enumerate(costs):
    p = services.proposal_create(actor=None, round=rnd, pool=pool_city, title_fi=f"K{i}", code=f"c{i}")
    services.proposal_assess(actor=None, proposal=p, status="feasible", cost=c); out["city"][p.pk] = c
for i, c in enumerate(area_costs):
    p = services.proposal_create(actor=None, round=rnd, pool=pool_area, title_fi=f"A{i}", code=f"a{i}")
    services.proposal_assess(actor=None, proposal=p, status="feasible", cost=c); out["area"][p.pk] = c
for phase in (Phase.CO_DEVELOPMENT, Phase.FEASIBILITY, Phase.VOTING):
    rnd = services.round_set_phase(actor=None, round=rnd, phase=phase)
out["codes"] = services.voting_codes_issue(actor=None, round=rnd, count=int(sys.argv[1]))
print(json.dumps(out))
"""


CLOSE = r"""
import django
django.setup()
from yhteiso.budgeting import services
from yhteiso.budgeting.models import Phase, Round
services.round_set_phase(actor=None, round=Round.objects.get(slug="load"), phase=Phase.RESULTS)
print("closed")
"""


def _subsets(costs: dict, budget: int, rng: random.Random, *, valid: bool) -> list[int]:
    ids = list(costs)
    for _ in range(200):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        total = sum(costs[i] for i in chosen)
        if (total <= budget) == valid:
            return sorted(chosen)
    return sorted(ids) if not valid else [min(ids, key=costs.get)]

async def _voter(i: int, urls: list[str], setup: dict, rng: random.Random, state: dict, ready, go,
                 think: float = 0.0) -> None:
    path = f"/osallistuva-budjetointi/{setup['slug']}/aanesta/"
    city = {int(k): v for k, v in setup["city"].items()}
    area = {int(k): v for k, v in setup["area"].items()}
    # one cookie jar for every instance (a browser shares cookies by host, ports aside); at most 4 connections per
    # instance; idle ones are dropped before the server's 5 s keep-alive ends (lean_http.py says why not aiohttp)
    async with lean_http.Client(limit=4, idle_s=3.0, timeout_s=120.0) as session:
        def csrf() -> str:
            return session.cookies.get("csrftoken", "")

        def pick() -> str:
            """The instance for the next request: (``--routing least-busy``, the default, as a load balancer's
            least-connections) one of those with the fewest requests of this client in flight, or a random one."""
            if state["routing"] != "least-busy":
                return rng.choice(urls)
            fewest = min(state["in_flight"][u] for u in urls)
            return rng.choice([u for u in urls if state["in_flight"][u] == fewest])

        async def post(url: str, data, sub: str = "lippu/") -> int:
            sent, t = time.time(), time.perf_counter()
            state["in_flight"][url] += 1
            try:
                status = (await session.post(url + path + sub, data, headers={"X-CSRFToken": csrf()})).status
            except lean_http.ERRORS as exc:
                state["counters"]["connection_errors"] += 1
                state["errors"][exc.__class__.__name__] += 1
                return 0
            finally:
                state["in_flight"][url] -= 1
            # one record per timed request; every summary (percentiles, by request, window, voter and instance) is
            # derived from these after the run
            state["timed"].append(Timed(i, sent - state["started"], time.perf_counter() - t, sub, status,
                                        urls.index(url)))
            state["statuses"][status] += 1
            return status

        home = urls[i % len(urls)]
        try:
            await session.get(home + path)
            r = await session.post(home + path, {"code": setup["codes"][i]}, headers={"X-CSRFToken": csrf()})
            signed_in = r.status == 302
            state["statuses"][r.status] += 1
        except lean_http.ERRORS as exc:
            signed_in = False
            state["counters"]["connection_errors"] += 1
            state["errors"][exc.__class__.__name__] += 1
        if not signed_in:
            state["counters"]["sign_in_failed"] += 1
        ready()
        if not signed_in:
            return
        await go.wait()
        receipt = None
        first = True
        while time.time() < state["deadline"]:
            if think and not first:  # a person reads the ballot before changing the vote (0.5-1.5 x the mean)
                await asyncio.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, state["deadline"] - time.time())))
                if time.time() >= state["deadline"]:
                    break
            first = False
            if receipt is not None and await post(pick(), {"receipt": receipt}, "muuta/") != 302:
                state["counters"]["receipt_refused"] += 1
                continue
            roll = rng.random()
            use_area = rng.random() < 0.5
            chosen = _subsets(city, setup["budget"], rng, valid=roll >= 0.15)
            if use_area:
                chosen += _subsets(area, setup["area_budget"], rng, valid=True)
            data = [("project", str(p)) for p in chosen] + [("area_pool", str(setup["area_pool"]) if use_area else "")]
            expected_ok = roll >= 0.15
            if 0.15 <= roll < 0.25:  # a double click: two identical submissions at once, each half to a random
                # instance (with either routing), so that the halves often land on different servers
                codes = await asyncio.gather(post(rng.choice(urls), data), post(rng.choice(urls), data))
                code = 302 if 302 in codes else codes[0]
            else:
                code = await post(pick(), data)
            if code == 302 and receipt is None:  # the confirmation shows the receipt code once (not timed)
                url = pick()
                state["in_flight"][url] += 1
                try:
                    r = await session.get(url + path + "valmis/")
                    found = re.search(r'<p class="pb-receipt"><code>([A-Z0-9-]+)</code>', r.text())
                except lean_http.ERRORS as exc:
                    found = None
                    state["errors"][exc.__class__.__name__] += 1
                finally:
                    state["in_flight"][url] -= 1
                if found is None:
                    state["counters"]["receipt_missing"] += 1
                    return
                receipt = found.group(1)
            if code == 302:
                state["counters"]["accepted"] += 1
                if not expected_ok:
                    state["counters"]["wrongly_accepted"] += 1
                state["last"][i] = tuple(sorted(chosen))
            elif code == 400:
                state["counters"]["refused"] += 1
                if expected_ok:
                    state["counters"]["wrongly_refused"] += 1


class Timed(NamedTuple):
    """One timed request."""

    voter: int
    sent: float  # seconds from the start of the timed part
    latency: float  # seconds
    request: str  # "lippu/" (a ballot) or "muuta/" (a receipt check)
    status: int
    instance: int  # which instance answered (0, 1, ...)


def _percentiles(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"n": len(ordered), "p50_ms": round(1000 * served.percentile(ordered, 0.5), 1),
            "p95_ms": round(1000 * served.percentile(ordered, 0.95), 1)}


def _windows(timed: list[Timed], width: float) -> list[dict]:
    """p50/p95 of the requests sent in each ``width``-second window of the run: the first windows hold the first
    ballots and confirmation pages of every voter at once, the later ones the steady changing of votes."""
    windows: dict[int, list[float]] = defaultdict(list)
    for r in timed:
        windows[int(r.sent // width)].append(r.latency)
    return [{"from_s": k * width, **_percentiles(v)} for k, v in sorted(windows.items())]


async def _drive(urls: list[str], setup: dict, *, voters: int, seconds: float, seed: int,
                 think: float, snapshot, routing: str) -> dict:
    state = {"statuses": Counter(), "counters": Counter(), "last": {}, "deadline": 0.0, "errors": Counter(),
             "timed": [], "started": 0.0, "routing": routing, "in_flight": Counter()}
    go = asyncio.Event()
    signed = [0]
    all_ready = asyncio.Event()

    def ready():
        signed[0] += 1
        if signed[0] == voters:
            all_ready.set()

    sign_in_started = time.time()
    tasks = [asyncio.create_task(_voter(i, urls, setup, random.Random(seed * 100_003 + i), state, ready, go, think))
             for i in range(voters)]
    await all_ready.wait()  # the clock starts once every voter has signed in
    sign_in_seconds = time.time() - sign_in_started
    sign_in_requests = sum(state["statuses"].values())
    state["timed"].clear()
    cpu_before = snapshot() if snapshot else None
    started = state["started"] = time.time()
    state["deadline"] = started + seconds
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.time() - started
    timed = state["timed"]
    cpu = _cpu_used(cpu_before, snapshot(), len(timed)) if snapshot else None
    lat = sorted(r.latency for r in timed)
    by_kind, by_voter, by_instance = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in timed:
        by_kind[f"{r.request} {r.status}"].append(r.latency)
        by_voter[r.voter].append(r.latency)
        by_instance[r.instance].append(r.latency)
    return {
        "started_at": round(started, 2), "voters": voters, "think_s": think, "instances": len(urls), "routing": routing,
        "seconds": round(elapsed, 1), "requests": len(lat),
        "sign_in_seconds": round(sign_in_seconds, 1), "sign_in_requests": sign_in_requests,
        "throughput_per_s": round(len(lat) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(1000 * served.percentile(lat, 0.5), 1) if lat else None,
        "p95_ms": round(1000 * served.percentile(lat, 0.95), 1) if lat else None,
        "max_ms": round(1000 * lat[-1], 1) if lat else None,
        "by_request": {kind: _percentiles(v) for kind, v in sorted(by_kind.items())},
        "by_window": _windows(timed, 10.0),
        "by_instance": {str(k): _percentiles(v) for k, v in sorted(by_instance.items())},
        "by_voter_mean_ms": _spread(by_voter),
        "_timed": timed,
        "statuses": {str(k): v for k, v in sorted(state["statuses"].items())},
        "connection_errors": 0, **state["counters"], "error_kinds": dict(state["errors"]), "_last": state["last"],
        **({"cpu": cpu} if cpu else {}),
    }


def _spread(by_voter: dict[int, list[float]]) -> dict:
    """p5 / p50 / p95 over the voters of each voter's mean latency: close together when every voter waits alike
    (one fair queue), apart when some wait longer than others (e.g. on a busier process)."""
    means = sorted(sum(v) / len(v) for v in by_voter.values() if v)
    if not means:
        return {}
    return {f"p{q}": round(1000 * served.percentile(means, q / 100), 1) for q in (5, 50, 95)}


def _cpu_snapshot(servers: served.Servers, postmaster: int | None):
    """A function reading the CPU seconds so far of the load client (this process), of every server process
    (each instance's master and its workers) and of PostgreSQL (when it runs on this machine)."""
    expected = servers.workers
    deadline = time.monotonic() + 30  # every worker process has started (the first answer needs only one)
    while time.monotonic() < deadline and any(len(served.child_pids(p.pid)) < expected for p in servers.processes):
        time.sleep(0.2)

    def snapshot() -> dict:
        workers = {pid: served.child_pids(pid) for pid in (p.pid for p in servers.processes)}
        taken = {"client": served.process_cpu_seconds(), "postgresql": served.postgres_cpu(postmaster)}
        for instance, (master, children) in enumerate(workers.items(), start=1):
            with contextlib.suppress(OSError):
                taken[f"server{instance}_master"] = served.cpu_seconds(master)
            for pid in children:  # by process id: a worker restarted meanwhile counts from its start
                with contextlib.suppress(OSError):
                    taken[f"server{instance}_worker_{pid}"] = served.cpu_seconds(pid)
        return taken

    return snapshot


def _cpu_used(before: dict, after: dict, requests: int) -> dict:
    """CPU seconds each process used during the timed part, their sum, and milliseconds per ballot request."""
    used = {name: round(after[name] - before.get(name, 0.0), 2) for name in after}
    servers = sum(v for k, v in used.items() if k.startswith("server"))
    total = sum(used.values())
    per = (lambda v: round(1000 * v / requests, 2)) if requests else (lambda v: None)
    return {"seconds": used, "server_total_s": round(servers, 2), "all_s": round(total, 2),
            "ms_per_request": {"client": per(used["client"]), "server": per(servers),
                               "postgresql": per(used["postgresql"]), "all": per(total)}}


def run_load(*, voters: int, seconds: float, instances: int = 1, seed: int = 7, think: float = 0.0,
             latencies: str | None = None, routing: str = "least-busy") -> dict:
    url = os.environ.get("YHTEISO_PB_LOAD_DATABASE_URL")
    data_dir = tempfile.mkdtemp(prefix="yhteiso-pbload-")
    with contextlib.ExitStack() as stack:
        if not url:
            url = stack.enter_context(served.throwaway_postgresql(PG_PORT))
        db_url = stack.enter_context(served.fresh_postgresql(url, "pbload"))
        env = served.base_env(data_dir, db_url)
        setup = json.loads(served.run_python(SETUP, env, str(voters)))
        postmaster = served.postmaster_pid(db_url)
        with served.Servers(env, instances) as servers:
            result = served.run_async(_drive(servers.urls, setup, voters=voters, seconds=seconds, seed=seed,
                                             think=think, snapshot=_cpu_snapshot(servers, postmaster),
                                             routing=routing))
            result["server_processes_alive"], result["server"] = servers.alive(), servers.description()
        timed = result.pop("_timed")
        if latencies:
            Path(latencies).write_text(json.dumps([(r.voter, round(r.sent, 4), round(r.latency, 4), r.request, r.status,
                                                    r.instance) for r in timed]), encoding="utf-8")
        served.run_python(CLOSE, env)  # the close mixes the last pending ballots into the count
        result.update(_verify(db_url, setup, result))
    return result


def ok(result: dict) -> bool:
    return (result.get("sign_in_failed", 0) == 0 and result["connection_errors"] == 0
            and not any(int(code) >= 500 for code in result["statuses"])
            and result.get("wrongly_accepted", 0) == 0 and result.get("wrongly_refused", 0) == 0
            and result["lost_or_duplicated"] == 0 and result["over_budget_or_inconsistent"] == 0
            and result["roll_entries"] == result["ballots"] == result["voted"] == result["voters"])


def write_results(r: dict, command: str) -> Path:
    suffix = "_think" if r.get("think_s") else ""
    path = Path(__file__).resolve().parent / "results" / f"pb_load_{r['instances']}_instance{suffix}.md"
    pause = (f"Between two ballots each voter pauses {0.5 * r['think_s']:g}–{1.5 * r['think_s']:g} s (mean "
             f"{r['think_s']:g} s), as a person reading the ballot does." if r.get("think_s") else
             "No pause: every voter changes the ballot again as soon as the previous change is answered (a stress "
             "test; latency is about voters / throughput).")
    path.write_text(f"""# Participatory-budgeting voting load through `yhteiso serve` (PostgreSQL)

Command: `{command}`

Machine: {served.machine()}. Server: {r['server']}, {r['instances']} instance(s) on one PostgreSQL 15 (scripts/pg.sh,
fsync off). Every voter signs in with a one-time code, then casts and changes ballots until the time is up (15 %
over budget, 10 % double clicks{f", each request to the {'instance with the fewest requests in flight' if r['routing'] == 'least-busy' else 'random instance'}" if r['instances'] > 1 else ''}).
{pause}

| measure | value |
|---|---|
| voters (all at once) | {r['voters']} |
| sign-in of every voter before the clock started | {r['sign_in_seconds']} s |
| duration of casting and changing | {r['seconds']} s |
| ballot requests | {r['requests']} ({r['throughput_per_s']}/s) |
| latency p50 / p95 / max | {r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms |
| responses by status | {', '.join(f'{k}: {v}' for k, v in r['statuses'].items())} |
| connection errors | {r['connection_errors']} |
| accepted / refused (over budget) | {r.get('accepted', 0)} / {r.get('refused', 0)} |
| wrongly accepted / wrongly refused | {r.get('wrongly_accepted', 0)} / {r.get('wrongly_refused', 0)} |
| roll entries / ballots / voters who voted | {r['roll_entries']} / {r['ballots']} / {r['voted']} |
| lost or duplicated ballots | {r['lost_or_duplicated']} |
| over budget or inconsistent | {r['over_budget_or_inconsistent']} |

All checks pass: {ok(r)}.
""", encoding="utf-8")
    return path


def _verify(db_url: str, setup: dict, result: dict) -> dict:
    import psycopg

    last = result.pop("_last")
    costs = {int(k): v for k, v in {**setup["city"], **setup["area"]}.items()}
    city_ids = {int(k) for k in setup["city"]}
    with psycopg.connect(db_url) as conn:
        roll = conn.execute("SELECT count(*) FROM budgeting_voter").fetchone()[0]
        ballots = conn.execute(
            "SELECT b.id, b.city_cost, b.area_cost, array_remove(array_agg(c.proposal_id), NULL) "
            "FROM budgeting_ballot b LEFT JOIN budgeting_ballotchoice c ON c.ballot_id = b.id GROUP BY b.id"
        ).fetchall()
    stored = Counter(tuple(sorted(ids)) for _, _, _, ids in ballots)
    expected = Counter(last.values())
    over = sum(1 for _, cc, ac, ids in ballots
               if cc > setup["budget"] or ac > setup["area_budget"]
               or cc != sum(costs[i] for i in ids if i in city_ids)
               or ac != sum(costs[i] for i in ids if i not in city_ids))
    return {"voted": len(last), "roll_entries": roll, "ballots": len(ballots),
            "lost_or_duplicated": sum((expected - stored).values()) + sum((stored - expected).values()),
            "over_budget_or_inconsistent": over}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voters", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--instances", type=int, default=1)
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean pause in seconds between a voter's ballots (0: never pause, the stress test)")
    ap.add_argument("--write-results", action="store_true")
    ap.add_argument("--latencies", metavar="PATH",
                    help="also write every timed request as a JSON list of [voter, sent at (s from the start), "
                         "latency (s), request, status, instance (0, 1, ...)], to look at how the waiting spreads "
                         "over time, voters and instances")
    ap.add_argument("--routing", choices=("least-busy", "random"), default="least-busy",
                    help="with --instances 2 or more: each request to one with the fewest of this client's requests "
                         "in flight, as a load balancer's least-connections (default), or to a random instance")
    args = ap.parse_args()
    result = run_load(voters=args.voters, seconds=args.seconds, instances=args.instances, think=args.think,
                      latencies=args.latencies, routing=args.routing)
    print(json.dumps(result, indent=2))
    if args.write_results:
        print(write_results(result, "python benchmarks/pb_load.py " + " ".join(sys.argv[1:])))
    return 0 if ok(result) else 1


if __name__ == "__main__":
    sys.exit(main())
