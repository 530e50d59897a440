"""Publishing freezes a report: snapshot and file hashes stored, regeneration identical, corrections shown as
revisions, a damaged snapshot refused; drafts and untranslated Swedish versions cannot be published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yhteiso.reports import renderers
from yhteiso.reports.selectors import ReportInputError, load_snapshot, report_regenerate, report_verify, revisions
from yhteiso.reports.services import report_publish
from yhteiso.reports.snapshot import SnapshotError, sha256_bytes
from yhteiso.reports.tests.conftest import APPROVED, AS_OF, ON

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published(programme, django_db_blocker):
    with django_db_blocker.unblock():
        return report_publish(as_of=AS_OF, kind="annual", language="fi", actor=None, on=ON)


def test_publishing_stores_the_snapshot_and_every_file_with_its_hash(published):
    from yhteiso.core.models import AuditEvent

    assert published.snapshot_sha256 == sha256_bytes(published.snapshot_json.encode())
    files = {f.fmt: f for f in published.files.all()}
    assert set(files) == {"pdf", "docx", "xlsx", "html"}
    for f in files.values():
        assert f.sha256 == sha256_bytes(bytes(f.content)) and f.size == len(bytes(f.content))
    event = AuditEvent.objects.get(action="report.publish", object_id=str(published.pk))
    assert event.after["snapshot_sha256"] == published.snapshot_sha256


def test_regenerating_a_published_report_from_its_snapshot_gives_the_same_files(published):
    for f in published.files.all():
        assert sha256_bytes(report_regenerate(report=published, fmt=f.fmt)) == f.sha256, f.fmt
    assert all(r["identical"] for r in report_verify(report=published))


def test_a_later_correction_is_shown_as_revised_since_the_report(published, programme):
    from yhteiso.programme.models import Measurement

    m = Measurement.objects.get(cell=programme["cells"][1], measured_on=dt.date(2025, 9, 30))
    Measurement.objects.filter(pk=m.pk).update(value=Decimal("74.55"))
    try:
        changes = revisions(load_snapshot(published))
    finally:
        Measurement.objects.filter(pk=m.pk).update(value=Decimal("74.05"))
    latest = [c for c in changes if "20–29-vuotiaat" in c["what"] and c["field"] == "viimeisin arvo"]
    assert latest == [{"what": latest[0]["what"], "field": "viimeisin arvo", "published": "74,05",
                       "current": "74,55"}]
    # The published files themselves are unchanged.
    assert sha256_bytes(report_regenerate(report=published, fmt="xlsx")) == published.files.get(fmt="xlsx").sha256


def test_nothing_is_revised_when_the_data_are_unchanged(published):
    assert revisions(load_snapshot(published)) == []


def test_a_measurement_entered_late_and_a_status_change_after_the_cut_off(published, programme):
    from yhteiso.programme.models import Measurement, Project
    from yhteiso.programme.services import project_set_status

    cell = programme["cells"][2]
    late = Measurement.objects.create(cell=cell, value=Decimal("23"), measured_on=dt.date(2025, 10, 1), source="KPT",
                                      approved_at=APPROVED)
    project = Project.objects.get(pk=programme["projects"][0].pk)
    project_set_status(project=project, status="completed", actor=None)
    try:
        changes = revisions(load_snapshot(published))
        from yhteiso.reports.selectors import build_snapshot

        again = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    finally:
        late.delete()
        Project.objects.filter(pk=project.pk).update(status="in_progress")
        from yhteiso.core.models import AuditEvent

        AuditEvent.objects.filter(action="project.status").delete()
    nps = [c for c in changes if "Suositteluindeksi" in c["what"]]
    assert {"field": "viimeisin arvo", "published": None, "current": "23"} in [
        {k: c[k] for k in ("field", "published", "current")} for c in nps]
    # The report of 31.12.2025 still shows the status the project had then (the audit log says when it changed).
    entry = next(p for p in again["projects"] if p["id"] == project.pk)
    assert entry["status"] == "in_progress"


def test_a_damaged_snapshot_fails_its_integrity_check(published):
    from yhteiso.reports.models import PublishedReport

    original = published.snapshot_json
    PublishedReport.objects.filter(pk=published.pk).update(snapshot_json=original.replace("75.9", "79.5", 1))
    try:
        damaged = PublishedReport.objects.get(pk=published.pk)
        with pytest.raises(SnapshotError, match=r"eheystarkistusta|integrity"):
            load_snapshot(damaged)
        with pytest.raises(SnapshotError):
            report_regenerate(report=damaged, fmt="pdf")
    finally:
        PublishedReport.objects.filter(pk=published.pk).update(snapshot_json=original)


def test_a_report_is_published_only_once(published):
    with pytest.raises(ReportInputError):
        report_publish(as_of=AS_OF, kind="annual", language="fi", actor=None, on=ON)


def test_a_draft_cannot_be_published(programme):
    with pytest.raises(ReportInputError, match=r"26"):
        report_publish(as_of=dt.date(2026, 12, 31), kind="annual", language="fi", actor=None, on=ON)


def test_a_swedish_version_with_untranslated_texts_cannot_be_published(programme):
    from yhteiso.programme.models import Indicator

    ind = programme["indicators"][1]
    Indicator.objects.filter(pk=ind.pk).update(name_sv="")
    try:
        with pytest.raises(ReportInputError) as info:
            report_publish(as_of=AS_OF, kind="annual", language="sv", actor=None, on=ON)
    finally:
        Indicator.objects.filter(pk=ind.pk).update(name_sv="Rekommendationsindex (NPS)")
    assert "Suositteluindeksi (NPS)" in str(info.value)


def test_a_cut_off_date_before_the_programme_started_is_refused(programme):
    from yhteiso.reports.selectors import build_snapshot

    with pytest.raises(ReportInputError, match=r"1\.1\.2025"):
        build_snapshot(as_of=dt.date(2024, 12, 31), on=ON)


def test_the_midterm_review_shows_each_actions_evidence_and_recommendation(programme):
    from yhteiso.core.models import AuditEvent
    from yhteiso.reports.selectors import build_snapshot
    from yhteiso.reports.services import assessment_save

    project = programme["projects"][0]
    review = dt.date(2025, 12, 31)
    assessment_save(project=project, review_date=review, actor=None, evidence_fi="Kolme kohtaamispaikkaa avattu.",
                    recommendation="adjust", rationale_fi="Kävijämäärät jäivät pieniksi.")
    data = build_snapshot(as_of=review, kind="midterm", language="fi", on=ON)
    entry = next(p for p in data["projects"] if p["id"] == project.pk)
    assert entry["assessment"]["recommendation"] == "adjust"
    text = renderers.render_html(data).decode()
    assert "Kolme kohtaamispaikkaa avattu." in text and "Muutetaan" in text and "Toimenpiteiden arviointi" in text
    assert AuditEvent.objects.filter(action="report.assessment").exists()
    from yhteiso.reports.models import ActionAssessment

    ActionAssessment.objects.all().delete()


def test_the_final_report_covers_the_whole_period(programme):
    from yhteiso.reports.selectors import build_snapshot

    data = build_snapshot(as_of=AS_OF, kind="final", language="fi", on=ON)
    assert data["period"]["start"] == "2025-01-01"
    assert data["planned_projects"] == []
    assert {p["name"] for p in data["projects"]} >= {"Nuorten aikuisten kohtaamispaikat", "Turvallisuuskävelyt"}
