"""Reads about project owners, progress reports and pilots: who may report on a project, which reports are
overdue, an owner's projects, and the flat rows of the portfolio-system export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.urls import reverse

from yhteiso.core.permissions import is_communications_planner, is_programme_staff, is_steering_member
from yhteiso.programme.models import (
    Indicator,
    Pilot,
    PilotStatus,
    ProgressReport,
    Project,
    ProjectStatus,
    ReportingDeadline,
    TargetKind,
)
from yhteiso.programme.selectors_programmes import resolve

#: Projects that owe progress reports: the steering group has approved them and they have not ended.
REPORTING_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS)


def is_project_owner(user, project: Project) -> bool:
    """The project's responsible person or one of its deputies."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if project.responsible_user_id == user.pk:
        return True
    return project.deputies.filter(pk=user.pk).exists()


def may_report(user, project: Project) -> bool:
    """Who may write a project's progress reports, attachments and pilots: its responsible person, its deputies
    and programme staff."""
    return is_programme_staff(user) or is_project_owner(user, project)


def sign_in_landing(user) -> str | None:
    """The programme's page for ``user`` after signing in, if any: a project's owners land on their projects, the
    communications planner on the communication page."""
    if owned_projects(user).exists():
        return reverse("programme:my-projects")
    if is_communications_planner(user):
        return reverse("programme:comms-overview")
    return None


def may_read_reports(user, project: Project) -> bool:
    """Full reports (problems, attachments) are for the project's owners, the steering group and staff; the
    public sees the status, the outputs and the people reached on the project page."""
    return is_steering_member(user) or is_project_owner(user, project)


def owned_projects(user):
    """The projects ``user`` is responsible for or a deputy of, newest programme year first."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return (Project.objects.filter(Q(responsible_user=user) | Q(deputies=user)).distinct()
            .select_related("responsible_user").prefetch_related("deputies", "pilots")
            .order_by("-year", "id"))


def reporting_periods(*, today: dt.date | None = None, programme=None):
    """``programme``'s deadlines with a date (the default programme's for ``None``), oldest first: the periods
    its projects report on."""
    return (ReportingDeadline.objects.filter(date__isnull=False, programme=resolve(programme))
            .order_by("date", "id"))


def period_for_new_report(project: Project, *, today: dt.date | None = None) -> ReportingDeadline | None:
    """The period a new report most likely belongs to: the earliest dated deadline (not marked done) without a
    report of this project, else the next one to come."""
    today = today or dt.date.today()
    reported = set(project.progress_reports.values_list("deadline_id", flat=True))
    periods = [d for d in reporting_periods(programme=project.programme) if d.pk not in reported]
    overdue = [d for d in periods if d.date < today and not d.done]
    upcoming = [d for d in periods if d.date >= today]
    return (overdue or upcoming or [None])[0]


def overdue_reports(*, today: dt.date | None = None, programme=None) -> list[dict]:
    """Reports that should exist and do not: for every approved or ongoing project, each dated deadline of its
    lead programme that has passed (and is not marked done) since the project started (its status change or
    start date) without a report of the project. Oldest deadline first. ``programme`` keeps only that programme's
    deadlines and projects; ``None`` means every programme."""
    today = today or dt.date.today()
    deadlines_qs = ReportingDeadline.objects.filter(date__lt=today, done=False).order_by("date", "id")
    projects_qs = Project.objects.filter(status__in=REPORTING_STATUSES)
    if programme is not None:
        deadlines_qs = deadlines_qs.filter(programme=programme)
        projects_qs = projects_qs.filter(programme=programme)
    deadlines = [d for d in deadlines_qs if d.date is not None]
    if not deadlines:
        return []
    projects = projects_qs.select_related("responsible_user").order_by("id")
    reported = set(ProgressReport.objects.filter(deadline__in=deadlines)
                   .values_list("project_id", "deadline_id"))
    rows = []
    for deadline in deadlines:
        for project in projects:
            started = project.start_date or (project.status_changed_at.date() if project.status_changed_at else None)
            due: dt.date = deadline.date  # type: ignore[assignment]  # dated deadlines only (above)
            if (started and started > due) or project.programme_id != deadline.programme_id:
                continue
            if (project.pk, deadline.pk) in reported:
                continue
            rows.append({"project": project, "deadline": deadline, "days": (today - due).days})
    return rows


def project_reports(project: Project):
    return (project.progress_reports.select_related("deadline", "submitted_by", "updated_by")
            .prefetch_related("reach_rows__area", "attachments"))


def latest_report(project: Project) -> ProgressReport | None:
    return project_reports(project).first()


def report_reach_totals(report: ProgressReport) -> list[dict]:
    """People reached by group (all areas together), largest first, then the total."""
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in report.reach_rows.all():
        totals[row.group] = totals.get(row.group, 0) + row.people
        labels[row.group] = row.get_group_display()
    return [{"group": g, "label": labels[g], "people": n}
            for g, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]


def pilot_programme_ids(project: Project) -> set[int]:
    """The programmes whose indicators a pilot of ``project`` may count towards: its lead programme and its
    partner programmes."""
    ids = {project.programme_id, *project.programme_shares.values_list("programme_id", flat=True)}
    return {pk for pk in ids if pk is not None}


def pilot_indicators(project: Project | None = None):
    """Indicators that count pilots (a cell with a pilot-count target): the ones a pilot may count towards; of
    ``project``'s lead and partner programmes when given."""
    qs = Indicator.objects.filter(cells__target_kind=TargetKind.PILOT_COUNT)
    if project is not None:
        qs = qs.filter(programme_id__in=pilot_programme_ids(project))
    return qs.distinct().order_by(
        "goal__number", "order", "code")


