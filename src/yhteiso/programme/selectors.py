"""Reads of the programme domain. :func:`programme_overview` is the one source of the indicator numbers for the
dashboard, the API and the council reports, so that they always agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yhteiso.analytics.progress import NOT_ENOUGH_DATA, OFF_TRACK, ON_TRACK, SCHEDULED, cell_progress
from yhteiso.core import formatting
from yhteiso.core.formatting import money, percent, quantity, status_label
from yhteiso.programme import selectors_intake
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Direction,
    EntryKind,
    Indicator,
    IndicatorCell,
    IndicatorUnit,
    Measurement,
    Programme,
    Project,
    ProjectStatus,
    ReportingDeadline,
    Risk,
    TargetKind,
)
from yhteiso.programme.models_intake import not_in_intake
from yhteiso.programme.selectors_programmes import resolve


def indicator_value(value, unit: str = "") -> str:
    """An indicator's value for people: a per cent sign for percentages, the fewest decimals otherwise."""
    return percent(value) if unit == IndicatorUnit.PERCENT else quantity(value)


def cell_status_label(progress, cell: IndicatorCell) -> str:
    """The status in words; the neutral state names its years ("baseline measured 2026 · next measurement
    2027")."""
    if progress.status == SCHEDULED:
        if cell.baseline_year:
            return _("Baseline measured %(baseline)s · next measurement %(next)s") % {
                "baseline": cell.baseline_year, "next": cell.next_measurement_year}
        return _("Next measurement %(next)s") % {"next": cell.next_measurement_year}
    return status_label(progress.status)


def _reason_sentence(progress, cell: IndicatorCell, unit: str) -> str:
    d = progress.details
    num = lambda v: indicator_value(v, unit)  # noqa: E731
    args = {
        "latest": num(d.get("latest")),
        "date": formatting.date(d.get("latest_date")),
        "baseline": num(d.get("baseline", cell.baseline_value)),
        "target": num(d.get("target")),
        "expected": num(d.get("expected")),
        "gap0": quantity(d.get("gap_baseline")),
        "gap": quantity(d.get("gap_latest")),
        "reference": num(d.get("reference_latest")),
        "year": cell.baseline_year or "",
    }
    code = progress.reason
    if code == "no_target":
        return _("No target has been set for this cell.")
    if code == "reference_cell":
        return _("This is the city average that the other groups and areas are compared with; it has no target "
                 "of its own.")
    if code == "qualitative":
        return _("The target is qualitative: the steering group assesses it in its reports to the council.")
    if code == "no_baseline":
        return _("There is no baseline value, so progress cannot be computed yet.")
    if code == "next_measurement_scheduled":
        return _("The baseline has been measured; the next measurement is due in %(next)s.") % {
            "next": cell.next_measurement_year}
    if code == "measurement_overdue":
        return _("The next measurement was due in %(next)s and has not been recorded yet.") % {
            "next": cell.next_measurement_year}
    if code == "no_measurement":
        if cell.baseline_year and cell.baseline_value is not None:
            return _("No measurement after the baseline (%(year)s) yet.") % args
        return _("No measurement yet.")
    if code == "no_reference_measurement":
        return _("Latest value %(latest)s (%(date)s), but the city average has not been measured again since "
                 "the baseline, so the gap cannot be compared yet.") % args
    if code == "direction_improved":
        if d.get("direction") == Direction.DECREASING:
            return _("Latest value %(latest)s (%(date)s) is lower than the baseline %(baseline)s; the target is "
                     "a decrease.") % args
        return _("Latest value %(latest)s (%(date)s) is higher than the baseline %(baseline)s; the target is an "
                 "increase.") % args
    if code == "direction_not_improved":
        if d.get("direction") == Direction.DECREASING:
            return _("Latest value %(latest)s (%(date)s) is not lower than the baseline %(baseline)s; the target "
                     "is a decrease.") % args
        return _("Latest value %(latest)s (%(date)s) is not higher than the baseline %(baseline)s; the target is "
                 "an increase.") % args
    if code == "target_reached":
        if cell.target_kind == TargetKind.PILOT_COUNT:
            return _("The target has been reached: %(latest)s pilots completed by %(date)s (target "
                     "%(target)s).") % args
        if cell.target_kind == TargetKind.CAMPAIGN_COUNT:
            return _("The target has been reached: %(latest)s campaigns or actions carried out by %(date)s "
                     "(target %(target)s).") % args
        return _("The target %(target)s has been reached: latest value %(latest)s (%(date)s).") % args
    if code == "number_on_path":
        return _("Latest value %(latest)s (%(date)s) is on the path to the target %(target)s: about %(expected)s "
                 "was expected by then.") % args
    if code == "number_below_path":
        return _("Latest value %(latest)s (%(date)s) is behind the path to the target %(target)s: about "
                 "%(expected)s was expected by then.") % args
    if code == "gap_narrowed":
        return _("The gap to the city average has narrowed from %(gap0)s to %(gap)s (latest value %(latest)s, "
                 "city average %(reference)s).") % args
    if code == "gap_not_narrowed":
        return _("The gap to the city average has not narrowed: %(gap0)s at the baseline, %(gap)s now (latest "
                 "value %(latest)s, city average %(reference)s).") % args
    if code in ("pilots_on_pace", "pilots_behind") and cell.target_kind == TargetKind.CAMPAIGN_COUNT:
        return _("%(latest)s of %(target)s campaigns or actions carried out by %(date)s; a steady pace needs "
                 "%(expected)s by then.") % args
    if code == "pilots_on_pace":
        return _("%(latest)s of %(target)s pilots completed by %(date)s; a steady pace needs %(expected)s by "
                 "then.") % args
    if code == "pilots_behind":
        return _("Only %(latest)s of %(target)s pilots completed by %(date)s; a steady pace needs %(expected)s "
                 "by then.") % args
    return code


