"""Map-survey pages: respondent map page (keyboard-operable map plus a district list and an address field), results
(counts per district and category, heat map, approved comments), GeoJSON export, staff moderation."""

from __future__ import annotations

import csv
import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yhteiso.areas.models import AreaLevel
from yhteiso.areas.places import place_labels, place_search
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import is_programme_staff, staff_required
from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import MapAnswer, MapSurvey, MapSurveyStatus, Moderation
from yhteiso.mapsurveys.results import (
    band_results,
    geojson,
    heat_map,
    map_error,
    map_results,
    pin_question_results,
    pin_text_answers,
    released_comments,
)
from yhteiso.mapsurveys.texts import AGE_BANDS, TEXTS
from yhteiso.respondents import ratelimit
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.pages import language_from, page_context, respondent_page
from yhteiso.respondents.submissions import SubmissionError


def _t(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi", "")


@respondent_page
def index(request):
    surveys = MapSurvey.objects.exclude(status=MapSurveyStatus.DRAFT)
    return render(request, "mapsurveys/index.html", {"surveys": surveys, "languages": RESPONDENT_LANGUAGES})


def _public(pk: int) -> MapSurvey:
    survey = get_object_or_404(MapSurvey, pk=pk)
    if survey.status == MapSurveyStatus.DRAFT:
        raise Http404
    return survey


@respondent_page
def respond(request, pk: int):
    survey = _public(pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    language, supported = language_from(request, survey.languages)
    context = page_context(language, survey.languages)
    context.update(survey=survey, title=survey.title_in(language), intro=survey.intro.get(language, ""),
                   m={k: _t(v, language) for k, v in TEXTS.items()})
    if not survey.is_open():
        context["closed"] = True
        return render(request, "mapsurveys/respond.html", context, status=410 if request.method == "POST" else 200)
    errors: dict = {}
    values: dict = {}
    status = 200
    if not supported and (request.GET.get("kieli") or request.POST.get("language")):
        errors["language"] = ("language", {})
        status = 400
    places: list | None = None
    # The search button comes first in the form, so Enter in a text field presses it: with no search text, that is
    # an ordinary submit.
    searching = ("find" in request.POST and request.POST.get("paikka", "").strip()) or "place" in request.POST
    if request.method == "POST" and not errors and searching:
        # The place search (works without JavaScript): the form comes back with what was typed kept, the matches
        # listed, and — once one is chosen — the point set at a place inside that area. Nothing is saved.
        values = {k: request.POST.get(k, "").strip() for k in ("category", "lon", "lat", "area", "address",
                                                                 "comment", "paikka")}
        values.update(_pin_values(request.POST, survey))
        chosen = _chosen_place(request.POST.get("place", ""))
        if chosen:
            values["lon"], values["lat"] = chosen
        else:
            places = place_search(values["paikka"], "sv" if language == "sv" else "fi")
    elif request.method == "POST" and not errors:
        values = {k: request.POST.get(k, "").strip() for k in ("category", "lon", "lat", "area", "address",
                                                                 "comment")}
        values.update(_pin_values(request.POST, survey))
        answers = {k: values[k] for k in ("category", "area", "address", "comment") if values[k]}
        questions = {q["key"]: values[f"pq_{q['key']}"] for q in survey.pin_questions if values[f"pq_{q['key']}"]}
        if questions:
            answers["questions"] = questions
        if values["age_band"]:
            answers["age_band"] = values["age_band"]
        if values["lon"] or values["lat"]:
            answers["point"] = [values["lon"], values["lat"]]
        if not ratelimit.allow(request, "map"):
            errors["_survey"] = ("rate", {})
            status = 429
        else:
            try:
                services.answer_submit(survey=survey, submission_id=request.POST.get("submission_id"),
                                       language=language, answers=answers)
            except SubmissionError as exc:
                errors, status = exc.errors, 400
            else:
                asked = "&kysytty=1" if _background_asked(request) else ""
                return redirect(f"{reverse('mapsurveys:thanks', args=[survey.pk])}?kieli={language}{asked}")
    context.update(respond_form_context(survey, language, values=values, errors=errors, places=places),
                   background_asked=_background_asked(request))
    return render(request, "mapsurveys/respond.html", context, status=status)


def _pin_values(post, survey: MapSurvey) -> dict:
    """What was typed or chosen for the questions asked with the place and the age band (kept when the form comes
    back)."""
    values = {f"pq_{q['key']}": post.get(f"pq_{q['key']}", "").strip()[:2000] for q in survey.pin_questions}
    values["age_band"] = post.get("age_band", "").strip()[:20] if survey.ask_age_band else ""
    return values


def _pin_questions(survey: MapSurvey, language: str, values: dict, errors: dict) -> list[dict]:
    """The questions asked with the place, in the respondent's language, with what was answered and the error."""
    out = []
    for q in survey.pin_questions:
        key = q["key"]
        error = errors.get(f"question_{key}")
        out.append({"key": key, "type": q["type"], "required": q["required"], "text": _t(q["text"], language),
                    "value": values.get(f"pq_{key}", ""),
                    "error": map_error(error[0], error[1], language) if error else "",
                    "options": [(o["value"], _t(o["label"], language)) for o in q.get("options", [])]})
    return out


def _background_asked(request) -> bool:
    """Whether the background questions were already offered in this visit: the flag travels in the links and the
    form (no cookie, nothing stored), so that they are asked once per visit, after the first place."""
    return (request.POST.get("kysytty") or request.GET.get("kysytty")) == "1"


def respond_form_context(survey: MapSurvey, language: str, *, values: dict, errors: dict, places=None) -> dict:
    """What the map-answer form needs (the respondent page and the builder's preview)."""
    fields = {"category": "category-1", "point": "map", "area": "area", "address": "address", "comment": "comment",
              "geometry": "map", "age_band": "age_band-1",
              **{f"question_{q['key']}": f"pq-{q['key']}" for q in survey.pin_questions}}
    covered = set(survey.areas or ())
    areas = [(str(o["value"]), _t(o["label"], language)) for o in home_area_options()
             if not covered or str(o["value"]) in covered]
    names = {f"question_{q['key']}": _t(q["text"], language) for q in survey.pin_questions}
    # What the respondent must give (a map answer is never "all optional": the kind of place and where it is are
    # required, and so may be some of the survey's own questions).
    some_required = any(q.get("required") for q in survey.pin_questions)
    required_note = _t(TEXTS["required_note_questions" if some_required else "required_note"], language).format(
        required=_t(TEXTS["required"], language))
    return {
        "required_note": required_note,
        "submission_id": str(uuid.uuid4()), "values": values,
        "categories": list(survey.category_labels(language).items()), "areas": areas,
        "covered_areas": [label for _code, label in areas] if covered else [],
        "errors": {k: map_error(code, params, language) for k, (code, params) in errors.items()},
        # An error of a question asked with the place names the question in the summary.
        "error_summary": [{"field": fields.get(k, "category-1"),
                           "message": (f"{names[k]}: " if k in names else "") + map_error(code, params, language)}
                          for k, (code, params) in errors.items()],
        # Only the covered districts are drawn as the map (the view fitted to them); the others are faint context.
        "districts": geo.district_paths(language, covered), "projection": geo.projection(),
        "view_box": geo.view_box(covered), "projection_json": json.dumps(geo.projection()),
        "attribution": geo.ATTRIBUTION,
        "tile_url": settings.YHTEISO_TILE_URL, "tile_attribution": settings.YHTEISO_TILE_ATTRIBUTION,
        "districts_geojson": geo.districts_geojson(language, covered),
        "other_districts_geojson": geo.districts_geojson(language, covered, exclude=True) if covered else None,
        "district_labels": geo.district_labels(language, covered),
        "place_labels": place_labels(AreaLevel.SMALL_AREA, "sv" if language == "sv" else "fi"), "places": places,
        "marker": _marker(values),
        "pin_questions": _pin_questions(survey, language, values, errors),
        "age_bands": [(value, _t(text, language)) for value, text in AGE_BANDS.items()]
        if survey.ask_age_band else [],
    }


def _chosen_place(text: str) -> tuple[str, str] | None:
    """"lon,lat" of a chosen search result, if it is a point in Espoo (anything else is ignored)."""
    try:
        lon, lat = (float(x) for x in text.split(","))
    except ValueError:
        return None
    if not geo.within_espoo(lon, lat):
        return None
    return f"{lon:.6f}", f"{lat:.6f}"


def _marker(values: dict) -> dict | None:
    """The SVG position of the point already set (after a search or a refused answer), for the no-JavaScript map."""
    try:
        lon, lat = float(values.get("lon", "")), float(values.get("lat", ""))
    except ValueError:
        return None
    x, y = geo.to_svg(lon, lat)
    return {"x": f"{x:.1f}", "y": f"{y:.1f}"}


@respondent_page
def thanks(request, pk: int):
    survey = _public(pk)
    language, _supported = language_from(request, survey.languages)
    context = page_context(language, survey.languages)
    context.update(survey=survey, title=survey.title_in(language), m={k: _t(v, language) for k, v in TEXTS.items()},
                   ask_background=bool(survey.background_fields) and not _background_asked(request))
    return render(request, "mapsurveys/thanks.html", context)


def results(request, pk: int):
    survey = get_object_or_404(MapSurvey, pk=pk)
    if survey.status == MapSurveyStatus.DRAFT and not is_programme_staff(request.user):
        raise Http404
    data = map_results(survey)
    svg, cells = heat_map(survey)
    comments = released_comments(survey)
    language = get_language() or "fi"
    return render(request, "mapsurveys/results.html", {
        "survey": survey, "results": data, "heat_map": svg, "cells": cells, "comments": comments,
        "bands": band_results(survey, language=language),
        "pin_questions": pin_question_results(survey, language=language),
        # Free-text answers to the place questions are read by staff only, never published.
        "pin_texts": pin_text_answers(survey) if is_programme_staff(request.user) else None,
        "staff_view": is_programme_staff(request.user),
        "attribution": geo.ATTRIBUTION, "category_labels": survey.category_labels(get_language() or "fi"),
    })


def export_geojson(request, pk: int):
    survey = _public(pk)
    response = JsonResponse(geojson(survey), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="mapsurvey-{survey.pk}.geojson"'
    return response


@staff_required
def export_csv(request, pk: int):
    """Staff export of the latest release: the same suppressed counts as the results page (places by district and
    category, by age band, the answers to the questions asked with each place) and the free-text answers (which
    only staff see). A hidden count is the word "hidden", never a number."""
    survey = get_object_or_404(MapSurvey, pk=pk)
    language = get_language() or "fi"
    hidden = _("hidden")

    def shown(n):
        return hidden if n is None else n

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mapsurvey-{survey.pk}-results.csv"'
    response.write("\ufeff")
    out = csv.writer(response)
    data = map_results(survey, language=language)
    if data["release"] is None:
        out.writerow([_("No results yet.")])
        return response
    out.writerow([_("Places by district and category")])
    out.writerow([_("District"), *[c["label"] for c in data["categories"]], _("Total")])
    for row in data["areas"]:
        out.writerow([row["label"], *[shown(row["counts"][c["value"]]) for c in data["categories"]],
                      shown(row["total"])])
    bands = band_results(survey, language=language)
    if bands:
        out.writerow([])
        out.writerow([_("Marked places by district, category and age group")])
        out.writerow([_("District"), _("Category"), *[b["label"] for b in bands["bands"]], _("Total")])
        for row in bands["rows"]:
            out.writerow([row["area_label"], row["category_label"], *[shown(n) for n in row["counts"]],
                          shown(row["total"])])
    for q in pin_question_results(survey, language=language):
        out.writerow([])
        out.writerow([q["text"]])
        if q["type"] == "choice":
            for o in q["options"]:
                out.writerow([o["label"], shown(o["count"])])
        else:
            out.writerow([_("Answered (free text)"), shown(q["answered"])])
        out.writerow([_("Not answered"), shown(q["not_answered"])])
    texts = pin_text_answers(survey)
    if texts:
        out.writerow([])
        out.writerow([_("Free-text answers (staff only)")])
        labels = survey.category_labels(language)
        for a in texts:
            # A text that a spreadsheet would run as a formula is written with a leading apostrophe.
            text = "'" + a["text"] if a["text"][:1] in ("=", "+", "-", "@") else a["text"]
            out.writerow([a["question"], labels.get(a["category"], a["category"]), text])
    return response


@staff_required
def manage(request):
    surveys = MapSurvey.objects.annotate(
        answer_count=Count("answers"), pending=Count("answers", filter=Q(answers__moderation=Moderation.PENDING)))
    return render(request, "mapsurveys/manage.html", {"surveys": surveys})


@staff_required
def moderate(request, pk: int):
    survey = get_object_or_404(MapSurvey, pk=pk)
    if request.method == "POST":
        answer = get_object_or_404(MapAnswer, pk=request.POST.get("answer"), survey=survey)
        services.answer_moderate(answer=answer, decision=request.POST.get("decision", ""), actor=request.user)
        messages.success(request, _("Moderation saved."))
        return redirect("mapsurveys:moderate", pk=pk)
    pending = survey.answers.filter(moderation=Moderation.PENDING).order_by("id")
    return render(request, "mapsurveys/moderate.html", {"survey": survey, "pending": pending,
                                                        "category_labels": survey.category_labels(
                                                            get_language() or "fi")})


@staff_required
def close(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mapsurvey_close(survey=get_object_or_404(MapSurvey, pk=pk), actor=request.user)
    return redirect("mapsurveys:manage")


@staff_required
def release(request, pk: int):
    """Publish the answers received since the previous release as a new frozen result release."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        made = services.mapsurvey_release(survey=get_object_or_404(MapSurvey, pk=pk), actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Release %(number)s published.") % {"number": made.number})
    return redirect("mapsurveys:manage")
