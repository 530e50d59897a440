"""Rows of CSV and XLSX files, read within bounds: the one place where the engine opens a spreadsheet.

:func:`read_rows` gives the header and the data rows of a CSV (delimiter ``,`` ``;`` or tab, detected from the
header line; UTF-8 with or without BOM, or the encoding given; Latin-1 as a fallback when none is given) or of one
worksheet of an XLSX workbook. Whatever the file, the work is bounded: at most :data:`~.common.MAX_ROWS` rows,
:data:`~.common.MAX_COLUMNS` columns and :data:`~.common.MAX_CELL_CHARS` characters per cell; a workbook is
checked before it is opened (declared uncompressed size and compression ratio of every zip member, so a small
file that would expand to gigabytes is refused) and read in openpyxl's read-only streaming mode.

``decimal_comma`` of the result says whether a decimal comma is allowed in the file's text cells (see the number
rule in :mod:`yhteiso.analytics.readers.common`): yes for ``;``- and tab-separated CSV and for worksheets, no for
``,``-separated CSV.

>>> rows = read_rows(b"area;share\\nA;12,5\\n", filename="a.csv")
>>> rows.header, rows.body, rows.decimal_comma
(['area', 'share'], [['A', '12,5']], True)
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yhteiso.analytics.readers.common import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    ReaderError,
    read_bytes,
)

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Rows:
    """The header (names stripped; empty names become ``column_N``) and the non-empty data rows of a file.
    ``row_numbers[i]`` is the 1-based line of ``body[i]`` as a spreadsheet shows it."""

    header: list[str]
    body: list[list[Any]]
    row_numbers: list[int]
    decimal_comma: bool
    name: str
    delimiter: str = ""


def is_xlsx(name: str, raw: bytes) -> bool:
    return name.lower().endswith(XLSX_SUFFIXES) or (raw[:4] == b"PK\x03\x04" and not name.lower().endswith(
        CSV_SUFFIXES))


def decode_text(raw: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a CSV: the given encoding, else UTF-8 (BOM allowed) with Latin-1 as a fallback. UTF-16 and
    binary data (NUL or other control bytes) are refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReaderError.of("utf16", file=name)
    head = raw[:65536]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > 8:
        raise ReaderError.of("not_text", file=name)
    for enc in ([encoding] if encoding else ["utf-8-sig", "latin-1"]):
        try:
            return raw.decode(enc).lstrip("\ufeff")
        except UnicodeDecodeError as err:
            if encoding:
                line = raw[: err.start].count(b"\n") + 1
                raise ReaderError.of("not_utf8", file=name, row=line, encoding=encoding) from None
        except LookupError:
            raise ReaderError.of("not_utf8", file=name, encoding=encoding) from None
    raise ReaderError.of("not_text", file=name)  # pragma: no cover - latin-1 decodes any bytes


def _csv_rows(raw: bytes, name: str, encoding: str | None) -> tuple[list[list[Any]], list[int], str]:
    text = decode_text(raw, name, encoding)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first:
        raise ReaderError.of("empty_file", file=name)
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        for row in reader:
            if len(rows) > MAX_ROWS:
                raise ReaderError.of("too_many_rows", file=name, row=reader.line_num, limit=MAX_ROWS)
            if len(row) > MAX_COLUMNS:
                raise ReaderError.of("too_many_columns", file=name, row=reader.line_num, limit=MAX_COLUMNS)
            if any(c.strip() for c in row):
                rows.append(row)
                numbers.append(reader.line_num)
    except csv.Error as err:
        line = reader.line_num + 1
        if "larger than field limit" in str(err):
            raise ReaderError.of("cell_too_long", file=name, row=line, limit=MAX_CELL_CHARS) from None
        raise ReaderError.of("csv_broken", file=name, row=line, detail=str(err)) from None
    finally:
        csv.field_size_limit(old_limit)
    return rows, numbers, delimiter


def check_xlsx(raw: bytes, name: str) -> None:
    """Refuse a workbook that is not a zip or that would expand beyond the limits, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise ReaderError.of("xlsx_unreadable", file=name, detail=type(err).__name__) from None
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise ReaderError.of("xlsx_too_large", file=name, size=total // 2**20,
                             limit=MAX_XLSX_UNCOMPRESSED_BYTES // 2**20)
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1):
            raise ReaderError.of("xlsx_ratio", file=name, member=m.filename,
                                 ratio=m.file_size // max(m.compress_size, 1), limit=MAX_XLSX_RATIO)


def _xlsx_rows(raw: bytes, name: str, sheet: str | None) -> tuple[list[list[Any]], list[int]]:
    import openpyxl

    check_xlsx(raw, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds of error for a broken file
        raise ReaderError.of("xlsx_unreadable", file=name, detail=type(err).__name__) from None
    try:
        if sheet and sheet not in book.sheetnames:
            raise ReaderError.of("no_sheet", file=name, sheet=sheet, available=", ".join(book.sheetnames))
        ws = book[sheet] if sheet else book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row to 16 384 cells
        rows: list[list[Any]] = []
        numbers: list[int] = []
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if len(rows) > MAX_ROWS:
                raise ReaderError.of("too_many_rows", file=name, row=r, limit=MAX_ROWS)
            if len(values) > MAX_COLUMNS:
                raise ReaderError.of("too_many_columns", file=name, row=r, limit=MAX_COLUMNS)
            if any(v is not None and str(v).strip() != "" for v in values):
                for v in values:
                    if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                        raise ReaderError.of("cell_too_long", file=name, row=r, limit=MAX_CELL_CHARS)
                rows.append(list(values))
                numbers.append(r)
    except ReaderError:
        raise
    except Exception as err:  # a truncated or corrupt part surfaces only while streaming
        raise ReaderError.of("xlsx_unreadable", file=name, detail=type(err).__name__) from None
    finally:
        book.close()
    return rows, numbers


def check_header(header: list[Any], name: str) -> list[str]:
    names = [str(h).strip() if h is not None else "" for h in header]
    if not any(names):
        raise ReaderError.of("header_empty", file=name, row=1)
    seen: set[str] = set()
    for j, n in enumerate(names):
        if n == "":
            names[j] = n = f"column_{j + 1}"
        if n in seen:
            raise ReaderError.of("duplicate_column", file=name, row=1, column=n, name=n)
        seen.add(n)
    return names


def read_rows(source: str | Path | bytes, *, sheet: str | None = None, encoding: str | None = None,
              filename: str | None = None) -> Rows:
    """Header and data rows of a CSV or XLSX file (see the module docstring); ReaderError on bad input."""
    raw, name = read_bytes(source)
    name = filename or name
    if not raw.strip():
        raise ReaderError.of("empty_file", file=name)
    if is_xlsx(name, raw):
        rows, numbers = _xlsx_rows(raw, name, sheet)
        delimiter, decimal_comma = "", True
        if not rows:
            raise ReaderError.of("empty_file", file=name)
    else:
        rows, numbers, delimiter = _csv_rows(raw, name, encoding)
        decimal_comma = delimiter != ","
    header = check_header(rows[0], name)
    body = rows[1:]
    for r, line in zip(body, numbers[1:], strict=True):
        if len(r) > len(header) and any(c not in (None, "") for c in r[len(header):]):
            raise ReaderError.of("too_many_cells", file=name, row=line, found=len(r), expected=len(header))
    return Rows(header=header, body=body, row_numbers=numbers[1:], decimal_comma=decimal_comma, name=name,
                delimiter=delimiter)
