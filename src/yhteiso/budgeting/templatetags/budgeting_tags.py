"""Numbers and money on the budgeting pages through the one formatting module (``yhteiso.core.formatting``), so
that a page in any respondent language writes ``45 000 €`` as the rest of the platform does (Django's
``intcomma`` follows each locale's own format and wrote ``45.000`` on Arabic pages)."""

from django import template

from yhteiso.budgeting.selectors import amount_in_reading_order, date_time, isolate
from yhteiso.core.formatting import number

register = template.Library()


@register.filter
def amount(value, symbol="€"):
    """An amount with its currency symbol: ``{{ p.cost|amount:currency }}``."""
    return amount_in_reading_order(value, symbol or "€")


@register.filter
def whole(value):
    """A whole number with thousands separators."""
    return isolate(number(value, decimals=0))


register.filter("when", date_time)


@register.filter
def lang_of(obj, field: str) -> str:
    """The language the object's ``field`` is shown in (a fallback text keeps its own ``lang``, WCAG 3.1.2)."""
    return obj.localized_language(field)