def pilot_count_timeline(cell) -> list[tuple[dt.date, int]]:
    """The cumulative number of completed pilots counting towards ``cell``'s indicator, at each end date (a cell
    with an area counts the pilots in that area only)."""
    pilots = Pilot.objects.filter(indicator_id=cell.indicator_id, status=PilotStatus.COMPLETED,
                                  end_date__isnull=False)
    if cell.area_id:
        pilots = pilots.filter(area_id=cell.area_id)
    dates = sorted(day for day in pilots.values_list("end_date", flat=True) if day is not None)
    timeline: list[tuple[dt.date, int]] = []
    for n, day in enumerate(dates, start=1):
        if timeline and timeline[-1][0] == day:
            timeline[-1] = (day, n)
        else:
            timeline.append((day, n))
    return timeline


def portfolio_rows(projects=None) -> list[dict]:
    """One flat row per project with its latest progress report, in the column order of the export. Values
    are plain (ISO dates, decimal points, codes next to labels) so that a portfolio system can read them."""
    projects = projects if projects is not None else Project.objects.all()
    projects = (projects.select_related("responsible_user")
                .prefetch_related("goals", "deputies", "target_areas", "pilots",
                                  Prefetch("progress_reports", queryset=ProgressReport.objects.select_related(
                                      "deadline").prefetch_related("reach_rows")))
                .order_by("id"))
    rows = []
    for p in projects:
        reports = list(p.progress_reports.all())  # ordered newest period first
        latest = reports[0] if reports else None
        pilots = list(p.pilots.all())
        rows.append({
            "project_id": p.pk,
            "external_id": p.external_id,
            "portfolio_url": p.portfolio_url,
            "name_fi": p.name_fi,
            "name_sv": p.name_sv,
            "name_en": p.name_en,
            "kind": p.kind,
            "status": p.status,
            "year": p.year,
            "goals": ";".join(str(g.number) for g in sorted(p.goals.all(), key=lambda g: g.number)),
            "responsible_unit": p.responsible_unit,
            "responsible_person": p.responsible_name,
            "responsible_email": p.responsible_user.email if p.responsible_user else "",
            "deputies": ";".join(sorted(u.get_full_name() or u.get_username() for u in p.deputies.all())),
            "target_areas": ";".join(sorted(a.code for a in p.target_areas.all())),
            "start_date": p.start_date,
            "end_date": p.end_date,
            "planned_cost_min": p.planned_cost_min,
            "planned_cost_max": p.planned_cost_max,
            "pilots": len(pilots),
            "pilots_completed": sum(1 for x in pilots if x.status == PilotStatus.COMPLETED),
            "report_period": latest.deadline.date if latest else None,
            "report_status": latest.status if latest else "",
            "report_status_text": str(latest.get_status_display()) if latest else "",
            "report_summary": latest.status_note if latest else "",
            "milestones_done": latest.milestones_done if latest else "",
            "milestones_next": latest.milestones_next if latest else "",
            "outputs": latest.outputs if latest else "",
            "people_reached": latest.people_reached if latest else None,
            "costs_incurred": latest.costs_incurred if latest else None,
            "costs_incurred_total": sum((r.costs_incurred or Decimal(0) for r in reports), Decimal(0))
            if reports else None,
            "problems": latest.problems if latest else "",
            "report_updated": latest.updated_at if latest else None,
        })
    return rows
