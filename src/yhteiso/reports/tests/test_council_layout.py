"""The council report's layout in every format: A4 cover, table of contents, summary, page numbers, no empty
columns, ranges kept as ranges, no technical jargon."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from yhteiso.reports import renderers
from yhteiso.reports.document import build, drop_empty_columns
from yhteiso.reports.selectors import build_snapshot
from yhteiso.reports.tests.conftest import AS_OF, ON

pytestmark = pytest.mark.django_db

A4_MM = (210, 297)


@pytest.fixture(scope="module")
def snapshots(programme, django_db_blocker):
    with django_db_blocker.unblock():
        return {lang: build_snapshot(as_of=AS_OF, kind="annual", language=lang, on=ON) for lang in ("fi", "sv")}


@pytest.fixture(scope="module")
def files(snapshots):
    out = {(lang, fmt): renderers.render(snapshots[lang], fmt)
           for lang in ("fi", "sv") for fmt in ("pdf", "docx", "xlsx")}
    dump = os.environ.get("YHTEISO_REPORT_DUMP_DIR")  # to look at the pages (pdftoppm) while developing
    if dump:
        for (lang, fmt), content in out.items():
            with open(os.path.join(dump, f"report-{lang}.{fmt}"), "wb") as fh:
                fh.write(content)
    return out


def _fields(element) -> str:
    from docx.oxml.ns import qn

    return " ".join(t.text or "" for t in element.iter(qn("w:instrText")))


def test_the_word_document_is_a4_with_page_numbers_and_a_table_of_contents(files):
    from docx import Document

    for lang in ("fi", "sv"):
        doc = Document(io.BytesIO(files[(lang, "docx")]))
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == A4_MM
        assert "PAGE" in _fields(section.footer._element).split()
        assert _fields(doc.element.body).strip().startswith("TOC")
        settings = zipfile.ZipFile(io.BytesIO(files[(lang, "docx")])).read("word/settings.xml").decode()
        assert "autoHyphenation" in settings
        headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading") and p.text]
        assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_the_word_cover_names_the_city_programme_kind_date_and_state(files):
    from docx import Document

    doc = Document(io.BytesIO(files[("fi", "docx")]))
    first = [p.text for p in doc.paragraphs[:8]]
    assert "Espoon kaupunki" in first
    assert "Yhteisöllinen Espoo -kehitysohjelma" in first
    assert "Valtuustoraportti 2025" in first
    assert "Tarkastelupäivä 31.12.2025" in first
    assert "Lopullinen versio" in first
    doc = Document(io.BytesIO(files[("sv", "docx")]))
    first = [p.text for p in doc.paragraphs[:8]]
    assert "Esbo stad" in first and "Fullmäktigerapport 2025" in first


def test_the_pdf_has_an_a4_cover_and_a_table_of_contents_with_page_numbers(files):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(files[("fi", "pdf")]))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == A4_MM
    cover = reader.pages[0].extract_text()
    for text in ("Espoon kaupunki", "Yhteisöllinen Espoo -kehitysohjelma", "Valtuustoraportti 2025",
                 "Tarkastelupäivä 31.12.2025", "Lopullinen versio"):
        assert text in cover
    toc = reader.pages[1].extract_text()
    assert "Sisällys" in toc
    lines = [line for line in toc.splitlines() if line.strip()]
    for section in ("Yhteenveto", "Hyötytavoitteet ja mittarit", "Projektit ja toimenpiteet", "Talousarvion käyttö"):
        entry = next((line for line in lines if section in line), None)
        assert entry is not None, section
        assert entry.rstrip().split()[-1].isdigit(), entry  # the leader ends in the page number
    summary = reader.pages[2].extract_text()
    assert "Yhteenveto" in summary and "Mittarien tilanne hyötytavoitteittain" in summary


def test_the_spreadsheet_keeps_the_planned_cost_range_as_a_range(files):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(files[("fi", "xlsx")]))
    ws = wb["Projektit"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in rows if "Projekti tai toimenpide" in r)
    body = rows[rows.index(header) + 1:]
    row = next(r for r in body if r[0] == "Nuorten aikuisten kohtaamispaikat")
    record = dict(zip(header, row, strict=True))
    assert record["Suunniteltu kustannus"] == "12\u00a0000–15\u00a0000\u00a0€"
    assert record["Suunniteltu kustannus, vähintään"] == 12000
    assert record["Suunniteltu kustannus, enintään"] == 15000


def test_the_report_drops_empty_columns_and_has_no_technical_jargon(snapshots):
    from django.utils import translation

    snapshot = dict(snapshots["fi"])
    snapshot["risks"] = [dict(r, category="", likelihood=None, impact=None) for r in snapshot["risks"]]
    with translation.override("fi"):
        blocks = build(snapshot)
    risk_table = next(b for b in blocks if b["type"] == "table" and b["caption"].startswith("Keskeiset riskit"))
    labels = [c["label"] for c in risk_table["columns"]]
    assert "Riski" in labels and len(labels) == 3, labels
    assert abs(sum(c["width"] for c in risk_table["columns"]) - 100) < 0.5
    text = " ".join(b.get("text", "") for b in blocks)
    assert "versio 1" not in text and "rakenteen" not in text


def test_drop_empty_columns_keeps_the_first_column_and_columns_with_any_data():
    columns = [{"label": c, "numeric": False, "width": 25} for c in "abcd"]
    rows = [[{"text": "x"}, {"text": ""}, {"text": "–"}, {"text": "1"}],
            [{"text": ""}, {"text": " "}, {"text": "–"}, {"text": ""}]]
    kept, kept_rows = drop_empty_columns(columns, rows)
    assert [c["label"] for c in kept] == ["a", "d"]
    assert [c["width"] for c in kept] == [50.0, 50.0]
    assert kept_rows == [[{"text": "x"}, {"text": "1"}], [{"text": ""}, {"text": ""}]]


def test_finnish_words_get_soft_hyphens_at_syllable_boundaries():
    from yhteiso.core.hyphenation import hyphenate_fi

    def shown(text: str) -> str:
        return hyphenate_fi(text).replace("\u00ad", "-")

    assert shown("Vastuutaho") == "Vas-tuu-ta-ho"
    assert shown("Suunniteltu kustannus") == "Suun-ni-tel-tu kus-tan-nus"
    assert shown("Turvallisuusyksikkö") == "Tur-val-li-suus-yk-sik-kö"  # not "Turvallisuu-syksikkö"
    assert shown("Talousarvion") == "Ta-lous-ar-vi-on"
    assert shown("20–29-vuotiaat, 12 000 €") == "20–29-vuotiaat, 12 000 €"  # short words and numbers untouched


def test_the_finnish_pdf_tables_carry_soft_hyphens_and_the_swedish_use_lang(files, snapshots):
    html_fi = renderers.render_html(snapshots["fi"], for_pdf=True).decode()
    assert "Vas\u00adtuu\u00adta\u00adho" in html_fi
    html_sv = renderers.render_html(snapshots["sv"], for_pdf=True).decode()
    # WeasyPrint hyphenates Swedish itself (Pyphen sv, lang="sv"); only Finnish fallback texts get soft hyphens.
    assert '<html lang="sv">' in html_sv and "Trygghetsvandringar" in html_sv
    assert "\u00ad" not in renderers.render_html(snapshots["fi"]).decode()  # the HTML download reflows instead


def test_the_summary_counts_every_indicator_value_including_the_scheduled_ones(snapshots):
    """A cell awaiting its next scheduled measurement has a column of its own; the total counts every cell."""
    from django.utils import translation

    snapshot = dict(snapshots["fi"])
    goals = [dict(g, indicators=[dict(i, cells=[dict(c) for c in i["cells"]]) for i in g["indicators"]])
             for g in snapshot["goals"]]
    goals[0]["indicators"][0]["cells"][0]["status"] = "scheduled"
    snapshot["goals"] = goals
    with translation.override("fi"):
        blocks = build(snapshot)
    table = next(b for b in blocks if b["type"] == "table" and b["caption"] == "Mittarien tilanne hyötytavoitteittain")
    labels = [c["label"] for c in table["columns"]]
    assert "Seuraava mittaus tulossa" in labels, labels
    assert abs(sum(c["width"] for c in table["columns"]) - 100) < 0.5
    scheduled = labels.index("Seuraava mittaus tulossa")
    cells = sum(len(i["cells"]) for g in goals for i in g["indicators"])
    total = table["rows"][-1]
    assert total[scheduled]["text"] == "1" and total[-1]["text"] == str(cells)


def test_column_widths_are_css_numbers_in_every_language(snapshots):
    """A width rescaled after an empty column is dropped (23.0) must not be localised to "23,0" (invalid CSS:
    the print then gave every column the same width)."""
    import re

    from django.utils import translation

    for lang in ("fi", "sv"):
        snapshot = dict(snapshots[lang])
        snapshot["risks"] = [dict(r, category="") for r in snapshot["risks"]]  # drops a column: widths rescaled
        with translation.override(lang):
            html = renderers.render(snapshot, "html").decode()
        widths = re.findall(r'<col style="width: ([^"]*)%">', html)
        assert any("." in w for w in widths), widths
        assert all(re.fullmatch(r"\d+(\.\d+)?", w) for w in widths), widths
