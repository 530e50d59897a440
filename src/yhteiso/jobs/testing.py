"""For tests: run the queued jobs in this process, as ``yhteiso worker --batch`` would (without its heartbeat
thread), on the real database queue."""

from __future__ import annotations

from yhteiso.jobs.runner import YhteisoWorker


def run_queued_jobs(*, max_tasks: int = 100) -> int:
    """Run everything on the queue, then return how many tasks ran."""
    worker = YhteisoWorker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                           max_tasks=max_tasks, worker_id="test-worker", excluded_queue_names=[],
                           stale_after=60, max_attempts=2, periodic=False)
    while worker._run_tasks < max_tasks:
        result = worker.next_task()
        if result is None:
            break
        worker.run_task(result)
    return worker._run_tasks
