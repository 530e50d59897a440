"""Reads of the proposal intake: who may do what, the proposer's own proposals, the staff queue, the members'
proposals to appraise and the appraisal summary for the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from yhteiso.core.permissions import STEERING_GROUP, is_admin, is_programme_staff, is_steering_member
from yhteiso.programme.models_intake import (
    APPRAISAL_CRITERIA,
    Appraisal,
    IntakeStage,
    ProjectProposal,
    SteeringDecision,
    latest_decision,
    not_in_intake,
    start_refusal,
)
from yhteiso.programme.selectors_programmes import member_programme_ids, sees_programme


def may_appraise(user, proposal: ProjectProposal | None = None) -> bool:
    """Steering-group members (the ``steering_group`` role, the chair included) appraise; programme staff prepare
    and record but do not score, unless they also hold the member role. With ``proposal``: only members of the
    steering group of the programme proposed to (a member of A does not appraise B's proposals)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    if not user.groups.filter(name=STEERING_GROUP).exists():
        return False
    return proposal is None or proposal.project.programme_id in member_programme_ids(user)


def may_view_proposal(user, proposal: ProjectProposal) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_programme(user, proposal.project.programme_id) or proposal.proposed_by_id == user.pk


def visible_to(user, prefix: str = "") -> Q:
    """The filter that leaves out the proposals still in the intake that ``user`` may not see — of projects, or
    (``prefix="project__"``) of rows linked to a project (funding, partners, in-kind work, campaigns, pilots): the
    steering group and programme staff see every proposal, a signed-in proposer their own, the public none until
    it is decided. A steering-group member sees the proposals of their own programmes only."""
    if is_programme_staff(user):
        return Q()
    if is_steering_member(user):
        return (Q(**{f"{prefix}programme__in": member_programme_ids(user)}) | not_in_intake(prefix)
                | Q(**{f"{prefix}proposal__proposed_by": user}))
    if getattr(user, "is_authenticated", False):
        return not_in_intake(prefix) | Q(**{f"{prefix}proposal__proposed_by": user})
    return not_in_intake(prefix)


def projects_visible_to(user, projects: QuerySet) -> QuerySet:
    """``projects`` without the proposals in the intake that ``user`` may not see (see :func:`visible_to`)."""
    return projects.filter(visible_to(user))


def may_view_project(user, project) -> bool:
    return projects_visible_to(user, type(project).objects.filter(pk=project.pk)).exists()


def may_see_appraisals(user, proposal: ProjectProposal | None = None) -> bool:
    """The steering group and staff; with ``proposal``, only the steering group of its programme."""
    if proposal is not None:
        return sees_programme(user, proposal.project.programme_id)
    return is_steering_member(user)


def may_edit_proposal(user, proposal: ProjectProposal) -> bool:
    """The proposer while the proposal waits for intake or has been returned; staff until it is decided."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_programme_staff(user):
        return proposal.stage != IntakeStage.DECIDED
    return proposal.proposed_by_id == user.pk and proposal.stage in (IntakeStage.SUBMITTED, IntakeStage.RETURNED)


def _base():
    return (ProjectProposal.objects.select_related("project", "proposed_by")
            .prefetch_related("project__goals",
                              Prefetch("project__steering_decisions",
                                       queryset=SteeringDecision.objects.order_by("-decided_on", "-id")))
            .annotate(appraisal_count=Count("appraisals")))


def proposals_of(user):
    return _base().filter(proposed_by=user).order_by("-submitted_at", "-id")


STAGE_ORDER = [IntakeStage.SUBMITTED, IntakeStage.RETURNED, IntakeStage.APPRAISAL, IntakeStage.DECIDED]


def intake_queue() -> list[tuple[str, Any, list[ProjectProposal]]]:
    """Every proposal by stage, waiting ones first: ``[(stage, label, proposals)]``."""
    rows = list(_base().order_by("submitted_at", "id"))
    return [(stage.value, stage.label, [p for p in rows if p.stage == stage]) for stage in STAGE_ORDER]


def proposals_to_appraise(user) -> list[ProjectProposal]:
    """Proposals open for appraisal, each marked with whether ``user`` has appraised it (``appraised_by_me``)."""
    mine = Appraisal.objects.filter(proposal=OuterRef("pk"), member_id=getattr(user, "pk", None))
    return list(_of_my_programmes(user, _base().filter(stage=IntakeStage.APPRAISAL))
                .annotate(appraised_by_me=Exists(mine)).order_by("submitted_at", "id"))


def _of_my_programmes(user, proposals: QuerySet) -> QuerySet:
    """Staff and administrators: every programme's proposals; a member: those of their own programmes."""
    if is_programme_staff(user):
        return proposals
    return proposals.filter(project__programme__in=member_programme_ids(user))


def count_to_appraise(user) -> int:
    """How many proposals open for appraisal ``user`` has not appraised yet (0 for anyone who does not
    appraise)."""
    if not may_appraise(user):
        return 0
    return (_of_my_programmes(user, ProjectProposal.objects.filter(stage=IntakeStage.APPRAISAL))
            .exclude(appraisals__member=user).count())


def count_in_appraisal(user) -> int:
    """How many proposals are open for appraisal in the programmes ``user`` appraises (staff: every programme)."""
    return _of_my_programmes(user, ProjectProposal.objects.filter(stage=IntakeStage.APPRAISAL)).count()


@dataclass(frozen=True)
class AppraisalSummary:
    count: int
    means: list[tuple[str, Decimal | None]]  # per criterion, in the form's order; None without appraisals
    reasons: list[Appraisal]


def appraisal_summary(proposal: ProjectProposal) -> AppraisalSummary:
    """The mean score per criterion (one decimal), the number of appraisals and every member's written reasons."""
    appraisals = list(proposal.appraisals.select_related("member").order_by("created_at", "id"))
    means = []
    for name, label in APPRAISAL_CRITERIA:
        values = [getattr(a, name) for a in appraisals]
        mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP) if values else None
        means.append((str(label), mean))
    return AppraisalSummary(count=len(appraisals), means=means, reasons=appraisals)


def decision_state(project) -> dict:
    """The project's latest steering-group decision and why it may not start yet (``None`` when it may)."""
    return {"decision": latest_decision(project), "start_refusal": start_refusal(project)}


def proposals_visible_to(user):
    """The proposals ``user`` may read: every one for the steering group and staff, a signed-in proposer's own
    besides the decided ones, and only the decided ones for the public."""
    qs = _base().order_by("submitted_at", "id")
    if is_programme_staff(user):
        return qs
    if is_steering_member(user):
        return qs.filter(visible_to(user, "project__"))
    decided = Q(stage=IntakeStage.DECIDED)
    if getattr(user, "is_authenticated", False):
        return qs.filter(decided | Q(proposed_by=user))
    return qs.filter(decided)
