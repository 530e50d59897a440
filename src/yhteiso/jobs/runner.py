"""The worker behind ``yhteiso worker``: runs background jobs from the database queue, one at a time per process.

* Heartbeat: a thread writes ``yhteiso:worker-heartbeat`` = Unix time (float) to the Django cache every
  ``HEARTBEAT_SECONDS`` (also while a long job runs) and keeps this worker's :class:`WorkerBeat` row fresh.
* Stale jobs: at start and every minute, a job left "running" by a worker whose heartbeat stopped (the process was
  killed) is put back on the queue once, or marked failed after ``--max-attempts``. A job's writes are one
  transaction, so a killed job left nothing half-written.
* Periodic jobs: ``send_reminders`` and ``prune_job_results`` (files of jobs finished more than
  ``YHTEISO_JOB_RESULT_DAYS`` ago) run once a day each (claimed with a conditional update of a
  :class:`PeriodicRun` row, so two workers never both start it).
* SIGTERM/SIGINT: the job that is running finishes, then the worker exits; a second signal stops at once.
* Bounded: ``--max-tasks`` and ``--batch`` (run what is queued, then exit) end the process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time

from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.db.utils import DatabaseError, IntegrityError, OperationalError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from yhteiso.jobs.models import Job, JobState, PeriodicRun, WorkerBeat
from yhteiso.jobs.services import job_mark_failed

logger = logging.getLogger("yhteiso.worker")

HEARTBEAT_KEY = "yhteiso:worker-heartbeat"
HEARTBEAT_SECONDS = min(10.0, max(0.2, float(os.environ.get("YHTEISO_WORKER_HEARTBEAT_SECONDS") or 5)))
RECOVERY_SECONDS = 60.0
STOPPED_WORKER = gettext_noop(
    "The worker stopped while running this job (after %(attempts)s attempts). Nothing was saved; start the job "
    "again.")

PERIODIC = {
    # name -> (task path, local hour from which it may run)
    "send_reminders": ("yhteiso.notices.tasks.send_reminders_job", 6),
    "prune_job_results": ("yhteiso.jobs.services.prune_job_results_job", 3),
    # follow-up addresses past their retention period (yhteiso.respondents.followup)
    "prune_follow_ups": ("yhteiso.respondents.followup.follow_ups_prune_job", 3),
}


class YhteisoWorker(Worker):
    def __init__(self, *, stale_after: float, max_attempts: int, periodic: bool, **kwargs):
        super().__init__(**kwargs)
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self.periodic = periodic
        self._stop_beat = threading.Event()
        self._last_recovery = 0.0
        self._beat_thread: threading.Thread | None = None

    # --- heartbeat ---------------------------------------------------------------------------------------------

    def beat(self) -> None:
        now = time.time()
        try:
            cache.set(HEARTBEAT_KEY, now, timeout=None)
        except Exception:  # the cache may be briefly unavailable (e.g. SQLite locked by a long import)
            logger.warning("worker heartbeat: cache write failed", exc_info=True)
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).update(beat_at=timezone.now())
        except DatabaseError:
            logger.warning("worker heartbeat: database write failed", exc_info=True)

    def _beat_loop(self) -> None:
        try:
            while not self._stop_beat.wait(HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connection.close()

    def start_heartbeat(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname()[:200], "pid": os.getpid(), "started_at": now, "beat_at": now,
                      "stopped": False})
        self.beat()
        self._beat_thread = threading.Thread(target=self._beat_loop, name="yhteiso-heartbeat", daemon=True)
        self._beat_thread.start()

    def stop_heartbeat(self) -> None:
        self._stop_beat.set()
        with contextlib.suppress(DatabaseError):
            WorkerBeat.objects.filter(worker_id=self.worker_id).update(stopped=True)

    # --- stale jobs ----------------------------------------------------------------------------------------------

    def recover_stale(self) -> int:
        """Requeue (or fail) tasks left running by workers that stopped beating. Returns how many were found."""
        limit = timezone.now() - dt.timedelta(seconds=self.stale_after)
        alive = set(WorkerBeat.objects.filter(beat_at__gte=limit, stopped=False).values_list("worker_id", flat=True))
        alive.add(self.worker_id)
        found = 0
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
            last_worker = result.worker_ids[-1] if result.worker_ids else ""
            if last_worker in alive:
                continue
            with exclusive_transaction():
                locked = DBTaskResult.objects.select_for_update().filter(
                    pk=result.pk, status=TaskResultStatus.RUNNING).first()
                if locked is None:
                    continue
                found += 1
                job = Job.objects.filter(task_id=str(locked.pk)).first()
                attempts = job.attempts if job else len(locked.worker_ids)
                if attempts < self.max_attempts:
                    locked.status = TaskResultStatus.READY
                    locked.save(update_fields=["status"])
                    if job is not None:
                        Job.objects.filter(pk=job.pk).update(
                            state=JobState.QUEUED, message=gettext_noop("Restarted after the worker stopped"),
                            message_params={})
                    logger.warning("requeued task %s left running by stopped worker %s", locked.pk, last_worker)
                else:
                    locked.set_failed(RuntimeError(f"worker {last_worker} stopped while running this task"))
                    if job is not None:
                        job_mark_failed(job=job, reason=STOPPED_WORKER, params={"attempts": attempts})
                    logger.warning("marked task %s failed: worker %s stopped", locked.pk, last_worker)
        WorkerBeat.objects.filter(beat_at__lt=timezone.now() - dt.timedelta(days=1)).delete()  # long gone
        self._last_recovery = time.monotonic()
        return found

    # --- periodic jobs -------------------------------------------------------------------------------------------

    def schedule_periodic(self, today: dt.date | None = None) -> list[str]:
        """Enqueue each daily job once per day across all workers. Returns the names enqueued by this worker."""
        now = timezone.localtime()
        today = today or now.date()
        started = []
        for name, (path, hour) in PERIODIC.items():
            if now.hour < hour and today == now.date():
                continue
            try:
                with transaction.atomic():
                    PeriodicRun.objects.get_or_create(name=name,
                                                      defaults={"last_run_on": today - dt.timedelta(days=1)})
            except IntegrityError:
                pass
            with transaction.atomic():
                claimed = PeriodicRun.objects.filter(name=name, last_run_on__lt=today).update(last_run_on=today)
                if claimed:
                    import_string(path).enqueue()
                    started.append(name)
        return started

    # --- main loop -----------------------------------------------------------------------------------------------

    def tick(self) -> None:
        if time.monotonic() - self._last_recovery >= RECOVERY_SECONDS:
            self.recover_stale()
        if self.periodic:
            self.schedule_periodic()

    def next_task(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                result = tasks.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
                return result
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return None
                raise

    def run(self) -> None:
        logger.info("worker %s starting", self.worker_id)
        self.start_heartbeat()
        try:
            self.recover_stale()
            while self.running:
                close_old_connections()
                self.tick()
                result = self.next_task()
                if result is not None:
                    self.run_task(result)
                elif self.batch:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                close_old_connections()
                if self.running and result is None:
                    time.sleep(self.interval)
        finally:
            self.stop_heartbeat()