def target_description(cell: IndicatorCell, unit: str = "") -> str:
    """The cell's target in a few words, in the active language."""
    kind = cell.target_kind
    year = cell.target_year
    if kind == TargetKind.NUMBER:
        value = indicator_value(cell.target_value, unit)
        return (_("%(value)s by %(year)s") % {"value": value, "year": year}) if year else value
    if kind == TargetKind.DIRECTION:
        return _("increasing") if cell.target_direction == Direction.INCREASING else _("decreasing")
    if kind == TargetKind.CONVERGE:
        return _("converges towards the city average")
    if kind == TargetKind.PILOT_COUNT:
        low = indicator_value(cell.target_value, IndicatorUnit.COUNT)
        if cell.target_value_max is not None and cell.target_value_max != cell.target_value:
            low = f"{low}–{indicator_value(cell.target_value_max, IndicatorUnit.COUNT)}"
        if year:
            return _("%(count)s pilots by %(year)s") % {"count": low, "year": year}
        return _("%(count)s pilots") % {"count": low}
    if kind == TargetKind.CAMPAIGN_COUNT:
        count = indicator_value(cell.target_value, IndicatorUnit.COUNT)
        n = int(cell.target_value or 0)
        if year:
            return ngettext("%(count)s campaign by %(year)s", "%(count)s campaigns by %(year)s", n) % {
                "count": count, "year": year}
        return ngettext("%(count)s campaign", "%(count)s campaigns", n) % {"count": count}
    if kind == TargetKind.QUALITATIVE:
        return _("qualitative target")
    return _("no target")


