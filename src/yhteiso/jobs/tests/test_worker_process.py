"""The real worker as a separate process on the real database queue (a fresh SQLite file, or a fresh PostgreSQL
database when the tests run on PostgreSQL): SIGKILL in the middle of an import leaves nothing written and the job
is retried on the next start; SIGTERM lets the running job finish before the worker exits."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

SETUP = """
from yhteiso.areas.models import AreaLevel
from yhteiso.areas.services import area_get_or_create_city, boundaries_import
from yhteiso.jobs.services import job_enqueue
from yhteiso.jobs.tests import tasks_for_tests as t
from yhteiso.knowledge.tests.conftest import grid_geojson, grid_table
area_get_or_create_city(code="049", name_fi="Espoo", name_sv="Esbo")
boundaries_import(data=grid_geojson(), filename="grid.geojson", level=AreaLevel.POSTAL_AREA, parent="049",
                  parent_level=AreaLevel.CITY, attribution="Rajat: testi", licence="CC BY 4.0")
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from yhteiso.jobs.models import Job
from yhteiso.knowledge.models import Dataset, ImportBatch, Observation
job = Job.objects.get(pk=JOB_ID)
print(json.dumps({"observations": Observation.objects.count(), "batches": ImportBatch.objects.count(),
                  "datasets": Dataset.objects.filter(code="kill").count(), "job": job.state,
                  "attempts": job.attempts, "task": DBTaskResult.objects.get(pk=job.task_id).status}))
"""


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    """Environment of a migrated database that a subprocess can open."""
    base = tmp_path_factory.mktemp("worker")
    env = {**os.environ, "YHTEISO_DATA_DIR": str(base), "YHTEISO_SECRET_KEY": "worker-test-key",
           "YHTEISO_TASKS_BACKEND": "database", "YHTEISO_WORKER_HEARTBEAT_SECONDS": "0.5",
           "YHTEISO_WORKER_STALE_SECONDS": "1", "YHTEISO_EMAIL_URL": "locmem:"}
    src = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    db = settings.DATABASES["default"]
    drop = None
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"yhteiso_worker_{uuid.uuid4().hex[:8]}"
        params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
                  "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
        with psycopg.connect(**params) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{name}")

        def drop():
            with psycopg.connect(**params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{base}/worker.sqlite3"
    subprocess.run([sys.executable, "-m", "yhteiso.cli", "manage", "migrate", "-v0"], env=env, check=True,
                   timeout=300)
    _python(env, SETUP)
    yield env
    if drop:
        drop()


def _python(env, code: str) -> str:
    script = "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'yhteiso.config.settings')\n" \
             "django.setup()\n" + code
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _enqueue(env, task: str, kwargs: str) -> str:
    return _python(env, f"""
from yhteiso.jobs.services import job_enqueue
from yhteiso.jobs.tests import tasks_for_tests as t
from yhteiso.knowledge.tests.conftest import grid_table
job = job_enqueue(task=t.{task}, kind="test", title="Import of the statistics in %(file)s",
                  title_params={{"file": "kill.csv"}}, kwargs={kwargs})
print(job.pk)
""").strip()


def _state(env, job_id: str) -> dict:
    return json.loads(_python(env, STATE.replace("JOB_ID", repr(job_id))).strip().splitlines()[-1])


def _start_worker(env, *args):
    return subprocess.Popen([sys.executable, "-m", "yhteiso.cli", "worker", "--interval", "0.2", "--no-periodic",
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(path: Path, proc, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the worker exited early: {proc.stdout.read()[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the job did not start in time")
        time.sleep(0.1)


def test_sigkill_during_an_import_leaves_nothing_written_and_the_job_is_retried(worker_env, tmp_path):
    marker = tmp_path / "importing"
    job_id = _enqueue(worker_env, "import_then_hang", f'{{"data": grid_table(2024).decode(), "marker": "{marker}"}}')
    worker = _start_worker(worker_env)
    try:
        _wait_for(marker, worker)  # the rows are written inside the job's open transaction
        time.sleep(0.3)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    state = _state(worker_env, job_id)
    assert state["observations"] == 0 and state["batches"] == 0 and state["datasets"] == 0  # nothing half-written
    assert state["job"] == "running" and state["task"] == "RUNNING"  # until a worker notices
    time.sleep(1.5)  # the killed worker's heartbeat is now stale
    again = subprocess.run([sys.executable, "-m", "yhteiso.cli", "worker", "--batch", "--interval", "0",
                            "--no-periodic"], env=worker_env, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    state = _state(worker_env, job_id)
    assert state == {"observations": 12 * 9, "batches": 1, "datasets": 1, "job": "succeeded", "attempts": 2,
                     "task": "SUCCESSFUL"}


def test_sigterm_lets_the_running_job_finish_then_the_worker_exits(worker_env, tmp_path):
    marker = tmp_path / "sleeping"
    job_id = _enqueue(worker_env, "slow", f'{{"seconds": 2, "marker": "{marker}"}}')
    worker = _start_worker(worker_env)
    try:
        _wait_for(marker, worker)
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    assert time.monotonic() - started > 1.0  # it waited for the job
    state = _python(worker_env, f"""
from yhteiso.jobs.models import Job, WorkerBeat
job = Job.objects.get(pk={job_id!r})
print(job.state, job.progress, WorkerBeat.objects.filter(stopped=False).count() <= 1)
""").split()
    assert state == ["succeeded", "100", "True"]
