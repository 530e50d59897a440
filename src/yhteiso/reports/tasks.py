"""Report rendering and publishing as background jobs (a PDF takes several seconds to render)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_noop

from yhteiso.jobs.services import JobFailure, job_task
from yhteiso.programme.selectors_programmes import programme_by_slug
from yhteiso.reports import document, renderers
from yhteiso.reports.selectors import ReportInputError, build_snapshot
from yhteiso.reports.services import report_publish


@job_task
def report_render_job(job, *, as_of: str, kind: str, language: str, fmt: str, programme: str = "") -> dict:
    job.progress(10, gettext_noop("Collecting the report's data"))
    try:
        data = build_snapshot(as_of=dt.date.fromisoformat(as_of), kind=kind, language=language,
                              programme=programme_by_slug(programme))
    except ReportInputError as exc:
        raise JobFailure("%(message)s", message=str(exc)) from exc
    job.progress(40, gettext_noop("Rendering the file"))
    content = renderers.render(data, fmt)
    job.result_file(f"{document.file_stem(data)}.{fmt}", content, renderers.CONTENT_TYPES[fmt])
    return {"bytes": len(content)}


@job_task
def report_publish_job(job, *, as_of: str, kind: str, language: str, programme: str = "") -> dict:
    job.progress(10, gettext_noop("Collecting the report's data and rendering every format"))
    try:
        report = report_publish(as_of=dt.date.fromisoformat(as_of), kind=kind, language=language, actor=job.actor,
                                programme=programme_by_slug(programme))
    except ReportInputError as exc:
        raise JobFailure("%(message)s", message=str(exc)) from exc
    job.result(reverse("reports:published-detail", args=[report.pk]), gettext_noop("Open the published report"))
    return {"report": report.pk}