def _fl(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def approved(measurements):
    """Only approved measurements count for status and appear publicly (four eyes)."""
    return measurements.filter(approved_at__isnull=False)


def proposed_measurements(*, indicator: Indicator | None = None):
    """Measurements awaiting approval (staff pages only), oldest first."""
    qs = Measurement.objects.filter(approved_at__isnull=True).select_related(
        "cell__indicator", "cell__area", "entered_by").order_by("entered_at", "id")
    return qs.filter(cell__indicator=indicator) if indicator is not None else qs


def cell_status(cell: IndicatorCell, *, as_of: dt.date | None = None, measurements=None,
                reference_measurements=None, is_reference: bool | None = None):
    """The computed status (``analytics.progress.Progress``) of one cell."""
    if measurements is None:
        measurements = [(m.measured_on, float(m.value)) for m in approved(cell.measurements.all())]
    ref = cell.reference_cell
    if ref is not None and reference_measurements is None:
        reference_measurements = [(m.measured_on, float(m.value)) for m in approved(ref.measurements.all())]
    if is_reference is None:
        is_reference = cell.referring_cells.exists()
    return cell_progress(
        # a count of campaigns progresses exactly like a count of pilots (the engine knows the latter's name)
        kind=TargetKind.PILOT_COUNT if cell.target_kind == TargetKind.CAMPAIGN_COUNT else cell.target_kind,
        measurements=measurements,
        baseline=_fl(cell.baseline_value),
        baseline_date=cell.baseline_reference_date,
        target=_fl(cell.target_value),
        target_date=cell.target_date,
        direction=cell.target_direction,
        tolerance=_fl(cell.tolerance),
        reference_baseline=_fl(ref.baseline_value) if ref else None,
        reference_baseline_date=ref.baseline_reference_date if ref else None,
        reference_measurements=reference_measurements or (),
        is_reference=is_reference,
        as_of=as_of,
        next_measurement_year=cell.next_measurement_year,
        today=as_of or dt.date.today(),
    )


def _cell_entry(cell: IndicatorCell, *, unit: str, as_of, series_by_cell, referenced: set[int],
                latest_meas: dict) -> dict:
    series = series_by_cell.get(cell.pk, [])
    progress = cell_status(
        cell, as_of=as_of, measurements=[(m.measured_on, float(m.value)) for m in series],
        reference_measurements=[(m.measured_on, float(m.value)) for m in series_by_cell.get(
            cell.reference_cell_id, [])],
        is_reference=cell.pk in referenced)
    latest = None
    if progress.latest_date is not None:
        measurement = latest_meas.get((cell.pk, progress.latest_date))
        latest = {
            "value": progress.latest,
            "date": progress.latest_date,
            "source": measurement.source if measurement else "",
            "source_url": measurement.source_url if measurement else "",
        }
    return {
        "cell": cell,
        "id": cell.pk,
        "label": cell.label,
        "disaggregation": cell.disaggregation,
        "group": cell.group,
        "disaggregation_label": cell.get_disaggregation_display(),
        "area_id": cell.area_id,
        "area_name": cell.area.name if cell.area_id else "",
        "baseline": {
            "value": _fl(cell.baseline_value),
            "year": cell.baseline_year,
            "date": cell.baseline_date,
            "source": cell.baseline_source,
            "display": indicator_value(cell.baseline_value, unit),
        },
        "latest": latest,
        "latest_display": indicator_value(latest["value"], unit) if latest else "–",
        "target": {
            "kind": cell.target_kind,
            "kind_label": cell.get_target_kind_display(),
            "value": _fl(cell.target_value),
            "value_max": _fl(cell.target_value_max),
            "direction": cell.target_direction,
            "year": cell.target_year,
            "reference_cell_id": cell.reference_cell_id,
            "description": target_description(cell, unit),
        },
        "status": progress.status,
        "status_label": cell_status_label(progress, cell),
        "reason_code": progress.reason,
        "reason": _reason_sentence(progress, cell, unit),
        "is_reference": cell.pk in referenced,
        "series": [(m.measured_on, float(m.value)) for m in series
                   if as_of is None or m.measured_on <= as_of],
        "measurements": [m for m in series if as_of is None or m.measured_on <= as_of],
    }


def programme_overview(*, as_of: dt.date | None = None, goal_ids=None,
                       programme: Programme | None = None) -> list[dict]:
    """Goals → indicators → cells, each cell with baseline, latest value (as of ``as_of``), target, status and the
    reason in words (in the active language), for ``programme`` (the default programme when ``None``).

    Each goal: ``{"goal", "id", "number", "name", "description", "indicators": [...], "counts": {status: n}}``;
    each indicator: ``{"indicator", "id", "code", "name", "definition", "unit", "unit_label", "data_source",
    "baseline_text", "target_text", "cells": [...]}``; each cell: ``{"cell", "id", "label", "disaggregation",
    "area_id", "baseline": {value, year, date, source}, "latest": {value, date, source, source_url} | None,
    "target": {kind, value, value_max, direction, year, description}, "status", "status_label", "reason",
    "reason_code", "series": [(date, value)], ...}``. Values are floats.
    """
    cells_qs = IndicatorCell.objects.select_related("area", "reference_cell").order_by("order", "id")
    goals = BenefitGoal.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code").prefetch_related(
            Prefetch("cells", queryset=cells_qs)))).filter(programme=resolve(programme))
    if goal_ids is not None:
        goals = goals.filter(pk__in=goal_ids)
    measurements = approved(Measurement.objects.order_by("measured_on", "id"))
    if as_of is not None:
        measurements = measurements.filter(measured_on__lte=as_of)
    series_by_cell: dict[int, list[Measurement]] = {}
    latest_meas: dict = {}
    for m in measurements:
        series_by_cell.setdefault(m.cell_id, []).append(m)
        latest_meas[(m.cell_id, m.measured_on)] = m
    referenced = set(IndicatorCell.objects.filter(reference_cell__isnull=False)
                     .values_list("reference_cell_id", flat=True))

    result = []
    for goal in goals:
        indicators = []
        counts = {ON_TRACK: 0, OFF_TRACK: 0, SCHEDULED: 0, NOT_ENOUGH_DATA: 0}
        for indicator in goal.indicators.all():
            unit = indicator.unit
            cells = [_cell_entry(c, unit=unit, as_of=as_of, series_by_cell=series_by_cell, referenced=referenced,
                                 latest_meas=latest_meas) for c in indicator.cells.all()]
            for c in cells:
                counts[c["status"]] += 1
            indicators.append({
                "indicator": indicator,
                "id": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "definition": indicator.localized("definition"),
                "unit": unit,
                "unit_label": indicator.get_unit_display(),
                "data_source": indicator.localized("data_source"),
                "baseline_text": indicator.baseline_text_fi,
                "target_text": indicator.localized("target_text"),
                "cells": cells,
            })
        result.append({
            "goal": goal,
            "id": goal.pk,
            "number": goal.number,
            "name": goal.name,
            "description": goal.localized("description"),
            "indicators": indicators,
            "counts": counts,
        })
    return result


