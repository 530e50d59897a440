"""Read tables of areal units from CSV, XLSX, GeoJSON and GeoPackage files.

:func:`read_table` returns a :class:`Table`: named columns (numeric columns as float arrays, empty cells as
``NaN``; text columns as lists of str), unit ids and — for geometry files — the geometries and their centroids in
a projected CRS (metres), for the spatial indices.

* **CSV**: UTF-8 (with or without BOM; Latin-1 accepted as a fallback), delimiter ``,`` ``;`` or tab detected
  from the header line. With ``;`` a decimal comma (``12,5``) is accepted, as Finnish statistics often use it.
* **XLSX**: the first worksheet, or the one named by ``layer``; the first row is the header.
* **GeoJSON / GeoPackage**: read with pyogrio (GDAL); ``layer`` selects a GeoPackage layer. Geographic
  coordinates (e.g. EPSG:4326) are projected for the centroids: to ETRS-TM35FIN (EPSG:3067) when the data lie
  in Finland, otherwise to the data's UTM zone.

Errors (unreadable file, unknown format, missing column, bad cell) raise :class:`ValueError` with a message
naming the file, and the unit and column when relevant.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "areas.csv"
>>> _ = path.write_text("area;foreign;total\\nA;10;20\\nB;0,5;10\\n", encoding="utf-8")
>>> t = read_table(path, id_column="area")
>>> t.ids, t.numeric("foreign").tolist()
(['A', 'B'], [10.0, 0.5])
"""

from __future__ import annotations

import csv
import io as _io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._validate import describe_unit, require_columns

__all__ = ["Table", "read_table"]

GEO_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".fgb"}


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
        """Raise ValueError naming the file and every missing column."""
        require_columns(self.columns, names, source=self.source)

    def numeric(self, name: str) -> np.ndarray:
        """Column ``name`` as floats; ValueError naming the unit and column when a cell is not a number.

        Empty cells become ``NaN`` (rejected later by the index functions, naming the unit).
        """
        self.require([name])
        col = self.columns[name]
        if isinstance(col, np.ndarray) and col.dtype.kind == "f":
            return col
        out = np.empty(len(col))
        for i, v in enumerate(col):
            parsed = _parse_number(v)
            if parsed is None:
                raise ValueError(
                    f"{self.source}: {describe_unit(i, self.unit_labels())}, column {name!r}: "
                    f"not a number ({v!r})"
                )
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
        )


def _parse_number(v: Any, decimal_comma: bool = True) -> float | None:
    """float of a cell, NaN for an empty cell, None when it is text."""
    if v is None:
        return float("nan")
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float | np.integer | np.floating):
        return float(v)
    s = str(v).strip().replace("\u00a0", "").replace(" ", "")
    if s == "":
        return float("nan")
    try:
        return float(s)
    except ValueError:
        pass
    if decimal_comma and s.count(",") == 1 and "." not in s:
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    return None


def _typed_columns(header: list[str], rows: list[list[Any]], decimal_comma: bool) -> dict[str, Any]:
    cols: dict[str, np.ndarray | list[Any]] = {}
    for j, name in enumerate(header):
        raw = [r[j] if j < len(r) else None for r in rows]
        parsed = [_parse_number(v, decimal_comma) for v in raw]
        has_number = any(p is not None and not math.isnan(p) for p in parsed)
        # codes with leading zeros ("049", "00100") are identifiers: keep them as text
        code_like = any(isinstance(v, str) and len(v.strip()) > 1 and v.strip()[0] == "0"
                        and v.strip()[1].isdigit() for v in raw)
        if has_number and not code_like and all(p is not None for p in parsed):
            cols[name] = np.array(parsed, dtype=np.float64)
        else:
            cols[name] = ["" if v is None else str(v) for v in raw]
    return cols


