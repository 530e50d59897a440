"""The report as a list of blocks (headings, paragraphs, tables, charts), built from a snapshot only.

HTML, PDF and DOCX all render the same blocks, so the formats cannot drift apart. Fixed texts come from gettext
in the snapshot's language; content texts come from the snapshot. Call :func:`build` inside
``translation.override(snapshot["language"])`` (the renderers do it).

Block types::

    {"type": "heading", "level": 1-4, "text": str, "id": str}
    {"type": "paragraph", "text": str, "style": "" | "lead" | "note" | "warning", "lang": "" | "fi"}
    {"type": "list", "items": [str, ...]}
    {"type": "table", "caption": str, "columns": [{"label": str, "numeric": bool}],
     "rows": [[{"text": str, "class": str, "lang": str}, ...]]}
    {"type": "chart", "key": str, "title": str, "alt": str, "spec": {...line chart spec...}}
    {"type": "map", "key": str, "title": str, "alt": str, "spec": {...choropleth spec...}}
    {"type": "cover", "city": str, "programme": str, "kind": str, "title": str, "as_of": str, "state": str,
     "period": str}
    {"type": "toc", "title": str, "entries": [{"id": str, "text": str, "level": 2 | 3}]}

Tables drop columns that have no data in any row (a council report shows no empty columns; the spreadsheet annex
keeps every column).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yhteiso.reports import document_sections as sections
from yhteiso.reports import formatting as f

DRAFT_MARK = "LUONNOS / UTKAST / DRAFT"

PROJECT_WIDTHS = [20, 13, 24, 11, 8, 13, 11]

STATUS_CLASSES = {"on_track": "status status-on_track", "off_track": "status status-off_track",
                  "scheduled": "status status-scheduled", "not_enough_data": "status status-not_enough_data"}


def kind_title(kind: str) -> str:
    return {
        "annual": _("Report to the city council"),
        "midterm": _("Mid-term review"),
        "final": _("Final report"),
    }[kind]


def recommendation_label(value: str) -> str:
    return {
        "keep": _("Keep"),
        "adjust": _("Adjust"),
        "stop": _("Stop"),
        "": _("Not assessed yet"),
    }.get(value or "", value)


def cover_kind(snapshot: dict[str, Any]) -> str:
    year = snapshot["as_of"][:4]
    if snapshot["kind"] == "midterm":
        return _("Mid-term review %(year)s") % {"year": year}
    if snapshot["kind"] == "final":
        return _("Final report %(year)s") % {"year": year}
    return _("Council report %(year)s") % {"year": year}


def document_title(snapshot: dict[str, Any]) -> str:
    day = f.date(snapshot["as_of"])
    other = snapshot.get("programme")  # set only for a programme other than the default one
    if other:
        name = other["name"]
        if snapshot["kind"] == "midterm":
            return _("%(programme)s development programme: mid-term review, situation at %(date)s") % {
                "programme": name, "date": day}
        if snapshot["kind"] == "final":
            return _("%(programme)s development programme: final report, situation at %(date)s") % {
                "programme": name, "date": day}
        return _("%(programme)s development programme: report to the city council on the situation at %(date)s") % {
            "programme": name, "date": day}
    if snapshot["kind"] == "midterm":
        return _("Communal Espoo development programme: mid-term review, situation at %(date)s") % {"date": day}
    if snapshot["kind"] == "final":
        return _("Communal Espoo development programme: final report, situation at %(date)s") % {"date": day}
    return _("Communal Espoo development programme: report to the city council on the situation at %(date)s") % {
        "date": day}


def file_stem(snapshot: dict[str, Any]) -> str:
    return f"yhteisollinen-espoo-{snapshot['kind']}-{snapshot['as_of']}-{snapshot['language']}"


def _is_empty(text: str) -> bool:
    return text.strip() in ("", DASH_TEXT)


DASH_TEXT = f.DASH


def drop_empty_columns(columns: list[dict], rows: list[list[dict]]) -> tuple[list[dict], list[list[dict]]]:
    """Columns (other than the first) with no data in any row are left out; widths are rescaled to 100 %."""
    if not rows:
        return columns, rows
    keep = [i for i in range(len(columns)) if i == 0 or any(not _is_empty(row[i]["text"]) for row in rows)]
    if len(keep) == len(columns):
        return columns, rows
    kept = [dict(columns[i]) for i in keep]
    if all(c.get("width") for c in kept):
        total = sum(c["width"] for c in kept)
        for c in kept:
            c["width"] = round(c["width"] * 100 / total, 1)
    return kept, [[row[i] for i in keep] for row in rows]


def _fb(obj: dict, field: str, lang: str) -> str:
    """``"fi"`` when this field of the object fell back to Finnish in a Swedish report."""
    return "fi" if lang != "fi" and field in obj.get("fallback", []) else ""


def _cell(text, *, cls: str = "", lang: str = "") -> dict:
    return {"text": "" if text is None else str(text), "class": cls, "lang": lang}


def _num_cell(text) -> dict:
    return _cell(text, cls="num")


def cost_range(p: dict) -> str:
    """The planned cost as text, a range when it is one (``8 000–10 000 €``): the same in every format."""
    low, high = p.get("planned_cost_min"), p.get("planned_cost_max")
    if low is not None and high is not None and f.to_decimal(low) != f.to_decimal(high):
        return f"{f.number(low)}–{f.euros(high)}"
    return f.euros(high if high is not None else low)


class _Builder:
    def __init__(self, snapshot: dict[str, Any]):
        self.s = snapshot
        self.lang = snapshot["language"]
        self.blocks: list[dict[str, Any]] = []

    def heading(self, level: int, text: str, anchor: str) -> None:
        self.blocks.append({"type": "heading", "level": level, "text": text, "id": anchor})

    def para(self, text: str, *, style: str = "", lang: str = "") -> None:
        if text:
            self.blocks.append({"type": "paragraph", "text": text, "style": style, "lang": lang})

    def table(self, caption: str, columns: list[tuple[str, bool]], rows: list[list[dict]],
              widths: list[int] | None = None) -> None:
        """``widths``: optional column widths in per cent (they fix the layout in print)."""
        cols = [{"label": label, "numeric": numeric, "width": widths[i] if widths else None}
                for i, (label, numeric) in enumerate(columns)]
        cols, rows = drop_empty_columns(cols, rows)
        self.blocks.append({"type": "table", "caption": caption, "columns": cols, "rows": rows,
                            "fixed": bool(widths)})

    # -- sections ---------------------------------------------------------------------------------------------
    def front(self) -> None:
        s = self.s
        programme_line = (_("%(programme)s development programme") % {"programme": s["programme"]["name"]}
                          if s.get("programme") else _("Communal Espoo development programme"))
        period = _("Reporting period %(start)s–%(end)s") % {
            "start": f.date(s["period"]["start"]), "end": f.date(s["period"]["end"])}
        self.blocks.append({
            "type": "cover", "city": _("City of Espoo"), "programme": programme_line,
            "kind": cover_kind(s), "title": document_title(s), "period": period,
            "as_of": _("Cut-off date %(date)s") % {"date": f.date(s["as_of"])},
            "state": _("Draft") if s["draft"] else _("Final version"), "id": "report-title",
        })
        self.blocks.append({"type": "toc", "title": _("Contents"), "entries": []})  # filled in by build()
        self.summary()
        self.heading(2, _("Introduction"), "introduction")
        if s["draft"]:
            self.para(
                _("DRAFT: the cut-off date %(as_of)s has not yet passed. This draft shows the data as of "
                  "%(data_date)s and cannot be published before the cut-off date.")
                % {"as_of": f.date(s["as_of"]), "data_date": f.date(s["data_date"])},
                style="warning",
            )
        self.para(_(
            "The development programme reports to the city council on the situation at 31 December every year, at "
            "the same time as the financial statements. The emphasis is on the outputs of projects and actions and "
            "on progress towards the benefit goals; the report also describes the projects and actions planned for "
            "the next year."
        ))
        if s["kind"] == "midterm":
            self.para(_(
                "The mid-term review also assesses each action: the evidence gathered so far and a recommendation "
                "to keep, adjust or stop it."
            ))
        elif s["kind"] == "final":
            self.para(_("The final report covers the whole programme period."))
        self.para(_(
            "Status of an indicator: on track, off track, next measurement scheduled, or not enough data, computed "
            "from the baseline, the latest value before the cut-off date and the target. The explanation gives the "
            "reason in words. All numbers are also in the spreadsheet annex."
        ), style="note")
        missing = s.get("missing_translations") or []
        if missing:
            self.para(_("Some texts have not yet been translated into Swedish and are shown in Finnish:"),
                      style="warning")
            self.blocks.append({"type": "list", "items": [m["label"] for m in missing]})

    def summary(self) -> None:
        """One page: how many indicator cells of each goal are on track, off track, awaiting their next scheduled
        measurement or without enough data."""
        self.heading(2, _("Summary"), "summary")
        statuses = ("on_track", "off_track", "scheduled", "not_enough_data")
        rows = []
        totals = dict.fromkeys(statuses, 0)
        for goal in self.s["goals"]:
            counts = dict.fromkeys(statuses, 0)
            for ind in goal["indicators"]:
                for cell in ind["cells"]:
                    if cell.get("status") in counts:
                        counts[cell["status"]] += 1
            for key in statuses:
                totals[key] += counts[key]
            rows.append([_cell(goal["name"], lang=_fb(goal, "name", self.lang))]
                        + [_num_cell(str(counts[key])) for key in statuses]
                        + [_num_cell(str(sum(counts.values())))])
        if not rows:
            self.para(_("No benefit goals have been recorded."))
            return
        rows.append([_cell(_("Total"), cls="total")] + [_num_cell(str(totals[key])) for key in statuses]
                    + [_num_cell(str(sum(totals.values())))])
        columns = [(_("Benefit goal"), False)] + [(f.status_label(key), True) for key in statuses] + [
            (_("Indicator values"), True)]
        cols = [{"label": label, "numeric": numeric, "width": width}
                for (label, numeric), width in zip(columns, [36, 13, 13, 13, 13, 12], strict=True)]
        self.blocks.append({"type": "table", "caption": _("Status of the indicators by benefit goal"),
                            "columns": cols, "rows": rows, "fixed": True})
        self.para(_(
            "Each benefit goal is followed with indicators, and each indicator with one or more values (for the "
            "whole city, an age group or an area). The table counts these values by status."
        ), style="note")
        messages = self.s.get("key_messages") or []
        if messages:
            self.heading(3, _("Key messages"), "key-messages")
            self.blocks.append({"type": "list", "items": [m["text"] for m in messages]})

    def goals(self) -> None:
        self.heading(2, _("Benefit goals and indicators"), "goals")
        if not self.s["goals"]:
            self.para(_("No benefit goals have been recorded."))
        for gi, goal in enumerate(self.s["goals"], start=1):
            self.heading(3, f"{gi}. {goal['name']}", f"goal-{goal['id']}")
            self.para(goal.get("description", ""), lang=_fb(goal, "description", self.lang))
            if not goal["indicators"]:
                self.para(_("No indicators have been recorded for this goal."))
            for ii, ind in enumerate(goal["indicators"], start=1):
                self.indicator(f"{gi}.{ii}", ind)
            sections.goal_extras(self, goal)

    def indicator(self, number: str, ind: dict) -> None:
        lang = self.lang
        self.heading(4, f"{number} {ind['name']}", f"indicator-{ind['id']}")
        self.para(ind.get("definition", ""), lang=_fb(ind, "definition", lang))
        facts = []
        if ind.get("unit"):
            facts.append(_("Unit: %(unit)s") % {"unit": ind["unit"]})
        if ind.get("source"):
            facts.append(_("Data source: %(source)s") % {"source": ind["source"]})
        if facts:
            self.para(" · ".join(facts), style="note")
        rows = []
        for cell in ind["cells"]:
            base = cell.get("baseline") or {}
            latest = cell.get("latest")
            target = cell.get("target") or {}
            base_text = f.number(base.get("value"))
            if base.get("year"):
                base_text += f" ({base['year']})"
            if latest:
                latest_text = f"{f.number(latest.get('value'))} ({f.date(latest.get('date'))})"
            else:
                latest_text = _("no measurement yet")
            rows.append([
                _cell(cell["label"], lang=_fb(cell, "label", lang)),
                _num_cell(base_text),
                _num_cell(latest_text),
                _cell(target.get("text") or f.DASH, lang=_fb(cell, "target", lang)),
                _cell(f.status_label(cell.get("status", "")), cls=STATUS_CLASSES.get(cell.get("status", ""), "")),
                _cell(cell.get("reason", "")),
            ])
        self.table(
            _("%(indicator)s: baseline, latest value as of %(date)s, target and status") % {
                "indicator": ind["name"], "date": f.date(self.s["data_date"])},
            [(_("Group or area"), False), (_("Baseline (year)"), True), (_("Latest value (date)"), True),
             (_("Target"), False), (_("Status"), False), (_("Explanation"), False)],
            rows, [18, 12, 15, 15, 12, 28],
        )
        self.chart(number, ind)

    def chart(self, number: str, ind: dict) -> None:
        series = []
        data_rows = []
        for cell in ind["cells"]:
            points: dict[int, str] = {}
            base = cell.get("baseline") or {}
            if base.get("value") is not None and base.get("year"):
                points[int(base["year"])] = base["value"]
                data_rows.append([_cell(cell["label"]), _cell(str(base["year"])),
                                  _num_cell(f.number(base["value"])), _cell(_("baseline"))])
            for day, value in cell.get("series", []):
                points[int(day[:4])] = value  # the chart shows the latest value of each year
                data_rows.append([_cell(cell["label"]), _cell(f.date(day)), _num_cell(f.number(value)),
                                  _cell(_("measurement"))])
            if points:
                series.append({"name": cell["label"],
                               "points": [(year, float(points[year])) for year in sorted(points)]})
        if not any(len(s["points"]) > 1 for s in series):
            self.para(_("No measurements after the baseline yet, so there is no trajectory to chart."),
                      style="note")
            return
        title = _("Trajectory: %(indicator)s") % {"indicator": ind["name"]}
        summaries = []
        for s in series:
            first, last = s["points"][0], s["points"][-1]
            summaries.append(f"{s['name']}: {f.number(first[1])} ({first[0]}) → {f.number(last[1])} ({last[0]})")
        alt = _("Line chart of %(indicator)s by year. %(summary)s.") % {
            "indicator": ind["name"], "summary": "; ".join(summaries)}
        self.blocks.append({
            "type": "chart", "key": f"indicator-{ind['id']}", "title": title, "alt": alt,
            "spec": {"series": series, "title": title, "x_label": _("Year"), "y_label": ind.get("unit", ""),
                     "width": 800, "height": 360},
        })
        self.table(_("Data of the chart: %(indicator)s") % {"indicator": ind["name"]},
                   [(_("Group or area"), False), (_("Year or date"), False), (_("Value"), True), (_("Kind"), False)],
                   data_rows)

    def highlights(self) -> None:
        h = self.s.get("highlights") or {}
        self.heading(2, _("Highlights of the segregation knowledge base"), "highlights")
        if not h.get("available"):
            self.para(_("No data: the knowledge base had no results for this report's cut-off date."))
            return
        for note in h.get("notes", []):
            self.para(note, style="note")
        for item in h.get("sections", []):
            self.heading(3, item["title"], item["key"])
            self.para(item.get("text", ""))
            if item.get("chart"):
                self.blocks.append({"type": "chart", "key": item["key"], "title": item["title"],
                                    "alt": item.get("alt", item["title"]), "spec": item["chart"]})
            if item.get("map"):
                self.blocks.append({"type": "map", "key": item["key"], "title": item["title"],
                                    "alt": item.get("alt", item["title"]), "spec": item["map"]})
            if item.get("table"):
                t = item["table"]
                self.table(t["caption"], [(c["label"], c["numeric"]) for c in t["columns"]],
                           [[_cell(c["text"], cls="num" if col["numeric"] else "")
                             for c, col in zip(row, t["columns"], strict=True)] for row in t["rows"]])

    def _project_rows(self, projects: list[dict], *, assessment: bool = False) -> list[list[dict]]:
        rows = []
        lang = self.lang
        for p in projects:
            row = [
                _cell(p["name"], lang=_fb(p, "name", lang)),
                _cell(p.get("responsible", "")),
                _cell(p.get("outputs", "") or f.DASH, lang=_fb(p, "outputs", lang)),
                _cell(p.get("status_label", "")),
                _cell(", ".join(p.get("goals", [])) or f.DASH),
                _num_cell(cost_range(p)),
                _num_cell(f.euros(p.get("actual_cost"))),
            ]
            rows.append(row)
        return rows

    def projects(self) -> None:
        s = self.s
        self.heading(2, _("Projects and actions"), "projects")
        cols = [(_("Project or action"), False), (_("Responsible"), False), (_("Outputs"), False),
                (_("Status"), False), (_("Goals"), False), (_("Planned cost"), True),
                (_("Actual cost"), True)]
        if s["projects"]:
            self.table(_("Projects and actions, situation at %(date)s") % {"date": f.date(s["data_date"])},
                       cols, self._project_rows(s["projects"]), PROJECT_WIDTHS)
        else:
            self.para(_("No projects or actions had started by the cut-off date."))
        if s["kind"] == "midterm":
            self.assessments()
        self.heading(2, _("Projects and actions planned for the next year"), "planned")
        if s["planned_projects"]:
            self.table(_("Planned projects and actions"), cols, self._project_rows(s["planned_projects"]),
                       PROJECT_WIDTHS)
        else:
            self.para(_("No projects or actions have been planned for the next year yet."))

    def assessments(self) -> None:
        self.heading(3, _("Assessment of the actions"), "assessments")
        rows = []
        for p in self.s["projects"]:
            a = p.get("assessment") or {}
            rows.append([
                _cell(p["name"], lang=_fb(p, "name", self.lang)),
                _cell(a.get("evidence") or _("No evidence recorded."), lang=a.get("evidence_lang", "")),
                _cell(recommendation_label(a.get("recommendation", ""))),
                _cell(a.get("rationale") or f.DASH, lang=a.get("rationale_lang", "")),
            ])
        if rows:
            self.table(_("Evidence and recommendation for each action"),
                       [(_("Project or action"), False), (_("Evidence"), False), (_("Recommendation"), False),
                        (_("Reasons"), False)], rows, [24, 34, 14, 28])
        else:
            self.para(_("There are no actions to assess."))

    def budget(self) -> None:
        self.heading(2, _("Budget use"), "budget")
        if not self.s["budget"]:
            self.para(_("No budget has been recorded."))
        for year in self.s["budget"]:
            rows = [[_cell(line["name"], lang=_fb(line, "name", self.lang)), _num_cell(f.euros(line["allocated"])),
                     _num_cell(f.euros(line["committed"])), _num_cell(f.euros(line["spent"])),
                     _num_cell(f.euros(line["remaining"]))] for line in year["lines"]]
            rows.append([_cell(_("Total"), cls="total"), _num_cell(f.euros(year["allocated"])),
                         _num_cell(f.euros(year["committed"])), _num_cell(f.euros(year["spent"])),
                         _num_cell(f.euros(year["remaining"]))])
            self.table(_("Budget %(year)s by line") % {"year": year["year"]},
                       [(_("Budget line"), False), (_("Allocated"), True), (_("Committed"), True),
                        (_("Spent"), True), (_("Remaining"), True)], rows, [40, 15, 15, 15, 15])

    def risks(self) -> None:
        self.heading(2, _("Main risks"), "risks")
        if not self.s["risks"]:
            self.para(_("No risks have been recorded."))
            return
        rows = [[
            _cell(r["title"], lang=_fb(r, "title", self.lang)),
            _cell(r.get("category", "")),
            _cell(r.get("likelihood", "")),
            _cell(r.get("impact", "")),
            _cell(r.get("mitigation", ""), lang=_fb(r, "mitigation", self.lang)),
            _cell(r.get("owner", "")),
        ] for r in self.s["risks"]]
        self.table(_("Main risks and their mitigation"),
                   [(_("Risk"), False), (_("Category"), False), (_("Likelihood"), False), (_("Impact"), False),
                    (_("Mitigation"), False), (_("Owner"), False)], rows, [19, 14, 15, 11, 27, 14])

    def colophon(self) -> None:
        self.heading(2, _("About this report"), "about")
        self.para(_(
            "Generated by the Yhteisö platform from the programme's data as of %(date)s. Sources of the figures "
            "are named beside each indicator; the spreadsheet annex contains every number of this report."
        ) % {"date": f.date(self.s["data_date"])})


def build(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    b = _Builder(snapshot)
    b.front()
    b.goals()
    sections.review_sections(b)
    b.highlights()
    b.projects()
    sections.work_plan(b)
    b.budget()
    sections.funding(b)
    sections.communication(b)
    sections.portfolio(b)
    b.risks()
    b.colophon()
    entries = [{"id": blk["id"], "text": blk["text"], "level": blk["level"]}
               for blk in b.blocks if blk["type"] == "heading" and blk["level"] in (2, 3)]
    for blk in b.blocks:
        if blk["type"] == "toc":
            blk["entries"] = entries
    return b.blocks