STATUS_ORDER = (OFF_TRACK, ON_TRACK, SCHEDULED, NOT_ENOUGH_DATA)


def at_a_glance(overview: list[dict]) -> list[dict]:
    """Table 1 on one screen: per goal, one row per indicator with its headline cell (the first with a target,
    else the first) — baseline, latest, target — and the statuses of all its cells summed up as ``[{status, label, n}]``
    (off track first, so that what needs attention reads first)."""
    goals = []
    for goal in overview:
        rows = []
        for item in goal["indicators"]:
            cells = item["cells"]
            head = next((c for c in cells if c["target"]["kind"] != TargetKind.NONE), cells[0] if cells else None)
            summary: dict[tuple[str, str], int] = {}
            for c in cells:
                summary[(c["status"], c["status_label"])] = summary.get((c["status"], c["status_label"]), 0) + 1
            statuses = sorted(({"status": k[0], "label": k[1], "n": n} for k, n in summary.items()),
                              key=lambda s: (STATUS_ORDER.index(s["status"]), s["label"]))
            rows.append({"item": item, "head": head, "cell_count": len(cells), "statuses": statuses})
        goals.append({"goal": goal, "rows": rows})
    return goals


def deadline_days_left(deadline: ReportingDeadline | None, *, today: dt.date | None = None) -> int | None:
    if deadline is None or deadline.date is None:
        return None
    return (deadline.date - (today or dt.date.today())).days


# --- Budget -----------------------------------------------------------------------------------------------------


def budget_overspend_warning(*, line: BudgetLine, amount) -> str | None:
    """A sentence warning that taking ``amount`` from ``line`` would spend more than the line has; None when it
    fits."""
    amount = Decimal(str(amount))
    totals = line.totals()
    if totals["used"] + amount <= line.amount:
        return None
    over = totals["used"] + amount - line.amount
    return _(
        "This would overspend the budget line “%(line)s” (%(year)s): %(available)s € of its %(budget)s € is "
        "still available, this entry is %(amount)s €, so the line would be %(over)s € over budget."
    ) % {
        "line": line.name, "year": line.budget_year.year, "available": money(max(totals["available"], 0)),
        "budget": money(line.amount), "amount": money(amount), "over": money(over),
    }


