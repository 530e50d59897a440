"""Writes of project owners and staff: progress reports, their attachments, pilots, and the pilot counts of the
Table 1 indicators that follow from the pilots. Every function is keyword-only, runs in one transaction, checks
who is writing (the project's responsible person, a deputy or programme staff; anyone else gets
``PermissionDenied``), validates, and records the change in the audit log."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yhteiso.areas.models import Area
from yhteiso.core import attachments
from yhteiso.core.audit import AuditNote, audit_record, snapshot
from yhteiso.programme import services, services_rows
from yhteiso.programme.models import (
    IndicatorCell,
    Measurement,
    Pilot,
    ProgressReport,
    Project,
    ProjectStatus,
    ReachGroup,
    ReachRow,
    ReportAttachment,
    ReportingDeadline,
    TargetKind,
)
from yhteiso.programme.selectors_progress import pilot_count_timeline, pilot_programme_ids

#: Largest attachment accepted (bytes).
ATTACHMENT_MAX_BYTES = attachments.ATTACHMENT_MAX_BYTES
#: Attachments per report.
ATTACHMENTS_PER_REPORT = 20
#: Source written on the pilot-count measurements (content is in the plan's language, Finnish).
PILOT_COUNT_SOURCE = "Ohjelman projekteille kirjatut pilotit"
PILOT_FIELDS = ("name", "indicator", "area", "status", "start_date", "end_date", "evaluation_method", "findings",
                "positive_mechanisms")
REPORT_FIELDS = ("status", "status_note", "milestones_done", "milestones_next", "outputs", "costs_incurred",
                 "problems")


def _report_state(report: ProgressReport) -> dict:
    data = snapshot(report)
    data["reach"] = [[r.group, r.area_id, r.people] for r in report.reach_rows.order_by("id")]
    return data


def _clean_reach(reach) -> list[tuple[str, Area | None, int]]:
    """Check the people-reached rows: a known group, a whole number of at least one, each group and area once.
    Errors name the row (1-based)."""
    rows: list[tuple[str, Area | None, int]] = []
    seen: set[tuple[str, int | None]] = set()
    for n, (group, area, people) in enumerate(reach, start=1):
        if group not in ReachGroup.values:
            raise ValidationError({"reach": _("People reached, row %(row)s: choose a group.") % {"row": n}})
        count = people if isinstance(people, int) and not isinstance(people, bool) else None
        if count is None or count < 1:
            raise ValidationError({"reach": _("People reached, row %(row)s: the number must be a whole number of "
                                              "at least 1.") % {"row": n}})
        key = (group, area.pk if area else None)
        if key in seen:
            raise ValidationError({"reach": _("People reached, row %(row)s: this group and area are already given "
                                              "on an earlier row.") % {"row": n}})
        seen.add(key)
        rows.append((group, area, count))
    return rows


@transaction.atomic
def progress_report_save(*, actor, project: Project, deadline: ReportingDeadline | None = None,
                         report: ProgressReport | None = None, reach=(),
                         attachment: tuple[str, bytes] | None = None, **fields) -> ProgressReport:
    """File a progress report for ``deadline``'s period, or update ``report``. ``reach`` is a list of
    ``(group, area or None, people)``; it replaces the report's rows. ``attachment`` (file name, content) is
    attached in the same transaction: when it is refused, the report is not saved either. Only approved,
    ongoing or completed projects report; one report per project and period."""
    services_rows.require_reporter(actor, project)
    services_rows.check_fields(fields, REPORT_FIELDS)
    if report is not None and report.project_id != project.pk:
        raise PermissionDenied(_("This report belongs to another project."))
    if project.status not in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED):
        raise ValidationError({"status": _(
            "Progress reports are filed for projects the steering group has approved; this project is “%(status)s”."
        ) % {"status": project.get_status_display()}})
    rows = _clean_reach(reach)
    creating = report is None
    if creating:
        if deadline is None:
            raise ValidationError({"deadline": _("Choose the reporting period.")})
        if deadline.programme_id != project.programme_id:
            raise ValidationError({"deadline": _(
                "This reporting period is another programme's: choose a period of the project's lead programme.")})
        if ProgressReport.objects.filter(project=project, deadline=deadline).exists():
            raise ValidationError({"deadline": _(
                "This project already has a report for the period “%(period)s”: edit that report instead."
            ) % {"period": deadline.title}})
        report = ProgressReport(project=project, deadline=deadline, submitted_by=actor)
        before = None
    else:
        assert report is not None
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        before = _report_state(report)
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_by = actor
    report.full_clean()
    report.save()
    report.reach_rows.all().delete()
    ReachRow.objects.bulk_create([ReachRow(report=report, group=g, area=a, people=n) for g, a, n in rows])
    audit_record(actor=actor, action=f"progress_report.{'create' if creating else 'update'}", instance=report,
                 before=before, after=_report_state(report))
    if attachment is not None:
        report_attachment_add(actor=actor, report=report, name=attachment[0], content=attachment[1])
    return report


@transaction.atomic
def report_attachment_add(*, actor, report: ProgressReport, name: str, content: bytes) -> ReportAttachment:
    """Attach a document to a report. Refused with a message naming the file when it is empty, larger than
    :data:`ATTACHMENT_MAX_BYTES`, of a type not in ``core.attachments.ATTACHMENT_TYPES`` or not what its name says."""
    services_rows.require_reporter(actor, report.project)
    name, content_type = attachments.attachment_checked(name, content, max_bytes=ATTACHMENT_MAX_BYTES)
    if report.attachments.count() >= ATTACHMENTS_PER_REPORT:
        raise ValidationError({"file": _("A report may have at most %(n)s attachments.") % {
            "n": ATTACHMENTS_PER_REPORT}})
    attachment = ReportAttachment(report=report, name=name, content_type=content_type, size=len(content),
                                  content=content, uploaded_by=actor)
    attachment.full_clean()
    attachment.save()
    audit_record(actor=actor, action="progress_report.attach", instance=attachment,
                 after=snapshot(attachment, fields=("report", "name", "content_type", "size")))
    return attachment


@transaction.atomic
def report_attachment_delete(*, actor, attachment: ReportAttachment) -> None:
    services_rows.require_reporter(actor, attachment.report.project)
    audit_record(actor=actor, action="progress_report.detach", instance=attachment,
                 before=snapshot(attachment, fields=("report", "name", "content_type", "size")))
    attachment.delete()


def _pilot_state(pilot: Pilot) -> dict:
    return snapshot(pilot, fields=("project", *PILOT_FIELDS))


@transaction.atomic
def pilot_save(*, actor, project: Project, pilot: Pilot | None = None, **fields) -> Pilot:
    """Record a pilot of ``project`` or update ``pilot``. A completed pilot needs its evaluation (method and
    findings); the counts of the indicators it names are brought up to date in the same transaction."""

    def counts_pilots(obj: Pilot) -> None:
        if obj.indicator is not None and not obj.indicator.cells.filter(
                target_kind=TargetKind.PILOT_COUNT).exists():
            raise ValidationError({"indicator": _("Indicator %(code)s does not count pilots.") % {
                "code": obj.indicator.code}})
        if obj.indicator is not None and obj.indicator.programme_id not in pilot_programme_ids(project):
            raise ValidationError({"indicator": _(
                "Indicator %(code)s is another programme's: a pilot counts towards the indicators of the project's "
                "own programmes.") % {"code": obj.indicator.code}})

    pilot, before = services_rows.project_row_save(
        actor=actor, project=project, model=Pilot, row=pilot, fields=fields, allowed=PILOT_FIELDS,
        action="pilot", elsewhere=_("This pilot belongs to another project."), stamp={"recorded_by": actor},
        state=_pilot_state, before_save=counts_pilots)
    old_indicator_id: int | None = before["indicator"] if before else None
    for indicator_id in {old_indicator_id, pilot.indicator_id}:
        if indicator_id is not None:
            pilot_counts_sync(actor=actor, indicator_id=indicator_id)
    return pilot


@transaction.atomic
def pilot_counts_sync(*, actor, indicator_id: int) -> None:
    """Make the pilot-count measurements of an indicator's pilot-count cells match the completed pilots: one
    measurement per end date with the cumulative count. Changed and new counts are *proposed* (they appear
    publicly once a second person approves them, as every measurement does); counts no longer backed by pilots
    are removed. Each change goes through the measurement services and is audited there."""
    indicator_counts_sync(
        actor=actor, cells=IndicatorCell.objects.filter(indicator_id=indicator_id,
                                                        target_kind=TargetKind.PILOT_COUNT),
        timeline=pilot_count_timeline, flag="from_pilots", source=PILOT_COUNT_SOURCE,
        note_new=_("Counted automatically from the completed pilots."),
        note_gone=AuditNote(gettext_noop("No completed pilot ends on this date any more.")))


def indicator_counts_sync(*, actor, cells, timeline, flag: str, source: str, note_new: str,
                          note_gone: str | AuditNote) -> None:
    """The one way a count kept elsewhere feeds an indicator (pilots → 1.1/2.1/3.1, campaigns → 3.4): for each of
    ``cells``, the measurements marked ``flag`` are made to match ``timeline(cell)`` (date → cumulative count)
    through the measurement services, so new and changed counts wait for approval like every measurement."""
    for cell in cells.select_related("indicator"):
        wanted = dict(timeline(cell))
        existing = {m.measured_on: m for m in Measurement.objects.filter(cell=cell, **{flag: True})}
        for day, measurement in existing.items():
            if day not in wanted:
                services.measurement_delete(measurement=measurement, actor=actor, note=note_gone)
        for day, count in wanted.items():
            current = existing.get(day)
            if current is None:
                created = services.measurement_create(
                    cell=cell, value=Decimal(count), measured_on=day, source=source, actor=actor, note=note_new)
                Measurement.objects.filter(pk=created.pk).update(**{flag: True})
            elif current.value != count:
                services.measurement_update(measurement=current, actor=actor, value=Decimal(count))
