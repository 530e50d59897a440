"""Bounded loopback load test of participatory-budgeting voting against a real server process on PostgreSQL.

    python benchmarks/pb_load.py [--voters 500] [--seconds 60]

Starts a throw-away PostgreSQL (scripts/pg.sh, port 55806) unless YHTEISO_PB_LOAD_DATABASE_URL names one, migrates
a fresh database, creates a knapsack round with one voting code per voter, starts a server process (Django's WSGI
server with a bounded pool of 32 worker threads, YHTEISO_PB_LOAD_WORKERS) on port 8806 and
lets every voter (one HTTP session each, all at the same time) sign in with their code, cast their ballot, and then
change it with their receipt code until the time is up: valid ballots, over-budget ballots (which must be refused
with 400) and "double clicks" (two identical submissions at once). Then the round is closed (which mixes the last
pending ballots into the count) and the database is checked: no ballot lost or duplicated (the multiset of stored
ballots equals the multiset of each voter's last accepted ballot), none over the budget, exactly one roll entry and
one ballot per voter.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PG_PORT = int(os.environ.get("YHTEISO_PB_LOAD_PG_PORT", "55806"))
HTTP_PORT = int(os.environ.get("YHTEISO_PB_LOAD_HTTP_PORT", "8806"))
WORKERS = int(os.environ.get("YHTEISO_PB_LOAD_WORKERS", "32"))

SETUP = r"""
import json, os, sys, datetime as dt
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from yhteiso.areas.models import Area
from yhteiso.budgeting import services
from yhteiso.budgeting.models import Phase
city = Area.objects.create(level="city", code="049", name_fi="Espoo")
area = Area.objects.create(level="suuralue", code="049001", name_fi="Suur-Leppävaara", parent=city)
rnd = services.round_create(actor=None, slug="load", name_fi="Kuormitus", ballot_type="knapsack",
    min_projects=1, max_projects=10, voting_closes_at=timezone.now() + dt.timedelta(hours=2),
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
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
django.setup()
from yhteiso.budgeting import services
from yhteiso.budgeting.models import Phase, Round
services.round_set_phase(actor=None, round=Round.objects.get(slug="load"), phase=Phase.RESULTS)
"""


SERVER = r"""
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
django.setup()
from concurrent.futures import ThreadPoolExecutor
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, get_internal_wsgi_application


class OneRequestHandler(WSGIRequestHandler):
    def handle(self):  # one request per connection: a pool thread is never parked on an idle keep-alive
        self.close_connection = True
        self.handle_one_request()

    def log_message(self, *args):
        pass


class PoolServer(WSGIServer):
    request_queue_size = 2048

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = ThreadPoolExecutor(workers)

    def process_request(self, request, client_address):
        self.pool.submit(self._work, request, client_address)

    def _work(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


httpd = PoolServer(("127.0.0.1", int(sys.argv[1])), OneRequestHandler, workers=int(sys.argv[2]))
httpd.set_app(get_internal_wsgi_application())
httpd.serve_forever()
"""


def _wait_port(port: int, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start on port {port}")


def _subsets(costs: dict, budget: int, rng: random.Random, *, valid: bool) -> list[int]:
    ids = list(costs)
    for _ in range(200):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        total = sum(costs[i] for i in chosen)
        if (total <= budget) == valid:
            return sorted(chosen)
    return sorted(ids) if not valid else [min(ids, key=costs.get)]


def run_load(*, voters: int, seconds: float, seed: int = 7) -> dict:
    import psycopg

    pg_dir = None
    url = os.environ.get("YHTEISO_PB_LOAD_DATABASE_URL")
    if not url:
        pg_dir = subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start", str(PG_PORT)], check=True,
                                capture_output=True, text=True).stdout.strip()
        url = f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    dbname = f"pbload_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    db_url = url.rsplit("/", 1)[0] + "/" + dbname
    data_dir = tempfile.mkdtemp(prefix="yhteiso-pbload-")
    env = {**os.environ, "DATABASE_URL": db_url, "YHTEISO_DATA_DIR": data_dir, "YHTEISO_DEBUG": "0",
           "YHTEISO_SECRET_KEY": secrets.token_urlsafe(50), "YHTEISO_VOTER_KEY": secrets.token_urlsafe(50)}
    server = None
    result: dict = {}
    try:
        setup = json.loads(subprocess.run([sys.executable, "-c", SETUP, str(voters)], env=env, check=True,
                                          capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1])
        # Django's WSGI server with a bounded pool of worker threads (like a production server's bounded
        # workers), so the database's connection limit is never exceeded however many clients connect
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(HTTP_PORT), str(WORKERS)], env=env,
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_port(HTTP_PORT)
        result = _drive(setup, voters=voters, seconds=seconds, seed=seed)
        if server.poll() is not None:
            raise RuntimeError("the server process died during the load test")
        server.terminate()
        server.wait(timeout=30)
        server = None
        subprocess.run([sys.executable, "-c", CLOSE], env=env, check=True, capture_output=True, cwd=ROOT)
        result.update(_verify(db_url, setup, result))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    finally:
        if server is not None:
            server.kill()
        if pg_dir:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", pg_dir], check=False)
    return result


def _drive(setup: dict, *, voters: int, seconds: float, seed: int) -> dict:
    base = f"http://127.0.0.1:{HTTP_PORT}/osallistuva-budjetointi/{setup['slug']}/aanesta/"
    city = {int(k): v for k, v in setup["city"].items()}
    area = {int(k): v for k, v in setup["area"].items()}
    lock = threading.Lock()
    statuses: Counter = Counter()
    latencies: list[float] = []
    last_accepted: dict[int, tuple] = {}
    counters = Counter()
    ready = threading.Semaphore(0)
    go = threading.Event()
    deadline = [0.0]

    def post(session, data, path="lippu/"):
        t = time.perf_counter()
        r = session.post(base + path, data=data, allow_redirects=False,
                         headers={"X-CSRFToken": session.cookies.get("csrftoken", "")}, timeout=120)
        with lock:
            latencies.append(time.perf_counter() - t)
            statuses[r.status_code] += 1
        return r.status_code

    def voter(i: int) -> None:
        rng = random.Random(seed * 100_003 + i)
        s = requests.Session()
        s.get(base, timeout=120)
        r = s.post(base, data={"code": setup["codes"][i]}, allow_redirects=False,
                   headers={"X-CSRFToken": s.cookies.get("csrftoken", "")}, timeout=120)
        with lock:
            statuses[r.status_code] += 1
            if r.status_code != 302:
                counters["sign_in_failed"] += 1
        ready.release()
        if r.status_code != 302:
            return
        go.wait()
        receipt = None
        while time.time() < deadline[0]:
            if receipt is not None and post(s, {"receipt": receipt}, "muuta/") != 302:  # change with the receipt
                with lock:
                    counters["receipt_refused"] += 1
                continue
            roll = rng.random()
            use_area = rng.random() < 0.5
            data = {"project": _subsets(city, setup["budget"], rng, valid=roll >= 0.15),
                    "area_pool": setup["area_pool"] if use_area else ""}
            if use_area:
                data["project"] += _subsets(area, setup["area_budget"], rng, valid=True)
            expected_ok = roll >= 0.15
            if 0.15 <= roll < 0.25:  # a double click: two identical submissions at once
                codes = []
                threads = [threading.Thread(target=lambda c=codes, d=data: c.append(post(s, d))) for _ in range(2)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                code = 302 if 302 in codes else codes[0]
            else:
                code = post(s, data)
            if code == 302 and receipt is None:  # the confirmation shows the receipt code once
                page = s.get(base + "valmis/", timeout=120).text
                receipt = re.search(r'<p class="pb-receipt"><code>([A-Z0-9-]+)</code>', page).group(1)
            with lock:
                if code == 302:
                    counters["accepted"] += 1
                    if not expected_ok:
                        counters["wrongly_accepted"] += 1
                    last_accepted[i] = tuple(sorted(data["project"]))
                elif code == 400:
                    counters["refused"] += 1
                    if expected_ok:
                        counters["wrongly_refused"] += 1

    threads = [threading.Thread(target=voter, args=(i,)) for i in range(voters)]
    for t in threads:
        t.start()
    for _ in range(voters):  # the clock starts once every voter has signed in
        ready.acquire()
    started = time.time()
    deadline[0] = started + seconds
    go.set()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    lat = sorted(latencies)
    return {
        "voters": voters, "seconds": round(elapsed, 1), "requests": len(lat),
        "throughput_per_s": round(len(lat) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else None,
        "p95_ms": round(1000 * lat[int(len(lat) * 0.95)], 1) if lat else None,
        "statuses": dict(statuses), **counters, "_last": last_accepted,
    }


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voters", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    result = run_load(voters=args.voters, seconds=args.seconds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
