"""Numbers, money, percentages and dates for people: the one place that decides how they are written.

Every page, message, export and report formats through these functions, so a figure reads the same everywhere.

Rules
-----
* The language is the active one unless ``language`` is given (reports pass their snapshot's language).
* Finnish and Swedish (Finland): a decimal comma and a non-breaking space between thousands (``1 234,5``);
  English: a decimal point and a comma between thousands (``1,234.5``). Negative numbers get a real minus sign.
* Money is euros: whole amounts without decimals, others with two (``77 000 €``, ``8 500,50 €``); a non-breaking
  space before the currency symbol. Percentages likewise: ``17 %``.
* Dates: ``31.7.2026`` in Finnish and Swedish (Finland-Swedish writes dates the Finnish way), ``31 Jul 2026`` in
  English.
* A missing value is an en dash ``–``.
* On a page in a right-to-left language (Arabic) a number, amount or percentage is kept in reading order: it is
  wrapped in Unicode isolates (left-to-right isolate … pop directional isolate), or the bidirectional algorithm
  would let the digit groups and the currency symbol swap places (``45 000 €`` shown as ``€ 000 45``).
* Numbers written into SVG or JavaScript attributes are never formatted here (templates use ``|unlocalize``).

>>> number("1234567.5", language="fi")
'1\\xa0234\\xa0567,5'
>>> euros(70250.5, language="sv")
'70\\xa0250,50\\xa0€'
>>> percent(17, language="fi")
'17\\xa0%'
>>> date("2026-07-31", language="fi"), date("2026-07-31", language="en")
('31.7.2026', '31 Jul 2026')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language, override, pgettext
from django.utils.translation import gettext as _

from yhteiso.analytics.progress import NOT_ENOUGH_DATA, OFF_TRACK, ON_TRACK, SCHEDULED
from yhteiso.core.languages import direction

NBSP = "\u00a0"
DASH = "–"
MINUS = "−"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate

#: thousands separator and decimal mark per UI language
SEPARATORS = {"fi": (NBSP, ","), "sv": (NBSP, ","), "en": (",", ".")}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _language(language: str | None) -> str:
    lang = (language or get_language() or "fi")[:2]
    return lang if lang in SEPARATORS else "fi"


def to_decimal(value: Any) -> Decimal | None:
    """A number (int, float, Decimal or numeric string) as an exact ``Decimal``; None for empty or not a number.

    >>> to_decimal("73.40"), to_decimal(None), to_decimal("x")
    (Decimal('73.40'), None, None)
    """
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def fewest_decimals(value: Any, most: int = 2) -> int:
    """The fewest decimals (at most ``most``) that write ``value`` without visible rounding.

    >>> fewest_decimals(73.4), fewest_decimals(2000), fewest_decimals(1 / 3)
    (1, 0, 2)
    """
    v = float(value)
    return next((d for d in range(most + 1) if abs(v - round(v, d)) < 1e-9), most)


def thousands_separator(language: str | None = None) -> str:
    """The language's thousands separator (for a script that formats amounts as they change).

    >>> thousands_separator("fi"), thousands_separator("en")
    ('\\xa0', ',')
    """
    return SEPARATORS[_language(language)][0]


def in_reading_order(text: str, language: str | None = None) -> str:
    """``text`` kept left to right on a right-to-left page (Unicode isolates) when ``language`` (the active one
    unless given) is written right to left; unchanged otherwise.

    >>> in_reading_order("45 000 €", language="ar") == LRI + "45 000 €" + PDI, in_reading_order("45", language="fi")
    (True, '45')
    """
    return f"{LRI}{text}{PDI}" if direction(language or get_language() or "fi") == "rtl" else text


def number(value: Any, *, decimals: int | None = None, language: str | None = None) -> str:
    """``value`` with the language's separators; ``decimals`` None keeps the decimals the value is written with.

    >>> number("77000.00", language="fi"), number(-1234.5, decimals=0, language="en"), number(None)
    ('77\\xa0000,00', '−1,234', '–')
    """
    text = _number(value, decimals, language)
    return text if text == DASH else in_reading_order(text, language)


def _number(value: Any, decimals: int | None, language: str | None) -> str:
    d = to_decimal(value)
    if d is None:
        return DASH
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals))
    thousands, mark = SEPARATORS[_language(language)]
    sign = MINUS if d < 0 else ""
    whole, _sep, frac = format(abs(d), "f").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    if frac:
        text += mark + frac
    return sign + text


def money(value: Any, *, decimals: int | None = None, language: str | None = None) -> str:
    """An amount of money without the currency symbol (for messages that write ``€`` themselves).

    Whole amounts get no decimals, others two, unless ``decimals`` is given.

    >>> money(77000, language="fi"), money("8500.5", language="fi")
    ('77\\xa0000', '8\\xa0500,50')
    """
    text = _money(value, decimals, language)
    return text if text == DASH else in_reading_order(text, language)


def _money(value: Any, decimals: int | None, language: str | None) -> str:
    d = to_decimal(value)
    if d is None:
        return DASH
    d = round(d, 2)
    if decimals is None:
        decimals = 0 if d == d.to_integral_value() else 2
    return _number(d, decimals, language)


def euros(value: Any, *, symbol: str = "€", decimals: int | None = None, language: str | None = None) -> str:
    """An amount with its currency symbol (euros unless ``symbol`` says otherwise); ``–`` when missing.

    >>> euros(200000, language="fi"), euros(None)
    ('200\\xa0000\\xa0€', '–')
    """
    text = _money(value, decimals, language)
    return text if text == DASH else in_reading_order(f"{text}{NBSP}{symbol}", language)


def euros_axis(value: Any, *, language: str | None = None) -> str:
    """A chart axis label for an amount in euros, short enough for a phone-wide chart: thousands as "t€" in
    Finnish and Swedish ("k€" in English) from 10 000 € up, a zero as "0". Plain text for an SVG drawn left to right.

    >>> euros_axis(200000, language="fi"), euros_axis(2500, language="sv"), euros_axis(0, language="en")
    ('200\xa0t€', '2\xa0500\xa0€', '0')
    """
    d = to_decimal(value)
    if d is None:
        return DASH
    if d == 0:
        return "0"
    if abs(d) >= 10000:
        thousands = d / 1000
        with override(language or get_language()):
            unit = pgettext("thousand euros, short", "k€")
        return f"{_quantity(thousands, None if thousands % 1 else 0, language)}{NBSP}{unit}"
    return f"{_quantity(d, None, language)}{NBSP}€"


def quantity(value: Any, *, decimals: int | None = None, language: str | None = None) -> str:
    """A measured value with the fewest decimals (at most two) that show it, unless ``decimals`` is given.

    >>> quantity(73.40, language="fi"), quantity(2000, language="fi"), quantity(None)
    ('73,4', '2\xa0000', '–')
    """
    text = _quantity(value, decimals, language)
    return text if text == DASH else in_reading_order(text, language)


def _quantity(value: Any, decimals: int | None, language: str | None) -> str:
    if to_decimal(value) is None:
        return DASH
    if decimals is None:
        decimals = fewest_decimals(value)
    return _number(round(float(value), decimals), decimals, language)


def percent(value: Any, *, decimals: int | None = None, language: str | None = None) -> str:
    """A percentage (the value is already in per cent): ``17 %``; ``decimals`` None writes the fewest needed.

    >>> percent(76.82, language="fi"), percent(None)
    ('76,82\\xa0%', '–')
    """
    text = _quantity(value, decimals, language)
    return text if text == DASH else in_reading_order(f"{text}{NBSP}%", language)


def dissimilarity(value: Any, *, language: str | None = None) -> str:
    """The dissimilarity index D as people see it everywhere (pages, agendas, minutes, reports): on its own 0–1
    scale with three decimals, ``0,368`` (an area page said 36,8 % while the impact assessment said 0.368). The API
    keeps the bare number.

    >>> dissimilarity(0.36849, language="fi"), dissimilarity(0.29, language="en"), dissimilarity(None)
    ('0,368', '0.290', '–')
    """
    return number(None if to_decimal(value) is None else round(float(value), 3), decimals=3, language=language)


def date(value: Any, *, language: str | None = None) -> str:
    """A date (``datetime.date``, ``datetime`` or ISO string) the language's way; ``–`` when missing.

    >>> date(dt.date(2026, 12, 1), language="sv"), date(None)
    ('1.12.2026', '–')
    """
    if not value:
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if _language(language) == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def map_description(values: list[Any], *, language: str | None = None) -> str:
    """The text a screen reader reads for a map of areas (its ``<desc>``), in the page's language: how many areas,
    how many have a value, and the range of the values.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     map_description([1.5, None, 12000])
    '3 areas, 2 with a value: from 1.5 to 12,000.'
    """
    known = [v for v in values if v is not None]
    if not known:
        return _("%(areas)s areas, none with a value.") % {"areas": number(len(values), language=language)}
    return _("%(areas)s areas, %(known)s with a value: from %(low)s to %(high)s.") % {
        "areas": number(len(values), language=language), "known": number(len(known), language=language),
        "low": number(min(known), decimals=fewest_decimals(min(known)), language=language),
        "high": number(max(known), decimals=fewest_decimals(max(known)), language=language)}


def status_label(status: str) -> str:
    """The words for an indicator's progress status (``on_track``, ``off_track``, ``scheduled``,
    ``not_enough_data``).

    Any other value is returned as it is (``–`` for an empty one).
    """
    labels = {ON_TRACK: _("On track"), OFF_TRACK: _("Off track"), SCHEDULED: _("Next measurement scheduled"),
              NOT_ENOUGH_DATA: _("Not enough data")}
    return labels.get(status, status or DASH)
