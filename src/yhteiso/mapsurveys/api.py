"""Map-survey API: published map surveys and their questions, anonymous map answers (201 stored / 200 same
submission again / 400 with the offending keys), suppressed results and the GeoJSON of approved places."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from yhteiso.mapsurveys import geo, services
from yhteiso.mapsurveys.models import MapSurvey, MapSurveyStatus
from yhteiso.mapsurveys.results import band_results, geojson, map_error, map_results, pin_question_results
from yhteiso.mapsurveys.texts import AGE_BANDS, TEXTS
from yhteiso.programme.participation import who_took_part
from yhteiso.respondents import jsonbody, ratelimit
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.submissions import SubmissionError

router = Router(tags=["mapsurveys"])


BODY_MESSAGES = {
    "cross_site": "Answers are not accepted from another site's page.",
    "content_type": "Send the answer as application/json.",
    "too_large": f"The answer is too large (at most {jsonbody.MAX_BYTES} bytes).",
    "too_many_keys": f"The answer has too many keys (at most {jsonbody.MAX_KEYS}).",
    "too_deep": "The answer is nested too deeply.",
    "length": "Invalid Content-Length.",
    "json": "The body is not a JSON object.",
    "nul": "A text of the body contains a NUL character (\\u0000).",
    "fields": "Give submission_id, language (text) and answers (object).",
}
ANSWER_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["submission_id", "answers"],
    "properties": {"submission_id": {"type": "string", "format": "uuid"}, "language": {"type": "string"},
                   "answers": {"type": "object"}}}}}}}


def _t(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi", "")


def _published(pk: int) -> MapSurvey:
    return get_object_or_404(MapSurvey, pk=pk, status__in=[MapSurveyStatus.PUBLISHED, MapSurveyStatus.CLOSED])


def _summary(s: MapSurvey) -> dict:
    return {"id": s.pk, "title": s.title, "languages": s.languages, "is_open": s.is_open(), "opens_at": s.opens_at,
            "closes_at": s.closes_at, "is_demo": s.is_demo, "areas": s.areas, "background_fields": s.background_fields,
            "ask_age_band": s.ask_age_band}


@router.get("/mapsurveys", summary="Published map surveys")
def mapsurvey_list(request):
    return [_summary(s) for s in MapSurvey.objects.exclude(status=MapSurveyStatus.DRAFT)]


@router.get("/mapsurveys/{survey_id}", summary="One map survey with its questions")
def mapsurvey_detail(request, survey_id: int, language: str = "fi"):
    survey = _published(survey_id)
    lon0, lat0, lon1, lat1 = geo.bounds()
    questions = [
        {"key": "category", "type": "choice", "required": True, "text": _t(TEXTS["category"], language),
         "options": [{"value": c, "label": label} for c, label in survey.category_labels(language).items()]},
        {"key": "point", "type": "point", "required": False, "text": _t(TEXTS["where"], language),
         "format": "[longitude, latitude] in EPSG:4326, inside Espoo", "bbox": [lon0, lat0, lon1, lat1]},
        {"key": "geometry", "type": "geometry", "required": False,
         "format": "GeoJSON LineString or Polygon in EPSG:4326, at most 200 vertices, inside Espoo"},
        {"key": "area", "type": "area", "required": False, "text": _t(TEXTS["area"], language),
         "options": [{"value": o["value"], "label": _t(o["label"], language)} for o in home_area_options()
                     if not survey.areas or str(o["value"]) in survey.areas]},
        {"key": "address", "type": "text", "required": False, "text": _t(TEXTS["address"], language),
         "max_length": services.MAX_ADDRESS},
        {"key": "comment", "type": "text", "required": False, "text": _t(TEXTS["comment"], language),
         "max_length": services.MAX_COMMENT},
        *([{"key": "questions", "type": "object", "required": any(q["required"] for q in survey.pin_questions),
            "format": "{question key: text or option value}", "questions": [
                {"key": q["key"], "type": q["type"], "required": q["required"], "text": _t(q["text"], language),
                 **({"options": [{"value": o["value"], "label": _t(o["label"], language)} for o in q["options"]]}
                    if q["type"] == "choice" else {"max_length": services.MAX_PIN_ANSWER})}
                for q in survey.pin_questions]}] if survey.pin_questions else []),
        *([{"key": "age_band", "type": "choice", "required": False, "text": _t(TEXTS["age_band"], language),
            "options": [{"value": v, "label": _t(AGE_BANDS[v], language)} for v in AGE_BANDS]}]
          if survey.ask_age_band else []),
    ]
    return {**_summary(survey), "questions": questions,
            "note": "Give at least one of point, geometry, area or address."}


@router.post("/mapsurveys/{survey_id}/answers", summary="Submit one anonymous map answer",
             response={200: dict, 201: dict, 400: dict, 403: dict, 413: dict, 415: dict, 429: dict},
             openapi_extra=ANSWER_BODY)
def mapsurvey_answer(request, survey_id: int):
    """Body ``{"submission_id", "language", "answers"}`` as ``application/json`` (bounded like survey answers)."""
    survey = _published(survey_id)
    if not ratelimit.allow(request, "map"):
        return 429, {"detail": map_error("rate", {}, "en")}
    try:
        data = jsonbody.read_json(request)
    except jsonbody.BodyError as exc:
        return exc.status, {"detail": BODY_MESSAGES[exc.code], "code": exc.code}
    submission_id, language, answers = data.get("submission_id"), data.get("language", "fi"), data.get("answers")
    if not isinstance(submission_id, str) or not isinstance(language, str) or not isinstance(answers, dict) \
            or len(language) > 20 or len(submission_id) > 64:
        return 400, {"detail": BODY_MESSAGES["fields"], "code": "fields"}
    message_language = language if language in survey.languages else "en"
    try:
        answer, created = services.answer_submit(survey=survey, submission_id=submission_id,
                                                 language=language, answers=answers)
    except SubmissionError as exc:
        errors = {k: map_error(code, params, message_language) for k, (code, params) in exc.errors.items()}
        return 400, {"detail": "; ".join(f"{k}: {v}" for k, v in errors.items()), "errors": errors}
    return (201 if created else 200), {"submission_id": str(answer.submission_id), "stored": created}


@router.get("/mapsurveys/{survey_id}/results", summary="Counts per district and category (suppressed)")
def mapsurvey_results(request, survey_id: int, language: str = "fi"):
    survey = _published(survey_id)
    data = map_results(survey, language=language)
    return {"id": survey.pk, "is_demo": survey.is_demo, **data,
            "by_age_band": band_results(survey, language=language),
            "pin_questions": pin_question_results(survey, language=language),
            "background": background_results(survey) if data["release"] and data["release"]["final"] else None}


def background_results(survey: MapSurvey) -> dict | None:
    """Who answered, by age group and language (the background questions, counted apart from the places and
    suppressed like every output): only in the final release, as on the results page."""
    result = who_took_part("mapsurvey", survey.pk)
    if result is None:
        return None
    return {"n": result["n"], **result["city"]}


@router.get("/mapsurveys/{survey_id}/geojson", summary="Approved places as GeoJSON")
def mapsurvey_geojson(request, survey_id: int):
    return geojson(_published(survey_id))
