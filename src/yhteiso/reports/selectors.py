"""Reads for reports: the data snapshot of a report (from ``programme_overview`` and the programme models), the
published reports, and the comparison of a published snapshot with today's data ("revised since the report")."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yhteiso.core.models import AuditEvent
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.programme import selectors_programmes
from yhteiso.programme.models import BudgetYear, EntryKind, Programme, ProjectStatus, Risk
from yhteiso.programme.selectors import programme_overview
from yhteiso.reports import formatting as f
from yhteiso.reports import renderers
from yhteiso.reports import snapshot as snap
from yhteiso.reports.models import ActionAssessment, PublishedReport
from yhteiso.reports.selectors_sections import extra_sections

logger = logging.getLogger(__name__)

PROGRAMME_START = dt.date(2025, 1, 1)
"""The programme period starts with the council term 2025–2029 (plan, section 1); no report may be cut off
before it."""

MIDTERM_DATE = dt.date(2027, 7, 31)
ACTIVE_STATUSES = ("proposed", "in_preparation", "approved", "in_progress", "completed")


class ReportInputError(ValueError):
    """Bad input for a report (cut-off date, kind, language, missing translations); the message says what."""


def dec(value) -> str | None:
    """A Decimal as a plain decimal string without trailing zeros or an exponent (``73.4000`` -> ``"73.4"``)."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    value = Decimal(value)
    text = format(value.normalize(), "f")
    return text


def today() -> dt.date:
    return timezone.localdate()


def check_cutoff(as_of: dt.date) -> None:
    if as_of < PROGRAMME_START:
        raise ReportInputError(
            _("The cut-off date %(date)s is before the programme started on %(start)s. Choose a date on or after "
              "%(start)s.") % {"date": f"{as_of.day}.{as_of.month}.{as_of.year}",
                                "start": f"{PROGRAMME_START.day}.{PROGRAMME_START.month}.{PROGRAMME_START.year}"}
        )


class _Texts:
    """Picks content texts in the report's language, noting every Finnish fallback."""

    def __init__(self, language: str):
        self.language = language
        self.missing: list[dict[str, str]] = []

    def get(self, obj, field: str, fallback: list[str], *, what: str, label_fi: str = "") -> str:
        fi = getattr(obj, f"{field}_fi", "") or ""
        if self.language == "fi":
            return fi
        value = getattr(obj, f"{field}_{self.language}", "") or ""
        if value:
            return value
        if fi:
            fallback.append(field)
            self.missing.append({"object": f"{obj._meta.label_lower}:{obj.pk}", "field": field,
                                 "label": f"{what}: {label_fi or fi[:80]}"})
        return fi


def _highlights(as_of: dt.date) -> dict[str, Any]:
    """The knowledge base's highlights, converted to the snapshot's plain form; 'no data' when unavailable."""
    try:
        raw = knowledge_selectors.report_highlights(as_of=as_of)
    except (ImportError, AttributeError):
        return {"available": False, "sections": [], "notes": []}
    from yhteiso.reports.highlights import convert

    return convert(raw, as_of=as_of)


def _assessment(project, review_date: dt.date, language: str) -> dict[str, Any] | None:
    a = ActionAssessment.objects.filter(project=project, review_date=review_date).first()
    if a is None:
        return None
    evidence = a.evidence_sv if language == "sv" and a.evidence_sv else a.evidence_fi
    rationale = a.rationale_sv if language == "sv" and a.rationale_sv else a.rationale_fi
    return {
        "evidence": evidence,
        "evidence_lang": "fi" if language != "fi" and evidence and not a.evidence_sv else "",
        "recommendation": a.recommendation,
        "rationale": rationale,
        "rationale_lang": "fi" if language != "fi" and rationale and not a.rationale_sv else "",
    }


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def status_on(project, day: dt.date) -> str:
    """The project's status at the end of ``day``: its current status, unless the audit log records a change after
    that day, in which case the status before the first such change."""
    later = (AuditEvent.objects.filter(action="project.status", object_type="programme.project",
                                       object_id=str(project.pk), at__gte=_end_of(day))
             .order_by("at", "id").first())
    if later is not None and isinstance(later.before, dict) and later.before.get("status"):
        return later.before["status"]
    return project.status


