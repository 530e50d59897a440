"""Map-survey results: counts per district and category (suppressed), the heat map and the GeoJSON export — all read
only from the latest frozen release (``yhteiso.respondents.releases``), never live."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pyproj import Transformer

from yhteiso.analytics.suppression import Policy, TableSuppression, suppress_counts, suppress_linked, suppress_table
from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import AgeBand, MapAnswer, MapRelease, MapSurvey, MapSurveyStatus, Moderation
from yhteiso.mapsurveys.texts import AGE_BANDS, TEXTS
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


def _areas(survey: MapSurvey, language: str) -> list[tuple[str, str]]:
    """(code, label) of the table's rows: the districts the survey covers, then places given only as an address."""
    covered = set(survey.areas or ())
    areas = [(str(o["value"]), text_in(o["label"], language)) for o in home_area_options()
             if not covered or str(o["value"]) in covered]
    areas.append(("", _("Place given only as an address")))
    return areas


def _suppressed(policy: Policy, codes: list[str], categories: list[str], answers: list[dict]):
    counts = Counter((a["area_code"], a["category"]) for a in answers)
    return suppress_table([[counts[(code, c)] for c in categories] for code in codes], policy=policy)


def _published(survey: MapSurvey) -> tuple[list[dict], list[str], TableSuppression]:
    """The released answers (category, district, age band) and the suppressed district × category table, read and
    computed once per survey object and release: a results page asks the table, the heat map, the comments and
    the age bands of one table (and the hidden cells of each must be the same)."""
    release = current_release(survey)
    key = release.pk if release is not None else None
    memo = survey.__dict__.get("_published_table")
    if memo is None or memo[0] != key:
        # the release is known here: _released() would look it up again
        answers = list(releases.released_answers(MapAnswer, survey).values("category", "area_code", "age_band")) \
            if release is not None else []
        codes = [code for code, _label in _areas(survey, "fi")]
        table = _suppressed(policy_of(survey), codes, survey.category_values(), answers)
        memo = survey.__dict__["_published_table"] = (key, answers, codes, table)
    return memo[1], memo[2], memo[3]


def _hidden_cells(survey: MapSurvey) -> set[tuple[str, str]]:
    """The (district, category) cells that the results table hides. No output that shows places one by one or by
    location (the GeoJSON, the heat map, the comments) may show a place of these cells: counting them would give
    the hidden count back."""
    _answers, codes, table = _published(survey)
    categories = survey.category_values()
    return {(codes[i], categories[j]) for i, j in table.hidden if i < len(codes) and j < len(categories)}


BANDS = (*AgeBand.values, "")
"""The age bands of the table, "" (not stated) last."""


def band_results(survey: MapSurvey, *, language: str | None = None) -> dict | None:
    """Places by age band (issue 15 item 6): counts per district × category × age band, and per category × age
    band, suppressed as ONE pattern together with the district × category table that :func:`map_results`
    publishes (whose cells, row and column totals are fixed: a cell hidden there stays hidden, and no band cell
    can be worked out from those totals). Places are never shown by age band. None when the survey does not ask
    the age band or has no release."""
    if not survey.ask_age_band or current_release(survey) is None:
        return None
    language = language or get_language() or "fi"
    policy, areas, categories = policy_of(survey), _areas(survey, language), survey.category_values()
    answers, _codes, main = _published(survey)
    codes = [code for code, _label in areas]
    cells: dict = {}
    for d in codes:
        for c in categories:
            for b in BANDS:
                cells[("B", d, c, b)] = 0
    for a in answers:
        key = ("B", a["area_code"], a["category"], a["age_band"] or "")
        if key in cells:
            cells[key] += 1
    for d in codes:
        cells[("R", d)] = sum(cells[("B", d, c, b)] for c in categories for b in BANDS)
        for c in categories:
            cells[("T", d, c)] = sum(cells[("B", d, c, b)] for b in BANDS)
    for c in categories:
        cells[("K", c)] = sum(cells[("T", d, c)] for d in codes)
        for b in BANDS:
            cells[("C", c, b)] = sum(cells[("B", d, c, b)] for d in codes)
    cells[("N",)] = sum(cells[("R", d)] for d in codes)
    # What the main table already shows or hides is not this table's to decide.
    fixed = [("T", d, c) for d in codes for c in categories] + [("R", d) for d in codes] + \
        [("K", c) for c in categories] + [("N",)]
    main_hidden = [("T", codes[i], categories[j]) for i, row in enumerate(main.cells) for j, v in enumerate(row)
                   if v is None] + [("R", codes[i]) for i, v in enumerate(main.row_totals) if v is None] + \
        [("K", categories[j]) for j, v in enumerate(main.column_totals) if v is None] + \
        ([("N",)] if main.total is None else [])
    relations = [[("T", d, c), *[("B", d, c, b) for b in BANDS]] for d in codes for c in categories]
    relations += [[("C", c, b), *[("B", d, c, b) for d in codes]] for c in categories for b in BANDS]
    relations += [[("K", c), *[("C", c, b) for b in BANDS]] for c in categories]
    relations += [[("R", d), *[("T", d, c) for c in categories]] for d in codes]
    relations += [[("K", c), *[("T", d, c) for d in codes]] for c in categories]
    relations += [[("N",), *[("R", d) for d in codes]], [("N",), *[("K", c) for c in categories]]]
    hidden = suppress_linked(cells, relations=relations, policy=policy, primary=main_hidden, fixed=fixed)

    def shown(key):
        return None if key in hidden else cells[key]

    labels = survey.category_labels(language)
    band_labels = [{"value": b, "label": text_in(AGE_BANDS[b or "unsaid"], language)} for b in BANDS]
    rows = []
    for d, area_label in areas:
        for c in categories:
            total = shown(("T", d, c))
            if total == 0:
                continue  # an empty cell says nothing; its zero is in the main table
            rows.append({"area": d, "area_label": area_label, "category": c, "category_label": labels[c],
                         "total": total, "counts": [shown(("B", d, c, b)) for b in BANDS]})
    for row in rows:
        row["cells"] = [{"label": b["label"], "count": n} for b, n in zip(band_labels, row["counts"], strict=True)]
    return {
        "bands": band_labels,
        "rows": rows,
        "by_category": [{"category": c, "label": labels[c], "total": shown(("K", c)),
                         "counts": [shown(("C", c, b)) for b in BANDS],
                         "cells": [{"label": bl["label"], "count": shown(("C", c, b))}
                                   for b, bl in zip(BANDS, band_labels, strict=True)]} for c in categories],
        "policy": {"min_count": policy.min_count},
    }


