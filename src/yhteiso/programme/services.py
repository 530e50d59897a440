"""Writes of the programme domain. Every function is keyword-only, runs in one transaction, validates with
``full_clean()`` and records the change in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yhteiso.core.audit import AuditMoney, AuditNote, audit_content, audit_record, snapshot
from yhteiso.core.formatting import money
from yhteiso.notices.tasks import notice_enqueue
from yhteiso.programme.models import (
    PROJECT_TRANSITIONS,
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    EntryKind,
    Indicator,
    IndicatorCell,
    Measurement,
    MeasurementState,
    Project,
    ProjectComment,
    ProjectStatus,
    ProjectTargetGroup,
    ReportingDeadline,
    Risk,
    TargetGroup,
)
from yhteiso.programme.models_intake import start_refusal
from yhteiso.programme.selectors import budget_overspend_warning
from yhteiso.programme.validation import AREA_NOT_GIVEN, measurement_check

TARGET_FIELDS = ("target_kind", "target_value", "target_value_max", "target_direction", "target_year", "tolerance",
                 "reference_cell", "baseline_value", "baseline_year", "baseline_date", "baseline_source")


def _apply(instance, fields: dict, allowed: Iterable[str] | None = None) -> None:
    for name, value in fields.items():
        if allowed is not None and name not in allowed:
            raise TypeError(f"unexpected field {name!r}")
        setattr(instance, name, value)


def _save_generic(*, instance, actor, action: str, fields: dict):
    """Create or update ``instance`` with ``fields``; audit before/after."""
    creating = instance.pk is None
    before = None if creating else snapshot(instance)
    _apply(instance, fields)
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=f"{action}.{'create' if creating else 'update'}", instance=instance,
                 before=before, after=snapshot(instance))
    return instance


# --- Goals, indicators, cells, measurements ---------------------------------------------------------------------


@transaction.atomic
def goal_save(*, actor, goal: BenefitGoal | None = None, **fields) -> BenefitGoal:
    return _save_generic(instance=goal or BenefitGoal(), actor=actor, action="goal", fields=fields)


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator | None = None, **fields) -> Indicator:
    return _save_generic(instance=indicator or Indicator(), actor=actor, action="indicator", fields=fields)


@transaction.atomic
def cell_save(*, actor, cell: IndicatorCell | None = None, **fields) -> IndicatorCell:
    """Create or update an indicator cell. Changes to the baseline or target are audited as ``cell.target``."""
    creating = cell is None
    cell = cell or IndicatorCell()
    before = None if creating else snapshot(cell)
    _apply(cell, fields)
    cell.full_clean()
    cell.save()
    after = snapshot(cell)
    target_changed = creating or any(before.get(f) != after.get(f) for f in TARGET_FIELDS)
    action = "cell.create" if creating else ("cell.target" if target_changed else "cell.update")
    audit_record(actor=actor, action=action, instance=cell, before=before, after=after)
    return cell


@transaction.atomic
def measurement_create(*, cell: IndicatorCell, value, measured_on, source: str, actor, source_url: str = "",
                       note: str = "", unit: str = "", area=AREA_NOT_GIVEN) -> Measurement:
    """Record one measured value of an indicator cell with its provenance, as *proposed*: it counts and shows
    publicly only after :func:`measurement_approve`. Every path (staff form, API, survey result, import) comes
    here, so the checks of :func:`measurement_check` apply to all of them; nothing is stored when one fails."""
    measurement = Measurement(cell=cell, value=value, measured_on=measured_on, source=source,
                              source_url=source_url, note=note,
                              entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    measurement_check(measurement, unit=unit, area=area)
    measurement.save()
    audit_record(actor=actor, action="measurement.create", instance=measurement, after=snapshot(measurement))
    return measurement


@transaction.atomic
def measurement_update(*, measurement: Measurement, actor, **fields) -> Measurement:
    """Change a measurement; a changed value goes back to *proposed* and needs approval again."""
    before = snapshot(measurement)
    _apply(measurement, fields, allowed={"value", "measured_on", "source", "source_url", "note"})
    measurement_check(measurement)
    measurement.approved_by = None
    measurement.approved_at = None
    measurement.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    measurement.save()
    audit_record(actor=actor, action="measurement.update", instance=measurement, before=before,
                 after=snapshot(measurement))
    return measurement


@transaction.atomic
def measurement_approve(*, measurement: Measurement, actor) -> Measurement:
    """Approve a proposed measurement (four eyes): by a staff member other than the one who entered it, or by the
    indicator's data owner. Only then does it count for status and appear on public pages, the API and
    reports."""
    if measurement.state == MeasurementState.APPROVED:
        raise ValidationError(_("This measurement has already been approved."))
    owner_id = measurement.cell.indicator.data_owner_id
    if measurement.entered_by_id == actor.pk and owner_id != actor.pk:
        raise ValidationError(_("A second person must approve the measurement: you entered it yourself. Ask "
                                "another staff member or the indicator's data owner."))
    before = snapshot(measurement)
    measurement.approved_by = actor
    measurement.approved_at = timezone.now()
    measurement.save(update_fields=["approved_by", "approved_at"])
    audit_record(actor=actor, action="measurement.approve", instance=measurement, before=before,
                 after=snapshot(measurement))
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, actor, note: str | AuditNote = "") -> None:
    before = snapshot(measurement)
    audit_record(actor=actor, action="measurement.delete", instance=measurement, before=before, note=note)
    measurement.delete()


# --- Projects ---------------------------------------------------------------------------------------------------


def _check_goals(goals, programme_id: int | None = None) -> list[BenefitGoal]:
    """At least one goal, and (with ``programme_id``) only goals of the project's lead programme."""
    goals = list(goals or [])
    if not goals:
        raise ValidationError({"goals": _("Link the project to at least one benefit goal.")})
    if programme_id is not None and any(goal.programme_id != programme_id for goal in goals):
        raise ValidationError({"goals": _("Choose benefit goals of the project's lead programme only.")})
    return goals