def _project_entry(p, texts: _Texts, *, data_date: dt.date, kind: str, as_of: dt.date) -> dict[str, Any]:
    fallback: list[str] = []
    name = texts.get(p, "name", fallback, what=_("Project"))
    spent = p.budget_entries.filter(kind=EntryKind.SPENT, entry_date__lte=data_date).aggregate(
        total=Sum("amount"))["total"]
    entry = {
        "id": p.pk,
        "name": name,
        "kind": p.kind,
        "status": p.status_on_date,
        "status_label": str(ProjectStatus(p.status_on_date).label),
        "responsible": ", ".join(x for x in (p.responsible_unit, p.responsible_person) if x),
        "outputs": p.intended_outputs,
        "goals": [str(g.number) for g in p.goals.all()],
        "target_groups": list(p.target_group_labels),
        "target_areas": [a.name for a in p.target_areas.all()],
        "year": p.year,
        "planned_cost": dec(p.planned_cost_max if p.planned_cost_max is not None else p.planned_cost_min),
        "planned_cost_min": dec(p.planned_cost_min),
        "planned_cost_max": dec(p.planned_cost_max),
        "actual_cost": dec(spent or Decimal(0)),
        "start": p.start_date.isoformat() if p.start_date else None,
        "end": p.end_date.isoformat() if p.end_date else None,
        # Project outputs are kept only in Finnish in the programme's data.
        "fallback": fallback + (["outputs"] if texts.language != "fi" and p.intended_outputs else []),
        "assessment": _assessment(p, as_of, texts.language) if kind == "midterm" else None,
    }
    return entry


def _budget(year: int, data_date: dt.date, texts: _Texts, programme: Programme) -> dict[str, Any] | None:
    by = BudgetYear.objects.filter(year=year, programme=programme).first()
    if by is None:
        return None
    lines = []
    totals = {"allocated": Decimal(0), "committed": Decimal(0), "spent": Decimal(0)}
    for line in by.lines.all():
        entries = line.entries.filter(entry_date__lte=data_date)
        committed = entries.filter(kind=EntryKind.COMMITTED).aggregate(t=Sum("amount"))["t"] or Decimal(0)
        spent = entries.filter(kind=EntryKind.SPENT).aggregate(t=Sum("amount"))["t"] or Decimal(0)
        fallback: list[str] = []
        lines.append({
            "id": line.pk, "name": texts.get(line, "name", fallback, what=_("Budget line")),
            "allocated": dec(line.amount), "committed": dec(committed), "spent": dec(spent),
            "remaining": dec(line.amount - committed - spent), "fallback": fallback,
        })
        totals["allocated"] += line.amount
        totals["committed"] += committed
        totals["spent"] += spent
    return {
        "year": year, "total": dec(by.total), "allocated": dec(totals["allocated"]),
        "committed": dec(totals["committed"]), "spent": dec(totals["spent"]),
        "remaining": dec(totals["allocated"] - totals["committed"] - totals["spent"]), "lines": lines,
    }


def key_messages(*, kind: str, as_of: dt.date, language: str,
                 programme: Programme | None = None) -> list[dict[str, str]]:
    """The staff-written key messages of ``programme``'s report (the default programme's for ``None``) as
    paragraphs; Swedish falls back to Finnish (marked)."""
    from yhteiso.reports.models import KeyMessages

    item = KeyMessages.objects.filter(kind=kind, as_of=as_of, programme=selectors_programmes.resolve(programme)).first()
    if item is None:
        return []
    text, lang = (item.text_sv, "") if language == "sv" and item.text_sv.strip() else (item.text_fi, "")
    if language == "sv" and not item.text_sv.strip():
        lang = "fi"
    parts = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return [{"text": p, "lang": lang} for p in parts if p]


