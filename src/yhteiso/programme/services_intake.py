"""Writes of the proposal intake: submitting and revising a proposal, returning it or passing it to appraisal,
the members' appraisals and the steering group's decision with its conditions. Each function is keyword-only, one
transaction, checks the actor's role, validates with ``full_clean()`` and writes the audit row in the same
transaction. The rule that a project starts only after an approving decision whose conditions are met lives in
:func:`yhteiso.programme.models_intake.start_refusal` and is applied by ``services.project_set_status``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff
from yhteiso.notices.tasks import notice_enqueue
from yhteiso.programme import services
from yhteiso.programme.models import Project, ProjectStatus, ProposerType
from yhteiso.programme.models_intake import (
    CRITERION_NAMES,
    Appraisal,
    IntakeStage,
    ProjectProposal,
    ProposalSource,
    SteeringDecision,
    SteeringOutcome,
)
from yhteiso.programme.selectors_intake import may_appraise, may_edit_proposal

#: Fields of the project a proposer fills in, and fields of the proposal row.
PROJECT_FIELDS = ("name_fi", "name_sv", "name_en", "kind", "intended_outputs", "proposer_type", "proposer_name",
                  "responsible_unit", "planned_cost_min", "planned_cost_max", "cost_note", "partners")
PROPOSAL_FIELDS = ("description", "funding_sought", "units_involved", "line_work_difference")


def _signed_in(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _require_staff(actor) -> None:
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff can do this."))


def _state(proposal: ProjectProposal) -> dict:
    data = snapshot(proposal)
    data["project_status"] = proposal.project.status
    return data


def _locked(proposal: ProjectProposal) -> ProjectProposal:
    return ProjectProposal.objects.select_for_update().select_related("project").get(pk=proposal.pk)


def _set_stage(proposal: ProjectProposal, stage: str) -> None:
    proposal.stage = stage
    proposal.stage_changed_at = timezone.now()


def _split(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - set(PROJECT_FIELDS) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)!r}")
    return ({k: v for k, v in fields.items() if k in PROJECT_FIELDS},
            {k: v for k, v in fields.items() if k in PROPOSAL_FIELDS})


@transaction.atomic
def proposal_submit(*, actor, goals, target_groups: Iterable[str] = (), target_areas=(),
                    source: str = ProposalSource.FORM, programme=None, **fields) -> ProjectProposal:
    """Submit a project proposal: a new project with status *proposed* and its proposal row, waiting for intake.
    Anyone signed in may propose (city units, staff, partners); who proposed it is recorded. Proposals from
    participatory budgeting come from the round's publication with no signed-in actor. ``programme`` is the
    programme proposed to (its goals only); the default programme when not given."""
    if source == ProposalSource.FORM and not _signed_in(actor):
        raise PermissionDenied(_("Sign in to propose a project."))
    project_fields, proposal_fields = _split(fields)
    if _signed_in(actor) and not project_fields.get("proposer_name"):
        project_fields["proposer_name"] = actor.get_full_name() or actor.get_username()
    project_fields.setdefault("proposer_type", ProposerType.CITY_UNIT)
    proposal = ProjectProposal(proposed_by=actor if _signed_in(actor) else None, source=source,
                               stage=IntakeStage.SUBMITTED, stage_changed_at=timezone.now(), **proposal_fields)
    proposal.full_clean(exclude=["project"])  # nothing is saved when the proposal's own fields are wrong
    project = services.project_create(actor=actor, goals=goals, target_groups=target_groups,
                                      target_areas=target_areas, status=ProjectStatus.PROPOSED,
                                      **({"programme": programme} if programme is not None else {}), **project_fields)
    proposal.project = project
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="proposal.submit", instance=proposal, after=_state(proposal))
    return proposal


@transaction.atomic
def proposal_revise(*, proposal: ProjectProposal, actor, goals=None, target_groups=None, target_areas=None,
                    **fields) -> ProjectProposal:
    """The proposer (or staff) revises a proposal still in intake; a returned proposal goes back to the queue."""
    proposal = _locked(proposal)
    if not may_edit_proposal(actor, proposal):
        raise PermissionDenied(_("Only the proposer or programme staff can change this proposal now."))
    before = _state(proposal)
    project_fields, proposal_fields = _split(fields)
    for name, value in proposal_fields.items():
        setattr(proposal, name, value)
    proposal.full_clean()
    services.project_update(project=proposal.project, actor=actor, goals=goals, target_groups=target_groups,
                            target_areas=target_areas, **project_fields)
    if proposal.stage == IntakeStage.RETURNED:
        _set_stage(proposal, IntakeStage.SUBMITTED)
    proposal.save()
    audit_record(actor=actor, action="proposal.revise", instance=proposal, before=before, after=_state(proposal))
    return proposal


@transaction.atomic
def proposal_return(*, proposal: ProjectProposal, actor, message: str) -> ProjectProposal:
    """Staff return a proposal to the proposer for more information, saying what is missing."""
    _require_staff(actor)
    proposal = _locked(proposal)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tell the proposer what information is missing.")})
    if proposal.stage not in (IntakeStage.SUBMITTED, IntakeStage.APPRAISAL):
        raise ValidationError(_("Only a proposal waiting for intake or in appraisal can be returned."))
    before = _state(proposal)
    proposal.staff_message = message
    _set_stage(proposal, IntakeStage.RETURNED)
    proposal.save()
    audit_record(actor=actor, action="proposal.return", instance=proposal, before=before, after=_state(proposal),
                 note=message)
    notice_enqueue(kind="proposal_outcome", object_id=proposal.pk)  # sent when this commits
    return proposal


@transaction.atomic
def proposal_to_appraisal(*, proposal: ProjectProposal, actor, message: str = "") -> ProjectProposal:
    """Staff find the proposal complete and pass it to the steering group's appraisal."""
    _require_staff(actor)
    proposal = _locked(proposal)
    if proposal.stage != IntakeStage.SUBMITTED:
        raise ValidationError(_("Only a proposal waiting for intake can be passed to appraisal."))
    before = _state(proposal)
    proposal.staff_message = (message or "").strip()
    _set_stage(proposal, IntakeStage.APPRAISAL)
    proposal.save()
    audit_record(actor=actor, action="proposal.to_appraisal", instance=proposal, before=before,
                 after=_state(proposal))
    return proposal


