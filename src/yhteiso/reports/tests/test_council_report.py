"""The council report's files (DOCX, PDF, XLSX, HTML) opened and checked against the database, in Finnish and
Swedish; each file is generated once per module."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from yhteiso.reports import formatting as f
from yhteiso.reports import renderers
from yhteiso.reports.document import DRAFT_MARK
from yhteiso.reports.selectors import build_snapshot
from yhteiso.reports.tests.conftest import AS_OF, ON

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def snapshots(programme, django_db_blocker):
    with django_db_blocker.unblock():
        return {lang: build_snapshot(as_of=AS_OF, kind="annual", language=lang, on=ON) for lang in ("fi", "sv")}


@pytest.fixture(scope="module")
def files(snapshots):
    return {(lang, fmt): renderers.render(snapshots[lang], fmt)
            for lang in ("fi", "sv") for fmt in ("pdf", "docx", "xlsx", "html")}


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def pdf_pages(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]


def structure(node) -> tuple[set[str], list]:
    """The tags used in a PDF's structure tree and the alternative texts of its figures."""
    from pypdf.generic import ArrayObject, DictionaryObject

    tags, alts = set(), []

    def walk(n):
        n = n.get_object() if hasattr(n, "get_object") else n
        if isinstance(n, DictionaryObject):
            if "/S" in n:
                tags.add(str(n["/S"]))
                if n["/S"] == "/Figure":
                    alts.append(n.get("/Alt"))
            if "/K" in n:
                walk(n["/K"])
        elif isinstance(n, ArrayObject):
            for x in n:
                walk(x)

    walk(node)
    return tags, alts


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def db_cells():
    from yhteiso.programme.models import IndicatorCell

    for cell in IndicatorCell.objects.select_related("indicator").order_by("id"):
        latest = cell.measurements.filter(measured_on__lte=AS_OF).order_by("measured_on", "id").last()
        yield cell, latest


def test_every_indicator_and_cell_is_in_the_word_document_with_the_database_numbers(programme, files):
    text = flat(docx_text(files[("fi", "docx")]))
    for cell, latest in db_cells():
        assert cell.indicator.name_fi in text
        assert cell.label_fi in text
        assert f.number(f"{cell.baseline_value.normalize():f}").replace("\u00a0", " ") in text
        if latest is not None:
            assert f"{f.number(f'{latest.value.normalize():f}')} ({f.date(latest.measured_on)})" in text
    assert "79,9" not in text  # the measurement after the cut-off date is not in the report


def test_the_word_document_has_real_headings_table_headers_alt_text_and_fixed_properties(files):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(files[("fi", "docx")]))
    styles = {p.style.name for p in doc.paragraphs if p.text}
    assert {"Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= styles
    assert all(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
               for t in doc.tables)
    descrs = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert descrs and all(d and d.startswith("Viivakaavio") for d in descrs)
    cp = doc.core_properties
    assert cp.title.startswith("Yhteisöllinen Espoo")
    assert cp.language == "fi-FI"
    assert cp.created == dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.UTC) and cp.modified == cp.created
    zf = zipfile.ZipFile(io.BytesIO(files[("fi", "docx")]))
    assert {i.date_time for i in zf.infolist()} == {(2025, 12, 31, 12, 0, 0)}


