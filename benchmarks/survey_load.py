"""Loopback load test of anonymous survey submissions through the shipped server (`yhteiso serve`).

    python benchmarks/survey_load.py run [--clients 200] [--seconds 60] [--instances 1] [--write-results]

Migrates a fresh database — a SQLite file in a temporary folder, or a new database on the PostgreSQL server that
``YHTEISO_LOAD_DATABASE_URL`` names — publishes a survey with every shipped instrument, starts ``--instances``
copies of `yhteiso serve` on it (production server, processes x threads from YHTEISO_WORKERS/THREADS; with several
instances each its share of the cores unless YHTEISO_WORKERS is set: served.Servers) and
lets N concurrent respondents (asyncio + aiohttp, one keep-alive connection each, spread over the instances) submit
whole surveys through ``POST /api/v1/surveys/{id}/responses`` for the given time. About one submission in ten is
sent again with the same ``submission_id`` (a retry), which must answer 200 and store nothing. Afterwards it checks
in the database that every accepted submission is stored exactly once, and reports 5xx answers, connection errors
and latency. The rate limit is switched off (every client comes from 127.0.0.1); it is tested separately.

Used by ``tests/load/test_survey_load.py`` with a short duration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
import served

SETUP = r"""
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable", verbosity=0)
from yhteiso.surveys import services
survey = services.survey_create(actor=None, title={"fi": "Kuormitustesti", "en": "Load test"},
                                languages=["fi", "en"], instruments=services.instrument_sync(), is_demo=True)
survey = services.survey_publish(survey=survey, actor=None)
print(json.dumps({"survey": survey.pk}))
"""

COUNT = r"""
import django, json
django.setup()
from yhteiso.surveys.models import Response
print(json.dumps({"responses": Response.objects.count(),
                  "distinct": Response.objects.values("submission_id").distinct().count()}))
"""


def _answers(rng: random.Random, questions: list[dict]) -> dict:
    answers = {}
    for q in questions:
        if q["type"] == "scale":
            answers[q["key"]] = rng.randint(q["min"], q["max"])
        elif q.get("options"):
            answers[q["key"]] = rng.choice(q["options"])["value"]
    return answers


async def _client(url: str, survey_id: int, questions: list[dict], stop_at: float, seed: int, out: dict,
                  think: float = 0.0) -> None:
    rng = random.Random(seed)
    timeout = aiohttp.ClientTimeout(total=60)
    # idle connections are dropped before the server's 5 s keep-alive ends, so no request races a closing socket
    connector = aiohttp.TCPConnector(limit=1, keepalive_timeout=3)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        while time.monotonic() < stop_at:
            submission = str(uuid.uuid4())
            body = json.dumps({"submission_id": submission, "language": "fi", "answers": _answers(rng, questions)})
            for _attempt in range(2 if rng.random() < 0.1 else 1):
                start = time.perf_counter()
                try:
                    async with session.post(f"{url}/api/v1/surveys/{survey_id}/responses", data=body,
                                            headers={"Content-Type": "application/json"}) as resp:
                        await resp.read()
                        status = resp.status
                except (TimeoutError, aiohttp.ClientError) as exc:
                    out["errors"] += 1
                    out["error_kinds"][exc.__class__.__name__] = out["error_kinds"].get(exc.__class__.__name__, 0) + 1
                    continue
                out["latencies"].append(time.perf_counter() - start)
                out["statuses"][status] = out["statuses"].get(status, 0) + 1
                if status == 201:
                    out["accepted"].append(submission)
                elif status == 200:
                    out["retries_answered"] += 1
            if think:  # the next respondent on this connection arrives after a pause (0.5-1.5 x the mean)
                await asyncio.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))


async def _drive(urls: list[str], survey_id: int, clients: int, seconds: float,
                 think: float = 0.0) -> tuple[dict, float]:
    async with aiohttp.ClientSession() as session, session.get(f"{urls[0]}/api/v1/surveys/{survey_id}") as resp:
        questions = (await resp.json())["questions"]
    out = {"latencies": [], "accepted": [], "errors": 0, "error_kinds": {}, "statuses": {}, "retries_answered": 0}
    started = time.monotonic()
    await asyncio.gather(*(_client(urls[i % len(urls)], survey_id, questions, started + seconds, i, out, think)
                           for i in range(clients)))
    return out, time.monotonic() - started


def run_load(*, clients: int, seconds: float, instances: int = 1, database_url: str | None = None,
             think: float = 0.0) -> dict:
    """Start the server(s), run the load, check the database; returns the measurements."""
    database_url = database_url if database_url is not None else os.environ.get("YHTEISO_LOAD_DATABASE_URL")
    data_dir = tempfile.mkdtemp(prefix="yhteiso-load-")
    with served.fresh_postgresql(database_url, "surveyload") as url:
        env = served.base_env(data_dir, url or f"sqlite:///{data_dir}/load.sqlite3", YHTEISO_SURVEY_RATE_LIMIT="0")
        survey_id = json.loads(served.run_python(SETUP, env))["survey"]
        with served.Servers(env, instances) as servers:
            out, elapsed = served.run_async(_drive(servers.urls, survey_id, clients, seconds, think))
            alive, server = servers.alive(), servers.description()
        counted = json.loads(served.run_python(COUNT, env))
    lat = sorted(out["latencies"])
    return {
        "clients": clients, "think_s": think, "seconds": seconds, "elapsed": round(elapsed, 1), "instances": instances,
        "server_processes_alive": alive, "requests": len(lat),
        "throughput": round(len(lat) / elapsed, 1) if elapsed else 0.0,
        "accepted": len(out["accepted"]), "accepted_distinct": len(set(out["accepted"])),
        "retries_answered_200": out["retries_answered"],
        "stored": counted["responses"], "stored_distinct": counted["distinct"],
        "statuses": dict(sorted(out["statuses"].items())), "connection_errors": out["errors"], "error_kinds": out["error_kinds"],
        "p50_ms": round(1000 * served.percentile(lat, 0.50), 1) if lat else None,
        "p95_ms": round(1000 * served.percentile(lat, 0.95), 1) if lat else None,
        "max_ms": round(1000 * lat[-1], 1) if lat else None,
        "database": "PostgreSQL" if database_url else "SQLite (WAL, IMMEDIATE transactions)",
        "server": server,
    }


def ok(result: dict) -> bool:
    return (result["accepted"] == result["accepted_distinct"] == result["stored"] == result["stored_distinct"]
            and not any(int(k) >= 500 for k in result["statuses"]) and result["connection_errors"] == 0
            and set(result["statuses"]) <= {200, 201})


def _think_text(think: float) -> str:
    if not think:
        return ("No pause between submissions: every respondent sends the next survey as soon as the previous one "
                "is answered (a stress test; latency is about respondents / throughput).")
    return (f"Between two submissions each respondent pauses {0.5 * think:g}–{1.5 * think:g} s (mean {think:g} s), "
            "as people do between pages; the offered load is then at most respondents / pause.")


def write_results(r: dict, command: str) -> Path:
    name = "survey_load_{}{}{}.md".format("postgresql" if r["database"] == "PostgreSQL" else "sqlite",
                                          f"_{r['instances']}_instances" if r["instances"] > 1 else "",
                                          "_think" if r.get("think_s") else "")
    path = Path(__file__).resolve().parent / "results" / name
    path.write_text(f"""# Survey submission load test through `yhteiso serve` ({r['database']})