@transaction.atomic
def appraisal_save(*, proposal: ProjectProposal, actor, reasons: str, **scores) -> Appraisal:
    """A steering-group member's appraisal of a proposal in appraisal: a score on each criterion (1–5) and
    written reasons. One appraisal per member per proposal; saving again replaces the member's earlier one."""
    if set(scores) != set(CRITERION_NAMES):
        raise TypeError(f"give a score for each of {CRITERION_NAMES!r}")
    proposal = _locked(proposal)
    if not may_appraise(actor, proposal):  # the steering group of the programme proposed to only
        raise PermissionDenied(_("Only members of the steering group appraise proposals."))
    if proposal.stage != IntakeStage.APPRAISAL:
        raise ValidationError(_("This proposal is not open for appraisal."))
    appraisal = Appraisal.objects.filter(proposal=proposal, member=actor).first()
    before = snapshot(appraisal) if appraisal else None
    appraisal = appraisal or Appraisal(proposal=proposal, member=actor)
    for name, value in scores.items():
        setattr(appraisal, name, value)
    appraisal.reasons = (reasons or "").strip()
    appraisal.full_clean()
    appraisal.save()
    audit_record(actor=actor, action="appraisal.update" if before else "appraisal.create", instance=appraisal,
                 before=before, after=snapshot(appraisal))
    return appraisal


_STATUS_BY_OUTCOME: dict[str, str] = {SteeringOutcome.APPROVED: ProjectStatus.APPROVED,
                                      SteeringOutcome.REJECTED: ProjectStatus.REJECTED}


