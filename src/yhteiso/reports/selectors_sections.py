"""The report sections added for issue 14: the steering group's approved texts (a narrative assessment per
benefit goal; the mid-term review's outlook and operating environment; the final report's impact evaluation,
recommendations and plan for using the lessons), the projects' progress and pilots per goal, the whole-period
work plan and the portfolio balance.

Snapshot keys (all optional, so that reports published before them regenerate byte for byte)::

    "narratives": [{"section", "goal_id", "goal_number", "text", "lang", "decision"}],   # approved only
    "progress": [{"goal_id", "projects": [{"id", "name", "light", "light_label", "period", "summary", "outputs",
                  "reached", "reach": [{"label", "people"}], "pilots": [{"name", "status", "status_label",
                  "indicator", "area", "end", "method", "findings", "mechanisms"}]}]}],
    "work_plan": {"counts": {status: n}, "periods": [{"label", "milestones": [{"title", "status",
                  "status_label", "responsible", "fallback"}]}]},
    "portfolio": {"total": row, "goals": [row], "groups": [row], "areas": [row]}
                  # row: {"label", "projects", "pilots", "planned", "planned_share", "committed", "spent"}
    "funding": {"year", "by_status": [{"label", "count", "applied", "granted"}], "sent", "applied", "granted",
                "awaiting", "projects_funded", "in_kind_hours", "in_kind_person_years", "in_kind_projects",
                "partners", "partner_links"}    # external funding, the units' own work, partners
    "communication": {"year", "count", "completed", "reach", "without_reach", "mean_rating",
                      "channels": [{"label", "count"}],
                      "campaigns": [{"title", "title_lang", "owner", "kind", "status", "start", "end", "channels",
                                     "reach", "reach_source", "rating"}]}   # campaigns of the year (indicator 3.4)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core import formatting
from yhteiso.programme.models import Pilot, PilotStatus, Programme, ProgressReport, Project
from yhteiso.programme.selectors_comms import campaigns as comms_campaigns
from yhteiso.programme.selectors_comms import comms_summary
from yhteiso.programme.selectors_funding import funding_council_summary
from yhteiso.programme.selectors_portfolio import PORTFOLIO_STATUSES, portfolio_balance, work_plan_periods
from yhteiso.programme.selectors_programmes import resolve
from yhteiso.programme.selectors_progress import report_reach_totals
from yhteiso.reports.models_narrative import SECTION_KINDS, Narrative, NarrativeSection, NarrativeState


def dec(value) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def decision_reference(decision) -> str:
    item = decision.item
    return _("Steering group %(date)s, § %(n)s") % {"date": formatting.date(item.meeting.date), "n": item.number}


def approved_narratives(*, kind: str, year: int, language: str,
                        programme: Programme | None = None) -> list[dict[str, Any]]:
    """The approved texts of a report (kind, reporting year) in its language; the final report also collects the
    assessments of each benefit goal approved for the earlier years of the period (oldest first, each with its
    ``year``). Drafts and texts waiting for the steering group are never included."""
    sections = [s for s, kinds in SECTION_KINDS.items() if kind in kinds]
    years = Q(year=year)
    if kind == "final":  # the final report collects each goal's assessments of every year of the period
        years |= Q(section=NarrativeSection.GOAL_ASSESSMENT, year__lte=year)
    rows = (Narrative.objects.filter(years, state=NarrativeState.APPROVED, decision__isnull=False,
                                     section__in=sections, programme=resolve(programme))
            .select_related("goal", "decision__item__meeting").order_by("section", "goal__number", "year", "id"))
    out = []
    for n in rows:
        text = getattr(n, f"text_{language}", "") or ""
        lang = ""
        if not text.strip():
            text, lang = n.text_fi, ("fi" if language != "fi" else "")
        out.append({"id": n.pk, "section": n.section, "goal_id": n.goal_id,
                    "goal_number": n.goal.number if n.goal is not None else None, "text": text, "lang": lang,
                    "decision": decision_reference(n.decision), **({"year": n.year} if kind == "final" else {})})
    return out


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def goal_progress(*, data_date: dt.date, project_ids: list[int], language: str = "fi") -> list[dict[str, Any]]:
    """Per benefit goal, each reported project's latest progress report filed by ``data_date`` (traffic light,
    summary, outputs, people reached by group) and its pilots with their evaluation. Report texts are written
    in Finnish by the project owners (``lang`` "fi" in a Swedish report)."""
    reports_qs = (ProgressReport.objects.filter(submitted_at__lt=_end_of(data_date))
                  .select_related("deadline").prefetch_related("reach_rows"))
    pilots_qs = Pilot.objects.select_related("indicator", "area").order_by("start_date", "id")
    projects = (Project.objects.filter(pk__in=project_ids)
                .prefetch_related("goals", Prefetch("progress_reports", queryset=reports_qs),
                                  Prefetch("pilots", queryset=pilots_qs))
                .order_by("id"))
    by_goal: dict[int, list[dict[str, Any]]] = {}
    for p in projects:
        reports = list(p.progress_reports.all())  # newest period first
        latest = reports[0] if reports else None
        pilots = []
        for pilot in p.pilots.all():
            if pilot.start_date and pilot.start_date > data_date:
                continue
            end = pilot.end_date
            evaluated = pilot.status == PilotStatus.COMPLETED and end is not None and end <= data_date
            status = pilot.status if evaluated or pilot.status != PilotStatus.COMPLETED else PilotStatus.RUNNING
            pilots.append({
                "name": pilot.name, "status": status, "status_label": str(PilotStatus(status).label),
                "indicator": pilot.indicator.code if pilot.indicator is not None else "",
                "area": pilot.area.name if pilot.area is not None else "",
                "end": end.isoformat() if evaluated and end is not None else None,
                "method": pilot.evaluation_method if evaluated else "",
                "findings": pilot.findings if evaluated else "",
                "mechanisms": pilot.positive_mechanisms if evaluated else "",
            })
        if latest is None and not pilots:
            continue
        entry = {
            "id": p.pk, "name": p.localized("name", language),
            "name_lang": "fi" if p.localized_language("name", language) != language else "",
            "light": latest.status if latest else "",
            "light_label": str(latest.get_status_display()) if latest else "",
            "period": latest.deadline.localized("title", language) if latest else "",
            "summary": latest.status_note if latest else "",
            "outputs": latest.outputs if latest else "",
            "reached": latest.people_reached if latest else None,
            "reach": [{"label": r["label"], "people": r["people"]} for r in report_reach_totals(latest)]
            if latest else [],
            "pilots": pilots,
        }
        for g in p.goals.all():
            by_goal.setdefault(g.pk, []).append(entry)
    return [{"goal_id": gid, "projects": rows} for gid, rows in sorted(by_goal.items())]


def _row(row: dict) -> dict[str, Any]:
    label = row["label"]
    return {"label": label[:1].upper() + label[1:], "projects": row["projects"], "actions": row["actions"],
            "pilots": row["pilots"],
            "planned": dec(row["planned"]), "planned_share": dec(row.get("planned_share")),
            "committed": dec(row["committed"]), "spent": dec(row["spent"])}


def portfolio(*, data_date: dt.date, project_ids: list[int]) -> dict[str, Any]:
    balance = portfolio_balance(as_of=data_date, projects=Project.objects.filter(pk__in=project_ids))
    return {"total": _row(balance["total"]), "goals": [_row(r) for r in balance["goals"]],
            "groups": [_row(r) for r in balance["groups"]], "areas": [_row(r) for r in balance["areas"]]}


def work_plan(*, data_date: dt.date, language: str, programme: Programme | None = None) -> dict[str, Any]:
    periods = []
    counts: dict[str, int] = {}
    for period in work_plan_periods(on=data_date, programme=programme):
        rows = []
        for item in period["milestones"]:
            m = item["milestone"]
            title = getattr(m, f"title_{language}", "") or ""
            fallback = []
            if not title:
                title = m.title_fi
                if language != "fi":
                    fallback.append("title")
            counts[item["status"]] = counts.get(item["status"], 0) + 1
            rows.append({"title": title, "status": item["status"], "status_label": item["status_label"],
                         "responsible": m.responsible_unit, "fallback": fallback})
        periods.append({"label": period["label"], "milestones": rows})
    return {"counts": counts, "periods": periods}


def funding(*, year: int, programme: Programme | None = None) -> dict[str, Any]:
    """External funding of the report's year (applications whose call closed in it), the city units' own work
    whose period ends in it (never in euros, never in the programme's costs) and the active partners."""
    summary = funding_council_summary(year=year, programme=programme)
    ef, ik, pa = summary["external_funding"], summary["in_kind"], summary["partners"]
    return {
        "year": year,
        "by_status": [{"label": str(v["label"]), "count": v["count"], "applied": dec(v["applied"]),
                       "granted": dec(v["granted"])} for v in ef["by_status"].values() if v["count"]],
        "sent": ef["applications_sent"], "applied": dec(ef["applied"]), "granted": dec(ef["granted"]),
        "awaiting": dec(ef["awaiting_decision"]), "projects_funded": ef["projects_funded"],
        "in_kind_hours": dec(ik["hours"]), "in_kind_person_years": dec(ik["person_years"]),
        "in_kind_projects": ik["projects"], "partners": pa["active"], "partner_links": pa["project_links"],
    }


def communication(*, year: int, language: str, programme: Programme | None = None) -> dict[str, Any]:
    """The campaigns and communication actions that ran in ``year`` (started, not only planned): how many, how
    many were carried out and evaluated (these count towards indicator 3.4), the people reached as reported, the
    channels, and each one with its evaluation's rating."""
    summary = comms_summary(year=year, programme=programme)
    rows = []
    # the council report is public: no proposal in the intake
    for c in comms_campaigns(user=None, year=year, programme=programme):
        title_lang = c.localized_language("title", language)
        rows.append({
            "title": c.localized("title", language), "title_lang": title_lang if title_lang != language else "",
            "owner": c.project.localized("name", language) if c.project else _("the programme"),
            "kind": str(c.get_kind_display()), "status": str(c.get_status_display()),
            "start": formatting.date(c.start_date), "end": formatting.date(c.end_date) if c.end_date else "",
            "channels": ", ".join(c.channel_labels), "reach": c.reach_people, "reach_source": c.reach_source,
            "rating": str(c.get_rating_display()) if c.rating else "",
        })
    return {"year": year, "count": summary["count"], "completed": summary["completed"], "reach": summary["reach"],
            "without_reach": summary["without_reach"], "mean_rating": summary["mean_rating"],
            "channels": [{"label": str(c["label"]), "count": c["count"]} for c in summary["channels"]],
            "campaigns": rows}


def extra_sections(*, kind: str, as_of: dt.date, data_date: dt.date, language: str,
                   project_ids: list[int], programme: Programme | None = None) -> dict[str, Any]:
    """The added sections of a snapshot (call inside ``translation.override(language)``). The portfolio balance
    counts the decided projects among ``project_ids`` (the report's projects)."""
    decided = list(Project.objects.filter(pk__in=project_ids, status__in=PORTFOLIO_STATUSES)
                   .values_list("pk", flat=True))
    return {
        "narratives": approved_narratives(kind=kind, year=as_of.year, language=language, programme=programme),
        "progress": goal_progress(data_date=data_date, project_ids=project_ids, language=language),
        "work_plan": work_plan(data_date=data_date, language=language, programme=programme),
        "portfolio": portfolio(data_date=data_date, project_ids=decided),
        "funding": funding(year=as_of.year, programme=programme),
        "communication": communication(year=as_of.year, language=language, programme=programme),
    }
