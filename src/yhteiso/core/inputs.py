"""Values read from addresses and forms that Python's own checks let through: whole numbers and years written with
digits ``int()`` refuses, numbers no database integer holds, and dates so far away that date arithmetic fails.

``str.isdigit()`` is true for "²" and for any number of digits, so ``int(v) if v.isdigit()`` is a server error
waiting for "²" (``int`` refuses it) or for 99999999999999999999 (no database integer holds it). Year 1 has no
time in UTC and 9999-12-31 no next day, so a date outside :data:`FIRST_YEAR`–:data:`LAST_YEAR` breaks every page
that shows or counts from it."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

ID_DIGITS = 18
"""The most digits of a number that every database integer column holds (a signed 64-bit integer has 19)."""
FIRST_YEAR, LAST_YEAR = 2000, 2999
"""The years the platform's own dates (rounds, meetings, answering periods) may fall in."""
_YEAR = re.compile(r"[0-9]{4}")


def whole_number(value: object, *, max_digits: int = ID_DIGITS) -> int | None:
    """``value`` as a whole number when it is 1 to ``max_digits`` ASCII digits (no sign, no spaces), else None.

    >>> whole_number("42"), whole_number("²"), whole_number("99999999999999999999"), whole_number("")
    (42, None, None, None)
    """
    text = str(value) if value is not None else ""
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def year(value: object) -> int | None:
    """``value`` as a year when it is four ASCII digits, else None.

    >>> year("2026"), year("²⁰²⁶"), year("99999")
    (2026, None, None)
    """
    text = str(value) if value is not None else ""
    return int(text) if _YEAR.fullmatch(text) else None


def far_date_error(value: dt.date | None) -> str | None:
    """The refusal of a date outside :data:`FIRST_YEAR`–:data:`LAST_YEAR` in the active language (None for a date
    within them, or no date)."""
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return _("Give a date between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
