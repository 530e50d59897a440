"""Map-survey results: counts per district and category (suppressed), the heat map and the GeoJSON export — all read
only from the latest frozen release (``yhteiso.respondents.releases``), never live."""

from __future__ import annotations

from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pyproj import Transformer

from yhteiso.analytics.suppression import Policy, suppress_table
from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import MapAnswer, MapRelease, MapSurvey, MapSurveyStatus, Moderation
from yhteiso.mapsurveys.texts import TEXTS
from yhteiso.respondents import releases
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.pages import error_message
from yhteiso.respondents.texts import text_in

GRID_M = 100
"""Exported coordinates of every geometry type are snapped to the centres of a 100 m grid in EPSG:3067."""

MAP_ERRORS = {"category": "err_category", "outside": "err_outside", "where": "err_where", "geometry": "err_geometry",
              "outside_area": "err_outside_area"}


def map_error(code: str, params: dict, language: str) -> str:
    if code in MAP_ERRORS:
        return text_in(TEXTS[MAP_ERRORS[code]], language) if language != "fi-x-selko" else \
            TEXTS[MAP_ERRORS[code]]["fi-x-selko"]
    return error_message(code, params, language)


def policy_of(survey: MapSurvey) -> Policy:
    return Policy(min_count=survey.min_count, min_n=max(survey.min_count, 10))


def _ended(survey: MapSurvey) -> bool:
    return survey.status == MapSurveyStatus.CLOSED or (
        survey.status == MapSurveyStatus.PUBLISHED and survey.closes_at is not None
        and timezone.now() >= survey.closes_at)


def current_release(survey: MapSurvey) -> MapRelease | None:
    """The latest release; an ended map survey gets its final release here if it has none yet."""
    latest = releases.latest_release(MapRelease, survey)
    if _ended(survey) and (latest is None or not latest.final):
        latest = services.mapsurvey_release_final(survey=survey) or releases.latest_release(MapRelease, survey)
    return latest


def _released(survey: MapSurvey):
    if current_release(survey) is None:
        return MapAnswer.objects.none()
    return releases.released_answers(MapAnswer, survey)


def _table(survey: MapSurvey, language: str):
    policy = policy_of(survey)
    answers = list(_released(survey).values("category", "area_code"))
    covered = set(survey.areas or ())
    areas = [(str(o["value"]), text_in(o["label"], language)) for o in home_area_options()
             if not covered or str(o["value"]) in covered]
    areas.append(("", _("Place given only as an address")))
    categories = survey.category_values()
    matrix = [[sum(1 for a in answers if a["area_code"] == code and a["category"] == c) for c in categories]
              for code, _label in areas]
    return policy, areas, categories, suppress_table(matrix, policy=policy)


def map_results(survey: MapSurvey, *, language: str | None = None) -> dict:
    """Counts per district × category with their totals, suppressed as one two-way table."""
    language = language or get_language() or "fi"
    release = current_release(survey)
    policy, areas, categories, table = _table(survey, language)
    labels = survey.category_labels(language)
    rows = [{"area": code, "label": label, "total": table.row_totals[i],
             "counts": dict(zip(categories, table.cells[i], strict=True))}
            for i, (code, label) in enumerate(areas)]
    by_category = table.column_totals
    return {
        "n": table.total if release else None,
        "release": None if release is None else {"number": release.number, "made_on": release.made_on,
                                                 "total": release.total_responses, "final": release.final},
        "policy": {"min_count": policy.min_count},
        "categories": [{"value": c, "label": labels[c], "count": n}
                       for c, n in zip(categories, by_category, strict=True)],
        "areas": rows,
    }


def heat_map(survey: MapSurvey) -> tuple[str, list[dict]]:
    points = list(_released(survey).filter(lon__isnull=False).values_list("lon", "lat"))
    return geo.heat_map_svg(
        points, title=_("Heat map of marked places (1 km grid)"), min_count=survey.min_count,
        legend=_("Grid cells shown / places in them:"),
        hidden_label=_("Cells with fewer than %(n)s places are not shown.") % {"n": survey.min_count})


def released_comments(survey: MapSurvey, limit: int = 200):
    """Approved comments of the latest release (in a fixed order that says nothing about the order of answering)."""
    return _released(survey).filter(moderation=Moderation.APPROVED).exclude(comment="").order_by(
        "submission_id")[:limit]


@lru_cache(maxsize=1)
def _transformers() -> tuple[Transformer, Transformer]:
    return (Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True),
            Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True))


def coarsen(coords: list[list[float]], grid_m: int = GRID_M) -> list[list[float]]:
    """Snap [lon, lat] pairs to the centres of a ``grid_m`` grid in EPSG:3067 (ETRS-TM35FIN) and drop repeated
    consecutive points. The result is given back in EPSG:4326 with 6 decimals."""
    forward, back = _transformers()
    xs, ys = forward.transform([c[0] for c in coords], [c[1] for c in coords])
    out: list[list[float]] = []
    for x, y in zip(xs, ys, strict=True):
        sx = (x // grid_m) * grid_m + grid_m / 2
        sy = (y // grid_m) * grid_m + grid_m / 2
        lon, lat = back.transform(sx, sy)
        point = [round(lon, 6), round(lat, 6)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _coarse_geometry(answer: MapAnswer) -> dict | None:
    if answer.lon is not None:
        return {"type": "Point", "coordinates": coarsen([[answer.lon, answer.lat]])[0]}
    g = answer.geometry
    if not g:
        return None
    if g["type"] == "LineString":
        line = coarsen(g["coordinates"])
        return {"type": "LineString", "coordinates": line} if len(line) >= 2 else \
            {"type": "Point", "coordinates": line[0]}
    ring = coarsen(g["coordinates"][0])
    if len(ring) >= 2 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) >= 3:
        return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    if len(ring) == 2:
        return {"type": "LineString", "coordinates": ring}
    return {"type": "Point", "coordinates": ring[0]}


def geojson(survey: MapSurvey) -> dict:
    """Approved answers of the latest release with a point or a drawn shape, as GeoJSON: the category and the
    approved comment only (no language, district or other background), every geometry snapped to a 100 m grid,
    and no place from a district × category cell that the results table hides (else counting the features would
    give the hidden count back)."""
    _policy, areas, categories, table = _table(survey, "fi")
    hidden_cells = {(areas[i][0], categories[j]) for i, j in table.hidden if i < len(areas) and j < len(categories)}
    features = []
    answers = _released(survey).filter(moderation=Moderation.APPROVED).order_by("submission_id")
    for a in answers:
        if (a.area_code, a.category) in hidden_cells:
            continue
        geometry = _coarse_geometry(a)
        if geometry is None:
            continue
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"category": a.category, "comment": a.comment}})
    return {"type": "FeatureCollection", "name": f"mapsurvey-{survey.pk}",
            "attribution": geo.ATTRIBUTION, "features": features}
