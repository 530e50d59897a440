"""The programme switcher of the programme pages' navigation (issue 14 item 9): which programme the page shows
(``?ohjelma=<slug>``, the default programme without it) and the others to choose from. Shown only when the
installation holds more than one programme."""

from __future__ import annotations

from django import template

from yhteiso.programme import selectors_programmes

register = template.Library()

# Navigation keys (``active``) of the pages that show one programme's rows and so carry the switcher; partners,
# areas and the like are installation-wide.
SCOPED_PAGES = ("dashboard", "projects", "budget", "risks", "calendar", "work-plan", "comms", "funding",
                "portfolio")


@register.simple_tag(takes_context=True)
def programme_choice(context) -> dict:
    """``{"programme", "programmes", "query", "parameter", "scoped_pages"}`` for the page's request; ``query``
    keeps the choice on links ("" for the default programme, so its addresses are the old ones)."""
    request = context.get("request")
    chosen = context.get("programme")
    if chosen is None:
        slug = request.GET.get(selectors_programmes.PAGE_PARAMETER, "") if request is not None else ""
        chosen = selectors_programmes.programme_by_slug(slug) or selectors_programmes.default_programme()
    programmes = list(selectors_programmes.programmes())
    return {"programme": chosen, "programmes": programmes if len(programmes) > 1 else [],
            "query": selectors_programmes.page_query(chosen), "parameter": selectors_programmes.PAGE_PARAMETER,
            "scoped_pages": SCOPED_PAGES}


@register.filter
def programme_query(row) -> str:
    """What a link to ``row``'s page (an indicator, a goal: anything with a ``programme``) appends to show it in
    its own programme: ``?ohjelma=<slug>``, nothing for the default programme. Indicator codes repeat across
    programmes, so an indicator's address needs it."""
    programme = getattr(row, "programme", None)
    return selectors_programmes.page_query(programme) if programme is not None else ""