def _set_target_groups(project: Project, groups: Iterable[str]) -> None:
    groups = list(dict.fromkeys(groups))
    unknown = [g for g in groups if g not in TargetGroup.values]
    if unknown:
        raise ValidationError({"target_groups": _("Unknown target group: %(group)s") % {"group": unknown[0]}})
    project.target_group_rows.exclude(group__in=groups).delete()
    existing = set(project.target_group_rows.values_list("group", flat=True))
    ProjectTargetGroup.objects.bulk_create(
        [ProjectTargetGroup(project=project, group=g) for g in groups if g not in existing])


def _project_state(project: Project) -> dict:
    data = snapshot(project)
    data["goals"] = sorted(project.goals.values_list("number", flat=True))
    data["target_areas"] = sorted(project.target_areas.values_list("pk", flat=True))
    data["target_groups"] = sorted(project.target_group_codes)
    data["deputies"] = sorted(project.deputies.values_list("pk", flat=True))
    return data


@transaction.atomic
def project_create(*, actor, goals, target_groups: Iterable[str] = (), target_areas=(), deputies=(),
                   **fields) -> Project:
    """Create a project or action. It must advance at least one benefit goal (``goals`` not empty). New projects
    start as *proposed* unless ``status`` is given. ``deputies`` are users who may report on it besides the
    responsible person."""
    project = Project(**fields)
    project._fill_programme()  # the default programme unless ``programme`` is given
    goals = _check_goals(goals, project.programme_id)
    if project.status in (ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED):
        # A new project has no steering-group decision yet, so it cannot have started (issue 14 item 2).
        raise ValidationError({"status": _("The project cannot start: the steering group has not recorded a "
                                           "decision approving it.")})
    if project.status != ProjectStatus.PROPOSED:
        project.status_changed_at = timezone.now()
    project.full_clean()
    project.save()
    project.goals.set(goals)
    project.target_areas.set(list(target_areas))
    project.deputies.set(list(deputies))
    _set_target_groups(project, target_groups)
    audit_record(actor=actor, action="project.create", instance=project, after=_project_state(project))
    return project


@transaction.atomic
def project_update(*, project: Project, actor, goals=None, target_groups=None, target_areas=None, deputies=None,
                   **fields) -> Project:
    """Edit a project's details. The status changes only through :func:`project_set_status`."""
    if "status" in fields:
        raise ValidationError({"status": _("Change the status through the project lifecycle.")})
    before = _project_state(project)
    _apply(project, fields)
    project.full_clean()
    project.save()
    if goals is not None:
        project.goals.set(_check_goals(goals, project.programme_id))
    if target_areas is not None:
        project.target_areas.set(list(target_areas))
    if target_groups is not None:
        _set_target_groups(project, target_groups)
    if deputies is not None:
        project.deputies.set(list(deputies))
    audit_record(actor=actor, action="project.update", instance=project, before=before,
                 after=_project_state(project))
    return project


