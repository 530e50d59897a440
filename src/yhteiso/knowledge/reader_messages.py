"""The reasons of the engine's :class:`~yhteiso.analytics.readers.common.ReaderError` in the user's language.

The pure readers name a reason code and its parameters; this catalogue holds the translatable text of every code
(a test checks that no code is missing). A reason given only as text (no code) is shown as it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.analytics.readers.common import MAX_ABS_VALUE, ReaderError

MESSAGES = {
    "cannot_read": gettext_lazy("cannot read the file (%(detail)s)"),
    "no_such_file": gettext_lazy("no such file"),
    "is_directory": gettext_lazy("this is a folder, not a file"),
    "unknown_format": gettext_lazy("unknown file type %(suffix)s; use CSV, XLSX, GeoJSON or GeoPackage"),
    "empty_file": gettext_lazy("the file is empty"),
    "not_text": gettext_lazy("the file is not text (it contains binary data)"),
    "not_utf8": gettext_lazy("the text is not in the %(encoding)s encoding"),
    "utf16": gettext_lazy("the file is UTF-16 encoded; save it as UTF-8"),
    "csv_broken": gettext_lazy("the CSV file cannot be read (%(detail)s)"),
    "cell_too_long": gettext_lazy("a cell is longer than %(limit)s characters"),
    "too_many_rows": gettext_lazy("the file has more than %(limit)s rows"),
    "too_many_columns": gettext_lazy("the file has more than %(limit)s columns"),
    "too_many_cells": gettext_lazy("the row has %(found)s cells but the header has %(expected)s"),
    "header_empty": gettext_lazy("the first row (the header) is empty"),
    "duplicate_column": gettext_lazy("column “%(name)s” appears twice in the header"),
    "missing_column": gettext_lazy("missing column “%(name)s” (available: %(available)s)"),
    "geo_unreadable": gettext_lazy("cannot read as a geometry file (%(detail)s)"),
    "no_data_rows": gettext_lazy("the table has no data rows"),
    "not_a_number": gettext_lazy("“%(value)s” is not a number"),
    "decimal_comma": gettext_lazy("“%(value)s” has a decimal comma, but this file separates its columns with "
                                  "commas: write %(suggestion)s"),
    "bad_grouping": gettext_lazy("“%(value)s”: group thousands in threes with spaces only (e.g. 1 234 567,5)"),
    "not_finite": gettext_lazy("“%(value)s” is not a finite number"),
    "too_large": gettext_lazy("“%(value)s” is too large (at most %(limit)s in magnitude)"),
    "not_a_year": gettext_lazy("“%(value)s” is not a calendar year (YYYY)"),
    "xlsx_unreadable": gettext_lazy("not a readable XLSX workbook (%(detail)s)"),
    "xlsx_too_large": gettext_lazy("the workbook expands to %(size)s MB when opened; at most %(limit)s MB is "
                                   "accepted"),
    "xlsx_ratio": gettext_lazy("the workbook part “%(member)s” is compressed %(ratio)s:1; at most %(limit)s:1 is "
                               "accepted"),
    "no_sheet": gettext_lazy("no worksheet “%(sheet)s”; the workbook has %(available)s"),
    "json_invalid": gettext_lazy("not valid JSON (%(detail)s)"),
    "json_too_deep": gettext_lazy("the JSON is nested too deeply"),
    "json_constant": gettext_lazy("%(value)s is not allowed in JSON"),
    "bad_coordinates": gettext_lazy("area %(area)s: the coordinates are not pairs of numbers (%(detail)s)"),
    "too_many_vertices": gettext_lazy("the boundaries have more than %(limit)s vertices (found at least "
                                      "%(found)s); simplify them before importing"),
    "px_encoding": gettext_lazy("unknown character set CODEPAGE=“%(value)s”"),
    "unreadable": gettext_lazy("the file cannot be read as %(what)s (%(detail)s)"),
}
WHAT = {"a table": gettext_lazy("a table"), "a PX file": gettext_lazy("a PX file"),
        "a JSON-stat dataset": gettext_lazy("a JSON-stat dataset"), "a Paavo file": gettext_lazy("a Paavo file"),
        "a dBASE table": gettext_lazy("a dBASE table"), "boundaries": gettext_lazy("boundaries")}



def reason(err: ReaderError) -> str:
    """The reason of ``err`` in the active language."""
    template = MESSAGES.get(err.code)
    if template is None:
        return err.reason
    params = {k: str(v) for k, v in err.params.items()}
    if err.code == "too_large":
        params["limit"] = f"{MAX_ABS_VALUE:g}"
    if err.code == "unreadable":
        params["what"] = str(WHAT.get(params.get("what", ""), params.get("what", "")))
    return str(template) % params


@dataclass
class Problem:
    """What a page shows of a bad file: where (file, row, column) and why, in the user's language."""

    file: str
    row: int | None
    column: str | None
    reason: str


def problem(err: ReaderError) -> Problem:
    return Problem(file=err.file, row=err.row, column=err.column, reason=reason(err))


def upload_too_large(limit: int) -> Problem:
    return Problem(file="", row=None, column=None,
                   reason=_("the file is larger than %(size)s MB, the largest accepted upload")
                   % {"size": f"{limit / 2**20:g}"})
