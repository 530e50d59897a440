"""Shared result types, the one error every reader raises, the one number parser and the limits on input size.

Every reader of the engine (``yhteiso indices``, ``yhteiso import``, the upload page and the PB file reader)
raises :class:`ReaderError`: it names the file, row (1-based, as a spreadsheet shows it), column and a *reason
code* with its parameters. The English text of each code is in :data:`REASONS`; the Django side translates the
code (see ``yhteiso.knowledge.reader_messages``), so a reader never needs Django.

Numbers (:func:`parse_number`) follow one rule, documented in ``docs/methods/reading-files.md``:

* the decimal separator is a point; a decimal comma is accepted only where the caller says so (a ``;``- or
  tab-separated CSV, a text cell of a worksheet, or an explicit option) — in a ``,``-separated file ``12,5`` is
  refused, never silently read as 125 or 12.5;
* thousands may be grouped in threes by spaces (normal, non-breaking U+00A0, narrow U+202F or thin U+2009), never
  by ``.`` or ``,``;
* a leading ``−`` (U+2212) is a minus sign;
* the value must be finite and at most :data:`MAX_ABS_VALUE` in magnitude (``1e300`` is refused: no statistic is
  that large, and it would overflow the indices into ``Infinity``).

>>> parse_number("12,5", file="a.csv", row=2, column="x", decimal_comma=True)
12.5
>>> parse_number("1 234 567", file="a.csv", row=2, column="x")
1234567.0
>>> parse_number("12,5", file="a.csv", row=2, column="x")
Traceback (most recent call last):
...
yhteiso.analytics.readers.common.ReaderError: a.csv, row 2, column 'x': '12,5' has a decimal comma, but this file \
uses commas between columns: write 12.5
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

#: The largest magnitude accepted for a statistic.
MAX_ABS_VALUE = 1e15
#: Limits on what one file may make the readers do (bounded memory and work for every input).
MAX_ROWS = 1_000_000
MAX_COLUMNS = 2_000
MAX_CELL_CHARS = 100_000
#: XLSX (a zip): the declared uncompressed size of all members and the compression ratio of any member.
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
#: Boundaries: vertices of one file (refused above) and per area kept for storage and display (simplified above).
MAX_BOUNDARY_VERTICES = 5_000_000
MAX_STORED_VERTICES = 20_000
MAX_DISPLAY_VERTICES = 5_000

#: English text of each reason code (``str.format`` fields are the error's ``params``).
REASONS: dict[str, str] = {
    "cannot_read": "cannot read the file ({detail})",
    "no_such_file": "no such file",
    "is_directory": "is a directory, not a file",
    "unknown_format": "unknown file type {suffix}; use CSV, XLSX, GeoJSON or GeoPackage",
    "empty_file": "the file is empty",
    "not_text": "the file is not text (binary data)",
    "not_utf8": "the text is not {encoding}",
    "utf16": "the file is UTF-16 encoded; save it as UTF-8",
    "csv_broken": "the CSV file cannot be read ({detail})",
    "cell_too_long": "a cell is longer than {limit} characters",
    "too_many_rows": "the file has more than {limit} rows",
    "too_many_columns": "the file has more than {limit} columns",
    "too_many_cells": "the row has {found} cells but the header has {expected}",
    "header_empty": "the first row (the header) is empty",
    "duplicate_column": "column {name!r} appears twice in the header",
    "missing_column": "missing column {name!r} (available: {available})",
    "geo_unreadable": "cannot read as a geometry file ({detail})",
    "no_data_rows": "the table has no data rows",
    "not_a_number": "{value!r} is not a number",
    "decimal_comma": "{value!r} has a decimal comma, but this file uses commas between columns: write {suggestion}",
    "bad_grouping": "{value!r}: group thousands in threes with spaces only (e.g. 1 234 567,5)",
    "not_finite": "{value!r} is not a finite number",
    "too_large": "{value!r} is too large (at most {limit:g} in magnitude)",
    "not_a_year": "{value!r} is not a calendar year (YYYY)",
    "xlsx_unreadable": "cannot read as XLSX: not a readable workbook ({detail})",
    "xlsx_too_large": "the workbook expands to {size} MB when opened; at most {limit} MB is accepted",
    "xlsx_ratio": "the workbook part {member!r} is compressed {ratio}:1; at most {limit}:1 is accepted",
    "no_sheet": "no worksheet {sheet!r}; the workbook has {available}",
    "json_invalid": "not valid JSON ({detail})",
    "json_too_deep": "the JSON is nested too deeply",
    "json_constant": "{value} is not allowed in JSON",
    "bad_coordinates": "area {area}: the coordinates are not pairs of numbers ({detail})",
    "too_many_vertices": "the boundaries have more than {limit} vertices (found at least {found}); simplify them "
                         "before importing",
    "px_encoding": "unknown encoding CODEPAGE={value!r} (not a character set)",
    "unreadable": "the file cannot be read as {what} ({detail})",
    "column_not_given": "the {what} column is not given",
    "no_such_column": "no column {name!r} (the {what}); the header has {header}",
    "year_or_column": "give either the year column or one year for the whole file",
    "area_code_empty": "the area code is empty",
    "variable_empty": "the variable is empty",
    "duplicate_value": "area {area}, year {year}, variable {variable} appears twice",
    "duplicate_group_value": "area {area}, year {year}, variable {variable}, group {group} appears twice",
    "unknown_group": "{value!r} is not a population group; use one of {accepted}",
    "not_a_statistics_group": "{value!r} is a priority group of the programme; statistics are imported by language "
                              "group, background, gender or age band ({accepted})",
    "group_base_missing": "figures by group that are not counts need the variable holding each group's number of "
                          "persons (the base variable); variables that are not counts: {variables}",
    "group_base_not_in_file": "the base variable {variable!r} is not in the file",
    "groups_exceed_whole": "the groups {groups} add up to {parts}, more than the {whole} ({value}) for area "
                           "{area}, year {year}, variable {variable}",
    "group_without_base": "area {area}, year {year}: group {group} has a value of {variable} but no number of "
                          "persons in the base variable {base}",
    "release_or_year": "give either the Paavo release year or the statistics year",
    "no_rows": "the file has no rows",
    "no_postal_column": "no postal code column (posti_alue)",
    "postal_code_empty": "the postal code is empty",
    "not_postal_code": "{value!r} is not a postal code",
    "postal_code_twice": "postal code {value} appears twice",
    "no_rows_left": "no rows left (check the municipality code)",
    "unknown_crs": "unknown coordinate reference system {value!r}; accepted: EPSG:4326, EPSG:3067, EPSG:3879",
    "property_missing": "property {name!r} (for the {what}) is missing",
    "no_crs": "no CRS declared and the coordinates are not longitude/latitude (EPSG:4326); say which CRS the file is "
              "in (EPSG:3067 or EPSG:3879)",
    "no_features": "the file has no features",
    "area_code_twice": "area code {value!r} appears twice",
    "no_geometry": "area {area} has no geometry",
    "not_polygon": "area {area}: a {kind}, not a polygon",
    "no_time_dimension": "no time dimension found; name it with the year-dimension option",
    "no_area_dimension": "say which dimension holds the areas (area-dimension) or give one area code",
    "no_dimension": "no dimension {name!r}; the file has {available}",
    "not_annual": "time period {value!r} is not a calendar year; only annual tables can be imported",
    "unknown_area": "area code {value!r} matches no {which}{more}",
    "no_values": "the file has no values to import",
    "overlapping_import": "overlapping import: {variable} for {year} from {dataset} was already imported from "
                          "{previous} (import {batch}); remove that import first",
    "provenance_missing": "say who published the data, under which licence and with which attribution (publisher, "
                          "licence, attribution)",
    "parent_missing": "parent area {value!r} ({level}) does not exist",
}

T = TypeVar("T")


class ReaderError(ValueError):
    """Bad input. ``str(err)`` names the file, row (1-based, as a spreadsheet shows it), column and reason.

    ``code`` (a key of :data:`REASONS`, or ``""`` for a reason given as text) and ``params`` let an interface
    show the reason in the user's language; ``reason`` is the English text."""

    def __init__(self, reason: str = "", *, file: str = "", row: int | None = None, column: str | None = None,
                 code: str = "", params: dict[str, Any] | None = None):
        self.code = code
        self.params = dict(params or {})
        self.reason = reason or (REASONS[code].format(**self.params) if code else "bad input")
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.describe())

    @classmethod
    def of(cls, code: str, *, file: str = "", row: int | None = None, column: str | None = None,
           **params: Any) -> ReaderError:
        """The error for reason ``code`` (see :data:`REASONS`) with its parameters."""
        return cls(code=code, params=params, file=file, row=row, column=column)

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return (", ".join(where) + ": " if where else "") + self.reason


