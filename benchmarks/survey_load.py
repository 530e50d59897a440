"""Loopback load test of anonymous survey submissions against a real server process.

    python benchmarks/survey_load.py run [--clients 200] [--seconds 60] [--port 8701] [--write-results]

starts a separate server process (Django's threaded WSGI server, the one `yhteiso serve` uses; gunicorn/uvicorn are
not installed) on 127.0.0.1 with a fresh SQLite database (or ``YHTEISO_LOAD_DATABASE_URL``), publishes a survey with
every shipped instrument, and lets N concurrent respondents submit whole surveys through
``POST /api/v1/surveys/{id}/responses`` for the given time. About one submission in ten is sent twice (a retry
with the same ``submission_id``), which must answer 200 and store nothing. Afterwards it checks that every accepted
submission is stored exactly once and that no request got a 5xx. ``--write-results`` writes
``benchmarks/results/survey_load.md``. The rate limit is switched off in the server process (all clients share
127.0.0.1); it is tested separately.

Used by ``tests/load/test_survey_load.py`` with a short duration (``YHTEISO_LOAD_SECONDS``, default 5).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- server process -------------------------------------------------------------------------------------------------
def _django(data_dir: str) -> None:
    os.environ["YHTEISO_DATA_DIR"] = data_dir
    if os.environ.get("YHTEISO_LOAD_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["YHTEISO_LOAD_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteiso.config.settings")
    import django

    django.setup()


def serve(data_dir: str, port: int) -> None:
    _django(data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    from yhteiso.surveys import services
    from yhteiso.surveys.models import Survey

    if os.environ.get("YHTEISO_LOAD_SQLITE_WAL") and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from django.db.backends.signals import connection_created

        def _wal(sender, connection, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")

        connection_created.connect(_wal)
    call_command("migrate", interactive=False, verbosity=0)
    settings.YHTEISO_SURVEY_RATE_LIMIT = "0"  # every client shares 127.0.0.1
    survey = Survey.objects.filter(title__fi="Kuormitustesti").first()
    if survey is None:
        survey = services.survey_create(actor=None, title={"fi": "Kuormitustesti", "en": "Load test"},
                                        languages=["fi", "en"], instruments=services.instrument_sync(), is_demo=True)
        survey = services.survey_publish(survey=survey, actor=None)
    WSGIServer.request_queue_size = 1024
    print(json.dumps({"survey": survey.pk}), flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


def count(data_dir: str) -> None:
    _django(data_dir)
    from yhteiso.surveys.models import Response

    print(json.dumps({"responses": Response.objects.count(),
                      "distinct": Response.objects.values("submission_id").distinct().count()}))


# --- clients ----------------------------------------------------------------------------------------------------------
def _answers(rng: random.Random, questions: list[dict]) -> dict:
    answers = {}
    for q in questions:
        if q["type"] == "scale":
            answers[q["key"]] = rng.randint(q["min"], q["max"])
        elif q.get("options"):
            answers[q["key"]] = rng.choice(q["options"])["value"]
    return answers


def _client(port: int, survey_id: int, questions: list[dict], stop_at: float, seed: int, out: dict, lock) -> None:
    rng = random.Random(seed)
    latencies, statuses, accepted = [], {}, []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    errors = 0
    while time.monotonic() < stop_at:
        submission = str(uuid.uuid4())
        body = json.dumps({"submission_id": submission, "language": "fi", "answers": _answers(rng, questions)})
        sends = 2 if rng.random() < 0.1 else 1
        for _attempt in range(sends):
            start = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/surveys/{survey_id}/responses", body=body,
                             headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 201:
                accepted.append(submission)
    conn.close()
    with lock:
        out["latencies"] += latencies
        out["accepted"] += accepted
        out["errors"] += errors
        for status, n in statuses.items():
            out["statuses"][status] = out["statuses"].get(status, 0) + n


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_load(*, clients: int, seconds: float, port: int | None = None) -> dict:
    """Start a server, run the load, check the counts; returns the measurements."""
    port = port or free_port()
    data_dir = tempfile.mkdtemp(prefix="yhteiso-load-")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, __file__, "serve", data_dir, str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        survey_id = json.loads(server.stdout.readline())["survey"]
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", f"/api/v1/surveys/{survey_id}")
                questions = json.loads(conn.getresponse().read())["questions"]
                conn.close()
                break
            except (OSError, ValueError, KeyError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        out = {"latencies": [], "accepted": [], "errors": 0, "statuses": {}}
        lock = threading.Lock()
        started = time.monotonic()
        stop_at = started + seconds
        threads = [threading.Thread(target=_client, args=(port, survey_id, questions, stop_at, i, out, lock))
                   for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    counted = json.loads(subprocess.run([sys.executable, __file__, "count", data_dir], capture_output=True,
                                        text=True, env=env, check=True).stdout)
    lat = sorted(out["latencies"])
    requests = len(lat)
    return {
        "clients": clients, "seconds": seconds, "elapsed": elapsed, "requests": requests,
        "throughput": requests / elapsed if elapsed else 0.0,
        "accepted": len(out["accepted"]), "accepted_distinct": len(set(out["accepted"])),
        "stored": counted["responses"], "stored_distinct": counted["distinct"],
        "statuses": dict(sorted(out["statuses"].items())), "connection_errors": out["errors"],
        "p50_ms": 1000 * lat[int(0.50 * (requests - 1))] if lat else None,
        "p95_ms": 1000 * lat[int(0.95 * (requests - 1))] if lat else None,
        "max_ms": 1000 * lat[-1] if lat else None,
        "database": "PostgreSQL 15" if os.environ.get("YHTEISO_LOAD_DATABASE_URL") else (
            "SQLite (WAL journal)" if os.environ.get("YHTEISO_LOAD_SQLITE_WAL") else "SQLite (default journal)"),
    }


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def write_results(r: dict, command: str) -> Path:
    path = ROOT / "benchmarks" / "results" / "survey_load.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"""# Survey submission load test

