"""Numbers and money on the budgeting pages through the one formatting module (``yhteiso.core.formatting``), so
that a page in any respondent language writes ``45 000 €`` as the rest of the platform does (Django's
``intcomma`` follows each locale's own format and wrote ``45.000`` on Arabic pages), in reading order on a
right-to-left page."""

from django import template

from yhteiso.budgeting.selectors import date_time
from yhteiso.core.formatting import euros, number

register = template.Library()


@register.filter
def amount(value, symbol="€"):
    """An amount with its currency symbol: ``{{ p.cost|amount:currency }}``."""
    return euros(value, symbol=symbol or "€")


@register.filter
def whole(value):
    """A whole number with thousands separators."""
    return number(value, decimals=0)


register.filter("when", date_time)


@register.filter
def lang_of(obj, field: str) -> str:
    """The language the object's ``field`` is shown in (a fallback text keeps its own ``lang``, WCAG 3.1.2)."""
    return obj.localized_language(field)