def guarded(what: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a reader so that any unexpected failure on a malformed file becomes a :class:`ReaderError`
    (reason ``unreadable``) instead of a traceback. The reader's keyword ``filename`` names the file."""

    def wrap(func: Callable[..., T]) -> Callable[..., T]:
        @wraps(func)
        def inner(*args: Any, **kwargs: Any) -> T:
            try:
                return func(*args, **kwargs)
            except ReaderError:
                raise
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, ArithmeticError,
                    RecursionError, EOFError, OSError, UnicodeError) as err:
                source = kwargs.get("filename") or (args[0] if args and isinstance(args[0], str | Path) else "")
                raise ReaderError.of("unreadable", file=file_label(source, "<upload>"), what=what,
                                     detail=type(err).__name__) from None
        return inner

    return wrap


@dataclass(frozen=True)
class Cell:
    """One statistic: ``value`` is None when the publisher suppressed or did not publish it (``suppressed`` says
    which; suppressed is never turned into zero). ``row``/``column`` point back into the file for error reports."""

    area_code: str
    year: int
    variable: str
    value: float | None
    suppressed: bool = False
    row: int | None = None
    column: str | None = None
    group: str = ""  # the population group the figure is about ("": the whole population)


@dataclass
class Statistics:
    """Everything a statistics reader found: the cells, labels of the variables (``{code: {"fi": .., "sv": ..,
    "en": ..}}``) and metadata from the file (title, table id, source, ...)."""

    cells: list[Cell]
    variables: dict[str, dict[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    area_names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({c.year for c in self.cells})

    @property
    def area_codes(self) -> list[str]:
        return sorted({c.area_code for c in self.cells})


def file_label(path: str | Path | None, default: str = "<input>") -> str:
    return Path(path).name if path else default


def content_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes (used to recognise a file imported before)."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(source: str | Path | bytes) -> tuple[bytes, str]:
    """(bytes, label) from a path or raw bytes."""
    if isinstance(source, bytes | bytearray):
        return bytes(source), "<upload>"
    path = Path(source)
    if not path.exists():
        raise ReaderError.of("no_such_file", file=path.name)
    if path.is_dir():
        raise ReaderError.of("is_directory", file=path.name)
    try:
        return path.read_bytes(), path.name
    except OSError as err:
        raise ReaderError.of("cannot_read", file=path.name, detail=err.strerror) from err


_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f\u2009]\d{3})+([.,]\d*)?$")


