"""Server CPU per voting request through the shipped server (`yhteiso serve`), on PostgreSQL: a measure that a
shared, busy machine does not distort the way it distorts wall-clock latency.

    python benchmarks/pb_cpu.py --database-url postgres://postgres@127.0.0.1:55460/postgres [--changes 300]

Migrates a fresh database on the named PostgreSQL server (``scripts/pg.sh start PORT`` starts one), creates the
round of ``pb_load.py`` and starts one `yhteiso serve` instance with one worker process (``YHTEISO_WORKERS=1``;
``YHTEISO_THREADS`` as set, default 4). A few clients (``--clients``, each in a thread, one keep-alive connection
each) sign voters in, cast a first ballot and read the receipt; then, after a warm-up, it reads the CPU time
(user + system, ``/proc/PID/stat``) of the worker process and of PostgreSQL (the postmaster and its backends)
before and after each phase:

- ``receipt``: POST ``muuta/`` with the receipt code (the receipt check) — ``--changes`` times;
- ``healthz``: GET ``/healthz`` (the fixed cost of a request: server, middleware, a JSON answer);
- ``change``: POST ``muuta/`` then POST ``lippu/`` (a vote change, as every voter of ``pb_load.py`` does in a
  loop) — ``--changes`` times; the ballot POST alone is ``change`` minus ``receipt``;
- ``refused``: the same with an over-budget ballot, refused with 400 (15 % of ``pb_load.py``'s ballots).

``YHTEISO_BENCH_SERVER=granian`` measures granian's WSGI server instead of `yhteiso serve` (see ``served.py``).

Prints JSON: milliseconds of CPU per request (worker, PostgreSQL) for each phase.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pb_load
import served


class Voter:
    def __init__(self, base: str, path: str, code: str, setup: dict, seed: int):
        import random

        self.base, self.path, self.code = base, path, code
        self.session = requests.Session()
        self.rng = random.Random(seed)
        self.city = {int(k): v for k, v in setup["city"].items()}
        self.area = {int(k): v for k, v in setup["area"].items()}
        self.setup = setup
        self.receipt = ""

    def _post(self, sub: str, data) -> int:
        token = self.session.cookies.get("csrftoken", "")
        r = self.session.post(self.base + self.path + sub, data=data, allow_redirects=False,
                              headers={"X-CSRFToken": token})
        return r.status_code

    def sign_in_and_vote(self) -> None:
        self.session.get(self.base + self.path)
        assert self._post("", {"code": self.code}) == 302
        assert self._post("lippu/", self._ballot()) == 302
        text = self.session.get(self.base + self.path + "valmis/").text
        self.receipt = re.search(r'<p class="pb-receipt"><code>([A-Z0-9-]+)</code>', text).group(1)

    def _ballot(self):
        use_area = self.rng.random() < 0.5
        chosen = pb_load._subsets(self.city, self.setup["budget"], self.rng, valid=True)
        if use_area:
            chosen += pb_load._subsets(self.area, self.setup["area_budget"], self.rng, valid=True)
        return [("project", str(p)) for p in chosen] + [("area_pool", str(self.setup["area_pool"]) if use_area
                                                          else "")]

    def receipt_check(self) -> None:
        assert self._post("muuta/", {"receipt": self.receipt}) == 302

    def health(self) -> None:
        assert self.session.get(self.base + "/healthz").status_code == 200

    def change(self) -> None:
        self.receipt_check()
        assert self._post("lippu/", self._ballot()) == 302

    def refused(self) -> None:
        """A change refused for being over the budget (the earlier vote stands)."""
        self.receipt_check()
        over = pb_load._subsets(self.city, self.setup["budget"], self.rng, valid=False)
        assert self._post("lippu/", [("project", str(p)) for p in over] + [("area_pool", "")]) == 400


def _parallel(voters: list[Voter], count: int, action: str) -> None:
    per = [count // len(voters) + (1 if i < count % len(voters) else 0) for i in range(len(voters))]
    errors: list[BaseException] = []

    def run(voter: Voter, n: int) -> None:
        try:
            for _ in range(n):
                getattr(voter, action)()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(v, n)) for v, n in zip(voters, per, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def measure(url: str, *, changes: int, clients: int) -> dict:
    data_dir = tempfile.mkdtemp(prefix="yhteiso-pbcpu-")
    postmaster = served.postmaster_pid(url)
    with served.fresh_postgresql(url, "pbcpu") as db_url:
        env = served.base_env(data_dir, db_url)
        env["YHTEISO_WORKERS"] = "1"
        env.setdefault("YHTEISO_THREADS", os.environ.get("YHTEISO_THREADS", "4"))
        setup = json.loads(served.run_python(pb_load.SETUP, env, str(clients)))
        with served.Servers(env, 1) as servers:
            workers = served.child_pids(servers.processes[0].pid)
            path = f"/osallistuva-budjetointi/{setup['slug']}/aanesta/"
            voters = [Voter(servers.urls[0], path, code, setup, seed) for seed, code in enumerate(setup["codes"])]
            for v in voters:
                v.sign_in_and_vote()
            _parallel(voters, max(20, changes // 5), "change")  # warm-up
            result = {"changes": changes, "clients": clients, "threads": env["YHTEISO_THREADS"],
                      "worker_processes": len(workers)}
            for phase, action, requests_each in (("healthz", "health", 1), ("receipt", "receipt_check", 1),
                                                 ("change", "change", 2), ("refused", "refused", 2)):
                before = (sum(served.cpu_seconds(w) for w in workers), served.postgres_cpu(postmaster), time.perf_counter())
                _parallel(voters, changes, action)
                after = (sum(served.cpu_seconds(w) for w in workers), served.postgres_cpu(postmaster), time.perf_counter())
                result[phase] = {
                    "requests": changes * requests_each,
                    "server_cpu_ms_per_request": round(1000 * (after[0] - before[0]) / (changes * requests_each), 2),
                    "postgres_cpu_ms_per_request": round(1000 * (after[1] - before[1]) / (changes * requests_each),
                                                         2),
                    "wall_s": round(after[2] - before[2], 1),
                }
            r, c = result["receipt"], result["change"]
            result["ballot_post_server_cpu_ms"] = round(2 * c["server_cpu_ms_per_request"]
                                                        - r["server_cpu_ms_per_request"], 2)
            f = result["refused"]
            result["refused_ballot_post_server_cpu_ms"] = round(2 * f["server_cpu_ms_per_request"]
                                                                - r["server_cpu_ms_per_request"], 2)
            result["ballot_post_postgres_cpu_ms"] = round(2 * c["postgres_cpu_ms_per_request"]
                                                          - r["postgres_cpu_ms_per_request"], 2)
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", default=os.environ.get("YHTEISO_PB_LOAD_DATABASE_URL", ""),
                    help="a PostgreSQL server (postgres://postgres@127.0.0.1:PORT/postgres)")
    ap.add_argument("--changes", type=int, default=300)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    if not args.database_url:
        ap.error("give --database-url (start a server with scripts/pg.sh start PORT)")
    print(json.dumps(measure(args.database_url, changes=args.changes, clients=args.clients), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
