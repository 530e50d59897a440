"""Starting background jobs and recording their progress.

Use :func:`job_task` to turn a function into a task whose first argument is a :class:`JobHandle`, and
:func:`job_enqueue` to start it::

    @job_task
    def statistics_import_job(job, *, staged, ...):
        job.progress(10, gettext_noop("Reading the file"))
        ...
        job.result(url, gettext_noop("Open the datasets"))

    job = job_enqueue(task=statistics_import_job, kind="statistics_import",
                      title=gettext_noop("Import of %(file)s"), title_params={"file": name}, actor=request.user,
                      kwargs={...})
    return redirect(job)  # the refreshable status page

The queue is django-tasks' database backend: a job enqueued inside a transaction becomes visible to the worker
only when that transaction commits. Tests may configure the immediate backend, which runs the job at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

GENERIC_FAILURE = gettext_noop(
    "The job stopped because of an unexpected error. Nothing was saved. The administrator can find the details in "
    "the log.")


class JobFailure(Exception):  # noqa: N818 - reads as what it is: the job failed, for this reason
    """A failure with a reason the user can act on: ``reason`` is an English source string (marked with
    ``gettext_noop``) with ``%(name)s`` parameters; it is shown translated on the job's status page."""

    def __init__(self, reason: str, **params: Any):
        self.reason = reason
        self.params = params
        super().__init__(reason % params if params else reason)


class JobHandle:
    """What a running job may do: report progress and its result."""

    def __init__(self, job: Job):
        self.job = job

    @property
    def id(self) -> str:
        return str(self.job.pk)

    @property
    def actor(self):
        if self.job.created_by_id is None:
            return None
        return get_user_model().objects.filter(pk=self.job.created_by_id).first()

    def progress(self, percent: int, message: str = "", **params: Any) -> None:
        """Record progress (0–100) and a short message (an English source string marked with ``gettext_noop``).
        Written at once (autocommit) when called outside a transaction, so the status page sees it."""
        percent = max(0, min(100, int(percent)))
        self.job.progress, self.job.message, self.job.message_params = percent, message[:300], params
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message[:300], message_params=params)

    def result_file(self, name: str, content: bytes, content_type: str) -> None:
        """Keep a file the job made (e.g. a rendered report or a large export); the status page links to it."""
        name = Path(name).name[:200] or "result"
        self.job.result_file = name
        path = self.job.result_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.job.result_content_type = content_type[:100]
        Job.objects.filter(pk=self.job.pk).update(result_file=name, result_content_type=content_type[:100])

    def result(self, url: str, label: str = "") -> None:
        self.job.result_url, self.job.result_label = url[:500], label[:200]
        Job.objects.filter(pk=self.job.pk).update(result_url=url[:500], result_label=label[:200])


def job_enqueue(*, task, kind: str, title: str, actor=None, title_params: dict | None = None,
                args: tuple = (), kwargs: dict | None = None, language: str | None = None) -> Job:
    """Record a job and put its task on the queue. ``task`` is a function decorated with :func:`job_task`; its
    ``args``/``kwargs`` must be JSON-serialisable. Returns the job (its ``get_absolute_url`` is the status page)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    job = Job.objects.create(kind=kind[:60], title=title[:300], title_params=title_params or {},
                             created_by=user, language=(language or translation.get_language() or "fi")[:10])
    result = task.enqueue(str(job.pk), *args, **(kwargs or {}))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def _start(job_id: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        job.state = JobState.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.error = None
        job.save(update_fields=["state", "started_at", "attempts", "error"])
    return job


def job_mark_failed(*, job: Job, reason: str, params: dict | None = None, details: dict | None = None) -> None:
    """Mark a job failed with a reason shown to the user (an English source string, translated when shown)."""
    error = {"reason": reason, "params": params or {}, **(details or {})}
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=error, finished_at=timezone.now())


def _finish(job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED, progress=100, finished_at=timezone.now())


def job_task(function: Callable | None = None, *, queue_name: str = "default", priority: int = 0):
    """Decorator: a django-tasks task that keeps its :class:`Job` up to date. The function receives a
    :class:`JobHandle` first. A :class:`JobFailure` or a :class:`ReaderError` fails the job with its reason; any
    other exception fails it with a generic reason (the traceback stays in the task's own record and the log)."""

    def decorate(func: Callable) -> Any:
        @functools.wraps(func)
        def run(job_id: str, *args: Any, **kwargs: Any) -> Any:
            job = _start(job_id)
            if job is None:
                logger.warning("job %s does not exist or has finished; not running it again", job_id)
                return None
            try:
                with translation.override(job.language):
                    value = func(JobHandle(job), *args, **kwargs)
            except JobFailure as exc:
                job_mark_failed(job=job, reason=exc.reason, params=exc.params)
                raise
            except ReaderError as exc:
                job_mark_failed(job=job, reason=gettext_noop("The file could not be read. Nothing was saved."),
                                details={"file": exc.file, "row": exc.row, "column": exc.column,
                                         "detail": exc.reason})
                raise
            except BaseException:
                job_mark_failed(job=job, reason=GENERIC_FAILURE)
                raise
            _finish(job)
            return value

        return task(run, queue_name=queue_name, priority=priority)

    if function is not None:
        return decorate(function)
    return decorate


def job_results_prune(*, keep_days: int | None = None, now=None) -> int:
    """Remove the files that finished jobs made more than ``keep_days`` (``settings.JOB_RESULT_DAYS``) ago, and
    the queue's records of tasks finished that long ago. The jobs stay in the list; their status page says the
    file was removed. Folders in ``job-results`` that no job owns (a job deleted by hand) go too. Returns the
    number of files removed."""
    keep_days = settings.JOB_RESULT_DAYS if keep_days is None else keep_days
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=keep_days)
    removed = 0
    old = Job.objects.filter(finished_at__lt=cutoff, result_removed_at__isnull=True).exclude(result_file="")
    for job in old.iterator():
        folder = job.result_path.parent
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        Job.objects.filter(pk=job.pk).update(result_removed_at=now)
    root = settings.DATA_DIR / "job-results"
    if root.is_dir():
        owned = {str(pk) for pk in Job.objects.filter(result_removed_at__isnull=True).exclude(result_file="")
                 .values_list("pk", flat=True)}
        for folder in root.iterdir():
            stale = dt.datetime.fromtimestamp(folder.stat().st_mtime, tz=dt.UTC) < cutoff
            if folder.is_dir() and folder.name not in owned and stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    logger.info("job results older than %s days removed: %s", keep_days, removed)
    return removed


@task()
def prune_job_results_job() -> int:
    """The daily run started by ``yhteiso worker``."""
    return job_results_prune()