@transaction.atomic
def project_set_status(*, project: Project, status: str, actor, note: str | AuditNote = "") -> Project:
    """Move a project along its lifecycle (see ``PROJECT_TRANSITIONS``); anything else is refused with a
    ValidationError on ``status``."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Unknown status: %(status)s") % {"status": status}})
    if status not in PROJECT_TRANSITIONS.get(project.status, ()):
        raise ValidationError({"status": _(
            "A project that is “%(current)s” cannot become “%(new)s”."
        ) % {"current": ProjectStatus(project.status).label, "new": ProjectStatus(status).label}})
    if status == ProjectStatus.IN_PROGRESS:
        refusal = start_refusal(project)  # an approving decision whose conditions are met (issue 14 item 2)
        if refusal:
            raise ValidationError({"status": refusal})
    before = {"status": project.status}
    project.status = status
    project.status_changed_at = timezone.now()
    project.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(actor=actor, action="project.status", instance=project, before=before,
                 after={"status": status}, note=note)
    return project


@transaction.atomic
def project_comment_create(*, project: Project, actor, body: str) -> ProjectComment:
    comment = ProjectComment(project=project, author=actor, body=(body or "").strip())
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="project.comment", instance=comment, after={"project": project.pk})
    notice_enqueue(kind="proposal_comment", object_id=comment.pk)
    return comment


# --- Budget -----------------------------------------------------------------------------------------------------


@transaction.atomic
def budget_year_save(*, actor, budget_year: BudgetYear | None = None, **fields) -> BudgetYear:
    return _save_generic(instance=budget_year or BudgetYear(), actor=actor, action="budget.year", fields=fields)


@transaction.atomic
def budget_line_save(*, actor, line: BudgetLine | None = None, **fields) -> BudgetLine:
    """Create or edit a budget line. A line cannot be reduced below what is already committed and spent on it."""
    if line is not None and "amount" in fields:
        used = line.totals()["used"]
        if Decimal(fields["amount"]) < used:
            raise ValidationError({"amount": _(
                "The amount cannot be less than the %(used)s € already committed or spent on this line."
            ) % {"used": money(used)}})
    return _save_generic(instance=line or BudgetLine(), actor=actor, action="budget.line", fields=fields)


def _budget_entry(*, kind, line: BudgetLine, amount, actor, project=None, note="", entry_date=None,
                  allow_overspend=False) -> BudgetEntry:
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    try:
        amount = Decimal(str(amount))
    except Exception as exc:
        raise ValidationError({"amount": _("Enter the amount as a number of euros.")}) from exc
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    warning = budget_overspend_warning(line=line, amount=amount)
    if warning and not allow_overspend:
        raise ValidationError({"amount": warning})
    entry = BudgetEntry(line=line, kind=kind, amount=amount, project=project, note=note,
                        entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    if entry_date:
        entry.entry_date = entry_date
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action=f"budget.{kind}", instance=entry, after=snapshot(entry),
                 note=AuditNote(gettext_noop("Overspend confirmed: the budget line “%(line)s” (%(year)s) is "
                                             "%(over)s € over budget."),
                                {"line": audit_content(line, "name"), "year": line.budget_year.year,
                                 "over": AuditMoney(line.totals()["used"] - line.amount)}) if warning else "")
    return entry


@transaction.atomic
def budget_commit(*, line: BudgetLine, amount, actor, project=None, note: str = "", entry_date=None,
                  allow_overspend: bool = False) -> BudgetEntry:
    """Commit money on a line (a decision to spend). Raises ValidationError on ``amount`` naming the line when it
    would overspend, unless ``allow_overspend`` (the user has seen the warning and confirmed)."""
    return _budget_entry(kind=EntryKind.COMMITTED, line=line, amount=amount, actor=actor, project=project,
                         note=note, entry_date=entry_date, allow_overspend=allow_overspend)


@transaction.atomic
def budget_spend(*, line: BudgetLine, amount, actor, project=None, note: str = "", entry_date=None,
                 allow_overspend: bool = False) -> BudgetEntry:
    """Record money spent on a line without an earlier commitment (e.g. staff costs). Same rule as
    :func:`budget_commit`."""
    return _budget_entry(kind=EntryKind.SPENT, line=line, amount=amount, actor=actor, project=project,
                         note=note, entry_date=entry_date, allow_overspend=allow_overspend)


@transaction.atomic
def budget_entry_mark_spent(*, entry: BudgetEntry, actor) -> BudgetEntry:
    """A commitment has been paid: it becomes spent (the line's use does not change)."""
    if entry.kind == EntryKind.SPENT:
        raise ValidationError({"kind": _("This entry is already marked as spent.")})
    before = snapshot(entry)
    entry.kind = EntryKind.SPENT
    entry.full_clean()
    entry.save(update_fields=["kind"])
    audit_record(actor=actor, action="budget.mark_spent", instance=entry, before=before, after=snapshot(entry))
    return entry


# --- Risks and reporting ----------------------------------------------------------------------------------------


@transaction.atomic
def risk_save(*, actor, risk: Risk | None = None, **fields) -> Risk:
    return _save_generic(instance=risk or Risk(), actor=actor, action="risk", fields=fields)


@transaction.atomic
def deadline_save(*, actor, deadline: ReportingDeadline | None = None, **fields) -> ReportingDeadline:
    return _save_generic(instance=deadline or ReportingDeadline(), actor=actor, action="deadline", fields=fields)