Command: `{command}`

Machine: {_machine()}. Server: Django's threaded WSGI server (as `yhteiso serve`) in its own process on
127.0.0.1, database {r['database']} (file in a temporary directory), rate limit off (all clients share one
address). Each client keeps one HTTP/1.1 connection and submits whole surveys (all {len(QUESTION_NOTE)} instrument
groups, every question answered) to `POST /api/v1/surveys/{{id}}/responses`; about one submission in ten is sent
twice with the same `submission_id` (a retry), which must answer 200 and store nothing.

| measure | value |
|---|---|
| concurrent respondents | {r['clients']} |
| duration | {r['elapsed']:.1f} s |
| requests | {r['requests']} |
| throughput | {r['throughput']:.1f} requests/s |
| latency p50 / p95 / max | {r['p50_ms']:.0f} / {r['p95_ms']:.0f} / {r['max_ms']:.0f} ms |
| responses by status | {', '.join(f'{k}: {v}' for k, v in r['statuses'].items())} |
| connection errors | {r['connection_errors']} |
| accepted (201) submissions | {r['accepted']} |
| stored responses | {r['stored']} (distinct submission ids {r['stored_distinct']}) |

Every accepted submission was stored exactly once: {r['accepted'] == r['stored'] == r['stored_distinct']}.
No 5xx responses: {not any(int(k) >= 500 for k in r['statuses'])}.
"""
    path.write_text(text, encoding="utf-8")
    return path


QUESTION_NOTE = ("THL participation", "safety", "racism", "NPS", "background")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("data_dir")
    s.add_argument("port", type=int)
    c = sub.add_parser("count")
    c.add_argument("data_dir")
    r = sub.add_parser("run")
    r.add_argument("--clients", type=int, default=200)
    r.add_argument("--seconds", type=float, default=60)
    r.add_argument("--port", type=int, default=8701)
    r.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        serve(args.data_dir, args.port)
    elif args.cmd == "count":
        count(args.data_dir)
    else:
        result = run_load(clients=args.clients, seconds=args.seconds, port=args.port)
        print(json.dumps(result, indent=2))
        if args.write_results:
            command = "python benchmarks/survey_load.py run " + " ".join(sys.argv[2:])
            print(write_results(result, command))
        ok = result["accepted"] == result["stored"] == result["stored_distinct"] and not any(
            int(k) >= 500 for k in result["statuses"])
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
