"""Writes of the reports app: publishing (freezing) a report, and the mid-term review's assessments."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.reports import renderers
from yhteiso.reports import snapshot as snap
from yhteiso.reports.models import ActionAssessment, KeyMessages, PublishedFile, PublishedReport
from yhteiso.reports.selectors import ReportInputError, build_snapshot, load_snapshot, today


def missing_translations_message(missing: list[dict[str, str]], *, publishing: bool = True) -> str:
    if publishing:
        first = _("The Swedish version cannot be published: these texts have not been translated into Swedish "
                  "(%(count)s):")
    else:
        first = _("The Swedish version is not complete: these texts have not been translated into Swedish "
                  "(%(count)s):")
    lines = [first % {"count": len(missing)}]
    lines += [f"- {m['label']}" for m in missing]
    return "\n".join(lines)


def check_publishable(report_snapshot: dict[str, Any], *, on: dt.date | None = None) -> None:
    """Raise :class:`ReportInputError` when the snapshot may not be published (draft, missing Swedish texts)."""
    on = on or today()
    as_of = dt.date.fromisoformat(report_snapshot["as_of"])
    if report_snapshot["draft"] or as_of >= on:
        raise ReportInputError(
            _("The cut-off date %(date)s has not passed yet, so the report is a draft and cannot be published. "
              "Publish it after %(date)s.") % {"date": f"{as_of.day}.{as_of.month}.{as_of.year}"})
    if report_snapshot["missing_translations"]:
        raise ReportInputError(missing_translations_message(report_snapshot["missing_translations"]))


def report_publish(*, as_of: dt.date, kind: str, language: str, actor, on: dt.date | None = None) -> PublishedReport:
    """Freeze a report: store its data snapshot with its SHA-256 and every generated file with its hash.

    Refuses a draft (the cut-off date has not passed), a Swedish version with untranslated texts, and a second
    publication of the same kind, cut-off date and language."""
    data = build_snapshot(as_of=as_of, kind=kind, language=language, on=on)
    check_publishable(data, on=on)
    if PublishedReport.objects.filter(kind=kind, as_of=as_of, language=language).exists():
        raise ReportInputError(_("This report (%(kind)s, %(date)s, %(lang)s) has already been published; a "
                                 "published report is never replaced. Later corrections are shown as revisions "
                                 "since the report.") % {"kind": kind, "date": as_of.isoformat(), "lang": language})
    text = snap.canonical_json(data)
    files = {fmt: renderers.render(data, fmt) for fmt in renderers.FORMATS}
    try:
        with transaction.atomic():
            report = PublishedReport(kind=kind, as_of=as_of, language=language, snapshot_json=text,
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


def report_regenerate(*, report: PublishedReport, fmt: str) -> bytes:
    """The file of a published report generated again from its stored snapshot (after the integrity check)."""
    return renderers.render(load_snapshot(report), fmt)


def report_verify(*, report: PublishedReport) -> list[dict[str, Any]]:
    """Regenerate every file from the snapshot and compare with the stored hashes.

    PDF: when the bytes differ (another WeasyPrint version), the extracted text is compared instead and the
    result says so."""
    data = load_snapshot(report)
    results = []
    for stored in report.files.all():
        content = renderers.render(data, stored.fmt)
        digest = snap.sha256_bytes(content)
        result = {"fmt": stored.fmt, "stored": stored.sha256, "regenerated": digest,
                  "identical": digest == stored.sha256, "text_identical": None}
        if not result["identical"] and stored.fmt == "pdf":
            result["text_identical"] = pdf_text(content) == pdf_text(bytes(stored.content))
        results.append(result)
    return results


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


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


def key_messages_save(*, kind: str, as_of: dt.date, actor, text_fi: str, text_sv: str) -> KeyMessages:
    """Create or update the staff-written key messages of one report (shown on its summary page)."""
    with transaction.atomic():
        item = KeyMessages.objects.select_for_update().filter(kind=kind, as_of=as_of).first()
        before = snapshot(item, KEY_MESSAGE_FIELDS) if item else None
        if item is None:
            item = KeyMessages(kind=kind, as_of=as_of)
        item.text_fi, item.text_sv = text_fi.strip(), text_sv.strip()
        item.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        item.full_clean()
        item.save()
        audit_record(actor=actor, action="report.key_messages", instance=item, before=before,
                     after=snapshot(item, KEY_MESSAGE_FIELDS))
    return item


def export_envelope(report: PublishedReport) -> str:
    """The snapshot with its recorded hash, as written by ``yhteiso report snapshot``."""
    data = load_snapshot(report)
    return json.dumps({"sha256": report.snapshot_sha256, "snapshot": data}, ensure_ascii=False, indent=1,
                      sort_keys=True)
