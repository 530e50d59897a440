"""A malformed XLSX table of a schools package is refused naming the file, in the user's language, before it takes
unbounded work, and nothing is saved (found by core/tests/test_bad_input_crawl.py)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from yhteiso.schools.importing import PackageError
from yhteiso.schools.models import School, SchoolImport
from yhteiso.schools.services import school_data_import

pytestmark = pytest.mark.django_db


def _workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    book = Workbook()
    book.active.append(["code", "name"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item.filename, data)
    return out.getvalue()


SHEET = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
         b'spreadsheetml/2006/main">')

MALFORMED = {
    "a zip bomb": _workbook_with_sheet(SHEET + b"<sheetData>" + b" " * (80 * 1024 * 1024) + b"</sheetData></worksheet>"),
    "a truncated sheet": _workbook_with_sheet(SHEET + b"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"),
    "a row of 20 000 cells": _workbook_with_sheet(
        SHEET + b'<sheetData><row r="1">' + b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(20_000))
        + b"</row></sheetData></worksheet>"),
    "not a zip": b"PK\x03\x04 not really a zip",
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_workbook_is_refused_naming_the_file_and_nothing_is_saved(example_files, case):
    files = {k: v for k, v in example_files.items() if k != "schools.csv"} | {"schools.xlsx": MALFORMED[case]}
    started = time.monotonic()
    with translation.override("fi"), pytest.raises(PackageError) as refused:
        school_data_import(files=files)
    assert time.monotonic() - started < 10
    assert str(refused.value).startswith("schools.xlsx")
    assert not SchoolImport.objects.exists() and not School.objects.exists()


def test_the_refusal_of_a_zip_bomb_is_in_swedish_for_a_swedish_user(example_files):
    files = {k: v for k, v in example_files.items() if k != "schools.csv"} | {"schools.xlsx": MALFORMED["a zip bomb"]}
    with translation.override("sv"), pytest.raises(PackageError) as refused:
        school_data_import(files=files)
    assert "arbetsboken skulle packas upp" in str(refused.value)


@pytest.mark.parametrize(("language", "expected"), [
    ("fi", "tiedosto ei ole XLSX-työkirja tai se on vioittunut"),
    ("sv", "filen är inte en XLSX-arbetsbok eller så är den skadad"),
])
def test_a_file_that_is_no_workbook_is_refused_in_the_users_words_without_a_library_name(example_files, language,
                                                                                         expected):
    files = {k: v for k, v in example_files.items() if k != "schools.csv"} | {"schools.xlsx": MALFORMED["not a zip"]}
    with translation.override(language), pytest.raises(PackageError) as refused:
        school_data_import(files=files)
    assert str(refused.value) == f"schools.xlsx: {expected}"
    assert "Zip" not in str(refused.value)
