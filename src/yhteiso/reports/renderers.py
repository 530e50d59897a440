"""Render a report snapshot as HTML, PDF (WeasyPrint, PDF/UA-1), DOCX (python-docx) or XLSX (openpyxl).

Every renderer reads only the snapshot and is byte-deterministic: the same snapshot gives the same bytes (zip
entry times and document properties are fixed to the report's cut-off date; no clocks, no random ids)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from yhteiso.core.hyphenation import hyphenate_fi
from yhteiso.core.spreadsheets import safe_append
from yhteiso.reports import charts, document, document_sections
from yhteiso.reports import formatting as f
from yhteiso.reports.snapshot import snapshot_hash

FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AUTHOR = "Yhteisöllinen Espoo -kehitysohjelma / Espoon kaupunki"
CSS_PATH = Path(__file__).parent / "templates" / "reports" / "document" / "document.css"
LANG_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


def fixed_datetime(snapshot: dict[str, Any]) -> dt.datetime:
    """The one timestamp every generated file carries: noon UTC of the date the data describe."""
    day = dt.date.fromisoformat(snapshot["data_date"])
    return dt.datetime(day.year, day.month, day.day, 12, 0, 0)


def fallback_note(lang: str) -> str:
    return _("(in Finnish)") if lang != "fi" else ""


# -- HTML and PDF --------------------------------------------------------------------------------------------------
def _hyphenate_tables(blocks: list[dict[str, Any]], lang: str) -> None:
    """Soft hyphens in the Finnish words of table cells and headers (narrow columns), see ``hyphenation``."""
    for b in blocks:
        if b["type"] != "table":
            continue
        if lang == "fi":
            for col in b["columns"]:
                col["label"] = hyphenate_fi(col["label"])
        for row in b["rows"]:
            for cell in row:
                if (cell.get("lang") or lang) == "fi" and cell.get("class") != "num":
                    cell["text"] = hyphenate_fi(cell["text"])


def _prepared_blocks(snapshot: dict[str, Any], *, for_pdf: bool) -> list[dict[str, Any]]:
    blocks = document.build(snapshot)
    if for_pdf:  # browsers reflow the HTML to the screen; the PDF's fixed narrow columns need the breaks
        _hyphenate_tables(blocks, snapshot["language"])
    for b in blocks:
        if b["type"] in ("chart", "map"):
            svg = (charts.line_svg(b["spec"], lang=snapshot["language"]) if b["type"] == "chart"
                   else charts.map_svg(b["spec"]))
            if for_pdf:
                b["img_src"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
            else:
                b["svg"] = svg
    return blocks


def css_string(text: str) -> str:
    """A CSS string literal (for ``content:`` in page margin boxes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _context(snapshot: dict[str, Any], *, for_pdf: bool) -> dict[str, Any]:
    title = document.document_title(snapshot)
    stamp = fixed_datetime(snapshot)
    return {
        "lang": snapshot["language"],
        "title": title,
        "running_title_css": css_string(title),
        "author": AUTHOR,
        "draft": snapshot["draft"],
        "draft_mark": document.DRAFT_MARK,
        "blocks": _prepared_blocks(snapshot, for_pdf=for_pdf),
        "fallback_note": fallback_note(snapshot["language"]),
        "css": CSS_PATH.read_text(encoding="utf-8"),
        "for_pdf": for_pdf,
        "pdf_date": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def render_html(snapshot: dict[str, Any], *, for_pdf: bool = False) -> bytes:
    with translation.override(snapshot["language"]):
        html = render_to_string("reports/document/standalone.html", _context(snapshot, for_pdf=for_pdf))
    return html.encode("utf-8")


def body_blocks(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Context for embedding the report in a page of the site (the staff preview)."""
    with translation.override(snapshot["language"]):
        return {"blocks": _prepared_blocks(snapshot, for_pdf=False),
                "fallback_note": fallback_note(snapshot["language"]),
                "draft": snapshot["draft"], "draft_mark": document.DRAFT_MARK, "embedded": True,
                "report_lang": snapshot["language"], "report_title": document.document_title(snapshot)}


def html_to_pdf(html: bytes, *, identifier: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html.decode("utf-8"), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode("ascii")[:32],
    )


def render_pdf(snapshot: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(snapshot, for_pdf=True), identifier=snapshot_hash(snapshot)[:32])


# -- DOCX ----------------------------------------------------------------------------------------------------------
def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip (DOCX, XLSX) with every entry's time fixed, so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


class DocxWriter:
    """Shared helpers for the Word documents (council reports and steering-group documents)."""

    def __init__(self, *, lang: str, title: str, subject: str, when: dt.datetime, header: str = "",
                 draft: bool = False, keywords: str = ""):
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.qn = qn
        self.doc = Document()
        self.lang = lang
        self.when = when
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        # Document language: the default run properties of the styles part.
        rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang_el = rpr_default.find(qn("w:lang"))
        if lang_el is None:
            lang_el = rpr_default.makeelement(qn("w:lang"), {})
            rpr_default.append(lang_el)
        lang_el.set(qn("w:val"), LANG_TAGS.get(lang, lang))
        lang_el.set(qn("w:eastAsia"), LANG_TAGS.get(lang, lang))
        lang_el.set(qn("w:bidi"), "ar-SA")
        for level in range(1, 5):
            style = styles[f"Heading {level}"]
            style.font.name = "Arial"
            style.font.color.rgb = None
        cp = self.doc.core_properties
        cp.title = title
        cp.subject = subject
        cp.author = AUTHOR
        cp.last_modified_by = AUTHOR
        cp.language = LANG_TAGS.get(lang, lang)
        cp.keywords = keywords
        cp.comments = ""
        cp.category = ""
        cp.created = when
        cp.modified = when
        cp.last_printed = when
        cp.revision = 1
        settings_el = self.doc.settings.element
        # Word and LibreOffice hyphenate by the document language (fi-FI, sv-FI) when this is on.
        if settings_el.find(qn("w:autoHyphenation")) is None:
            settings_el.insert(0, settings_el.makeelement(qn("w:autoHyphenation"), {}))
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = 2  # right
        self._field(footer, "PAGE", "1")
        if header or draft:
            para = section.header.paragraphs[0]
            if draft:
                run = para.add_run(document.DRAFT_MARK + ("   " if header else ""))
                run.bold = True
            if header:
                para.add_run(header).font.size = Pt(8)

    def _field(self, paragraph, instruction: str, placeholder: str) -> None:
        """A Word field (PAGE, TOC): Word and LibreOffice compute its value when the document is opened."""
        from docx.oxml import OxmlElement

        qn = self.qn

        def char(kind: str):
            run = OxmlElement("w:r")
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                fld.set(qn("w:dirty"), "true")
            run.append(fld)
            return run

        paragraph._p.append(char("begin"))
        instr_run = OxmlElement("w:r")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        instr_run.append(instr)
        paragraph._p.append(instr_run)
        paragraph._p.append(char("separate"))
        lines = placeholder if isinstance(placeholder, list) else [placeholder]
        for i, text in enumerate(lines):
            run = paragraph.add_run(text)
            if i < len(lines) - 1:
                run.add_break()
        paragraph._p.append(char("end"))

    def heading(self, text: str, level: int) -> None:
        para = self.doc.add_heading(text, level=level)
        para.paragraph_format.keep_with_next = True

    def cover(self, block: dict) -> None:
        from docx.enum.text import WD_BREAK
        from docx.shared import Pt, RGBColor

        def line(text: str, size: float, *, bold: bool = False, space_after: float = 6):
            para = self.doc.add_paragraph()
            run = para.add_run(text)
            run.font.size = Pt(size)
            run.bold = bold
            para.paragraph_format.space_after = Pt(space_after)
            return run

        line(block["city"], 14, bold=True)
        line(block["programme"], 14, space_after=60)
        line(block["kind"], 28, bold=True).font.color.rgb = RGBColor(0x00, 0x5A, 0x9C)
        self.heading(block["title"], 1)
        line(block["as_of"], 12, space_after=0)
        line(block["period"], 12, space_after=60)
        line(block["state"], 14, bold=True)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, title: str, entries: list[dict]) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph(title, style="TOC Heading" if "TOC Heading" in
                               [st.name for st in self.doc.styles] else "Heading 2")
        para = self.doc.add_paragraph()
        # Until Word or LibreOffice updates the field, it shows the section titles without page numbers.
        self._field(para, 'TOC \\o "2-3" \\h \\z \\u',
                    [("    " if e["level"] == 3 else "") + e["text"] for e in entries] or [title])
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def paragraph(self, text: str, *, style: str = "", lang: str = "") -> None:
        para = self.doc.add_paragraph()
        run = para.add_run(text)
        if style == "warning":
            run.bold = True
        elif style == "note":
            run.italic = True
        if lang:
            self._run_lang(run, lang)
            para.add_run(" " + fallback_note(self.lang)).italic = True

    def _run_lang(self, run, lang: str) -> None:
        rpr = run._r.get_or_add_rPr()
        el = rpr.makeelement(self.qn("w:lang"), {self.qn("w:val"): LANG_TAGS.get(lang, lang)})
        rpr.append(el)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def table(self, caption: str, columns: list[dict], rows: list[list[dict]]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.shared import Cm

        qn = self.qn
        self.doc.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        tbl_pr = table._tbl.tblPr
        cap = OxmlElement("w:tblCaption")
        cap.set(qn("w:val"), caption[:255])
        tbl_pr.append(cap)
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        tbl_header = OxmlElement("w:tblHeader")
        tbl_header.set(qn("w:val"), "true")
        tr_pr.append(tbl_header)
        for cell, col in zip(header.cells, columns, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(col["label"])
            run.bold = True
            if col["numeric"]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in rows:
            cells = table.add_row().cells
            for cell, value, col in zip(cells, row, columns, strict=True):
                para = cell.paragraphs[0]
                run = para.add_run(value["text"])
                if value.get("class") == "total":
                    run.bold = True
                if value.get("lang"):
                    self._run_lang(run, value["lang"])
                    para.add_run(" " + fallback_note(self.lang)).italic = True
                if col["numeric"]:
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if all(col.get("width") for col in columns):
            table.autofit = False
            for i, col in enumerate(columns):
                width = Cm(16.5 * col["width"] / 100)
                table.columns[i].width = width
                for cell in table.columns[i].cells:
                    cell.width = width
        self.doc.add_paragraph()

    def picture(self, png: bytes, *, alt: str, title: str) -> None:
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(png), width=Cm(16))
        inline = self.doc.inline_shapes[-1]._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", title)
        self.doc.add_paragraph(title, style="Caption")

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalize_zip(buf.getvalue(), self.when)


def render_docx(snapshot: dict[str, Any]) -> bytes:
    with translation.override(snapshot["language"]):
        title = document.document_title(snapshot)
        w = DocxWriter(lang=snapshot["language"], title=title, subject=document.kind_title(snapshot["kind"]),
                       when=fixed_datetime(snapshot), header=title, draft=snapshot["draft"],
                       keywords=f"Yhteisöllinen Espoo; {snapshot['kind']}; {snapshot['as_of']}")
        if snapshot["draft"]:
            w.paragraph(document.DRAFT_MARK, style="warning")
        for b in document.build(snapshot):
            kind = b["type"]
            if kind == "cover":
                w.cover(b)
            elif kind == "toc":
                w.toc(b["title"], b["entries"])
            elif kind == "heading":
                w.heading(b["text"], b["level"])
            elif kind == "paragraph":
                w.paragraph(b["text"], style=b.get("style", ""), lang=b.get("lang", ""))
            elif kind == "list":
                w.bullets(b["items"])
            elif kind == "table":
                w.table(b["caption"], b["columns"], b["rows"])
            elif kind == "chart":
                w.picture(charts.line_png(b["spec"], lang=snapshot["language"]), alt=b["alt"], title=b["title"])
            elif kind == "map":
                w.picture(charts.map_png(b["spec"]), alt=b["alt"], title=b["title"])
        return w.save()


# -- XLSX ----------------------------------------------------------------------------------------------------------
def _dec(value) -> Decimal | None:
    return f.to_decimal(value)


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def render_xlsx(snapshot: dict[str, Any]) -> bytes:
    """The annex: every number of the report, as numbers (not text), one sheet per part."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    lang = snapshot["language"]
    when = fixed_datetime(snapshot)
    with translation.override(lang):
        title = document.document_title(snapshot)
        wb = Workbook()
        wb.remove(wb.active)
        props = wb.properties
        props.title = title
        props.subject = document.kind_title(snapshot["kind"])
        props.creator = AUTHOR
        props.lastModifiedBy = AUTHOR
        props.language = LANG_TAGS.get(lang, lang)
        props.created = when
        props.modified = when
        props.keywords = f"Yhteisöllinen Espoo; {snapshot['kind']}; {snapshot['as_of']}"

        def sheet(name: str, headers: list[str], rows: list[list], widths: list[int] | None = None):
            ws = wb.create_sheet(name[:31])
            if snapshot["draft"]:
                safe_append(ws, [document.DRAFT_MARK])
                ws.cell(row=1, column=1).font = Font(bold=True, color="A00000")
                ws.oddHeader.center.text = document.DRAFT_MARK
            ws.oddFooter.left.text = title
            safe_append(ws, headers)
            header_row = ws.max_row
            for col in range(1, len(headers) + 1):
                ws.cell(row=header_row, column=col).font = Font(bold=True)
            for row in rows:
                safe_append(ws, row)
            ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
            for i, width in enumerate(widths or [], start=1):
                ws.column_dimensions[get_column_letter(i)].width = width
            for row in ws.iter_rows(min_row=header_row + 1):
                for cell in row:
                    if isinstance(cell.value, dt.date):
                        cell.number_format = "d.m.yyyy"
            return ws

        info_rows = [
            [_("Title"), title],
            [_("Kind"), document.kind_title(snapshot["kind"])],
            [_("Cut-off date"), _day(snapshot["as_of"])],
            [_("Data as of"), _day(snapshot["data_date"])],
            [_("Draft"), _("yes") if snapshot["draft"] else _("no")],
            [_("Language"), lang],
            [_("Reporting period starts"), _day(snapshot["period"]["start"])],
            [_("Reporting period ends"), _day(snapshot["period"]["end"])],
            [_("Data snapshot SHA-256"), snapshot_hash(snapshot)],
            [_("Snapshot schema version"), snapshot["version"]],
        ]
        sheet(_("Report"), [_("Item"), _("Value")], info_rows, [32, 90])

        ind_rows, meas_rows = [], []
        for gi, goal in enumerate(snapshot["goals"], start=1):
            for ii, ind in enumerate(goal["indicators"], start=1):
                for cell in ind["cells"]:
                    base = cell.get("baseline") or {}
                    latest = cell.get("latest") or {}
                    target = cell.get("target") or {}
                    ind_rows.append([
                        f"{gi}", goal["name"], f"{gi}.{ii}", ind["name"], cell["label"], cell.get("unit") or
                        ind.get("unit", ""), _dec(base.get("value")), base.get("year"), base.get("source", ""),
                        _dec(latest.get("value")), _day(latest.get("date")), latest.get("source", ""),
                        target.get("text", ""), _dec(target.get("value")),
                        f.status_label(cell.get("status", "")), cell.get("reason", ""),
                    ])
                    for day, value in cell.get("series", []):
                        meas_rows.append([f"{gi}.{ii}", ind["name"], cell["label"], _day(day), _dec(value)])
        sheet(_("Indicators"), [
            _("Goal"), _("Benefit goal"), _("No."), _("Indicator"), _("Group or area"), _("Unit"),
            _("Baseline"), _("Baseline year"), _("Baseline source"), _("Latest value"), _("Latest value date"),
            _("Latest value source"), _("Target"), _("Target value"), _("Status"), _("Explanation"),
        ], ind_rows, [6, 30, 6, 36, 26, 10, 10, 8, 24, 10, 12, 24, 30, 10, 16, 50])
        sheet(_("Measurements"), [_("No."), _("Indicator"), _("Group or area"), _("Date"), _("Value")],
              meas_rows, [6, 40, 28, 12, 10])

        def project_rows(projects: list[dict], planned: bool) -> list[list]:
            rows = []
            for p in projects:
                row = [p["name"], p.get("status_label", ""), p.get("responsible", ""), p.get("outputs", ""),
                       ", ".join(p.get("goals", [])), document.cost_range(p), _dec(p.get("planned_cost_min")),
                       _dec(p.get("planned_cost_max")), _dec(p.get("actual_cost")),
                       _day(p.get("start")), _day(p.get("end")), _("yes") if planned else _("no")]
                if snapshot["kind"] == "midterm":
                    a = p.get("assessment") or {}
                    row += [a.get("evidence", ""), document.recommendation_label(a.get("recommendation", "")),
                            a.get("rationale", "")]
                rows.append(row)
            return rows

        project_headers = [_("Project or action"), _("Status"), _("Responsible"), _("Outputs"), _("Benefit goals"),
                           _("Planned cost"), _("Planned cost, minimum"), _("Planned cost, maximum"),
                           _("Actual cost"), _("Starts"), _("Ends"), _("Planned for the next year")]
        if snapshot["kind"] == "midterm":
            project_headers += [_("Evidence"), _("Recommendation"), _("Reasons")]
        sheet(_("Projects"), project_headers,
              project_rows(snapshot["projects"], False) + project_rows(snapshot["planned_projects"], True),
              [40, 16, 28, 50, 30, 18, 12, 12, 12, 12, 12, 10, 50, 14, 40])

        budget_rows = []
        for year in snapshot["budget"]:
            for line in year["lines"]:
                budget_rows.append([year["year"], line["name"], _dec(line["allocated"]), _dec(line["committed"]),
                                    _dec(line["spent"]), _dec(line["remaining"])])
            budget_rows.append([year["year"], _("Total"), _dec(year["allocated"]), _dec(year["committed"]),
                                _dec(year["spent"]), _dec(year["remaining"])])
        sheet(_("Budget"), [_("Year"), _("Budget line"), _("Allocated"), _("Committed"), _("Spent"),
                            _("Remaining")], budget_rows, [8, 50, 14, 14, 14, 14])

        sheet(_("Risks"), [_("Risk"), _("Category"), _("Likelihood"), _("Impact"), _("Mitigation"), _("Owner"),
                           _("Next review")],
              [[r["title"], r.get("category", ""), _dec(r.get("likelihood")), _dec(r.get("impact")),
                r.get("mitigation", ""), r.get("owner", ""), _day(r.get("next_review"))]
               for r in snapshot["risks"]], [40, 16, 12, 12, 60, 24, 12])

        h_rows = []
        for item in (snapshot.get("highlights") or {}).get("sections", []):
            t = item.get("table") or {"rows": [], "columns": []}
            for row in t["rows"]:
                for c, col in zip(row, t["columns"], strict=True):
                    if col["numeric"]:
                        h_rows.append([item["title"], row[0]["text"], col["label"], _dec(c.get("value"))])
            for code, name, value in item.get("all_values", []):
                h_rows.append([item["title"], f"{name} ({code})", item["map"]["legend_title"], _dec(value)])
        sheet(_("Knowledge base"), [_("Highlight"), _("Row"), _("Column"), _("Value")], h_rows, [40, 30, 30, 12])
        document_sections.xlsx_sheets(snapshot, sheet, _dec)

        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "#,##0.###" if cell.value != cell.value.to_integral_value() \
                            else "#,##0"
        buf = io.BytesIO()
        wb.save(buf)
    return normalize_zip(_fix_xlsx_core(buf.getvalue(), when), when)


def _fix_xlsx_core(data: bytes, when: dt.datetime) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml; put the report's fixed time back."""
    import re

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text)
                text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{stamp}\g<2>", text)
                content = text.encode("utf-8")
            dst.writestr(info.filename, content)
    return out.getvalue()


RENDERERS = {"html": render_html, "pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def render(snapshot: dict[str, Any], fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return RENDERERS[fmt](snapshot)