def build_snapshot(*, as_of: dt.date, kind: str = "annual", language: str = "fi",
                   on: dt.date | None = None, programme: Programme | None = None) -> dict[str, Any]:
    """Collect every figure and text of a report into a snapshot (see :mod:`yhteiso.reports.snapshot`).

    ``on`` is today's date (for tests). A cut-off date in the future gives a draft built from today's data.
    ``programme`` is the programme reported on (the default programme when ``None``): its goals, the projects it
    leads or shares, its budget, and its own registers (risks, key messages, the steering group's texts, work plan,
    funding applications, communication). Another programme's snapshot names it (``"programme"``), so its title
    says which."""
    programme = selectors_programmes.resolve(programme)
    if kind not in snap.KINDS:
        raise ReportInputError(_("Unknown kind of report %(kind)s.") % {"kind": kind})
    if language not in snap.LANGUAGES:
        raise ReportInputError(_("Reports are written in Finnish (fi) or Swedish (sv), not %(lang)s.")
                               % {"lang": language})
    check_cutoff(as_of)
    on = on or today()
    draft = as_of > on
    data_date = on if draft else as_of
    texts = _Texts(language)
    period_start = dt.date(as_of.year, 1, 1) if kind == "annual" else PROGRAMME_START
    period_start = max(period_start, PROGRAMME_START)

    with translation.override(language):
        goals = []
        for g in programme_overview(as_of=data_date, programme=programme):
            goal = g["goal"]
            gfb: list[str] = []
            name = texts.get(goal, "name", gfb, what=_("Benefit goal %(n)s") % {"n": goal.number})
            description = texts.get(goal, "description", gfb, what=_("Benefit goal %(n)s, description")
                                    % {"n": goal.number}, label_fi=goal.name_fi)
            indicators = []
            for i in g["indicators"]:
                ind = i["indicator"]
                ifb: list[str] = []
                iname = texts.get(ind, "name", ifb, what=_("Indicator %(code)s") % {"code": ind.code})
                definition = texts.get(ind, "definition", ifb, what=_("Indicator %(code)s, definition")
                                       % {"code": ind.code}, label_fi=ind.name_fi)
                source = texts.get(ind, "data_source", ifb, what=_("Indicator %(code)s, data source")
                                   % {"code": ind.code}, label_fi=ind.name_fi)
                cells = []
                for c in i["cells"]:
                    cell = c["cell"]
                    cfb: list[str] = []
                    label = texts.get(cell, "label", cfb, what=_("Indicator %(code)s, group or area")
                                      % {"code": ind.code})
                    measurements = [m for m in c["measurements"] if m.measured_on <= data_date]
                    latest = None
                    if c["latest"]:
                        same_day = [m for m in measurements if m.measured_on == c["latest"]["date"]]
                        m = same_day[-1] if same_day else None
                        latest = {"value": dec(m.value) if m else dec(c["latest"]["value"]),
                                  "date": c["latest"]["date"].isoformat(),
                                  "source": c["latest"].get("source", "")}
                    cells.append({
                        "id": cell.pk, "label": label, "unit": "",
                        "baseline": {"value": dec(cell.baseline_value), "year": cell.baseline_year,
                                     "source": cell.baseline_source},
                        "latest": latest,
                        "target": {"text": c["target"]["description"], "value": dec(cell.target_value),
                                   "kind": cell.target_kind, "year": cell.target_year},
                        "status": c["status"], "reason": c["reason"],
                        "series": [[m.measured_on.isoformat(), dec(m.value)] for m in measurements],
                        "fallback": cfb,
                    })
                indicators.append({
                    "id": ind.pk, "code": ind.code, "name": iname, "definition": definition,
                    "unit": i["unit_label"] and str(i["unit_label"]), "source": source,
                    "target_text": i["target_text"], "cells": cells, "fallback": ifb,
                })
            goals.append({"id": goal.pk, "number": goal.number, "name": name, "description": description,
                          "indicators": indicators, "fallback": gfb})

        all_projects = list(selectors_programmes.programme_projects(programme)
                            .prefetch_related("goals", "target_areas", "target_group_rows").order_by("year", "id"))
        for p in all_projects:
            p.status_on_date = status_on(p, data_date)
        active = [p for p in all_projects if p.status_on_date in ACTIVE_STATUSES]
        if kind == "final":
            current = active  # the whole programme period
            planned = []
        else:
            current = [p for p in active if p.year is None or p.year <= as_of.year]
            planned = [p for p in active if p.year == as_of.year + 1]
        projects = [_project_entry(p, texts, data_date=data_date, kind=kind, as_of=as_of) for p in current]
        planned_projects = [_project_entry(p, texts, data_date=data_date, kind=kind, as_of=as_of)
                            for p in planned]

        years = range(PROGRAMME_START.year, as_of.year + 1) if kind == "final" else [as_of.year]
        budget = [b for b in (_budget(y, data_date, texts, programme) for y in years) if b]

        risks = sorted(Risk.objects.filter(is_open=True, programme=programme), key=lambda r: (-(r.score or 0), r.pk))
        risk_rows = []
        for r in risks:
            rfb: list[str] = []
            title = texts.get(r, "title", rfb, what=_("Risk"))
            risk_rows.append({
                "id": r.pk, "title": title, "category": str(r.get_category_display()),
                "likelihood": "" if r.likelihood is None else str(r.likelihood),
                "impact": "" if r.impact is None else str(r.impact),
                "mitigation": r.mitigation, "owner": r.owner,
                "next_review": r.next_review.isoformat() if r.next_review else None,
                "fallback": rfb + (["mitigation"] if language != "fi" and r.mitigation else []),
            })
        highlights = _highlights(data_date)
        extra = extra_sections(kind=kind, as_of=as_of, data_date=data_date, language=language,
                               project_ids=[p.pk for p in current], programme=programme)
        if not programme.is_default:
            extra["programme"] = {"slug": programme.slug, "name": programme.localized("name", language),
                                  "period": programme.period}

    return snap.validate({
        "schema": snap.SCHEMA,
        "version": snap.VERSION,
        "kind": kind,
        "as_of": as_of.isoformat(),
        "data_date": data_date.isoformat(),
        "draft": draft,
        "language": language,
        "period": {"start": period_start.isoformat(), "end": as_of.isoformat()},
        "missing_translations": texts.missing,
        "key_messages": key_messages(kind=kind, as_of=as_of, language=language, programme=programme),
        "goals": goals,
        "highlights": highlights,
        "projects": projects,
        "planned_projects": planned_projects,
        "budget": budget,
        "risks": risk_rows,
        **extra,
    })


