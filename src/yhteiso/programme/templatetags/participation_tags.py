"""``{% programme_participation "round" round.pk lang %}``: the public "who took part" summary on a results page
(the whole city and the home areas; every figure through the same suppression as the staff page)."""

from __future__ import annotations

from django import template

from yhteiso.programme.participation import who_took_part
from yhteiso.programme.views_participation import present

register = template.Library()


@register.inclusion_tag("programme/_participation_tables.html")
def programme_participation(kind: str, pk: int, language: str = "fi"):
    result = who_took_part(kind, pk)
    if result is None:
        return {"w": None}
    return {"w": present(result, language), "by_area": False}
