"""Background jobs as staff see them: what was started, by whom, its state, progress and result.

The queue itself is django-tasks' database backend (``django_tasks_db.DBTaskResult``); a :class:`Job` is the
staff-facing record of one enqueued task. Titles, messages and failure reasons are stored as English source strings
with parameters and translated when shown, so each viewer reads them in their own language."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


def _translated(message: str, params: dict | None) -> str:
    if not message:
        return ""
    text = gettext(message)
    try:
        return text % (params or {}) if params else text
    except (KeyError, TypeError, ValueError):
        return text


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    title_params = models.JSONField(_("title parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED,
                             db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    message_params = models.JSONField(_("message parameters"), default=dict, blank=True)
    error = models.JSONField(_("reason of failure"), null=True, blank=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    result_label = models.CharField(_("result label"), max_length=200, blank=True)
    result_file = models.CharField(_("result file"), max_length=200, blank=True,
                                   help_text=_("Name of a file the job made, kept in the data directory."))
    result_content_type = models.CharField(_("type of the result file"), max_length=100, blank=True)
    result_removed_at = models.DateTimeField(_("result file removed"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    language = models.CharField(_("language"), max_length=10, default="fi")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="jobs_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("jobs:status", args=[self.pk])

    @property
    def display_title(self) -> str:
        return _translated(self.title, self.title_params)

    @property
    def display_message(self) -> str:
        return _translated(self.message, self.message_params)

    @property
    def display_error(self) -> str:
        if not self.error:
            return ""
        return _translated(self.error.get("reason", ""), self.error.get("params"))

    @property
    def result_path(self):
        """Where the job's result file is kept (``DATA_DIR/job-results/<job id>/<name>``)."""
        return settings.DATA_DIR / "job-results" / str(self.pk) / self.result_file

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)


class WorkerBeat(models.Model):
    """A running ``yhteiso worker`` process and when it last said it was alive (also kept in the cache key
    ``yhteiso:worker-heartbeat`` for ``/readyz``). A job whose worker has stopped beating is stale."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=200, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)
    stopped = models.BooleanField(_("stopped"), default=False)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"


class PeriodicRun(models.Model):
    """The last day a periodic job was started. One row per job name; a worker claims a day with a conditional
    update, so several workers never start the same day's run twice."""

    name = models.CharField(_("name"), max_length=60, primary_key=True)
    last_run_on = models.DateField(_("last run"))

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_run_on}"