# -- Published reports ---------------------------------------------------------------------------------------------
def published_reports():
    return PublishedReport.objects.prefetch_related("files").defer("snapshot_json")


def load_snapshot(report: PublishedReport) -> dict[str, Any]:
    """The report's snapshot, after checking its integrity hash (raises :class:`snapshot.SnapshotError`)."""
    actual = snap.sha256_bytes(report.snapshot_json.encode("utf-8"))
    if actual != report.snapshot_sha256:
        raise snap.SnapshotError(
            _("The stored snapshot of report %(id)s fails its integrity check: its SHA-256 is %(actual)s but "
              "%(expected)s was recorded when it was published. Nothing was written.")
            % {"id": report.pk, "actual": actual, "expected": report.snapshot_sha256})
    return snap.validate(json.loads(report.snapshot_json))


def revisions(report_snapshot: dict[str, Any], programme: Programme | None = None) -> list[dict[str, Any]]:
    """Every figure that differs between a published snapshot and today's data for the same cut-off date.

    Each: ``{"what": str, "field": str, "published": str|None, "current": str|None}`` (translated labels, in
    the active language)."""
    live = build_snapshot(as_of=dt.date.fromisoformat(report_snapshot["as_of"]), kind=report_snapshot["kind"],
                          language=report_snapshot["language"],
                          on=max(today(), dt.date.fromisoformat(report_snapshot["data_date"])),
                          programme=programme)
    out: list[dict[str, Any]] = []

    def cells(s):
        for g in s["goals"]:
            for i in g["indicators"]:
                for c in i["cells"]:
                    yield (i["id"], c["id"]), (i, c)

    old, new = dict(cells(report_snapshot)), dict(cells(live))
    for key, (ind, cell) in old.items():
        what = f"{ind.get('code', '')} {ind['name']} – {cell['label']}".strip()
        if key not in new:
            out.append({"what": what, "field": _("indicator cell"), "published": _("present"),
                        "current": _("removed")})
            continue
        _ind2, cell2 = new[key]
        pairs = [
            (_("baseline"), cell["baseline"]["value"], cell2["baseline"]["value"]),
            (_("baseline year"), cell["baseline"]["year"], cell2["baseline"]["year"]),
            (_("latest value"), (cell["latest"] or {}).get("value"), (cell2["latest"] or {}).get("value")),
            (_("date of the latest value"), (cell["latest"] or {}).get("date"), (cell2["latest"] or {}).get("date")),
            (_("target"), cell["target"]["value"], cell2["target"]["value"]),
            (_("status"), f.status_label(cell["status"]), f.status_label(cell2["status"])),
        ]
        for field, a, b in pairs:
            if _norm(a) != _norm(b):
                out.append({"what": what, "field": field, "published": _show(a), "current": _show(b)})
        old_series, new_series = dict(cell.get("series", [])), dict(cell2.get("series", []))
        latest_date = (cell["latest"] or {}).get("date")
        for day in sorted(set(old_series) | set(new_series)):
            if day == latest_date and day in old_series and day in new_series:
                continue  # already compared as the latest value
            if _norm(old_series.get(day)) != _norm(new_series.get(day)):
                out.append({"what": what, "field": _("measurement of %(date)s") % {"date": _show(day)},
                            "published": _show(old_series.get(day)), "current": _show(new_series.get(day))})
    for key, (ind, cell) in new.items():
        if key not in old:
            out.append({"what": f"{ind.get('code', '')} {ind['name']} – {cell['label']}", "field":
                        _("indicator cell"), "published": _("absent"), "current": _("added")})

    def lines(s):
        for y in s["budget"]:
            for line in y["lines"]:
                yield (y["year"], line["id"]), line

    old_lines, new_lines = dict(lines(report_snapshot)), dict(lines(live))
    for key, line in old_lines.items():
        line2 = new_lines.get(key)
        what = f"{_('Budget')} {key[0]}: {line['name']}"
        for field_key, field in (("allocated", _("allocated")), ("committed", _("committed")),
                                 ("spent", _("spent"))):
            b = line2[field_key] if line2 else None
            if _norm(line[field_key]) != _norm(b):
                out.append({"what": what, "field": field, "published": _show(line[field_key]), "current": _show(b)})
    old_projects = {p["id"]: p for p in report_snapshot["projects"]}
    new_projects = {p["id"]: p for p in live["projects"]}
    for pid, p in old_projects.items():
        p2 = new_projects.get(pid)
        if p2 is None:
            continue
        for field_key, field in (("actual_cost", _("actual cost")), ("planned_cost", _("planned cost"))):
            if _norm(p[field_key]) != _norm(p2[field_key]):
                out.append({"what": p["name"], "field": field, "published": _show(p[field_key]),
                            "current": _show(p2[field_key])})
    return out


