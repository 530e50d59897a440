"""Long or wide CSV/XLSX tables with a column mapping.

*Wide*: one row per area (and year), one column per variable — ``columns`` maps variable codes to column names
(default: every column except the area, year and name columns). *Long*: one row per area × year × variable with
``variable_column`` and ``value_column``. Cells holding one of ``suppressed_markers`` (default ``..``, ``...``,
``.``, ``x``) are suppressed; empty cells are not published and are skipped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from yhteiso.analytics.readers.common import Cell, ReaderError, Table, parse_number, parse_year, read_bytes

DEFAULT_SUPPRESSED = ("..", "...", ".", "x", "X")


def _excel_rows(raw: bytes, name: str, sheet: str | None) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a broken file
        raise ReaderError(f"not a readable XLSX workbook ({type(err).__name__})", file=name) from None
    if sheet and sheet not in book.sheetnames:
        raise ReaderError(f"no sheet {sheet!r}; the workbook has {', '.join(book.sheetnames)}", file=name)
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = []
    for r in ws.iter_rows(values_only=True):
        rows.append(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                     for v in r])
    book.close()
    return rows


def _csv_rows(raw: bytes, name: str, encoding: str) -> list[list[str]]:
    try:
        text = raw.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReaderError(f"text is not {encoding}", file=name, row=line) from None
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def read_header(source: str | Path | bytes, *, sheet: str | None = None, encoding: str = "utf-8",
                filename: str | None = None) -> list[str]:
    """The column names of a CSV or XLSX table (its first non-empty row), e.g. to offer them for a mapping."""
    raw, name = read_bytes(source)
    name = filename or name
    rows = _excel_rows(raw, name, sheet) if name.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(raw, name,
                                                                                                      encoding)
    header = next((r for r in rows if any(c.strip() for c in r)), None)
    if header is None:
        raise ReaderError("the table is empty", file=name)
    return [h.strip() for h in header if h.strip()]


def read_table(
    source: str | Path | bytes,
    *,
    area_column: str,
    year_column: str | None = None,
    year: int | None = None,
    layout: str = "wide",
    columns: dict[str, str] | None = None,
    variable_column: str | None = None,
    value_column: str | None = None,
    name_column: str | None = None,
    ignore_columns: list[str] | None = None,
    suppressed_markers: tuple[str, ...] | list[str] = DEFAULT_SUPPRESSED,
    decimal_comma: bool = False,
    sheet: str | None = None,
    encoding: str = "utf-8",
    filename: str | None = None,
) -> Table:
    """Read a CSV or XLSX table into cells; see the module docstring."""
    raw, name = read_bytes(source)
    name = filename or name
    if name.lower().endswith((".xlsx", ".xlsm")):
        rows = _excel_rows(raw, name, sheet)
    else:
        rows = _csv_rows(raw, name, encoding)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ReaderError("the table has no data rows", file=name)
    header = [h.strip() for h in rows[0]]
    index = {h: i for i, h in enumerate(header)}

    def need(col: str | None, what: str) -> int:
        if not col:
            raise ReaderError(f"the {what} column is not given", file=name, row=1)
        if col not in index:
            raise ReaderError(f"no column {col!r} (the {what}); the header has {', '.join(header)}",
                              file=name, row=1, column=col)
        return index[col]

    area_i = need(area_column, "area code")
    if (year_column is None) == (year is None):
        raise ReaderError("give either the year column or one year for the whole file", file=name)
    year_i = need(year_column, "year") if year_column else None
    name_i = need(name_column, "name") if name_column else None
    if layout == "long":
        var_i, val_i = need(variable_column, "variable"), need(value_column, "value")
        value_columns: list[tuple[str | None, int]] = [(None, val_i)]
    elif layout == "wide":
        skip = {area_column, year_column, name_column, *(ignore_columns or [])}
        mapping = columns or {h: h for h in header if h not in skip and h}
        value_columns = [(code, need(col, f"variable {code}")) for code, col in mapping.items()]
        var_i = None
    else:
        raise ReaderError(f"unknown layout {layout!r} (long or wide)", file=name)
    markers = {m.strip() for m in suppressed_markers}
    cells: list[Cell] = []
    names: dict[str, dict[str, str]] = {}
    seen: set[tuple[str, int, str]] = set()
    for r, row in enumerate(rows[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        code = row[area_i].strip()
        if not code:
            raise ReaderError("the area code is empty", file=name, row=r, column=area_column)
        row_year = year if year_i is None else parse_year(row[year_i], file=name, row=r, column=year_column)
        if name_i is not None:
            names[code] = {"fi": row[name_i].strip()}
        for code_var, col_i in value_columns:
            variable = code_var if var_i is None else row[var_i].strip()
            if not variable:
                raise ReaderError("the variable is empty", file=name, row=r, column=variable_column)
            text = row[col_i].strip()
            key = (code, row_year, variable)
            if key in seen:
                raise ReaderError(f"area {code}, year {row_year}, variable {variable} appears twice",
                                  file=name, row=r, column=header[col_i])
            seen.add(key)
            if text == "":
                continue
            if text in markers:
                cells.append(Cell(code, row_year, variable, None, True, row=r, column=header[col_i]))
                continue
            value = parse_number(text, file=name, row=r, column=header[col_i], decimal_comma=decimal_comma)
            cells.append(Cell(code, row_year, variable, value, False, row=r, column=header[col_i]))
    variables = {c.variable: {} for c in cells}
    return Table(cells=cells, variables=variables, meta={"title": Path(name).stem, "table_id": ""},
                 area_names=names)
