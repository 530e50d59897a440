"""Reading a package of school data: CSV/XLSX tables and GeoJSON catchment areas, checked completely before
anything is written. Every problem names the file, the row and the column, in the user's language.

The column structure is documented in ``docs/schools-import.md``. Files are recognised by name (``schools``,
``catchments``, ``pupils``, ``flows``, ``applications``, ``cohorts``, ``package.json``); the extension says the
format (``.csv``, ``.xlsx``; catchments ``.geojson``/``.json``)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from yhteiso.analytics.readers.common import ReaderError
from yhteiso.analytics.readers.tabular import xlsx_rows
from yhteiso.knowledge import reader_messages

MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_BYTES = 50 * 1024 * 1024
KINDS = ("schools", "catchments", "pupils", "flows", "applications", "cohorts")
COLUMNS = {
    "schools": ("school_code", "name_fi", "name_sv", "language", "grade_min", "grade_max", "latitude", "longitude",
                "valid_from", "valid_to"),
    "pupils": ("school_code", "year", "grade", "dimension", "group", "pupils"),
    "flows": ("catchment_code", "school_code", "year", "grade", "pupils"),
    "applications": ("catchment_code", "school_code", "year", "grade", "applications"),
    "cohorts": ("catchment_code", "year", "grade", "cohort"),
}
OPTIONAL = {"name_sv", "valid_from", "valid_to"}
LANGUAGES = ("fi", "sv")
DIMENSIONS = ("language", "background")


class PackageError(ValueError):
    """A problem with the package; ``str()`` is the message for the user."""


@dataclass
class Package:
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256
    meta: dict = field(default_factory=dict)
    schools: list[dict] = field(default_factory=list)
    catchments: list[dict] = field(default_factory=list)
    pupils: list[dict] = field(default_factory=list)
    flows: list[dict] = field(default_factory=list)
    applications: list[dict] = field(default_factory=list)
    cohorts: list[dict] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(f"{PurePath(name).name}:{self.files[name]}\n".encode())
        return h.hexdigest()

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in KINDS}


def _where(file: str, row: int | None = None, column: str | None = None) -> str:
    if row is not None and column:
        return _("%(file)s, row %(row)d, column “%(column)s”") % {"file": file, "row": row, "column": column}
    if row is not None:
        return _("%(file)s, row %(row)d") % {"file": file, "row": row}
    return file


def _fail(message: str, file: str, row: int | None = None, column: str | None = None) -> PackageError:
    return PackageError(f"{_where(file, row, column)}: {message}")


def kind_of(filename: str) -> str | None:
    stem = PurePath(filename).stem.lower()
    if stem == "package" and filename.lower().endswith(".json"):
        return "package"
    return stem if stem in KINDS else None


def _rows_csv(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(_("the file is not UTF-8 text; save it as CSV UTF-8."), name) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = []
        for i, row in enumerate(reader):
            if i > MAX_ROWS:
                raise _fail(_("more than %(n)d rows.") % {"n": MAX_ROWS}, name)
            rows.append(row)
    except csv.Error as exc:
        raise _fail(_("the CSV cannot be read (%(error)s).") % {"error": exc}, name) from None
    if not rows:
        raise _fail(_("the file is empty."), name)
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _rows_xlsx(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    """The first sheet through the data readers' bounded workbook reader, as text, row by row as the sheet numbers
    them (the reader leaves out empty rows; the package's messages count them)."""
    try:
        values, numbers = xlsx_rows(data, name)
    except ReaderError as exc:
        if exc.code in ("xlsx_too_large", "xlsx_ratio"):
            raise _fail(_("the workbook would expand to more data than can be read; save it again as an ordinary "
                          "XLSX or CSV file."), name) from None
        raise _fail(reader_messages.reason(exc), name, exc.row) from None
    rows: list[list[str]] = []
    for cells, number in zip(values, numbers, strict=True):
        if number > MAX_ROWS + 1:
            raise _fail(_("more than %(n)d rows.") % {"n": MAX_ROWS}, name)
        if len(cells) > MAX_COLUMNS:
            raise _fail(_("more than %(n)d columns.") % {"n": MAX_COLUMNS}, name, number)
        rows.extend([] for _gap in range(number - 1 - len(rows)))
        rows.append([_cell_text(v) for v in cells])
    if not rows:
        raise _fail(_("the file is empty."), name)
    return [h.strip().lower() for h in rows[0]], rows[1:]


class _Row:
    def __init__(self, name: str, number: int, values: dict[str, str]) -> None:
        self.name, self.number, self.values = name, number, values

    def text(self, col: str, *, required: bool = True, max_length: int = 200) -> str:
        v = self.values.get(col, "").strip()
        if required and not v:
            raise _fail(_("a value is required."), self.name, self.number, col)
        if len(v) > max_length:
            raise _fail(_("at most %(n)d characters.") % {"n": max_length}, self.name, self.number, col)
        return v

    def integer(self, col: str, lo: int, hi: int) -> int:
        v = self.text(col).replace("\u00a0", "").replace(" ", "")
        try:
            n = int(v)
        except ValueError:
            raise _fail(_("“%(value)s” is not a whole number.") % {"value": v}, self.name, self.number,
                        col) from None
        if not lo <= n <= hi:
            raise _fail(_("%(value)d is outside %(lo)d–%(hi)d.") % {"value": n, "lo": lo, "hi": hi}, self.name,
                        self.number, col)
        return n

    def number_(self, col: str, lo: float, hi: float) -> float:
        v = self.text(col).replace(",", ".")
        try:
            x = float(v)
        except ValueError:
            raise _fail(_("“%(value)s” is not a number.") % {"value": v}, self.name, self.number, col) from None
        if not math.isfinite(x) or not lo <= x <= hi:
            raise _fail(_("%(value)s is outside %(lo)s–%(hi)s.") % {"value": v, "lo": lo, "hi": hi}, self.name,
                        self.number, col)
        return x

    def choice(self, col: str, options: tuple[str, ...]) -> str:
        v = self.text(col).lower()
        if v not in options:
            raise _fail(_("“%(value)s” is not one of: %(options)s.") % {"value": v, "options": ", ".join(options)},
                        self.name, self.number, col)
        return v

    def date(self, col: str, *, required: bool) -> dt.date | None:
        return parse_date(self.text(col, required=required), self.name, self.number, col)


def parse_date(v: str, name: str, number: int | None, col: str) -> dt.date | None:
    if not v:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise _fail(_("“%(value)s” is not a date (use 2025-08-01 or 1.8.2025).") % {"value": v}, name, number, col)


def _table(kind: str, name: str, data: bytes) -> list[_Row]:
    if name.lower().endswith(".xlsx"):
        header, rows = _rows_xlsx(data, name)
    elif name.lower().endswith(".csv"):
        header, rows = _rows_csv(data, name)
    else:
        raise _fail(_("use a .csv or .xlsx file."), name)
    missing = [c for c in COLUMNS[kind] if c not in header and c not in OPTIONAL]
    if missing:
        raise _fail(_("missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}, name, 1)
    out = []
    for i, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        out.append(_Row(name, i, {h: (row[j] if j < len(row) else "") for j, h in enumerate(header)}))
    return out


def _unique(key: tuple, seen: dict, row: _Row) -> None:
    if key in seen:
        raise _fail(_("the same row key as row %(row)d.") % {"row": seen[key]}, row.name, row.number)
    seen[key] = row.number


def _check_coordinates(coords, name: str, number: int) -> None:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        x, y = coords[0], coords[1] if len(coords) > 1 else None
        if not (isinstance(y, (int, float)) and -180 <= x <= 180 and -90 <= y <= 90):
            raise _fail(_("coordinates must be longitude and latitude in EPSG:4326 (WGS84)."), name, number,
                        "geometry")
        return
    if not isinstance(coords, list):
        raise _fail(_("the geometry's coordinates are malformed."), name, number, "geometry")
    for c in coords:
        _check_coordinates(c, name, number)


def _catchments(name: str, data: bytes) -> list[dict]:
    from shapely.geometry import shape

    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(_("not valid GeoJSON (%(error)s).") % {"error": exc}, name) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"),
                                                                                           list):
        raise _fail(_("expected a GeoJSON FeatureCollection."), name)
    out, seen = [], {}
    for i, ft in enumerate(doc["features"], start=1):
        if i > MAX_ROWS:
            raise _fail(_("more than %(n)d rows.") % {"n": MAX_ROWS}, name)
        props = ft.get("properties") if isinstance(ft, dict) else None
        if not isinstance(props, dict):
            raise _fail(_("the feature has no properties."), name, i)
        row = _Row(name, i, {k.lower(): "" if v is None else str(v) for k, v in props.items()})
        geom = ft.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise _fail(_("the geometry must be a Polygon or MultiPolygon."), name, i, "geometry")
        _check_coordinates(geom.get("coordinates"), name, i)
        try:
            shp = shape(geom)
        except (ValueError, TypeError, AttributeError, IndexError):
            raise _fail(_("the geometry's coordinates are malformed."), name, i, "geometry") from None
        if shp.is_empty or shp.area <= 0:
            raise _fail(_("the polygon is empty."), name, i, "geometry")
        c = {"code": row.text("catchment_code", max_length=40), "school_code": row.text("school_code", max_length=40),
             "language": row.choice("language", LANGUAGES), "valid_from": row.date("valid_from", required=True),
             "valid_to": row.date("valid_to", required=False), "geometry": geom, "row": i}
        if c["valid_to"] and c["valid_to"] < c["valid_from"]:
            raise _fail(_("the end of the validity period is before its start."), name, i, "valid_to")
        _unique((c["code"], c["valid_from"]), seen, row)
        out.append(c)
    return out


def read_package(files: dict[str, bytes]) -> Package:
    """Parse and check every file of a package (names → bytes); raises :class:`PackageError`."""
    pkg = Package()
    by_kind: dict[str, tuple[str, bytes]] = {}
    for name, data in files.items():
        kind = kind_of(name)
        if kind is None:
            raise _fail(_("unknown file; expected schools, catchments, pupils, flows, applications, cohorts or "
                          "package.json."), name)
        if kind in by_kind:
            raise _fail(_("two files of the same kind (%(other)s).") % {"other": by_kind[kind][0]}, name)
        if len(data) > MAX_BYTES:
            raise _fail(_("the file is larger than %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)}, name)
        by_kind[kind] = (name, data)
        pkg.files[PurePath(name).name] = hashlib.sha256(data).hexdigest()
    if not any(k in by_kind for k in KINDS):
        raise PackageError(_("The package has no school data files."))
    if "package" in by_kind:
        name, data = by_kind["package"]
        try:
            meta = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _fail(_("not valid JSON (%(error)s).") % {"error": exc}, name) from None
        if not isinstance(meta, dict):
            raise _fail(_("expected a JSON object."), name)
        pkg.meta = {"title": str(meta.get("title", ""))[:300], "publisher": str(meta.get("publisher", ""))[:300],
                    "licence": str(meta.get("licence", ""))[:100],
                    "attribution": str(meta.get("attribution", ""))[:500],
                    "is_example": bool(meta.get("example", False)), "notes": str(meta.get("notes", ""))[:5000]}
    if "schools" in by_kind:
        name, data = by_kind["schools"]
        seen: dict = {}
        for r in _table("schools", name, data):
            s = {"code": r.text("school_code", max_length=40), "name_fi": r.text("name_fi"),
                 "name_sv": r.text("name_sv", required=False), "language": r.choice("language", LANGUAGES),
                 "grade_min": r.integer("grade_min", 1, 9), "grade_max": r.integer("grade_max", 1, 9),
                 "latitude": r.number_("latitude", -90, 90), "longitude": r.number_("longitude", -180, 180),
                 "valid_from": r.date("valid_from", required=False), "valid_to": r.date("valid_to", required=False)}
            if s["grade_max"] < s["grade_min"]:
                raise _fail(_("the highest grade is below the lowest grade."), name, r.number, "grade_max")
            _unique((s["code"],), seen, r)
            pkg.schools.append(s)
    if "catchments" in by_kind:
        pkg.catchments = _catchments(*by_kind["catchments"])
    specs = {"pupils": ("pupils", ("school_code", "year", "grade", "dimension", "group")),
             "flows": ("pupils", ("catchment_code", "school_code", "year", "grade")),
             "applications": ("applications", ("catchment_code", "school_code", "year", "grade")),
             "cohorts": ("cohort", ("catchment_code", "year", "grade"))}
    for kind, (count_col, key_cols) in specs.items():
        if kind not in by_kind:
            continue
        name, data = by_kind[kind]
        seen = {}
        rows = getattr(pkg, kind)
        for r in _table(kind, name, data):
            rec: dict = {"row": r.number, "file": name}
            for col in key_cols:
                if col in ("year",):
                    rec[col] = r.integer(col, 1990, 2100)
                elif col == "grade":
                    rec[col] = r.integer(col, 1, 9)
                elif col == "dimension":
                    rec[col] = r.choice(col, DIMENSIONS)
                else:
                    rec[col] = r.text(col, max_length=40)
            rec["count"] = r.integer(count_col, 0, 10_000_000)
            rec["count_column"] = count_col
            _unique(tuple(rec[c] for c in key_cols), seen, r)
            rows.append(rec)
    return pkg


def files_from_paths(paths) -> dict[str, bytes]:
    """Read the files of a package from paths (a directory is expanded to the files in it)."""
    from pathlib import Path

    out: dict[str, bytes] = {}
    for p in paths:
        p = Path(p)
        members = sorted(x for x in p.iterdir() if x.is_file() and kind_of(x.name)) if p.is_dir() else [p]
        for m in members:
            out[m.name] = m.read_bytes()
    return out