def pin_question_results(survey: MapSurvey, *, language: str | None = None) -> list[dict]:
    """Counts of the options of each one-choice question asked with the places (with "not answered", so the
    counts add up to the places shown in the results), suppressed like every count; free-text questions give only
    how many answered."""
    if not survey.pin_questions or current_release(survey) is None:
        return []
    language = language or get_language() or "fi"
    policy = policy_of(survey)
    extras = list(_released(survey).values_list("extra", flat=True))
    out = []
    for q in survey.pin_questions:
        given = [e.get(q["key"]) for e in extras if isinstance(e, dict) and e.get(q["key"]) not in (None, "")]
        if q["type"] == "choice":
            values = [o["value"] for o in q["options"]]
            counts = [sum(1 for g in given if g == v) for v in values] + [len(extras) - len(given)]
            shown = suppress_counts(counts, policy=policy)
            out.append({"key": q["key"], "type": "choice", "text": text_in(q["text"], language),
                        "options": [{"value": v, "label": text_in(o["label"], language), "count": n}
                                    for v, o, n in zip(values, q["options"], shown[:-1], strict=True)],
                        "not_answered": shown[-1]})
        else:
            shown = suppress_counts([len(given), len(extras) - len(given)], policy=policy)
            out.append({"key": q["key"], "type": "text", "text": text_in(q["text"], language),
                        "answered": shown[0], "not_answered": shown[1]})
    return out


def pin_text_answers(survey: MapSurvey, limit: int = 500) -> list[dict]:
    """The free-text answers to the questions asked with the places, for staff only (never published): of the
    latest release, in a fixed order that says nothing about the order of answering, without place or band."""
    keys = {q["key"]: q for q in survey.pin_questions if q["type"] == "text"}
    if not keys or current_release(survey) is None:
        return []
    out = []
    for answer in _released(survey).exclude(extra={}).order_by("submission_id")[:limit]:
        for key, q in keys.items():
            text = (answer.extra or {}).get(key)
            if text:
                out.append({"question": q["text"].get("fi", key), "category": answer.category, "text": text,
                            "language": answer.language})
    return out


def map_results(survey: MapSurvey, *, language: str | None = None) -> dict:
    """Counts per district × category with their totals, suppressed as one two-way table."""
    language = language or get_language() or "fi"
    release = current_release(survey)
    policy, areas, categories = policy_of(survey), _areas(survey, language), survey.category_values()
    _answers, _codes, table = _published(survey)
    labels = survey.category_labels(language)
    rows = [{"area": code, "label": label, "total": table.row_totals[i],
             "counts": dict(zip(categories, table.cells[i], strict=True))}
            for i, (code, label) in enumerate(areas)]
    by_category = table.column_totals
    return {
        "n": table.total if release else None,
        # the release's total is the table's total: hidden with it
        "release": None if release is None else {"number": release.number, "made_on": release.made_on,
                                                 "total": None if table.total is None else release.total_responses,
                                                 "final": release.final},
        "policy": {"min_count": policy.min_count},
        "categories": [{"value": c, "label": labels[c], "count": n}
                       for c, n in zip(categories, by_category, strict=True)],
        "areas": rows,
    }


def heat_map(survey: MapSurvey) -> tuple[str, list[dict]]:
    """The heat map of the released places, without the places of the cells the results table hides (a grid cell
    lies in one district, so its count would give a hidden district's count back)."""
    hidden = _hidden_cells(survey)
    points = [(lon, lat) for lon, lat, area, category in _released(survey).filter(lon__isnull=False).values_list(
        "lon", "lat", "area_code", "category") if (area, category) not in hidden]
    return geo.heat_map_svg(
        points, title=_("Heat map of marked places (1 km grid)"), min_count=survey.min_count,
        legend=_("Grid cells shown / places in them:"),
        hidden_label=_("Cells with fewer than %(n)s places are not shown.") % {"n": survey.min_count} + " "
        + _("Places of the cells that the table hides are not drawn either."),
        covered=survey.areas)


def released_comments(survey: MapSurvey, limit: int = 200) -> list[MapAnswer]:
    """Approved comments of the latest release (in a fixed order that says nothing about the order of answering),
    none from a district × category cell that the results table hides: the comments listed under a category
    would otherwise give a lower bound of a hidden count."""
    hidden_cells = _hidden_cells(survey)
    comments = []
    for a in _released(survey).filter(moderation=Moderation.APPROVED).exclude(comment="").order_by("submission_id"):
        if (a.area_code, a.category) in hidden_cells:
            continue
        comments.append(a)
        if len(comments) >= limit:
            break
    return comments


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
    hidden_cells = _hidden_cells(survey)
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