def _norm(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return str(value)
    except Exception:
        return str(value)


def _show(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f.date(text)
    if _norm(text) is not None and isinstance(_norm(text), Decimal):
        return f.number(text)
    return text


def report_regenerate(*, report: PublishedReport, fmt: str) -> bytes:
    """The file of a published report generated again from its stored snapshot (after the integrity check)."""
    return renderers.render(load_snapshot(report), fmt)


def report_verify(*, report: PublishedReport) -> list[dict[str, Any]]:
    """Regenerate every file from the snapshot and compare with the stored hashes.

    PDF: when the bytes differ (another WeasyPrint version), the extracted text is compared instead and the
    result says so."""
    data = load_snapshot(report)
    results = []
    for stored in report.files.all():
        content = renderers.render(data, stored.fmt)
        digest = snap.sha256_bytes(content)
        result = {"fmt": stored.fmt, "stored": stored.sha256, "regenerated": digest,
                  "identical": digest == stored.sha256, "text_identical": None}
        if not result["identical"] and stored.fmt == "pdf":
            result["text_identical"] = pdf_text(content) == pdf_text(bytes(stored.content))
        results.append(result)
    return results


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def export_envelope(report: PublishedReport) -> str:
    """The snapshot with its recorded hash, as written by ``yhteiso report snapshot``."""
    data = load_snapshot(report)
    return json.dumps({"sha256": report.snapshot_sha256, "snapshot": data}, ensure_ascii=False, indent=1,
                      sort_keys=True)
