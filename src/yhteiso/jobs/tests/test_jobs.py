"""Background jobs on the real database queue: status page, failures in the user's language, the worker's
heartbeat, the daily schedule claimed once, stale jobs of a stopped worker retried then failed."""

import datetime as dt
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.jobs.models import Job, JobState, PeriodicRun, WorkerBeat
from yhteiso.jobs.runner import HEARTBEAT_KEY, YhteisoWorker
from yhteiso.jobs.services import job_enqueue, job_results_prune
from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.jobs.tests import tasks_for_tests as t

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user(username="staff", password=None)
    user.groups.add(Group.objects.get_or_create(name=PROGRAMME_STAFF)[0])
    return user


def _worker(**kw):
    options = {"queue_names": ["*"], "interval": 0, "batch": True, "backend_name": "default", "startup_delay": False,
               "max_tasks": None, "worker_id": "w-test", "excluded_queue_names": [], "stale_after": 30,
               "max_attempts": 2, "periodic": False}
    return YhteisoWorker(**{**options, **kw})


def _enqueue(task, staff, **kwargs):
    return job_enqueue(task=task, kind="test", title="Import of the statistics in %(file)s",
                       title_params={"file": "a.csv"}, actor=staff, kwargs=kwargs)


def test_a_queued_job_has_a_refreshing_status_page_then_shows_its_result(client, staff):
    job = _enqueue(t.succeed, staff, url="/tietopohja/aineistot/")
    client.force_login(staff)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "Jonossa" in page
    assert "Tilastojen tuonti tiedostosta a.csv" in page and 'href="' + job.get_absolute_url() + '"' in page
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY
    assert run_queued_jobs() == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and "Valmis" in page and 'value="100"' in page
    assert 'id="job-result" href="/tietopohja/aineistot/">Avaa aineistot' in page
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL
    client.cookies["yhteiso_language"] = "sv"
    sv = client.get(job.get_absolute_url()).content.decode()
    assert "Import av statistiken i a.csv" in sv and "Klart" in sv


def test_a_failed_job_shows_its_reason_in_the_users_language_and_no_traceback(client, staff):
    reasoned = _enqueue(t.fail_with_reason, staff)
    crashed = _enqueue(t.crash, staff)
    run_queued_jobs()
    client.force_login(staff)
    page = client.get(reasoned.get_absolute_url()).content.decode()
    assert "Epäonnistui" in page and "Ladattu tiedosto ei ole enää saatavilla; lataa se uudelleen." in page
    page = client.get(crashed.get_absolute_url()).content.decode()
    assert "Työ keskeytyi odottamattomaan virheeseen" in page
    assert "Traceback" not in page and "passwd" not in page and "RuntimeError" not in page
    record = DBTaskResult.objects.get(pk=crashed.task_id)  # the details stay for the administrator
    assert record.status == TaskResultStatus.FAILED and "passwd" in record.traceback


def test_only_staff_or_the_starter_see_a_job(client, staff):
    job = _enqueue(t.succeed, staff, url="/")
    assert client.get(job.get_absolute_url()).status_code == 302  # to the login page
    other = get_user_model().objects.create_user(username="other", password=None)
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 403
    assert client.get(reverse("jobs:list")).status_code == 403
    client.force_login(staff)
    assert "Tilastojen tuonti" in client.get(reverse("jobs:list")).content.decode()


def test_the_worker_writes_its_heartbeat_to_the_cache():
    cache.delete(HEARTBEAT_KEY)
    worker = _worker()
    before = time.time()
    worker.start_heartbeat()
    try:
        beat = cache.get(HEARTBEAT_KEY)
        assert isinstance(beat, float) and before <= beat <= time.time()
        assert WorkerBeat.objects.filter(worker_id="w-test", stopped=False).exists()
    finally:
        worker.stop_heartbeat()
    assert WorkerBeat.objects.get(worker_id="w-test").stopped


