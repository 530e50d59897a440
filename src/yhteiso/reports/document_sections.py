"""Blocks of the report sections added for issue 14 (see :mod:`yhteiso.reports.selectors_sections`): the steering
group's approved texts, the projects' progress and pilots per goal, the work plan and the portfolio balance.

Every section is built only when its key is in the snapshot, so a report published before these sections existed
regenerates to the same blocks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yhteiso.reports import formatting as f


def _cell(text, *, cls: str = "", lang: str = "") -> dict:
    return {"text": "" if text is None else str(text), "class": cls, "lang": lang}


def _num(text) -> dict:
    return _cell(text, cls="num")


def section_title(section: str) -> str:
    return {
        "goal_assessment": _("The steering group's assessment"),
        "outlook": _("Outlook"),
        "operating_environment": _("Operating environment"),
        "impact_evaluation": _("Impact evaluation"),
        "recommendations": _("Recommendations"),
        "lessons_plan": _("Plan for using the lessons"),
    }.get(section, section)


def _paragraphs(b, text: str, lang: str) -> None:
    for part in text.replace("\r\n", "\n").split("\n\n"):
        part = " ".join(part.split())
        if part:
            b.para(part, lang=lang)


def _approved_text(b, n: dict) -> None:
    _paragraphs(b, n["text"], n.get("lang", ""))
    b.para(_("Approved by the steering group: %(decision)s.") % {"decision": n["decision"]}, style="note")


def goal_extras(b, goal: dict) -> None:
    """After a goal's indicators: the steering group's approved assessment and the projects' progress."""
    s = b.s
    if "narratives" in s:
        texts = [n for n in s["narratives"] if n["section"] == "goal_assessment" and n["goal_id"] == goal["id"]]
        b.heading(4, section_title("goal_assessment"), f"goal-{goal['id']}-assessment")
        if texts:
            for n in texts:
                if "year" in n:  # the final report: the assessment of each year of the period
                    b.para(_("The steering group's assessment for %(year)s") % {"year": n["year"]})
                _approved_text(b, n)
        else:
            b.para(_("The steering group has not yet approved an assessment of this goal for the period."),
                   style="note")
    if "progress" in s:
        progress: list[dict[str, Any]] = next((g["projects"] for g in s["progress"] if g["goal_id"] == goal["id"]), [])
        b.heading(4, _("Progress of the projects and actions"), f"goal-{goal['id']}-progress")
        if not progress:
            b.para(_("No progress reports or pilots have been recorded for this goal's projects yet."),
                   style="note")
            return
        rows = []
        for p in progress:
            reach = "; ".join(f"{r['label']} {f.number(r['people'])}" for r in p.get("reach", []))
            reached = f.number(p["reached"]) if p.get("reached") is not None else f.DASH
            rows.append([
                _cell(p["name"], lang=p.get("name_lang", "")),
                _cell(f"{p['light_label']} ({p['period']})" if p.get("light") else _("no progress report yet"),
                      cls=f"light light-{p['light']}" if p.get("light") else ""),
                _cell(p.get("outputs") or p.get("summary") or f.DASH, lang="fi" if b.lang != "fi" else ""),
                _num(reached),
                _cell(reach or f.DASH),
            ])
        b.table(_("Latest progress report of each project: traffic light, outputs and people reached"),
                [(_("Project or action"), False), (_("Status (period)"), False), (_("Outputs"), False),
                 (_("People reached"), True), (_("By group"), False)], rows, [22, 17, 33, 10, 18])
        pilots = [(p, x) for p in progress for x in p.get("pilots", [])]
        if pilots:
            prow = []
            for p, x in pilots:
                evaluation = " ".join(t for t in (x.get("findings"), x.get("mechanisms")) if t) or f.DASH
                prow.append([
                    _cell(x["name"], lang="fi" if b.lang != "fi" else ""),
                    _cell(p["name"], lang=p.get("name_lang", "")),
                    _cell(x["status_label"] + (f" ({f.date(x['end'])})" if x.get("end") else "")),
                    _cell(x.get("indicator") or f.DASH),
                    _cell(x.get("method") or f.DASH, lang="fi" if b.lang != "fi" and x.get("method") else ""),
                    _cell(evaluation, lang="fi" if b.lang != "fi" and evaluation != f.DASH else ""),
                ])
            b.table(_("Pilots and their evaluation"),
                    [(_("Pilot"), False), (_("Project or action"), False), (_("Status"), False),
                     (_("Indicator"), False), (_("Evaluation method"), False), (_("Findings and mechanisms"), False)],
                    prow, [17, 17, 14, 9, 18, 25])


def _section_texts(b, sections: tuple[str, ...], anchor_prefix: str) -> None:
    texts = b.s.get("narratives", [])
    for section in sections:
        b.heading(3, section_title(section), f"{anchor_prefix}-{section.replace('_', '-')}")
        items = [n for n in texts if n["section"] == section]
        if not items:
            b.para(_("The steering group has not yet approved this section."), style="note")
        for n in items:
            _approved_text(b, n)


