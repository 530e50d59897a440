"""Filters for people-facing text in any app's templates: headings hyphenated for narrow screens, the dissimilarity
index D written one way everywhere, and a data source's publisher in the page's language.

    {% load yhteiso_text %}
    <h1>{% filter hyphenate %}{% translate "Communal Espoo" %}{% endfilter %}</h1>  <h2>{{ area.name|hyphenate }}</h2>
    <th>{% filter hyphenate_cell %}{% translate "Count" %}{% endfilter %}</th>  <th>{{ r.label|hyphenate_cell }}</th>
    {{ d.value|dindex }}   {{ dataset.publisher|publisher }}   {{ dataset.attribution|publisher }}
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from yhteiso.core import formatting
from yhteiso.core.hyphenation import MIN_WORD, hyphenate_html
from yhteiso.core.publishers import localise_source

register = template.Library()


@register.filter(is_safe=True)
def hyphenate(value, language: str | None = None):
    """Soft hyphens in the long words of a heading or card title, by the page language's rules (Finnish or
    Swedish; others unchanged)."""
    if value is None or value == "":
        return value
    return hyphenate_html(value, language or get_language() or "fi")


@register.filter(is_safe=True)
def hyphenate_cell(value, language: str | None = None):
    """Soft hyphens in the words of nine letters or more of a narrow table column's header or cell ("Luku-määrä",
    "Tur-val-li-sek-si"), so that a three-column table fits a 320 px screen instead of widening the page."""
    if value is None or value == "":
        return value
    return hyphenate_html(value, language or get_language() or "fi", min_word=MIN_WORD)


@register.filter
def dindex(value) -> str:
    """The dissimilarity index D as :func:`yhteiso.core.formatting.dissimilarity` writes it (``0,368``)."""
    return formatting.dissimilarity(value)


@register.filter(is_safe=True)  # the names put in carry no markup characters
def publisher(value) -> str:
    """A publisher's name or an attribution line with the known publishers named in the page's language."""
    return localise_source(str(value or ""), get_language() or "fi")