def _check_header(header: list[str], source: str) -> list[str]:
    names = [str(h).strip() if h is not None else "" for h in header]
    if not any(names):
        raise ValueError(f"{source}: the first row (the header) is empty")
    seen: set[str] = set()
    for j, n in enumerate(names):
        if n == "":
            names[j] = n = f"column_{j + 1}"
        if n in seen:
            raise ValueError(f"{source}: column {n!r} appears twice in the header")
        seen.add(n)
    return names


def _read_csv(path: Path) -> tuple[list[str], list[list[Any]], bool]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "latin-1"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text[:4096]:
        raise ValueError(f"{path}: not a text (CSV) file")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise ValueError(f"{path}: the file is empty")
    delim = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delim)
    rows = [r for r in reader if any(c.strip() for c in r)]
    header = _check_header(rows[0], str(path))
    body = rows[1:]
    for i, r in enumerate(body):
        if len(r) > len(header):
            raise ValueError(f"{path}: row {i + 2} has {len(r)} cells but the header has {len(header)}")
    return header, body, delim == ";"


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[str], list[list[Any]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for bad files
        raise ValueError(f"{path}: cannot read as XLSX ({exc})") from exc
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise ValueError(f"{path}: no worksheet {sheet!r} (available: {', '.join(wb.sheetnames)})")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    rows = [r for r in rows if any(c is not None and str(c).strip() != "" for c in r)]
    if not rows:
        raise ValueError(f"{path}: the worksheet is empty")
    return _check_header(rows[0], str(path)), rows[1:]


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
        raise ValueError(f"{path}: cannot read as a geometry file ({exc})") from exc
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
    table = Table(columns=cols, ids=[str(i + 1) for i in range(n)], source=str(path),
                  row_numbers=list(range(1, n + 1)), row_kind="feature")
    if wkb is not None and n:
        geoms = shapely.from_wkb(wkb)
        table.geometries = geoms
        table.crs = meta.get("crs")
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        if missing.any():
            i = int(np.argmax(missing))
            raise ValueError(f"{path}: {describe_unit(i, table.ids)} has no geometry")
        table.centroids_xy, table.centroid_crs = _projected_centroids(geoms, table.crs)
    return table


def read_table(path: str | Path, layer: str | None = None, *, id_column: str | None = None) -> Table:
    """Read a CSV, XLSX, GeoJSON or GeoPackage file into a :class:`Table`.

    Parameters
    ----------
    path : str or Path
        The file; the format is chosen by its suffix (``.csv``/``.txt``, ``.xlsx``, ``.geojson``/``.json``,
        ``.gpkg``).
    layer : str, optional
        Worksheet (XLSX) or layer (GeoPackage) name.
    id_column : str, optional
        Column holding the unit identifiers (used in messages and outputs).

    Raises
    ------
    ValueError
        If the file does not exist or cannot be read, the format is unknown, or ``id_column`` is missing.
    """
    p = Path(path)
    if not p.exists():
        raise ValueError(f"{p}: no such file")
    if p.is_dir():
        raise ValueError(f"{p}: is a directory, not a file")
    suffix = p.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        try:
            header, rows, decimal_comma = _read_csv(p)
        except (OSError, csv.Error, IndexError) as exc:
            raise ValueError(f"{p}: cannot read as CSV ({exc})") from exc
        table = Table(columns=_typed_columns(header, rows, decimal_comma), ids=[str(i + 1) for i in
                      range(len(rows))], source=str(p), row_numbers=list(range(2, len(rows) + 2)))
    elif suffix in (".xlsx", ".xlsm"):
        header, rows = _read_xlsx(p, layer)
        table = Table(columns=_typed_columns(header, rows, True), ids=[str(i + 1) for i in range(len(rows))],
                      source=str(p), row_numbers=list(range(2, len(rows) + 2)))
    elif suffix in GEO_SUFFIXES:
        table = _read_geo(p, layer)
    else:
        raise ValueError(f"{p}: unknown file type {suffix or '(none)'}; use CSV, XLSX, GeoJSON or GeoPackage")
    if id_column is not None:
        table.require([id_column])
        table.ids = table.text(id_column)
        table.has_id_column = True
    return table