def review_sections(b) -> None:
    """The mid-term review's outlook and operating environment; the final report's impact evaluation,
    recommendations and plan for using the lessons (models to scale, handover to permanent structures)."""
    s = b.s
    if "narratives" not in s:
        return
    if s["kind"] == "midterm":
        b.heading(2, _("Operating environment and outlook"), "outlook")
        _section_texts(b, ("operating_environment", "outlook"), "midterm")
    elif s["kind"] == "final":
        b.heading(2, _("Impact, recommendations and lessons"), "evaluation")
        _section_texts(b, ("impact_evaluation", "recommendations", "lessons_plan"), "final")


STATUS_ORDER = ("done", "in_progress", "planned", "late")


def _status_label(key: str) -> str:
    return {"planned": _("planned"), "in_progress": _("in progress"), "done": _("done"), "late": _("late")}[key]


def work_plan(b) -> None:
    wp: dict[str, Any] | None = b.s.get("work_plan")
    if wp is None:
        return
    b.heading(2, _("Work plan for the programme period"), "work-plan")
    if not wp["periods"]:
        b.para(_("The work plan has not been recorded."))
        return
    counts = wp.get("counts", {})
    b.para(_("Milestones of the whole-period plan (Table 2 of the programme plan): %(summary)s.") % {
        "summary": ", ".join(f"{_status_label(k)} {counts.get(k, 0)}" for k in STATUS_ORDER)})
    rows = []
    for period in wp["periods"]:
        for m in period["milestones"]:
            rows.append([_cell(period["label"]),
                         _cell(m["title"], lang="fi" if "title" in m.get("fallback", []) else ""),
                         _cell(m["status_label"], cls=f"milestone milestone-{m['status']}"),
                         _cell(m.get("responsible") or f.DASH)])
    b.table(_("Milestones by period, status at %(date)s") % {"date": f.date(b.s["data_date"])},
            [(_("Period"), False), (_("Milestone"), False), (_("Status"), False), (_("Responsible unit"), False)],
            rows, [12, 50, 16, 22])


def _balance_rows(rows: list[dict], total: dict | None = None) -> list[list[dict]]:
    out = []
    for r in rows:
        share = f"{f.number(r['planned_share'])} %" if r.get("planned_share") is not None else f.DASH
        out.append([_cell(r["label"]), _num(str(r["projects"])), _num(str(r["pilots"])),
                    _num(f.euros(r["planned"])), _num(share), _num(f.euros(r["committed"])),
                    _num(f.euros(r["spent"]))])
    if total is not None:
        out.append([_cell(total["label"], cls="total"), _num(str(total["projects"])), _num(str(total["pilots"])),
                    _num(f.euros(total["planned"])), _num("100 %" if total["projects"] else f.DASH),
                    _num(f.euros(total["committed"])), _num(f.euros(total["spent"]))])
    return out


def portfolio(b) -> None:
    pb = b.s.get("portfolio")
    if pb is None:
        return
    b.heading(2, _("Balance of the portfolio"), "portfolio")
    if not pb["total"]["projects"]:
        b.para(_("The steering group has not approved any projects or actions yet."))
        return
    b.para(_("Effort and euros of the approved projects and actions by benefit goal, priority group and area. A "
             "project that serves several goals, groups or areas is counted under each, so the rows may add up to "
             "more than the total; the total counts each project once. Planned euros are the upper estimates; "
             "committed and spent euros are budget entries up to %(date)s.") % {"date": f.date(b.s["data_date"])},
           style="note")
    cols = [(_("Project count"), True), (_("Pilots"), True), (_("Planned"), True), (_("Share of planned"), True),
            (_("Committed"), True), (_("Spent"), True)]
    widths = [31, 10, 9, 14, 10, 13, 13]
    for key, caption, first in (
        ("goals", _("Balance by benefit goal"), _("Benefit goal")),
        ("groups", _("Balance by priority group"), _("Priority group")),
        ("areas", _("Balance by area"), _("Area")),
    ):
        b.table(caption, [(first, False), *cols], _balance_rows(pb[key], pb["total"] if key == "goals" else None),
                widths)


def funding(b) -> None:
    fu = b.s.get("funding")
    if fu is None:
        return
    b.heading(2, _("External funding, partners and the city's own work"), "funding")
    if fu["by_status"]:
        b.para(_("%(sent)s applications for external funding whose call closed in %(year)s were sent, for "
                 "%(applied)s; %(granted)s has been granted to %(projects)s projects and %(awaiting)s awaits a "
                 "decision.") % {"sent": fu["sent"], "year": fu["year"], "applied": f.euros(fu["applied"]),
                                  "granted": f.euros(fu["granted"]), "projects": fu["projects_funded"],
                                  "awaiting": f.euros(fu["awaiting"])})
        b.table(_("External funding applications by status, calls closing in %(year)s") % {"year": fu["year"]},
                [(_("Status"), False), (_("Applications"), True), (_("Applied"), True), (_("Granted"), True)],
                [[_cell(r["label"]), _num(str(r["count"])), _num(f.euros(r["applied"])),
                  _num(f.euros(r["granted"]))] for r in fu["by_status"]], [40, 20, 20, 20])
    else:
        b.para(_("No external funding application has a call closing in %(year)s.") % {"year": fu["year"]})
    b.para(_("The city's units reported %(hours)s hours and %(years)s person-years of their own work for "
             "%(projects)s projects in %(year)s. This work is not included in the programme's costs.") % {
        "hours": f.number(fu["in_kind_hours"]), "years": f.number(fu["in_kind_person_years"]),
        "projects": fu["in_kind_projects"], "year": fu["year"]})
    b.para(_("%(partners)s partner organisations take part in the programme, with %(links)s project roles.") % {
        "partners": fu["partners"], "links": fu["partner_links"]})


