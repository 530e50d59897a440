"""Reads for the steering group's view of the portfolio: its balance (effort and euros by benefit goal, priority
group and area) and the whole-period work plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from yhteiso.programme.models import BudgetEntry, EntryKind, Project, ProjectStatus, TargetGroup
from yhteiso.programme.models_workplan import MilestoneStatus, WorkPlanMilestone
from yhteiso.programme.selectors_programmes import resolve

#: The decided portfolio: what the steering group has approved (running or finished).
PORTFOLIO_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED)


def _planned(p: Project) -> Decimal:
    value = p.planned_cost_max if p.planned_cost_max is not None else p.planned_cost_min
    return value or Decimal(0)


def _row(key: str, label: str, projects: Iterable[Project], used: dict[int, dict[str, Decimal]]) -> dict:
    projects = list(projects)
    return {
        "key": key,
        "label": label,
        "projects": len(projects),
        "actions": sum(1 for p in projects if p.kind == "action"),
        "pilots": sum(len(p.pilots.all()) for p in projects),
        "planned": sum((_planned(p) for p in projects), Decimal(0)),
        "committed": sum((used.get(p.pk, {}).get(EntryKind.COMMITTED, Decimal(0)) for p in projects), Decimal(0)),
        "spent": sum((used.get(p.pk, {}).get(EntryKind.SPENT, Decimal(0)) for p in projects), Decimal(0)),
    }


def _with_shares(rows: list[dict], total_planned: Decimal) -> list[dict]:
    for row in rows:
        row["planned_share"] = (row["planned"] * 100 / total_planned).quantize(Decimal(1)) if total_planned \
            else None
    return rows


def portfolio_balance(*, as_of: dt.date | None = None, projects=None, programme=None) -> dict:
    """The decided portfolio by benefit goal, priority group and area: the number of projects and actions, their
    pilots, planned euros (upper estimate), and euros committed and spent (budget entries up to ``as_of``).

    Without ``projects``: the decided projects ``programme`` leads (the default programme's for ``None``; issue 14
    item 9), with the euros booked on its own budget lines, so no euro of a co-funded project is counted in two
    programmes' balances. A project serving several goals, groups or areas is counted under each of them, so a
    dimension's rows may add up to more than the total; the total row counts each project once. Labels are in the
    active language."""
    entries = BudgetEntry.objects.all()
    if projects is None:
        programme = resolve(programme)
        projects = Project.objects.filter(status__in=PORTFOLIO_STATUSES, programme=programme)
        entries = entries.filter(line__budget_year__programme=programme)
    items = list(projects.prefetch_related("goals", "target_areas", "target_group_rows",
                                           Prefetch("pilots")).order_by("id"))
    entries = entries.filter(project__in=[p.pk for p in items])
    if as_of is not None:
        entries = entries.filter(entry_date__lte=as_of)
    used: dict[int, dict[str, Decimal]] = {}
    for e in entries.values("project_id", "kind", "amount"):
        bucket = used.setdefault(e["project_id"], {})
        bucket[e["kind"]] = bucket.get(e["kind"], Decimal(0)) + e["amount"]

    total = _row("total", _("All projects and actions"), items, used)

    by_goal: dict[int, tuple[str, list[Project]]] = {}
    for p in items:
        for g in p.goals.all():
            by_goal.setdefault(g.number, (f"{g.number}. {g.name}", []))[1].append(p)
    goal_rows = [_row(f"goal-{n}", label, ps, used) for n, (label, ps) in sorted(by_goal.items())]

    group_rows = []
    for group in TargetGroup:
        ps = [p for p in items if any(r.group == group.value for r in p.target_group_rows.all())]
        if ps:
            group_rows.append(_row(group.value, str(group.label), ps, used))
    ungrouped = [p for p in items if not p.target_group_rows.all()]
    if ungrouped:
        group_rows.append(_row("none", _("no particular priority group"), ungrouped, used))

    by_area: dict[str, tuple[str, list[Project]]] = {}
    for p in items:
        for a in p.target_areas.all():
            by_area.setdefault(f"{a.level}:{a.code}", (f"{a.name} ({a.get_level_display()})", []))[1].append(p)
    area_rows = [_row("area-" + key.replace(":", "-"), label, ps, used)
                 for key, (label, ps) in sorted(by_area.items(), key=lambda kv: kv[1][0])]
    citywide = [p for p in items if not p.target_areas.all()]
    if citywide:
        area_rows.append(_row("citywide", _("whole city or no particular area"), citywide, used))

    return {
        "total": total,
        "goals": _with_shares(goal_rows, total["planned"]),
        "groups": _with_shares(group_rows, total["planned"]),
        "areas": _with_shares(area_rows, total["planned"]),
    }


def work_plan(programme=None) -> list[WorkPlanMilestone]:
    """``programme``'s milestones (the default programme's for ``None``)."""
    return list(WorkPlanMilestone.objects.filter(programme=resolve(programme)).select_related("updated_by")
                .order_by("start_year", "end_year", "order", "id"))


def work_plan_periods(*, on: dt.date, programme=None) -> list[dict]:
    """``programme``'s milestones grouped by period, each with its status as shown on ``on`` (late when its period
    ended)."""
    periods: dict[str, dict] = {}
    for m in work_plan(programme):
        period = periods.setdefault(m.period_label, {"label": m.period_label, "milestones": []})
        status = m.status_on(on)
        period["milestones"].append({"milestone": m, "status": status,
                                     "status_label": str(MilestoneStatus(status).label)})
    return list(periods.values())


def work_plan_counts(*, on: dt.date, programme=None) -> dict[str, int]:
    counts = dict.fromkeys(MilestoneStatus.values, 0)
    for m in work_plan(programme):
        counts[m.status_on(on)] += 1
    return counts
