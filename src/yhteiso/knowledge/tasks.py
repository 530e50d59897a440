"""Imports as background jobs: the upload page stages the file and enqueues one of these; the worker imports it
(one transaction: a job killed half-way leaves nothing behind) and the recomputation the import triggers."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from yhteiso.areas.services import boundaries_import
from yhteiso.jobs.services import JobFailure, job_task
from yhteiso.knowledge.services import statistics_import

STAGED_RE = re.compile(r"[0-9a-f]{64}")


def staged_path(staged: str):
    return settings.DATA_DIR / "uploads" / f"{staged}.bin"


def _read_staged(staged: str) -> bytes:
    path = staged_path(staged)
    if not STAGED_RE.fullmatch(staged or "") or not path.exists():
        raise JobFailure(gettext_noop("The uploaded file is no longer available; upload it again."))
    return path.read_bytes()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@job_task
def statistics_import_job(job, *, staged: str, filename: str, kind: str, level: str, dataset: dict,
                          options: dict) -> dict:
    job.progress(5, gettext_noop("Reading the file"))
    data = _read_staged(staged)
    job.progress(20, gettext_noop("Importing the values and recomputing the indices"))
    dataset = {**dataset, "retrieved_on": _date(dataset.get("retrieved_on"))}
    report = statistics_import(kind=kind, data=data, filename=filename, level=level, dataset=dataset,
                               options=options, actor=job.actor)
    staged_path(staged).unlink(missing_ok=True)
    job.result(reverse("knowledge:datasets"), gettext_noop("Open the datasets"))
    if report.already_imported:
        job.progress(100, gettext_noop("This file has been imported before; nothing changed."))
    else:
        job.progress(100, gettext_noop("Imported %(cells)s values; recomputed %(indices)s indices."),
                     cells=report.cells, indices=len(report.recomputed))
    return {"cells": report.cells, "already_imported": report.already_imported}


@job_task
def boundaries_import_job(job, *, staged: str, filename: str, params: dict) -> dict:
    job.progress(5, gettext_noop("Reading the file"))
    data = _read_staged(staged)
    job.progress(20, gettext_noop("Importing the boundaries"))
    params = {**params, "retrieved_on": _date(params.get("retrieved_on"))}
    boundaries_import(data=data, filename=filename, actor=job.actor, **params)
    staged_path(staged).unlink(missing_ok=True)
    job.result(reverse("knowledge:datasets"), gettext_noop("Open the datasets"))
    job.progress(100, gettext_noop("The boundaries were imported."))
    return {}
