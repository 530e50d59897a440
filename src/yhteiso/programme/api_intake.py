"""Read API of project proposals (plan, section 7). A proposal still in the intake is read only by its proposer, the
steering group and programme staff; the public reads a proposal once the steering group has decided on it. The
members' appraisal (mean scores per criterion and the number of appraisals) is for the steering group and staff
only; the members' written reasons stay on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from yhteiso.programme import selectors_intake
from yhteiso.programme.models_intake import IntakeStage, ProjectProposal

router = Router(tags=["programme"])


class ProposalCriterionMeanOut(Schema):
    criterion: str
    mean: Decimal | None


class ProposalDecisionOut(Schema):
    outcome: str = Field(description="approved | rejected | returned")
    outcome_label: str
    decided_on: dt.date
    reasons: str
    reference: str
    funding_confirmed: bool
    responsibilities_agreed: bool


class ProposalOut(Schema):
    id: int
    project_id: int
    name: str
    stage: str = Field(description="submitted | returned | appraisal | decided")
    stage_label: str
    source: str = Field(description="form | participatory_budgeting")
    proposer_name: str
    description: str
    funding_sought: Decimal | None
    units_involved: str
    line_work_difference: str
    goals: list[int]
    submitted_at: dt.datetime
    appraisal_count: int | None = Field(description="steering group and staff only; null for others")
    appraisal_means: list[ProposalCriterionMeanOut] | None = Field(
        description="mean score (1–5) per criterion; steering group and staff only")
    decision: ProposalDecisionOut | None


def _decision_out(proposal: ProjectProposal) -> dict | None:
    decisions = list(proposal.project.steering_decisions.all())  # prefetched, latest first
    if not decisions:
        return None
    d = decisions[0]
    return {"outcome": d.outcome, "outcome_label": str(d.get_outcome_display()), "decided_on": d.decided_on,
            "reasons": d.reasons, "reference": d.reference, "funding_confirmed": d.funding_confirmed,
            "responsibilities_agreed": d.responsibilities_agreed}


def _proposal_out(proposal: ProjectProposal, *, with_appraisals: bool) -> dict:
    project = proposal.project
    summary = selectors_intake.appraisal_summary(proposal) if with_appraisals else None
    return {
        "id": proposal.pk, "project_id": project.pk, "name": project.name, "stage": proposal.stage,
        "stage_label": str(IntakeStage(proposal.stage).label), "source": proposal.source,
        "proposer_name": project.proposer_name, "description": proposal.description,
        "funding_sought": proposal.funding_sought, "units_involved": proposal.units_involved,
        "line_work_difference": proposal.line_work_difference,
        "goals": sorted(g.number for g in project.goals.all()), "submitted_at": proposal.submitted_at,
        "appraisal_count": summary.count if summary else None,
        "appraisal_means": [{"criterion": c, "mean": m} for c, m in summary.means] if summary else None,
        "decision": _decision_out(proposal),
    }


@router.get("/proposals", response=list[ProposalOut], summary="Project proposals")
def list_proposals(request, stage: str | None = None):
    """The proposals the caller may read, oldest first: the public sees decided proposals only; a signed-in
    proposer also their own; the steering group and staff every proposal with the appraisal means."""
    qs = selectors_intake.proposals_visible_to(request.user)
    if stage in IntakeStage.values:
        qs = qs.filter(stage=stage)
    return [_proposal_out(p, with_appraisals=selectors_intake.may_see_appraisals(request.user, p)) for p in qs]


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="One project proposal")
def get_proposal(request, proposal_id: int):
    """404 also for a proposal in the intake that the caller may not read, so that its existence is not told."""
    proposal = selectors_intake.proposals_visible_to(request.user).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return _proposal_out(proposal, with_appraisals=selectors_intake.may_see_appraisals(request.user, proposal))
