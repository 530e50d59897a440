"""Steering-group documents: the agenda (sent about a week before the meeting) and the minutes (after the minutes
checker's approval), as PDF and DOCX, built from the governance models.

Fixed texts are in the active language; the content (titles, proposals, decisions) is kept in Finnish by the
governance app and is marked as Finnish in a Swedish document. Minutes that the checker has not approved are
marked as a draft on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteiso.governance import selectors_impact
from yhteiso.governance.models import AssessmentStatus
from yhteiso.reports import document, renderers
from yhteiso.reports import formatting as f

PROGRAMME = "Yhteisöllinen Espoo"


def _t(value: dt.time | None) -> str:
    return f"{value:%H.%M}" if value else ""


def _when(meeting) -> str:
    text = f"{f.date(meeting.date)} {_t(meeting.start_time)}"
    if meeting.end_time:
        text += f"–{_t(meeting.end_time)}"
    return text


def _stamp(meeting, moment: dt.datetime | None = None) -> dt.datetime:
    """Fixed document time: when the agenda was sent / the minutes approved, else noon of the meeting day."""
    if moment is not None:
        local = timezone.localtime(moment)
        return dt.datetime(local.year, local.month, local.day, local.hour, local.minute, local.second)
    return dt.datetime(meeting.date.year, meeting.date.month, meeting.date.day, 12, 0, 0)


class _Blocks:
    def __init__(self, lang: str):
        self.lang = lang
        self.content_lang = "fi" if lang != "fi" else ""
        self.items: list[dict[str, Any]] = []

    def h(self, level: int, text: str, anchor: str) -> None:
        self.items.append({"type": "heading", "level": level, "text": text, "id": anchor})

    def p(self, text: str, *, style: str = "", content: bool = False) -> None:
        if text:
            self.items.append({"type": "paragraph", "text": text, "style": style,
                               "lang": self.content_lang if content else ""})

    def labelled(self, label: str, text: str) -> None:
        if text:
            self.items.append({"type": "paragraph", "text": f"{label}: {text}", "style": "",
                               "lang": self.content_lang})

    def table(self, caption: str, columns: list[tuple[str, bool]], rows: list[list[str]]) -> None:
        self.items.append({"type": "table", "caption": caption,
                           "columns": [{"label": c, "numeric": n} for c, n in columns],
                           "rows": [[{"text": t, "class": "", "lang": ""} for t in row] for row in rows]})


def _impact_blocks(b: _Blocks, item) -> None:
    """The segregation impact assessments attached to the item (not drafts: the group sees what was submitted),
    each with its expected effects, mitigations and the knowledge base's figures as frozen at submission; an item
    that requires an assessment without one says so."""
    attached = [a for a in item.impact_assessments.all() if a.status != AssessmentStatus.DRAFT]
    if not attached:
        if getattr(item, "requires_impact_assessment", False):
            b.p(_("This item requires a segregation impact assessment; none has been submitted."), style="warning")
        return
    for assessment in attached:
        b.h(3, _("Segregation impact assessment: %(title)s") % {"title": assessment.title},
            f"item-{item.number}-assessment-{assessment.pk}")
        b.p(_("Status: %(status)s") % {"status": assessment.get_status_display()}
            + (" · " + _("Example for trying the workflow, not a real assessment.") if assessment.is_example else ""),
            style="note")
        b.labelled(_("Population groups"), ", ".join(assessment.population_group_labels()))
        b.labelled(_("Expected effect on mixing"),
                   f"{assessment.get_mixing_effect_display()}. {assessment.mixing_reasons}")
        b.labelled(_("Expected effect on services in the weakest decile"),
                   f"{assessment.get_services_effect_display()}. {assessment.services_reasons}")
        b.labelled(_("Expected effect on school catchments"),
                   f"{assessment.get_catchment_effect_display()}. {assessment.catchment_reasons}")
        b.labelled(_("Mitigations"), assessment.mitigations)
        b.labelled(_("Prepared by"), assessment.prepared_by_name)
        figures, _frozen = selectors_impact.shown_figures(assessment)
        shown = selectors_impact.localized_figures(figures)
        rows = []
        for area in shown["areas"]:
            values = {i["key"]: i for i in area["indices"]}
            decile = area.get("weakest_decile")
            population = area.get("population") or {}
            rows.append([area["name"], str(area.get("level_label") or ""),
                         f.number(population.get("value"), decimals=0) if population else "–",
                         *[f.number(values[k]["value"], decimals=1) if k in values else "–"
                           for k in ("sum_index", "status_index")],
                         (_("yes") if decile["value"] else _("no")) if decile else "–"])
        if rows:
            as_of = shown.get("as_of")
            caption = _("Figures of the areas as submitted (%(date)s)") % {
                "date": f.date(timezone.localtime(as_of).date()) if as_of else "–"}
            b.table(caption, [(_("Area"), False), (_("Level"), False), (_("Population"), True),
                              (_("Sum index"), True), (_("Status index"), True),
                              (_("In the weakest decile"), False)], rows)
        within = [[area["name"], str(d["label"]), f.dissimilarity(d["value"]),
                   f.dissimilarity(d["city"]), str(d["year"]),
                   f"{d['parts_used']}/{d['parts_total']}" if d.get("parts_total") else "–"]
                  for area in shown["areas"] for d in area.get("segregation_within", [])]
        if within:
            b.table(_("Dissimilarity index D within the named areas"),
                    [(_("Area"), False), (_("Group"), False), ("D", True), (_("Espoo"), True), (_("Year"), True),
                     (_("Small areas"), True)], within)
        # a figure of the plan computed from a stand-in says so (once per note)
        notes = dict.fromkeys(n for area in shown["areas"]
                              for n in [*(i.get("note") for i in area["indices"]),
                                        *(d.get("note") for d in area.get("segregation_within", []))] if n)
        for note in notes:
            b.p(note, style="note")


def _header(b: _Blocks, meeting, title: str) -> None:
    b.h(1, title, "title")
    facts = [_("Time: %(when)s") % {"when": _when(meeting)}]
    if meeting.place:
        facts.append(_("Place: %(place)s") % {"place": meeting.place})
    b.p(" · ".join(facts), style="lead")
    if meeting.is_example:
        b.p(_("Example meeting for trying the workflow; not a real meeting of the steering group."), style="note")


def agenda_blocks(meeting) -> tuple[str, list[dict[str, Any]]]:
    b = _Blocks(get_language() or "fi")
    title = _("%(programme)s steering group: agenda of the meeting on %(date)s") % {
        "programme": PROGRAMME, "date": f.date(meeting.date)}
    _header(b, meeting, title)
    if meeting.agenda_sent_at:
        b.p(_("Agenda sent on %(date)s.") % {"date": f.date(timezone.localtime(meeting.agenda_sent_at).date())},
            style="note")
    else:
        b.p(_("The agenda is due to be sent by %(date)s.") % {"date": f.date(meeting.agenda_due_date)},
            style="note")
    items = list(meeting.items.select_related("project").order_by("number"))
    if not items:
        b.p(_("No items on the agenda yet."))
    for item in items:
        b.h(2, f"§ {item.number} {item.title}", f"item-{item.number}")
        b.labelled(_("Presenter"), item.presenter)
        if item.project_id:
            b.labelled(_("Project"), str(item.project))
        b.p(item.description, content=True)
        b.labelled(_("Proposal for decision"), item.proposal)
        _impact_blocks(b, item)
    return title, b.items


def minutes_blocks(meeting) -> tuple[str, list[dict[str, Any]]]:
    b = _Blocks(get_language() or "fi")
    title = _("%(programme)s steering group: minutes of the meeting on %(date)s") % {
        "programme": PROGRAMME, "date": f.date(meeting.date)}
    _header(b, meeting, title)
    minutes = getattr(meeting, "minutes", None)
    attendances = list(meeting.attendances.select_related("member").all())
    b.h(2, _("Present"), "present")
    if attendances:
        b.table(_("Members present"), [(_("Name"), False), (_("Role"), False), (_("Present"), False)],
                [[str(a.member), str(a.member.get_role_display()), f"{_t(a.present_from)}–{_t(a.present_until)}"]
                 for a in attendances])
    else:
        b.p(_("Attendance has not been recorded."))
    if minutes and minutes.body:
        b.h(2, _("Opening of the meeting"), "opening")
        b.p(minutes.body, content=True)
    for item in meeting.items.select_related("project").order_by("number"):
        b.h(2, f"§ {item.number} {item.title}", f"item-{item.number}")
        b.labelled(_("Presenter"), item.presenter)
        b.p(item.description, content=True)
        b.labelled(_("Proposal for decision"), item.proposal)
        _impact_blocks(b, item)
        decision = getattr(item, "decision", None)
        if decision is not None:
            b.labelled(_("Decision"), decision.text)
            b.p(_("Outcome: %(outcome)s") % {"outcome": decision.get_outcome_display()}, style="note")
        else:
            b.p(_("No decision recorded."), style="note")
    b.h(2, _("Checking of the minutes"), "checking")
    if minutes is None:
        b.p(_("The minutes have not been drafted yet."))
    else:
        b.p(_("Minutes checker: %(name)s") % {"name": minutes.checker})
        if minutes.approved_at:
            b.p(_("The minutes checker approved the minutes on %(date)s.") % {
                "date": f.date(timezone.localtime(minutes.approved_at).date())})
        else:
            b.p(_("The minutes checker has not yet approved these minutes."), style="warning")
        if minutes.published_at:
            b.p(_("Published on %(date)s.") % {"date": f.date(timezone.localtime(minutes.published_at).date())},
                style="note")
    return title, b.items


def minutes_is_draft(meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return minutes is None or minutes.approved_at is None


def render_meeting_document(meeting, *, which: str, fmt: str, language: str | None = None) -> bytes:
    """``which`` is ``agenda`` or ``minutes``; ``fmt`` is ``pdf`` or ``docx``."""
    if which not in ("agenda", "minutes") or fmt not in ("pdf", "docx"):
        raise ValueError("which must be agenda or minutes, fmt pdf or docx")
    language = language if language in ("fi", "sv", "en") else "fi"
    with translation.override(language):
        if which == "agenda":
            title, blocks = agenda_blocks(meeting)
            draft = False
            when = _stamp(meeting, meeting.agenda_sent_at)
        else:
            title, blocks = minutes_blocks(meeting)
            draft = minutes_is_draft(meeting)
            minutes = getattr(meeting, "minutes", None)
            when = _stamp(meeting, minutes.approved_at if minutes and minutes.approved_at else None)
        if fmt == "docx":
            w = renderers.DocxWriter(lang=language, title=title, subject=title, when=when, header=title, draft=draft)
            if draft:
                w.paragraph(document.DRAFT_MARK, style="warning")
            for block in blocks:
                if block["type"] == "heading":
                    w.heading(block["text"], block["level"])
                elif block["type"] == "paragraph":
                    w.paragraph(block["text"], style=block["style"], lang=block["lang"])
                elif block["type"] == "table":
                    w.table(block["caption"], block["columns"], block["rows"])
            return w.save()
        from django.template.loader import render_to_string

        html = render_to_string("reports/document/standalone.html", {
            "lang": language, "title": title, "running_title_css": renderers.css_string(title),
            "author": renderers.AUTHOR,
            "draft": draft, "draft_mark": document.DRAFT_MARK, "blocks": blocks,
            "fallback_note": renderers.fallback_note(language),
            "css": renderers.CSS_PATH.read_text(encoding="utf-8"), "for_pdf": True, "meeting_document": True,
            "pdf_date": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        return renderers.html_to_pdf(html.encode("utf-8"), identifier=f"meeting-{meeting.pk}-{which}")


def file_name(meeting, which: str, fmt: str) -> str:
    prefix = {"agenda": _("agenda"), "minutes": _("minutes")}[which]
    return f"{prefix}-{meeting.date.isoformat()}.{fmt}"
