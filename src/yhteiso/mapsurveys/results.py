"""Map-survey results: counts per district and category (suppressed), the heat map and the GeoJSON export."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteiso.analytics.suppression import Policy, suppress_table
from yhteiso.mapsurveys import geo
from yhteiso.mapsurveys.models import Category, MapSurvey, Moderation
from yhteiso.mapsurveys.texts import CATEGORIES, TEXTS
from yhteiso.surveys.areas import home_area_options
from yhteiso.surveys.respondent import error_message
from yhteiso.surveys.results import text_in

EXPORT_DECIMALS = 3
"""Exported coordinates are rounded to about 100 m."""

MAP_ERRORS = {"category": "err_category", "outside": "err_outside", "where": "err_where", "geometry": "err_geometry"}


def map_error(code: str, params: dict, language: str) -> str:
    if code in MAP_ERRORS:
        return text_in(TEXTS[MAP_ERRORS[code]], language) if language != "fi-x-selko" else \
            TEXTS[MAP_ERRORS[code]]["fi-x-selko"]
    return error_message(code, params, language)


def policy_of(survey: MapSurvey) -> Policy:
    return Policy(min_count=survey.min_count, min_n=max(survey.min_count, 10))


def map_results(survey: MapSurvey, *, language: str | None = None) -> dict:
    """Counts per district × category with their totals, suppressed as one two-way table."""
    language = language or get_language() or "fi"
    policy = policy_of(survey)
    answers = list(survey.answers.values("category", "area_code"))
    areas = [(str(o["value"]), text_in(o["label"], language)) for o in home_area_options()]
    areas.append(("", _("Place given only as an address")))
    categories = list(Category.values)
    matrix = [[sum(1 for a in answers if a["area_code"] == code and a["category"] == c) for c in categories]
              for code, _label in areas]
    table = suppress_table(matrix, policy=policy)
    rows = [{"area": code, "label": label, "total": table.row_totals[i],
             "counts": dict(zip(categories, table.cells[i], strict=True))}
            for i, (code, label) in enumerate(areas)]
    by_category = table.column_totals
    return {
        "n": table.total,
        "policy": {"min_count": policy.min_count},
        "categories": [{"value": c, "label": text_in(CATEGORIES[c], language), "count": n}
                       for c, n in zip(categories, by_category, strict=True)],
        "areas": rows,
    }


def heat_map(survey: MapSurvey) -> tuple[str, list[dict]]:
    points = list(survey.answers.filter(lon__isnull=False).values_list("lon", "lat"))
    return geo.heat_map_svg(
        points, title=_("Heat map of marked places (1 km grid)"), min_count=survey.min_count,
        legend=_("Grid cells shown / places in them:"),
        hidden_label=_("Cells with fewer than %(n)s places are not shown.") % {"n": survey.min_count})


def geojson(survey: MapSurvey) -> dict:
    """Approved answers with a point or a drawn shape as GeoJSON (coordinates rounded; comments only when approved,
    which every exported answer is)."""
    features = []
    for a in survey.answers.filter(moderation=Moderation.APPROVED).order_by("id"):
        if a.lon is not None:
            geometry = {"type": "Point", "coordinates": [round(a.lon, EXPORT_DECIMALS), round(a.lat, EXPORT_DECIMALS)]}
        elif a.geometry:
            geometry = a.geometry
        else:
            continue
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"category": a.category, "area": a.area_code, "comment": a.comment,
                                        "language": a.language}})
    return {"type": "FeatureCollection", "name": f"mapsurvey-{survey.pk}",
            "attribution": geo.ATTRIBUTION, "features": features}
