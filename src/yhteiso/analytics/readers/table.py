"""Long or wide CSV/XLSX tables with a column mapping.

*Wide*: one row per area (and year), one column per variable — ``columns`` maps variable codes to column names
(default: every column except the area, year and name columns). *Long*: one row per area × year × variable with
``variable_column`` and ``value_column``. Cells holding one of ``suppressed_markers`` (default ``..``, ``...``,
``.``, ``x``) are suppressed; empty cells are not published and are skipped. With ``group_column`` each row is
about one population group (its code; an empty cell: the whole population), so an area × year × variable may
appear once per group.
"""

from __future__ import annotations

from pathlib import Path

from yhteiso.analytics.readers.common import Cell, ReaderError, Statistics, guarded, parse_number, parse_year
from yhteiso.analytics.readers.tabular import read_rows

DEFAULT_SUPPRESSED = ("..", "...", ".", "x", "X")


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


@guarded("a table")
def read_header(source: str | Path | bytes, *, sheet: str | None = None, encoding: str | None = None,
                filename: str | None = None) -> list[str]:
    """The column names of a CSV or XLSX table (its first non-empty row), e.g. to offer them for a mapping."""
    rows = read_rows(source, sheet=sheet, encoding=encoding, filename=filename)
    return rows.header


@guarded("a table")
def read_statistics_table(
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
    group_column: str | None = None,
    ignore_columns: list[str] | None = None,
    suppressed_markers: tuple[str, ...] | list[str] = DEFAULT_SUPPRESSED,
    decimal_comma: bool | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    filename: str | None = None,
) -> Statistics:
    """Read a CSV or XLSX table into cells; see the module docstring. A decimal comma is accepted where the
    number rule allows it (``;``/tab-separated CSV, worksheets) or when ``decimal_comma`` is true."""
    parsed = read_rows(source, sheet=sheet, encoding=encoding, filename=filename)
    name = parsed.name
    if not parsed.body:
        raise ReaderError.of("no_data_rows", file=name)
    decimal_comma = bool(decimal_comma) or parsed.decimal_comma
    header = parsed.header
    body = [[_text(v) for v in r] for r in parsed.body]
    index = {h: i for i, h in enumerate(header)}

    def need(col: str | None, what: str) -> int:
        if not col:
            raise ReaderError.of("column_not_given", file=name, row=1, what=what)
        if col not in index:
            raise ReaderError.of("no_such_column", file=name, row=1, column=col, name=col, what=what,
                                 header=", ".join(header))
        return index[col]

    area_i = need(area_column, "area code")
    if (year_column is None) == (year is None):
        raise ReaderError.of("year_or_column", file=name)
    year_i = need(year_column, "year") if year_column else None
    name_i = need(name_column, "name") if name_column else None
    group_i = need(group_column, "population group") if group_column else None
    if layout == "long":
        var_i, val_i = need(variable_column, "variable"), need(value_column, "value")
        value_columns: list[tuple[str | None, int]] = [(None, val_i)]
    elif layout == "wide":
        skip = {area_column, year_column, name_column, group_column, *(ignore_columns or [])}
        mapping = columns or {h: h for h in header if h not in skip and h}
        value_columns = [(code, need(col, f"variable {code}")) for code, col in mapping.items()]
        var_i = None
    else:
        raise ReaderError(f"unknown layout {layout!r} (long or wide)", file=name)
    markers = {m.strip() for m in suppressed_markers}
    cells: list[Cell] = []
    names: dict[str, dict[str, str]] = {}
    seen: set[tuple[str, int, str, str]] = set()
    for r, row in zip(parsed.row_numbers, body, strict=True):
        row = row + [""] * (len(header) - len(row))
        code = row[area_i].strip()
        if not code:
            raise ReaderError.of("area_code_empty", file=name, row=r, column=area_column)
        row_year = year if year_i is None else parse_year(row[year_i], file=name, row=r, column=year_column)
        group = row[group_i].strip().lower() if group_i is not None else ""
        if name_i is not None:
            names[code] = {"fi": row[name_i].strip()}
        for code_var, col_i in value_columns:
            variable = code_var if var_i is None else row[var_i].strip()
            if not variable:
                raise ReaderError.of("variable_empty", file=name, row=r, column=variable_column)
            text = row[col_i].strip()
            key = (code, row_year, variable, group)
            if key in seen:
                if group_i is not None:
                    raise ReaderError.of("duplicate_group_value", file=name, row=r, column=header[col_i], area=code,
                                         year=row_year, variable=variable, group=group or "-")
                raise ReaderError.of("duplicate_value", file=name, row=r, column=header[col_i], area=code,
                                     year=row_year, variable=variable)
            seen.add(key)
            if text == "":
                continue
            if text in markers:
                cells.append(Cell(code, row_year, variable, None, True, row=r, column=header[col_i], group=group))
                continue
            value = parse_number(text, file=name, row=r, column=header[col_i], decimal_comma=decimal_comma)
            cells.append(Cell(code, row_year, variable, value, False, row=r, column=header[col_i], group=group))
    variables = {c.variable: {} for c in cells}
    return Statistics(cells=cells, variables=variables, meta={"title": Path(name).stem, "table_id": ""},
                 area_names=names)