def normalise_number(text: str, *, decimal_comma: bool = False) -> tuple[str | None, str]:
    """The text of a number in Python's notation under the module's rule: ``(text, "")``, ``(None, "")`` for an
    empty cell, or ``(None, reason code)``. Shared by :func:`to_number` (floats) and :func:`parse_exact`
    (fractions, e.g. for costs and budgets in PB files), so both read the same texts the same way."""
    s = text.strip().replace("\u2212", "-")
    if s == "":
        return None, ""
    if _SPACES.search(s):
        if not _GROUPED.match(s):
            return None, "bad_grouping"
        s = _SPACES.sub("", s)
    if "," in s:
        if not decimal_comma:
            return None, "decimal_comma" if re.fullmatch(r"[+-]?\d*,\d+", s) else "not_a_number"
        if "." in s or s.count(",") > 1:
            return None, "not_a_number"
        s = s.replace(",", ".")
    if s.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return None, "not_finite"
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return None, "not_a_number"
    return s, ""


def to_number(text: str, *, decimal_comma: bool = False) -> tuple[float | None, str]:
    """(value, reason code) of a text cell under the number rule of this module: ``(x, "")`` for a number,
    ``(None, "")`` for an empty cell, ``(None, code)`` otherwise.

    >>> to_number("−3,25", decimal_comma=True), to_number(""), to_number("1.234,5", decimal_comma=True)
    ((-3.25, ''), (None, ''), (None, 'not_a_number'))
    """
    s, problem = normalise_number(text, decimal_comma=decimal_comma)
    if s is None:
        return None, problem
    value = float(s)
    if not math.isfinite(value):
        return None, "not_finite"
    if abs(value) > MAX_ABS_VALUE:
        return None, "too_large"
    return value, ""


