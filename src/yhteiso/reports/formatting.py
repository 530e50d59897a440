"""Numbers and dates in reports: the same in every output format (HTML, PDF, DOCX, XLSX) and independent of the
server's locale; the snapshot's language decides (the renderers activate it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# The formatting itself lives in core (one rule for the whole site); reports use it through this module.
from yhteiso.core.formatting import DASH, NBSP, date, dissimilarity, euros, number, status_label, to_decimal

__all__ = ["DASH", "NBSP", "date", "decimal_str", "dissimilarity", "euros", "number", "status_label", "to_decimal",
           "value_with_unit", "year_fraction"]


def decimal_str(value) -> str | None:
    """A number as the canonical decimal string stored in snapshots (``Decimal("73.40")`` -> ``"73.40"``)."""
    d = to_decimal(value)
    if d is None:
        return None
    if isinstance(value, float):
        d = Decimal(repr(value))
    return str(d)


def value_with_unit(value, unit: str) -> str:
    text = number(value)
    if text == DASH or not unit:
        return text
    if unit in ("%", "€"):
        return f"{text}{NBSP}{unit}"
    return f"{text}{NBSP}{unit}"


def year_fraction(value) -> float:
    """A date as a decimal year for chart axes (1 July 2026 -> about 2026.5)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    start = dt.date(value.year, 1, 1)
    days = (dt.date(value.year + 1, 1, 1) - start).days
    return round(value.year + (value - start).days / days, 4)
