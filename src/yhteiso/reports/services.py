"""Writes of the reports app: publishing (freezing) a report, and the mid-term review's assessments."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.programme.models import Programme
from yhteiso.reports import renderers
from yhteiso.reports import snapshot as snap
from yhteiso.reports.models import ActionAssessment, KeyMessages, PublishedFile, PublishedReport
from yhteiso.reports.selectors import ReportInputError, build_snapshot
from yhteiso.reports.validation import check_publishable


def report_publish(*, as_of: dt.date, kind: str, language: str, actor, on: dt.date | None = None,
                   programme: Programme | None = None) -> PublishedReport:
    """Freeze a report: store its data snapshot with its SHA-256 and every generated file with its hash.

    Refuses a draft (the cut-off date has not passed), a Swedish version with untranslated texts, and a second
    publication of the same kind, cut-off date and language. ``programme`` is the programme reported on (the default
    one for ``None``)."""
    programme = programme or Programme.objects.default()
    data = build_snapshot(as_of=as_of, kind=kind, language=language, on=on, programme=programme)
    check_publishable(data, on=on)
    if PublishedReport.objects.filter(kind=kind, as_of=as_of, language=language, programme=programme).exists():
        raise ReportInputError(_("This report (%(kind)s, %(date)s, %(lang)s) has already been published; a "
                                 "published report is never replaced. Later corrections are shown as revisions "
                                 "since the report.") % {"kind": kind, "date": as_of.isoformat(), "lang": language})
    text = snap.canonical_json(data)
    files = {fmt: renderers.render(data, fmt) for fmt in renderers.FORMATS}
    try:
        with transaction.atomic():
            report = PublishedReport(kind=kind, as_of=as_of, language=language, snapshot_json=text, programme=programme,
                                     snapshot_sha256=snap.sha256_bytes(text.encode("utf-8")),
                                     published_by=actor if getattr(actor, "is_authenticated", False) else None)
            report.full_clean()
            report.save()
            for fmt, content in files.items():
                PublishedFile.objects.create(report=report, fmt=fmt, sha256=snap.sha256_bytes(content),
                                             size=len(content), content=content)
            audit_record(actor=actor, action="report.publish", instance=report, after={
                "kind": kind, "as_of": as_of, "language": language, "snapshot_sha256": report.snapshot_sha256,
                "files": {fmt: snap.sha256_bytes(c) for fmt, c in files.items()},
            })
    except IntegrityError as exc:
        raise ReportInputError(_("This report has already been published.")) from exc
    return report


ASSESSMENT_FIELDS = ("evidence_fi", "evidence_sv", "recommendation", "rationale_fi", "rationale_sv")


def assessment_save(*, project, review_date: dt.date, actor, **fields) -> ActionAssessment:
    """Create or update the mid-term review's assessment of one project or action."""
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        assessment = ActionAssessment.objects.select_for_update().filter(
            project=project, review_date=review_date).first()
        before = snapshot(assessment, ASSESSMENT_FIELDS) if assessment else None
        if assessment is None:
            assessment = ActionAssessment(project=project, review_date=review_date)
        for key, value in fields.items():
            setattr(assessment, key, value)
        assessment.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        assessment.full_clean()
        assessment.save()
        audit_record(actor=actor, action="report.assessment", instance=assessment, before=before,
                     after=snapshot(assessment, ASSESSMENT_FIELDS))
    return assessment


KEY_MESSAGE_FIELDS = ("text_fi", "text_sv")


def key_messages_save(*, kind: str, as_of: dt.date, actor, text_fi: str, text_sv: str,
                      programme: Programme | None = None) -> KeyMessages:
    """Create or update the staff-written key messages of one report of ``programme`` (the default programme for
    ``None``), shown on its summary page."""
    programme = programme or Programme.objects.default()
    with transaction.atomic():
        item = KeyMessages.objects.select_for_update().filter(kind=kind, as_of=as_of, programme=programme).first()
        before = snapshot(item, KEY_MESSAGE_FIELDS) if item else None
        if item is None:
            item = KeyMessages(kind=kind, as_of=as_of, programme=programme)
        item.text_fi, item.text_sv = text_fi.strip(), text_sv.strip()
        item.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        item.full_clean()
        item.save()
        audit_record(actor=actor, action="report.key_messages", instance=item, before=before,
                     after=snapshot(item, KEY_MESSAGE_FIELDS))
    return item