def budget_overview(*, year: int, programme: Programme | None = None) -> dict | None:
    """A year's budget of ``programme`` (default: the default programme): lines with amount, committed, spent, used
    and available, the totals, and the entries. Only the programme's own budget lines count: a project co-funded by
    another programme brings none of the other programme's money here."""
    budget_year = BudgetYear.objects.filter(year=year, programme=resolve(programme)).first()
    if budget_year is None:
        return None
    lines = []
    totals = {"amount": Decimal(0), "committed": Decimal(0), "spent": Decimal(0), "used": Decimal(0),
              "available": Decimal(0)}
    for line in budget_year.lines.all():
        t = line.totals()
        row = {"line": line, "id": line.pk, "name": line.name, "amount": line.amount, **t,
               "overspent": t["available"] < 0}
        lines.append(row)
        totals["amount"] += line.amount
        for key in ("committed", "spent", "used", "available"):
            totals[key] += t[key]
    entries = (BudgetEntry.objects.filter(line__budget_year=budget_year)
               .select_related("line", "project", "entered_by").order_by("-entry_date", "-id"))
    return {
        "budget_year": budget_year,
        "year": year,
        "total": budget_year.total,
        "lines": lines,
        "totals": totals,
        "lines_match_total": totals["amount"] == budget_year.total,
        "entries": list(entries),
    }


def budget_years(*, programme: Programme | None = None) -> list[int]:
    return list(BudgetYear.objects.filter(programme=resolve(programme)).values_list("year", flat=True))


# --- Projects, risks, calendar ----------------------------------------------------------------------------------


def project_list(*, goal: int | None = None, status: str | None = None, target_group: str | None = None,
                 area: int | None = None, year: int | None = None, user=None, programme: Programme | None = None):
    """Projects that ``programme`` (default: the default programme) leads or shares as a partner, filtered by
    benefit goal number, status, priority target group, target area and year; proposals still in the intake only
    for those who may see them (``user``; none for the public). A shared project's ``programme_id`` is another
    programme's (the page marks it as shared)."""
    programme = resolve(programme)
    qs = selectors_intake.projects_visible_to(user, Project.objects.select_related("programme").prefetch_related(
        "goals", "target_areas", "target_group_rows").order_by("-year", "id"))
    qs = qs.filter(Q(programme=programme) | Q(programme_shares__programme=programme))
    if goal:
        qs = qs.filter(goals__number=goal, goals__programme=programme)
    if status:
        qs = qs.filter(status=status)
    if target_group:
        qs = qs.filter(target_group_rows__group=target_group)
    if area:
        qs = qs.filter(Q(target_areas__pk=area) | Q(target_areas__parent__pk=area))
    if year:
        qs = qs.filter(year=year)
    return qs.distinct()


def project_detail(*, project_id: int, user=None) -> Project:
    """Raises ``Project.DoesNotExist`` for an unknown id and for a proposal still in the intake that ``user`` may
    not see (the public never sees one), so that its address answers 404 like an unknown one."""
    return selectors_intake.projects_visible_to(user, Project.objects.prefetch_related(
        "goals", "target_areas", "target_group_rows")).get(pk=project_id)


def project_status_counts(*, programme: Programme | None = None) -> dict[str, int]:
    """Projects by status among those ``programme`` leads (default: the default programme)."""
    counts = dict.fromkeys(ProjectStatus.values, 0)
    for status in (Project.objects.filter(not_in_intake(), programme=resolve(programme))
                   .values_list("status", flat=True)):
        counts[status] += 1
    return counts


def project_budget(*, project: Project) -> dict:
    totals = project.budget_entries.values("kind").annotate(total=Sum("amount"))
    out = {"committed": Decimal(0), "spent": Decimal(0)}
    for row in totals:
        out["committed" if row["kind"] == EntryKind.COMMITTED else "spent"] = row["total"]
    return out


def risk_register(*, include_closed: bool = False, programme: Programme | None = None):
    """``programme``'s risks (the default programme's for ``None``)."""
    qs = Risk.objects.filter(programme=resolve(programme))
    if not include_closed:
        qs = qs.filter(is_open=True)
    return qs


def reporting_calendar(*, programme: Programme | None = None):
    """``programme``'s reporting calendar (the default programme's for ``None``)."""
    return ReportingDeadline.objects.filter(programme=resolve(programme))


def next_deadline(*, today: dt.date | None = None, programme: Programme | None = None) -> ReportingDeadline | None:
    """``programme``'s next reporting deadline not marked done (``None`` when it has none)."""
    today = today or dt.date.today()
    return (reporting_calendar(programme=programme).filter(done=False)
            .filter(Q(date__gte=today) | Q(date__isnull=True)).first())
