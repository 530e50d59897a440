"""``yhteiso worker``: run background jobs from the database queue (see :mod:`yhteiso.jobs.runner`).

Django is set up only when the command runs, so this module imports nothing of Django at the top (the CLI imports
every command's module to build its help)."""

from __future__ import annotations

import os


def add_arguments(parser):
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds to wait when the queue is empty (default 1)")
    parser.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
    parser.add_argument("--max-tasks", type=int, default=None, help="exit after running this many jobs")
    parser.add_argument("--queue", default="*", help="queues to run, comma separated (default: all)")
    parser.add_argument("--stale-after", type=float, default=None,
                        help="seconds without a heartbeat after which another worker's running job is stale "
                             "(default $YHTEISO_WORKER_STALE_SECONDS or 60)")
    parser.add_argument("--max-attempts", type=int, default=2,
                        help="a stale job is retried until it has been started this many times (default 2)")
    parser.add_argument("--no-periodic", action="store_true", help="do not start the daily reminders")


def make_worker(args):
    from django.utils.crypto import get_random_string

    from yhteiso.jobs.runner import HEARTBEAT_SECONDS, YhteisoWorker

    stale = args.stale_after
    if stale is None:
        stale = float(os.environ.get("YHTEISO_WORKER_STALE_SECONDS") or 60)
    return YhteisoWorker(
        queue_names=[q for q in args.queue.split(",") if q], interval=args.interval, batch=args.batch,
        backend_name="default", startup_delay=False, max_tasks=args.max_tasks,
        worker_id=get_random_string(32), excluded_queue_names=[], stale_after=max(stale, HEARTBEAT_SECONDS * 2),
        max_attempts=max(1, args.max_attempts), periodic=not args.no_periodic)


def run(args) -> int:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend


    if not isinstance(task_backends["default"], DatabaseBackend):
        print("yhteiso worker needs the database task backend (YHTEISO_TASKS_BACKEND=database).", flush=True)
        return 2
    worker = make_worker(args)
    worker.configure_signals()
    print(f"Yhteisö worker {worker.worker_id} (pid {os.getpid()}) running; SIGTERM stops after the current job.",
          flush=True)
    worker.run()
    return 0


