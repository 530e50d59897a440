"""The programme's figures on the site's front page: status of the indicator cells, the year's budget, the next
report with days left, and the headline segregation figures from the knowledge base (programme reads knowledge)."""

from __future__ import annotations

import datetime as dt

from yhteiso.core.formatting import dissimilarity
from yhteiso.knowledge.selectors import dissimilarity_series
from yhteiso.programme import selectors

HEADLINE_GROUPS = 3


def segregation_figures(*, limit: int = HEADLINE_GROUPS) -> list[dict]:
    """The latest dissimilarity index D per population group — the most recent first (so the headline, the
    foreign-language speakers' D of the latest year, leads), one series per group — with the previous value for the
    change: ``[{label, year, value, previous_year, previous}]``."""
    seen, out = set(), []
    ordered = sorted((s for s in dissimilarity_series() if s["points"]),
                     key=lambda s: (-s["points"][-1][0], -len(s["points"])))
    for series in ordered:
        if series["group"] in seen:
            continue
        seen.add(series["group"])
        year, value = series["points"][-1]
        prev = series["points"][-2] if len(series["points"]) > 1 else (None, None)
        out.append({"label": series["label"], "year": year, "value": dissimilarity(value),
                    "previous_year": prev[0],
                    "previous": None if prev[1] is None else dissimilarity(prev[1]),
                    "note": series.get("note", "")})  # the plan's D from a stand-in says so (knowledge.recipes)
        if len(out) == limit:
            break
    return out


def front_page_panel(request) -> dict | None:
    today = dt.date.today()
    overview = selectors.programme_overview()
    if not overview:
        return None
    totals = dict.fromkeys(selectors.STATUS_ORDER, 0)
    for goal in overview:
        for key, n in goal["counts"].items():
            totals[key] += n
    budget = selectors.budget_overview(year=today.year)
    deadline = selectors.next_deadline(today=today)
    return {"order": 10, "template": "programme/_front_figures.html", "context": {
        "totals_list": [(key, selectors.status_label(key), totals[key]) for key in selectors.STATUS_ORDER
                        if totals[key]],
        "budget": budget,
        "budget_share": round(100 * budget["totals"]["used"] / budget["total"]) if budget and budget["total"] else 0,
        "next_deadline": deadline,
        "days_left": selectors.deadline_days_left(deadline, today=today),
        "segregation": segregation_figures(),
    }}