def test_the_pdf_is_tagged_with_language_title_and_contains_every_indicator(programme, files):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(files[("fi", "pdf")]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fi"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Yhteisöllinen Espoo")
    assert reader.metadata["/CreationDate"].startswith("D:20251231")
    text = flat("\n".join(pdf_pages(files[("fi", "pdf")])))
    for cell, latest in db_cells():
        assert flat(cell.indicator.name_fi) in text
        assert cell.label_fi in text
        if latest is not None:
            assert f.number(f"{latest.value.normalize():f}") in text
    assert "Henkilöstökulut" in text and "70 250,50 €" in text
    assert DRAFT_MARK not in text
    tags, alts = structure(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/Caption", "/Figure"} <= tags
    assert alts and all(str(a).startswith("Viivakaavio: Osallisuusindikaattori") for a in alts)


def test_the_spreadsheet_annex_holds_every_number_as_a_number(programme, files):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(files[("fi", "xlsx")]))
    ws = wb["Mittarit"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    by_label = {(r["Nro"], r["Ryhmä tai alue"]): r for r in rows}
    for cell, latest in db_cells():
        row = by_label[(cell.indicator.code, cell.label_fi)]
        assert Decimal(str(row["Lähtöarvo"])) == cell.baseline_value
        assert row["Lähtöarvon vuosi"] == cell.baseline_year
        if latest is None:
            assert row["Viimeisin arvo"] is None
        else:
            assert Decimal(str(row["Viimeisin arvo"])) == latest.value
            assert row["Viimeisimmän arvon päivä"].date() == latest.measured_on
    budget = {r[1]: r for r in wb["Talousarvio"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(budget["Henkilöstökulut"][4])) == Decimal("70250.50")
    assert Decimal(str(budget["Projektien ja toimenpiteiden toteutus"][3])) == Decimal("5000")
    assert Decimal(str(budget["Projektien ja toimenpiteiden toteutus"][4])) == Decimal("1200")  # not the 2026 999 €
    assert Decimal(str(budget["Yhteensä"][2])) == Decimal("200000")
    projects = [r[0] for r in wb["Projektit"].iter_rows(min_row=2, values_only=True)]
    assert "Nuorten aikuisten kohtaamispaikat" in projects and "Turvallisuuskävelyt" in projects
    assert "Hylätty ehdotus" not in projects


def test_the_swedish_version_is_complete_in_swedish(programme, files, snapshots):
    assert snapshots["sv"]["missing_translations"] == []
    text = flat(docx_text(files[("sv", "docx")]))
    for heading in ("Nyttomål och indikatorer", "Projekt och åtgärder", "Budgetanvändning", "De viktigaste riskerna"):
        assert heading in text
    assert "Delaktighetsindikatorn" in text and "20–29-åringar" in text
    assert "Lähtöarvo" not in text and "Hyötytavoitteet" not in text
    pdf = flat("\n".join(pdf_pages(files[("sv", "pdf")])))
    assert "Nyttomål och indikatorer" in pdf and "Hela Esbo" in pdf
    from openpyxl import load_workbook

    assert "Indikatorer" in load_workbook(io.BytesIO(files[("sv", "xlsx")])).sheetnames


def test_every_fixed_text_of_the_report_is_translated_into_finnish_and_swedish(snapshots):
    from yhteiso.reports.document import build

    for lang in ("fi", "sv"):
        with translation.override("en"):
            english = build(dict(snapshots[lang], language="en"))
        with translation.override(lang):
            localized = build(snapshots[lang])
        english_headings = {b["text"] for b in english if b["type"] == "heading" and b["level"] == 2}
        local_headings = {b["text"] for b in localized if b["type"] == "heading" and b["level"] == 2}
        assert english_headings.isdisjoint(local_headings), lang


def test_a_missing_swedish_text_is_listed_and_marked_as_finnish(programme, django_db_blocker):
    from yhteiso.programme.models import IndicatorCell

    cell = programme["cells"][1]
    IndicatorCell.objects.filter(pk=cell.pk).update(label_sv="")
    try:
        data = build_snapshot(as_of=AS_OF, language="sv", on=ON)
    finally:
        IndicatorCell.objects.filter(pk=cell.pk).update(label_sv="20–29-åringar")
    assert len(data["missing_translations"]) == 1
    assert "20–29-vuotiaat" in data["missing_translations"][0]["label"]
    html = renderers.render_html(data).decode()
    assert '<th scope="row" lang="fi">20–29-vuotiaat <span class="fallback">(på finska)</span>' in html


def test_the_html_version_has_inline_svg_charts_with_data_tables(files):
    html = files[("fi", "html")].decode()
    assert '<html lang="fi">' in html
    assert html.count('role="img"') >= 1
    assert "Kuvion tiedot: Osallisuusindikaattori" in html


def test_regenerating_from_the_snapshot_gives_identical_files(snapshots, files):
    import json

    from yhteiso.reports.snapshot import canonical_json

    frozen = json.loads(canonical_json(snapshots["fi"]))
    for fmt in ("pdf", "docx", "xlsx", "html"):
        assert renderers.render(frozen, fmt) == files[("fi", fmt)], fmt


def test_a_future_cut_off_date_gives_a_draft_marked_on_every_page(programme, django_db_blocker):
    data = build_snapshot(as_of=dt.date(2026, 12, 31), language="fi", on=ON)
    assert data["draft"] and data["data_date"] == ON.isoformat()
    pages = pdf_pages(renderers.render_pdf(data))
    assert len(pages) > 1
    assert all(DRAFT_MARK in page for page in pages)
    # The page header carries the mark: the first page is the cover, not the mark alone on an empty page.
    assert "Valtuustoraportti 2026" in pages[0] and "Sisällys" in pages[1]
    from docx import Document

    doc = Document(io.BytesIO(renderers.render_docx(data)))
    assert DRAFT_MARK in doc.sections[0].header.paragraphs[0].text
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(renderers.render_xlsx(data)))
    assert all(ws["A1"].value == DRAFT_MARK and ws.oddHeader.center.text == DRAFT_MARK for ws in wb.worksheets)
    # The measurement of 1.2.2026 is the data of "today" (1.3.2026), so the draft shows it.
    assert any(c["latest"] and c["latest"]["value"] == "79.9" for g in data["goals"] for i in g["indicators"]
               for c in i["cells"])
