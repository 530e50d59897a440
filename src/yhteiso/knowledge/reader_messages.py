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
    "csv_broken": gettext_lazy("the CSV file cannot be read from this row on: check its quotation marks and line "
                                "breaks"),
    "cell_too_long": gettext_lazy("a cell is longer than %(limit)s characters"),
    "too_many_rows": gettext_lazy("the file has more than %(limit)s rows"),
    "too_many_columns": gettext_lazy("the file has more than %(limit)s columns"),
    "too_many_cells": gettext_lazy("the row has %(found)s cells but the header has %(expected)s"),
    "header_empty": gettext_lazy("the first row (the header) is empty"),
    "duplicate_column": gettext_lazy("column “%(name)s” appears twice in the header"),
    "missing_column": gettext_lazy("missing column “%(name)s” (available: %(available)s)"),
    "geo_unreadable": gettext_lazy("cannot read as a geometry file (GeoJSON or GeoPackage)"),
    "no_data_rows": gettext_lazy("the table has no data rows"),
    "not_a_number": gettext_lazy("“%(value)s” is not a number"),
    "decimal_comma": gettext_lazy("“%(value)s” has a decimal comma, but this file separates its columns with "
                                  "commas: write %(suggestion)s"),
    "bad_grouping": gettext_lazy("“%(value)s”: group thousands in threes with spaces only (e.g. 1 234 567,5)"),
    "not_finite": gettext_lazy("“%(value)s” is not a finite number"),
    "too_large": gettext_lazy("“%(value)s” is too large (at most %(limit)s in magnitude)"),
    "not_a_year": gettext_lazy("“%(value)s” is not a calendar year (YYYY)"),
    "xlsx_unreadable": gettext_lazy("the file is not an XLSX workbook or it is damaged"),
    "xlsx_too_large": gettext_lazy("the workbook expands to %(size)s MB when opened; at most %(limit)s MB is "
                                   "accepted"),
    "xlsx_ratio": gettext_lazy("the workbook part “%(member)s” is compressed %(ratio)s:1; at most %(limit)s:1 is "
                               "accepted"),
    "no_sheet": gettext_lazy("no worksheet “%(sheet)s”; the workbook has %(available)s"),
    "json_invalid": gettext_lazy("not valid JSON"),
    "json_too_deep": gettext_lazy("the JSON is nested too deeply"),
    "json_constant": gettext_lazy("%(value)s is not allowed in JSON"),
    "bad_coordinates": gettext_lazy("area %(area)s: the coordinates are not pairs of numbers (%(detail)s)"),
    "too_many_vertices": gettext_lazy("the boundaries have more than %(limit)s vertices (found at least "
                                      "%(found)s); simplify them before importing"),
    "px_encoding": gettext_lazy("unknown character set CODEPAGE=“%(value)s”"),
    "unreadable": gettext_lazy("the file cannot be read as %(what)s (%(detail)s)"),
    "column_not_given": gettext_lazy("the %(what)s column is not given"),
    "no_such_column": gettext_lazy("no column “%(name)s” (the %(what)s); the header has %(header)s"),
    "year_or_column": gettext_lazy("give either the year column or one year for the whole file"),
    "area_code_empty": gettext_lazy("the area code is empty"),
    "variable_empty": gettext_lazy("the variable is empty"),
    "duplicate_value": gettext_lazy("area %(area)s, year %(year)s, variable %(variable)s appears twice"),
    "duplicate_group_value": gettext_lazy("area %(area)s, year %(year)s, variable %(variable)s, group %(group)s "
                                          "appears twice"),
    "unknown_group": gettext_lazy("“%(value)s” is not a population group; use one of %(accepted)s"),
    "not_a_statistics_group": gettext_lazy("“%(value)s” is a priority group of the programme; statistics are "
                                           "imported by language group, background, gender or age band "
                                           "(%(accepted)s)"),
    "group_base_missing": gettext_lazy("figures by group that are not counts need the variable holding each "
                                       "group's number of persons (the base variable); variables that are not "
                                       "counts: %(variables)s"),
    "group_base_not_in_file": gettext_lazy("the base variable “%(variable)s” is not in the file"),
    "groups_exceed_whole": gettext_lazy("the groups %(groups)s add up to %(parts)s, more than the %(whole)s "
                                        "(%(value)s) for area %(area)s, year %(year)s, variable %(variable)s"),
    "group_without_base": gettext_lazy("area %(area)s, year %(year)s: group %(group)s has a value of %(variable)s "
                                       "but no number of persons in the base variable %(base)s"),
    "release_or_year": gettext_lazy("give either the Paavo release year or the statistics year"),
    "no_rows": gettext_lazy("the file has no rows"),
    "no_postal_column": gettext_lazy("no postal code column (posti_alue)"),
    "postal_code_empty": gettext_lazy("the postal code is empty"),
    "not_postal_code": gettext_lazy("“%(value)s” is not a postal code"),
    "postal_code_twice": gettext_lazy("postal code %(value)s appears twice"),
    "no_rows_left": gettext_lazy("no rows left (check the municipality code)"),
    "unknown_crs": gettext_lazy("unknown coordinate reference system “%(value)s”; accepted: EPSG:4326, EPSG:3067, "
                                "EPSG:3879"),
    "property_missing": gettext_lazy("property “%(name)s” (for the %(what)s) is missing"),
    "no_crs": gettext_lazy("no CRS declared and the coordinates are not longitude/latitude (EPSG:4326); say which CRS "
                           "the file is in (EPSG:3067 or EPSG:3879)"),
    "no_features": gettext_lazy("the file has no features"),
    "area_code_twice": gettext_lazy("area code “%(value)s” appears twice"),
    "no_geometry": gettext_lazy("area %(area)s has no geometry"),
    "not_polygon": gettext_lazy("area %(area)s: a %(kind)s, not a polygon"),
    "no_time_dimension": gettext_lazy("no time dimension found; name it with the year-dimension option"),
    "no_area_dimension": gettext_lazy("say which dimension holds the areas (area-dimension) or give one area code"),
    "no_dimension": gettext_lazy("no dimension “%(name)s”; the file has %(available)s"),
    "not_annual": gettext_lazy("time period “%(value)s” is not a calendar year; only annual tables can be imported"),
    "unknown_area": gettext_lazy("area code “%(value)s” matches no %(which)s%(more)s"),
    "no_values": gettext_lazy("the file has no values to import"),
    "overlapping_import": gettext_lazy("overlapping import: %(variable)s for %(year)s from %(dataset)s was already "
                                       "imported from %(previous)s (import %(batch)s); remove that import first"),
    "provenance_missing": gettext_lazy("say who published the data, under which licence and with which attribution "
                                       "(publisher, licence, attribution)"),
    "parent_missing": gettext_lazy("parent area “%(value)s” (%(level)s) does not exist"),
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
