"""Read API of what project owners record (progress reports and pilots, the public parts), the whole-period work
plan and the portfolio balance. Public reads, like the projects and the budget; the problems and attachments of a
progress report stay on the members' pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from yhteiso.programme.models import Pilot, Project
from yhteiso.programme.selectors_intake import projects_visible_to, visible_to
from yhteiso.programme.selectors_portfolio import portfolio_balance, work_plan
from yhteiso.programme.selectors_programmes import API_HELP, programme_or_404
from yhteiso.programme.selectors_progress import project_reports, report_reach_totals

router = Router(tags=["programme"])


class ReachTotalOut(Schema):
    group: str
    label: str
    people: int


class ProgressReportOut(Schema):
    id: int
    period: str
    period_date: dt.date | None
    status: str = Field(description="green | yellow | red")
    status_label: str
    summary: str
    milestones_done: str
    milestones_next: str
    outputs: str
    people_reached: int
    reach: list[ReachTotalOut]
    updated_at: dt.datetime


class PilotOut(Schema):
    id: int
    project_id: int
    name: str
    status: str = Field(description="planned | running | completed")
    status_label: str
    indicator: str | None = Field(description="code of the indicator the pilot counts towards")
    area: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    evaluation_method: str
    findings: str
    positive_mechanisms: str


class ProjectProgressOut(Schema):
    project_id: int
    reports: list[ProgressReportOut]
    pilots: list[PilotOut]


class MilestoneOut(Schema):
    id: int
    start_year: int
    end_year: int
    period: str
    title: str
    status: str = Field(description="planned | in_progress | done | late (late also when the period has ended "
                                    "without the milestone being done)")
    stored_status: str
    responsible_unit: str
    note: str


class BalanceRowOut(Schema):
    key: str
    label: str
    projects: int
    actions: int
    pilots: int
    planned: Decimal
    planned_share: Decimal | None = Field(None, description="share of all planned euros, per cent")
    committed: Decimal
    spent: Decimal


class PortfolioBalanceOut(Schema):
    as_of: dt.date
    total: BalanceRowOut
    goals: list[BalanceRowOut]
    groups: list[BalanceRowOut]
    areas: list[BalanceRowOut]


def _pilot_out(p: Pilot) -> dict:
    return {"id": p.pk, "project_id": p.project_id, "name": p.name, "status": p.status,
            "status_label": str(p.get_status_display()),
            "indicator": p.indicator.code if p.indicator is not None else None,
            "area": p.area.name if p.area is not None else None, "start_date": p.start_date, "end_date": p.end_date,
            "evaluation_method": p.evaluation_method, "findings": p.findings,
            "positive_mechanisms": p.positive_mechanisms}


@router.get("/projects/{project_id}/progress", response={200: ProjectProgressOut, 404: dict},
            summary="A project's progress reports (public parts) and pilots with their evaluation")
def project_progress(request, project_id: int):
    project = get_object_or_404(projects_visible_to(request.user, Project.objects.all()), pk=project_id)
    reports = []
    for r in project_reports(project):
        reports.append({
            "id": r.pk, "period": r.deadline.localized("title"), "period_date": r.deadline.date,
            "status": r.status, "status_label": str(r.get_status_display()), "summary": r.status_note,
            "milestones_done": r.milestones_done, "milestones_next": r.milestones_next, "outputs": r.outputs,
            "people_reached": r.people_reached, "reach": report_reach_totals(r), "updated_at": r.updated_at})
    pilots = project.pilots.select_related("indicator", "area").order_by("start_date", "id")
    return {"project_id": project.pk, "reports": reports, "pilots": [_pilot_out(p) for p in pilots]}


@router.get("/pilots", response=list[PilotOut], summary="Pilots of all projects with their evaluation")
def list_pilots(request):
    pilots = Pilot.objects.filter(visible_to(request.user, "project__"))
    return [_pilot_out(p) for p in pilots.select_related("indicator", "area").order_by("project_id", "id")]


@router.get("/work-plan", response=list[MilestoneOut],
            summary="The whole-period work plan (Table 2 of the plan) as milestones with their status")
def list_work_plan(request, programme: str | None = Query(None, description=API_HELP)):
    """A programme's milestones (``?programme=``; the default programme without it)."""
    today = timezone.localdate()
    return [{"id": m.pk, "start_year": m.start_year, "end_year": m.end_year, "period": m.period_label,
             "title": m.title, "status": m.status_on(today), "stored_status": m.status,
             "responsible_unit": m.responsible_unit, "note": m.note}
            for m in work_plan(programme_or_404(programme))]


@router.get("/portfolio-balance", response=PortfolioBalanceOut,
            summary="Effort and euros of the approved projects by benefit goal, priority group and area")
def get_portfolio_balance(request, as_of: dt.date | None = None,
                          programme: str | None = Query(None, description=API_HELP)):
    """The decided projects a programme leads (``?programme=``; the default programme without it)."""
    chosen = programme_or_404(programme)
    day = as_of or timezone.localdate()
    if not dt.date(2025, 1, 1) <= day <= dt.date(2030, 12, 31):
        raise Http404(_("The date must be within the programme period."))
    balance = portfolio_balance(as_of=day, programme=chosen)
    return {"as_of": day, **balance}