def _decide(*, project: Project, actor, outcome: str, decided_on: dt.date, reasons: str, reference: str,
            funding_confirmed: bool, responsibilities_agreed: bool, conditions_note: str,
            governance_decision_id: int | None, require_appraisal: bool) -> SteeringDecision:
    project = Project.objects.select_for_update().get(pk=project.pk)
    proposal = ProjectProposal.objects.select_for_update().filter(project=project).first()
    if proposal is not None and require_appraisal and proposal.stage != IntakeStage.APPRAISAL:
        raise ValidationError(_("Pass the proposal to the steering group's appraisal before recording its "
                                "decision."))
    if proposal is not None and proposal.stage == IntakeStage.DECIDED:
        raise ValidationError(_("The steering group has already decided on this proposal."))
    decision = SteeringDecision(
        project=project, outcome=outcome, decided_on=decided_on, reasons=(reasons or "").strip(),
        reference=reference, funding_confirmed=funding_confirmed, responsibilities_agreed=responsibilities_agreed,
        conditions_note=conditions_note, governance_decision_id=governance_decision_id,
        recorded_by=actor if _signed_in(actor) else None)
    decision.full_clean()
    new_status = _STATUS_BY_OUTCOME.get(outcome)
    # From the minutes the status change is the decision's own effect and follows the lifecycle strictly (an
    # approval of an already approved project is refused there as before); from the staff page an approval of an
    # approved project (e.g. one of the plan's) records the decision and its conditions.
    if new_status and (project.status != new_status or not require_appraisal):
        services.project_set_status(project=project, status=new_status, actor=actor,
                                    note=reference or decision.reasons[:200])
    decision.save()
    if proposal is not None:
        before = _state(proposal)
        _set_stage(proposal, IntakeStage.RETURNED if outcome == SteeringOutcome.RETURNED else IntakeStage.DECIDED)
        if outcome == SteeringOutcome.RETURNED:
            proposal.staff_message = decision.reasons
        proposal.save()
        proposal.project.refresh_from_db()
        audit_record(actor=actor, action="proposal.decided", instance=proposal, before=before,
                     after=_state(proposal))
        notice_enqueue(kind="proposal_outcome", object_id=proposal.pk)  # the proposer hears of it
    audit_record(actor=actor, action="steering_decision.record", instance=decision, after=snapshot(decision),
                 note=reference)
    return decision


@transaction.atomic
def steering_decision_record(*, project: Project, actor, outcome: str, decided_on: dt.date, reasons: str,
                             reference: str = "", funding_confirmed: bool = False,
                             responsibilities_agreed: bool = False, conditions_note: str = "") -> SteeringDecision:
    """Programme staff record the steering group's decision on a project (a proposal must have been appraised
    first). An approval makes the project *approved*, a rejection *rejected*; a return sends the proposal back to
    the proposer with the reasons. The project starts later, once the conditions are met."""
    _require_staff(actor)
    if outcome not in SteeringOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the decision.")})
    return _decide(project=project, actor=actor, outcome=outcome, decided_on=decided_on, reasons=reasons,
                   reference=reference, funding_confirmed=funding_confirmed,
                   responsibilities_agreed=responsibilities_agreed, conditions_note=conditions_note,
                   governance_decision_id=None, require_appraisal=True)


@transaction.atomic
def steering_decision_from_minutes(*, project: Project, actor, project_status: str, decided_on: dt.date,
                                   reasons: str, reference: str,
                                   governance_decision_id: int | None = None) -> SteeringDecision:
    """A decision recorded on a meeting's agenda item that approves or rejects the linked project takes effect
    when the minutes are published (``governance.services``): it is kept here as the project's steering-group
    decision, its conditions still to be confirmed by staff."""
    outcomes: dict[str, str] = {ProjectStatus.APPROVED: SteeringOutcome.APPROVED,
                                ProjectStatus.REJECTED: SteeringOutcome.REJECTED}
    outcome = outcomes[project_status]
    return _decide(project=project, actor=actor, outcome=outcome, decided_on=decided_on, reasons=reasons,
                   reference=reference, funding_confirmed=False, responsibilities_agreed=False, conditions_note="",
                   governance_decision_id=governance_decision_id, require_appraisal=False)


@transaction.atomic
def steering_decision_conditions(*, decision: SteeringDecision, actor, funding_confirmed: bool,
                                 responsibilities_agreed: bool, conditions_note: str = "") -> SteeringDecision:
    """Staff tick the decision's conditions as they are met (funding confirmed, responsibilities agreed)."""
    _require_staff(actor)
    decision = SteeringDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.outcome != SteeringOutcome.APPROVED:
        raise ValidationError(_("Only an approving decision has conditions to meet."))
    before = snapshot(decision)
    decision.funding_confirmed = funding_confirmed
    decision.responsibilities_agreed = responsibilities_agreed
    decision.conditions_note = conditions_note
    decision.conditions_updated_at = timezone.now()
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="steering_decision.conditions", instance=decision, before=before,
                 after=snapshot(decision))
    return decision