def test_the_daily_reminders_are_started_once_a_day_however_many_workers_run(monkeypatch):
    now = timezone.localtime().replace(hour=7)
    monkeypatch.setattr(timezone, "localtime", lambda *a: now)
    first, second = _worker(worker_id="a", periodic=True), _worker(worker_id="b", periodic=True)
    assert first.schedule_periodic() == ["send_reminders", "prune_job_results", "prune_follow_ups"]
    assert second.schedule_periodic() == []
    assert first.schedule_periodic() == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_job").count() == 1
    assert PeriodicRun.objects.get(name="send_reminders").last_run_on == now.date()
    assert second.schedule_periodic(today=now.date() + dt.timedelta(days=1)) == ["send_reminders", "prune_job_results", "prune_follow_ups"]


def test_a_job_left_running_by_a_stopped_worker_is_retried_once_then_failed(client, staff):
    job = _enqueue(t.succeed, staff, url="/")
    dead = _worker(worker_id="dead")
    WorkerBeat.objects.create(worker_id="dead", started_at=timezone.now(), beat_at=timezone.now()
                              - dt.timedelta(minutes=5))
    for attempt in (1, 2):
        record = dead.next_task()
        assert record is not None and str(record.pk) == job.task_id
        Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=attempt)  # killed while running
        found = _worker(worker_id="alive").recover_stale()
        assert found == 1
        record.refresh_from_db()
        job.refresh_from_db()
        if attempt == 1:
            assert record.status == TaskResultStatus.READY and job.state == JobState.QUEUED
    assert record.status == TaskResultStatus.FAILED and job.state == JobState.FAILED
    client.force_login(staff)
    assert "Taustaprosessi pysähtyi kesken tämän työn (2 yrityksen jälkeen)" in client.get(
        job.get_absolute_url()).content.decode()


def test_a_live_workers_running_job_is_left_alone(staff):
    job = _enqueue(t.succeed, staff, url="/")
    live = _worker(worker_id="live")
    WorkerBeat.objects.create(worker_id="live", started_at=timezone.now(), beat_at=timezone.now())
    live.next_task()
    assert _worker(worker_id="other").recover_stale() == 0
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.RUNNING


def test_files_of_jobs_finished_long_ago_are_removed_and_the_page_says_so(client, staff, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    old, recent = (_enqueue(t.succeed, staff, url="/") for _ in range(2))
    for job in (old, recent):
        job.result_file = "raportti.pdf"
        job.result_path.parent.mkdir(parents=True, exist_ok=True)
        job.result_path.write_bytes(b"%PDF-1.7 test")
        Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED, result_file="raportti.pdf",
                                             result_content_type="application/pdf")
    now = timezone.now()
    Job.objects.filter(pk=old.pk).update(finished_at=now - dt.timedelta(days=31))
    Job.objects.filter(pk=recent.pk).update(finished_at=now - dt.timedelta(days=29))
    orphan = settings.DATA_DIR / "job-results" / "no-such-job"
    orphan.mkdir(parents=True)
    (orphan / "x.csv").write_text("a")
    kept_orphan = settings.DATA_DIR / "job-results" / "new-orphan"  # too new to be sure nobody is writing it
    kept_orphan.mkdir()
    long_ago = (now - dt.timedelta(days=40)).timestamp()
    os.utime(orphan, (long_ago, long_ago))
    settings.JOB_RESULT_DAYS = 30

    assert job_results_prune() == 2
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_path.exists() and old.result_removed_at is not None
    assert recent.result_path.read_bytes() == b"%PDF-1.7 test" and recent.result_removed_at is None
    assert not orphan.exists() and kept_orphan.exists()
    client.force_login(staff)
    page = client.get(old.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Sen tiedosto poistettiin" in page and 'id="job-file"' not in page
    assert client.get(reverse("jobs:file", args=[old.pk])).status_code == 404
    assert client.get(reverse("jobs:file", args=[recent.pk])).status_code == 200
    assert job_results_prune() == 0  # nothing twice
