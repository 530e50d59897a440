"""The engine's one reader of tables: rows of CSV and XLSX files read within bounds, and :func:`read_table`,
which turns a CSV, XLSX, GeoJSON or GeoPackage file into a columnar :class:`Table` (for ``yhteiso indices``).
The statistics readers of ``yhteiso import`` (:mod:`~yhteiso.analytics.readers.table`,
:mod:`~yhteiso.analytics.readers.paavo`) read their rows with :func:`read_rows` too, so every command reads the
same file the same way (one number rule, one error type: :class:`~yhteiso.analytics.readers.common.ReaderError`).

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
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from yhteiso.analytics.readers.common import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    ReaderError,
    guarded,
    number_error,
    read_bytes,
    to_number,
)

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
GEO_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb")


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


def xlsx_rows(raw: bytes, name: str, sheet: str | None = None) -> tuple[list[list[Any]], list[int]]:
    """The non-empty rows of a workbook's sheet (the first without ``sheet``) as cell values, with their 1-based row
    numbers: bounded (a zip bomb, a declared A1:XFD1048576, too many rows, columns or characters) and every failure
    of a broken file a :class:`ReaderError`."""
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
        rows, numbers = xlsx_rows(raw, name, sheet)
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


# --- the columnar table of ``yhteiso indices`` --------------------------------------------------------------------
@dataclass
class Table:
    """Columns of a file of areal units.

    Attributes
    ----------
    columns : dict
        Column name → float array (numeric columns; empty cells are ``NaN``) or list of str (text columns).
    ids : list
        Unit identifiers: the values of ``id_column`` when given, else 1-based row numbers as strings.
    source : str
        The file the table came from (for messages).
    centroids_xy : numpy.ndarray or None
        n × 2 centroids of the geometries in a projected CRS (metres), or None without geometry.
    geometries : numpy.ndarray or None
        shapely geometries in the file's CRS, or None.
    crs : str or None
        CRS of ``geometries``; ``centroid_crs`` is the CRS of ``centroids_xy``.
    """

    columns: dict[str, np.ndarray | list[Any]]
    ids: list[Any]
    source: str = ""
    centroids_xy: np.ndarray | None = None
    geometries: np.ndarray | None = None
    crs: str | None = None
    centroid_crs: str | None = None
    row_numbers: list[int] = field(default_factory=list)
    row_kind: str = "row"
    has_id_column: bool = False
    decimal_comma: bool = True

    def __len__(self) -> int:
        return len(self.ids)

    def unit_labels(self) -> list[str]:
        """Names of the units for messages: the ids when an id column was given, else where they are in the file
        ("in row 36" of a CSV/XLSX file counting the header as row 1, or "feature 35" of a geometry file)."""
        if self.has_id_column or not self.row_numbers:
            return [str(i) for i in self.ids]
        if self.row_kind == "feature":
            return [f"(feature {n})" for n in self.row_numbers]
        return [f"in row {n}" for n in self.row_numbers]

    def require(self, names: list[str]) -> None:
        """Raise ReaderError naming the file and the first missing column (and the columns there are)."""
        for name in names:
            if name not in self.columns:
                raise ReaderError.of("missing_column", file=self.source, name=name,
                                     available=", ".join(repr(c) for c in self.columns))

    def numeric(self, name: str) -> np.ndarray:
        """Column ``name`` as floats; ReaderError naming the row and column when a cell is not a number.

        Empty cells become ``NaN`` (rejected later by the index functions, naming the unit).
        """
        self.require([name])
        col = self.columns[name]
        if isinstance(col, np.ndarray) and col.dtype.kind == "f":
            return col
        out = np.empty(len(col))
        for i, v in enumerate(col):
            parsed, problem = _cell_number(v, self.decimal_comma)
            if problem:
                row = self.row_numbers[i] if self.row_numbers else i + 1
                raise number_error(str(v), problem, file=self.source, row=row, column=name)
            out[i] = parsed
        return out

    def text(self, name: str) -> list[str]:
        """Column ``name`` as strings (numbers without a trailing ``.0``)."""
        self.require([name])
        col = self.columns[name]
        out = []
        for v in col:
            if isinstance(v, float | np.floating):
                if math.isnan(v):
                    out.append("")
                elif float(v).is_integer():
                    out.append(str(int(v)))
                else:
                    out.append(repr(float(v)))
            else:
                out.append("" if v is None else str(v))
        return out

    def subset(self, mask: np.ndarray) -> Table:
        """The rows where ``mask`` is true."""
        idx = np.flatnonzero(mask)
        cols: dict[str, np.ndarray | list[Any]] = {}
        for k, v in self.columns.items():
            cols[k] = v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]
        return Table(
            columns=cols,
            ids=[self.ids[i] for i in idx],
            source=self.source,
            centroids_xy=None if self.centroids_xy is None else self.centroids_xy[idx],
            geometries=None if self.geometries is None else self.geometries[idx],
            crs=self.crs,
            centroid_crs=self.centroid_crs,
            row_numbers=[self.row_numbers[i] for i in idx] if self.row_numbers else [],
            row_kind=self.row_kind,
            has_id_column=self.has_id_column,
            decimal_comma=self.decimal_comma,
        )


def _cell_number(v: Any, decimal_comma: bool) -> tuple[float, str]:
    """(float, "") of a cell — NaN for an empty cell — or (NaN, reason code) when it is not a number."""
    if v is None:
        return float("nan"), ""
    if isinstance(v, bool):
        return float("nan"), "not_a_number"
    if isinstance(v, int | float | np.integer | np.floating):
        value = float(v)
        if math.isnan(value):
            return value, ""
        if not math.isfinite(value):
            return float("nan"), "not_finite"
        return value, ""
    value, problem = to_number(str(v), decimal_comma=decimal_comma)
    if problem:
        return float("nan"), problem
    return (float("nan") if value is None else value), ""


def _typed_columns(header: list[str], rows: list[list[Any]], decimal_comma: bool) -> dict[str, Any]:
    cols: dict[str, np.ndarray | list[Any]] = {}
    for j, name in enumerate(header):
        raw = [r[j] if j < len(r) else None for r in rows]
        parsed = [_cell_number(v, decimal_comma) for v in raw]
        has_number = any(not p and not math.isnan(x) for x, p in parsed)
        # codes with leading zeros ("049", "00100") are identifiers: keep them as text
        code_like = any(isinstance(v, str) and len(v.strip()) > 1 and v.strip()[0] == "0"
                        and v.strip()[1].isdigit() for v in raw)
        if has_number and not code_like and not any(p for _x, p in parsed):
            cols[name] = np.array([x for x, _p in parsed], dtype=np.float64)
        else:
            cols[name] = ["" if v is None else str(v) for v in raw]
    return cols


def _projected_centroids(geoms: np.ndarray, crs: str | None) -> tuple[np.ndarray, str | None]:
    import shapely

    if crs is None:
        cent = shapely.centroid(geoms)
        return np.column_stack([shapely.get_x(cent), shapely.get_y(cent)]), None
    from pyproj import CRS, Transformer

    src = CRS.from_user_input(crs)
    if src.is_projected:
        cent = shapely.centroid(geoms)
        return np.column_stack([shapely.get_x(cent), shapely.get_y(cent)]), src.to_string()
    # geographic: project to a metric CRS first, then take centroids
    bounds = shapely.total_bounds(geoms)
    lon = (bounds[0] + bounds[2]) / 2.0
    lat = (bounds[1] + bounds[3]) / 2.0
    if 19.0 <= lon <= 32.0 and 59.0 <= lat <= 71.0:
        dst = CRS.from_epsg(3067)  # ETRS-TM35FIN, Finland's national projected CRS
    else:
        zone = int((lon + 180.0) // 6.0) + 1
        dst = CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)
    tr = Transformer.from_crs(src, dst, always_xy=True)
    projected = shapely.transform(geoms, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    cent = shapely.centroid(projected)
    return np.column_stack([shapely.get_x(cent), shapely.get_y(cent)]), dst.to_string()


def _read_geo(path: Path, layer: str | None) -> Table:
    import pyogrio
    import shapely

    try:
        meta, _fids, wkb, fields = pyogrio.raw.read(str(path), layer=layer)
    except Exception as exc:  # pyogrio/GDAL errors
        raise ReaderError.of("geo_unreadable", file=str(path), detail=str(exc)[:200]) from None
    names = [str(n) for n in meta["fields"]]
    cols: dict[str, np.ndarray | list[Any]] = {}
    for name, arr in zip(names, fields, strict=True):
        a = np.asarray(arr)
        if a.dtype.kind in "iuf":
            cols[name] = a.astype(np.float64)
        elif a.dtype.kind == "b":
            cols[name] = ["true" if v else "false" for v in a]
        else:
            cols[name] = ["" if v is None else str(v) for v in a]
    n = len(fields[0]) if fields else (0 if wkb is None else len(wkb))
    if n > MAX_ROWS:
        raise ReaderError.of("too_many_rows", file=str(path), limit=MAX_ROWS)
    table = Table(columns=cols, ids=[str(i + 1) for i in range(n)], source=str(path),
                  row_numbers=list(range(1, n + 1)), row_kind="feature")
    if wkb is not None and n:
        geoms = shapely.from_wkb(wkb)
        table.geometries = geoms
        table.crs = meta.get("crs")
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if missing.any():
            i = int(np.argmax(missing))
            raise ReaderError(f"feature {i + 1} has no geometry", file=str(path), row=i + 1, column="geometry")
        table.centroids_xy, table.centroid_crs = _projected_centroids(geoms, table.crs)
    return table


@guarded("a table")
def read_table(path: str | Path, layer: str | None = None, *, id_column: str | None = None) -> Table:
    """Read a CSV, XLSX, GeoJSON or GeoPackage file into a :class:`Table`.

    Parameters
    ----------
    path : str or Path
        The file; the format is chosen by its suffix (``.csv``/``.txt``/``.tsv``, ``.xlsx``,
        ``.geojson``/``.json``, ``.gpkg``).
    layer : str, optional
        Worksheet (XLSX) or layer (GeoPackage) name.
    id_column : str, optional
        Column holding the unit identifiers (used in messages and outputs).

    Raises
    ------
    ReaderError
        (a ValueError) if the file does not exist or cannot be read, the format is unknown, a limit is exceeded
        or ``id_column`` is missing; it names the file, row and column.
    """
    p = Path(path)
    label = str(p)
    if not p.exists():
        raise ReaderError.of("no_such_file", file=label)
    if p.is_dir():
        raise ReaderError.of("is_directory", file=label)
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES or suffix in XLSX_SUFFIXES:
        rows = read_rows(p, sheet=layer if suffix in XLSX_SUFFIXES else None, filename=label)
        n = len(rows.body)
        table = Table(columns=_typed_columns(rows.header, rows.body, rows.decimal_comma),
                      ids=[str(i + 1) for i in range(n)], source=label, row_numbers=rows.row_numbers,
                      decimal_comma=rows.decimal_comma)
    elif suffix in GEO_SUFFIXES:
        table = _read_geo(p, layer)
    else:
        raise ReaderError.of("unknown_format", file=label, suffix=suffix or "(none)")
    if id_column is not None:
        table.require([id_column])
        table.ids = table.text(id_column)
        table.has_id_column = True
    return table
