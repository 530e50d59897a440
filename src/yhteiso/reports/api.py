"""Open data API of the published (frozen) reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yhteiso.reports.models import PublishedReport
from yhteiso.reports.selectors import load_snapshot, published_reports
from yhteiso.reports.snapshot import SnapshotError

router = Router(tags=["reports"])


class ReportFileOut(Schema):
    format: str
    sha256: str
    size: int
    url: str


class PublishedReportOut(Schema):
    id: int
    kind: str
    as_of: dt.date
    language: str
    published_at: dt.datetime
    snapshot_sha256: str
    snapshot_url: str
    files: list[ReportFileOut]


class PublishedSnapshotOut(Schema):
    id: int
    kind: str
    as_of: dt.date
    language: str
    sha256: str
    snapshot: dict[str, Any]


def _out(report: PublishedReport) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "id": report.pk, "kind": report.kind, "as_of": report.as_of, "language": report.language,
        "published_at": report.published_at, "snapshot_sha256": report.snapshot_sha256,
        "snapshot_url": f"/api/v1/reports/{report.pk}",
        "files": [{"format": f.fmt, "sha256": f.sha256, "size": f.size,
                   "url": reverse("reports:published-file", args=[report.pk, f.fmt])} for f in report.files.all()],
    }


@router.get("/reports", response=list[PublishedReportOut], summary="Published reports")
def list_reports(request):
    """Published (frozen) reports: the council reports, the mid-term review and the final report, each with its
    cut-off date, kind (`annual`, `midterm`, `final`), language, the SHA-256 of its data snapshot and of each
    generated file."""
    return [_out(r) for r in published_reports()]


@router.get("/reports/{report_id}", response={200: PublishedSnapshotOut, 409: dict}, summary="A report's snapshot")
def report_snapshot(request, report_id: int):
    """The frozen data snapshot of a published report. `sha256` is the SHA-256 of the snapshot's canonical JSON
    (keys sorted, no whitespace between tokens, UTF-8); recompute it to check the integrity. A snapshot that fails
    its own integrity check answers 409."""
    report = get_object_or_404(PublishedReport, pk=report_id)
    try:
        data = load_snapshot(report)
    except SnapshotError as exc:
        return JsonResponse({"detail": str(exc)}, status=409)
    return {"id": report.pk, "kind": report.kind, "as_of": report.as_of, "language": report.language,
            "sha256": report.snapshot_sha256, "snapshot": data}
