"""Number and date formatting for reports: the same in every format, independent of the server's locale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
DASH = "–"


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def decimal_str(value) -> str | None:
    """A number as the canonical decimal string stored in snapshots (``Decimal("73.40")`` -> ``"73.40"``)."""
    d = to_decimal(value)
    if d is None:
        return None
    if isinstance(value, float):
        d = Decimal(repr(value))
    return str(d)


def number(value, *, decimals: int | None = None) -> str:
    """``"1234.5"`` -> ``"1 234,5"`` (Finnish and Swedish use a decimal comma and a space between thousands)."""
    d = to_decimal(value)
    if d is None:
        return DASH
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    sign = "−" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = NBSP.join(groups)
    if frac:
        result += "," + frac
    return sign + result


def money(value) -> str:
    d = to_decimal(value)
    if d is None:
        return DASH
    decimals = 0 if d == d.to_integral_value() else 2
    return number(d, decimals=decimals) + NBSP + "€"


def date(value) -> str:
    """ISO date -> ``31.12.2026`` (the usual form in both Finnish and Finland-Swedish)."""
    if not value:
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day}.{value.month}.{value.year}"


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