def communication(b) -> None:
    co = b.s.get("communication")
    if co is None:
        return
    b.heading(2, _("Communication"), "communication")
    if not co["count"]:
        b.para(_("No communication campaign or action ran in %(year)s.") % {"year": co["year"]})
        return
    b.para(_("%(count)s communication campaigns and actions ran in %(year)s; %(done)s were carried out and "
             "evaluated, and these count towards indicator 3.4. They reached %(reach)s people as reported (a "
             "person reached by two campaigns counts twice).") % {
        "count": co["count"], "year": co["year"], "done": co["completed"], "reach": f.number(co["reach"])})
    b.table(_("Communication campaigns and actions in %(year)s") % {"year": co["year"]},
            [(_("Campaign or action"), False), (_("Whose"), False), (_("Dates"), False), (_("Channels"), False),
             (_("People reached"), True), (_("Rating"), False)],
            [[_cell(r["title"], lang=r["title_lang"]), _cell(r["owner"]), _cell(f"{r['start']}–{r['end']}"),
              _cell(r["channels"]), _num("" if r["reach"] is None else f.number(r["reach"])), _cell(r["rating"])]
             for r in co["campaigns"]], [24, 18, 16, 18, 10, 14])


def xlsx_sheets(snapshot: dict[str, Any], sheet, dec) -> None:
    """The spreadsheet annex's sheets of these sections (only for snapshots that have them): the portfolio
    balance, the work plan and the projects' progress with people reached."""
    pb = snapshot.get("portfolio")
    if pb is not None:
        rows = []
        for key, dimension in (("goals", _("Benefit goal")), ("groups", _("Priority group")), ("areas", _("Area"))):
            for r in pb[key]:
                rows.append([dimension, r["label"], r["projects"], r["pilots"], dec(r["planned"]),
                             dec(r.get("planned_share")), dec(r["committed"]), dec(r["spent"])])
        t = pb["total"]
        rows.append([_("Total"), t["label"], t["projects"], t["pilots"], dec(t["planned"]), None,
                     dec(t["committed"]), dec(t["spent"])])
        sheet(_("Portfolio balance"), [_("Dimension"), _("Row"), _("Project count"), _("Pilots"), _("Planned"),
                                       _("Share of planned"), _("Committed"), _("Spent")], rows,
              [16, 50, 10, 10, 14, 12, 14, 14])
    wp = snapshot.get("work_plan")
    if wp is not None:
        sheet(_("Work plan"), [_("Period"), _("Milestone"), _("Status"), _("Responsible unit")],
              [[p["label"], m["title"], m["status_label"], m.get("responsible", "")]
               for p in wp["periods"] for m in p["milestones"]], [12, 70, 16, 24])
    fu = snapshot.get("funding")
    if fu is not None:
        rows = [[r["label"], r["count"], dec(r["applied"]), dec(r["granted"])] for r in fu["by_status"]]
        rows += [[_("In-kind work, hours"), None, dec(fu["in_kind_hours"]), None],
                 [_("In-kind work, person-years"), None, dec(fu["in_kind_person_years"]), None],
                 [_("Partner organisations"), fu["partners"], None, None]]
        sheet(_("External funding"), [_("Row"), _("Count"), _("Applied or amount"), _("Granted")], rows,
              [40, 10, 18, 18])
    co = snapshot.get("communication")
    if co is not None:
        sheet(_("Communication"), [_("Campaign or action"), _("Whose"), _("Status"), _("Start date"), _("End date"),
                                   _("Channels"), _("People reached"), _("Source of the reach figure"),
                                   _("Rating")],
              [[r["title"], r["owner"], r["status"], r["start"], r["end"], r["channels"], r["reach"],
                r["reach_source"], r["rating"]] for r in co["campaigns"]], [36, 24, 16, 12, 12, 24, 10, 30, 18])
    progress = snapshot.get("progress")
    if progress is not None:
        rows = []
        for g in progress:
            number = next((str(x.get("number", "")) for x in snapshot["goals"] if x["id"] == g["goal_id"]), "")
            for p in g["projects"]:
                rows.append([number, p["name"], p.get("light_label", ""), p.get("period", ""), p.get("outputs", ""),
                             p.get("reached"), len(p.get("pilots", [])),
                             sum(1 for x in p.get("pilots", []) if x.get("end"))])
        sheet(_("Progress"), [_("Goal"), _("Project or action"), _("Status"), _("Period"), _("Outputs"),
                              _("People reached"), _("Pilots"), _("Pilots evaluated")], rows,
              [6, 40, 20, 30, 50, 12, 10, 10])
