"""Spreadsheet cells that stay text: the one helper every openpyxl writer uses to add rows.

openpyxl stores a string that starts with ``=`` as a formula, and spreadsheet programs treat text starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as the start of a formula when a file is re-opened or
converted (formula injection). :func:`safe_append` appends a row and marks every such text as an explicit
*string* cell, so the file shows exactly the text that was entered and nothing is ever evaluated; numbers,
dates and booleans are unchanged.

>>> from openpyxl import Workbook
>>> ws = Workbook().active
>>> safe_append(ws, ["=1+2", "Espoo", 3.5])
>>> [(c.value, c.data_type) for c in ws[1]]
[('=1+2', 's'), ('Espoo', 's'), (3.5, 'n')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(cell: Any) -> Any:
    """Make one openpyxl cell a string cell if its value is text that starts like a formula; returns the cell."""
    if formula_like(cell.value):
        cell.data_type = "s"
    return cell


def safe_append(worksheet: Any, values: Iterable[Any]) -> None:
    """``worksheet.append(values)``, with text that starts like a formula kept as text."""
    values = list(values)
    worksheet.append(values)
    if any(formula_like(v) for v in values):
        for cell in worksheet[worksheet.max_row]:
            safe_cell(cell)