Command: `{command}`

Machine: {served.machine()}. Server: {r['server']}, {r['instances']} instance(s) on 127.0.0.1, rate limit off.
Each respondent (asyncio + aiohttp) keeps one HTTP/1.1 connection and submits whole surveys (every shipped
instrument, every question answered); about one submission in ten is sent twice with the same `submission_id`.
{_think_text(r.get("think_s", 0.0))}

| measure | value |
|---|---|
| concurrent respondents | {r['clients']} |
| pause between a respondent's submissions (mean) | {r.get('think_s', 0.0):g} s |
| duration | {r['elapsed']} s |
| requests | {r['requests']} |
| throughput | {r['throughput']} requests/s |
| latency p50 / p95 / max | {r['p50_ms']} / {r['p95_ms']} / {r['max_ms']} ms |
| responses by status | {', '.join(f'{k}: {v}' for k, v in r['statuses'].items())} |
| connection errors | {r['connection_errors']} |
| accepted (201) submissions | {r['accepted']} (distinct {r['accepted_distinct']}) |
| retries answered 200 | {r['retries_answered_200']} |
| stored responses | {r['stored']} (distinct submission ids {r['stored_distinct']}) |

Every accepted submission stored exactly once, no 5xx, no connection error: {ok(r)}.
""", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--clients", type=int, default=200)
    r.add_argument("--seconds", type=float, default=60)
    r.add_argument("--instances", type=int, default=1)
    r.add_argument("--think", type=float, default=0.0,
                   help="mean pause in seconds between a respondent's submissions (0: never pause, the stress test)")
    r.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    result = run_load(clients=args.clients, seconds=args.seconds, instances=args.instances, think=args.think)
    print(json.dumps(result, indent=2))
    if args.write_results:
        prefix = "YHTEISO_LOAD_DATABASE_URL=postgres://… " if result["database"] == "PostgreSQL" else ""
        print(write_results(result, prefix + "python benchmarks/survey_load.py " + " ".join(sys.argv[1:])))
    return 0 if ok(result) else 1


if __name__ == "__main__":
    sys.exit(main())