def number_error(text: str, code: str, *, file: str, row: int | None, column: str | None) -> ReaderError:
    params: dict[str, Any] = {"value": text}
    if code == "decimal_comma":
        params["suggestion"] = text.strip().replace(",", ".")
    if code == "too_large":
        params["limit"] = MAX_ABS_VALUE
    return ReaderError.of(code or "not_a_number", file=file, row=row, column=column, **params)


def parse_exact(text: str, *, file: str = "", row: int | None = None, column: str | None = None,
                decimal_comma: bool = False) -> Fraction:
    """An exact number (a :class:`~fractions.Fraction`) under the same rule, for money and budgets.

    >>> parse_exact("1 250,50", decimal_comma=True)
    Fraction(2501, 2)
    """
    s, problem = normalise_number(text, decimal_comma=decimal_comma)
    if s is None:
        raise number_error(text, problem, file=file, row=row, column=column)
    value = Fraction(Decimal(s))
    if abs(value) > MAX_ABS_VALUE:
        raise number_error(text, "too_large", file=file, row=row, column=column)
    return value


def check_number(value: float, *, file: str, row: int | None, column: str | None) -> float:
    """A numeric cell (from a worksheet or JSON) under the same rule: finite and not too large."""
    if not math.isfinite(value):
        raise ReaderError.of("not_finite", file=file, row=row, column=column, value=str(value))
    if abs(value) > MAX_ABS_VALUE:
        raise ReaderError.of("too_large", file=file, row=row, column=column, value=str(value), limit=MAX_ABS_VALUE)
    return float(value)


def parse_number(text: str, *, file: str, row: int | None, column: str | None, decimal_comma: bool = False) -> float:
    """A number from text under the module's rule; ReaderError naming the file, row and column otherwise (an
    empty cell is an error here: callers skip empty cells first)."""
    value, problem = to_number(text, decimal_comma=decimal_comma)
    if value is not None:
        return value
    raise number_error(text, problem, file=file, row=row, column=column)


def parse_year(text: str | int, *, file: str, row: int | None, column: str | None) -> int:
    value = str(text).strip()
    if value.endswith(".0"):
        value = value[:-2]
    if len(value) == 4 and value.isdigit():
        return int(value)
    raise ReaderError.of("not_a_year", file=file, row=row, column=column, value=str(text))


def strict_json(text: str, *, file: str) -> Any:
    """``json.loads`` that refuses ``NaN``/``Infinity`` literals and too deep nesting with a ReaderError."""
    import json

    def refuse(token: str) -> Any:
        raise ReaderError.of("json_constant", file=file, value=token)

    try:
        return json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as err:
        raise ReaderError.of("json_invalid", file=file, row=err.lineno, detail=err.msg) from None
    except RecursionError:
        raise ReaderError.of("json_too_deep", file=file) from None
