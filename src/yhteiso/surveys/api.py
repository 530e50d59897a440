"""Survey API: published surveys, their questions, anonymous responses (JSON only, bounded, refused from other
sites' browser pages; idempotent by ``submission_id``) and suppressed results of the latest release."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from yhteiso.respondents import jsonbody, ratelimit
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.pages import error_message
from yhteiso.surveys import services
from yhteiso.surveys.frozen import answerable_survey
from yhteiso.surveys.models import Survey, SurveyStatus
from yhteiso.surveys.respondent import answer_error
from yhteiso.surveys.results import survey_results

router = Router(tags=["surveys"])


BODY_MESSAGES = {
    "cross_site": "Answers are not accepted from another site's page.",
    "content_type": "Send the answer as application/json.",
    "too_large": f"The answer is too large (at most {jsonbody.MAX_BYTES} bytes).",
    "too_many_keys": f"The answer has too many keys (at most {jsonbody.MAX_KEYS}).",
    "too_deep": "The answer is nested too deeply.",
    "length": "Invalid Content-Length.",
    "json": "The body is not a JSON object.",
    "nul": "A text of the body contains a NUL character (\\u0000).",
    "fields": "Give submission_id, language (text), answers (object) and optionally invitation_code (text).",
}


def body_error(status: int, code: str):
    return status, {"detail": BODY_MESSAGES[code], "code": code}


def read_payload(request) -> dict:
    """The validated body {submission_id, language, answers, invitation_code} or BodyError."""
    data = jsonbody.read_json(request)
    payload = {"submission_id": data.get("submission_id"), "language": data.get("language", "fi"),
               "answers": data.get("answers"), "invitation_code": data.get("invitation_code", "")}
    if (not isinstance(payload["submission_id"], str) or not isinstance(payload["language"], str)
            or not isinstance(payload["answers"], dict) or not isinstance(payload["invitation_code"], str)
            or len(payload["language"]) > 20 or len(payload["submission_id"]) > 64):
        raise jsonbody.BodyError(400, "fields")
    return payload


ANSWER_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["submission_id", "answers"],
    "properties": {"submission_id": {"type": "string", "format": "uuid"}, "language": {"type": "string"},
                   "answers": {"type": "object"}, "invitation_code": {"type": "string"}}}}}}}


def _text(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi", "")


def question_json(q: dict, language: str = "fi") -> dict:
    """A question as the API shows it: key, type, required, and min/max (scale; number, with ``integer``, either
    end may be null) or options (choice, multi with ``min_choices``/``max_choices``, area)."""
    out = {"key": q["key"], "type": q["type"], "required": bool(q.get("required")),
           "text": _text(q["text"], language), "texts": q["text"]}
    if q.get("instrument"):
        out["instrument"] = {"key": q["instrument"], "version": q["instrument_version"],
                             "official_languages": q.get("official_languages", [])}
    if q["type"] == "scale":
        out.update(min=q["min"], max=q["max"])
    elif q["type"] == "number":
        out.update(min=q.get("min"), max=q.get("max"), integer=bool(q.get("integer")))
    elif q["type"] in ("choice", "multi", "area"):
        out["options"] = [{"value": o["value"], "label": _text(o["label"], language)} for o in q["options"]]
        if q["type"] == "multi":
            out.update(min_choices=q.get("min_choices"), max_choices=q.get("max_choices") or len(q["options"]))
    elif q["type"] == "text":
        out["max_length"] = services.MAX_TEXT
    elif q["type"] == "place":
        out["areas"] = [{"value": o["value"], "label": _text(o["label"], language)} for o in home_area_options()]
        out["address_max_length"] = services.MAX_ADDRESS
    if q.get("section"):
        out["section"] = _text(q["section"].get("name", {}), language)
    if q.get("show_if"):
        out["show_if"] = {"question": q["show_if"]["question"], "values": q["show_if"]["values"]}
    return out


def _summary(survey: Survey) -> dict:
    return {"id": survey.pk, "title": survey.title, "languages": survey.languages, "is_open": survey.is_open(),
            "opens_at": survey.opens_at, "closes_at": survey.closes_at, "is_demo": survey.is_demo,
            "invitation_only": survey.invitation_only}


@router.get("/surveys", summary="Published surveys")
def survey_list(request):
    surveys = Survey.objects.filter(status__in=[SurveyStatus.PUBLISHED, SurveyStatus.CLOSED])
    return [_summary(s) for s in surveys]


def _published(survey_id: int) -> Survey:
    return get_object_or_404(Survey, pk=survey_id, status__in=[SurveyStatus.PUBLISHED, SurveyStatus.CLOSED])


@router.get("/surveys/{survey_id}", summary="One survey with its questions")
def survey_detail(request, survey_id: int, language: str = "fi"):
    survey = _published(survey_id)
    return {**_summary(survey), "questions": [question_json(q, language) for q in survey.questions]}


@router.post("/surveys/{survey_id}/responses", summary="Submit one anonymous response",
             response={200: dict, 201: dict, 400: dict, 403: dict, 413: dict, 415: dict, 429: dict},
             openapi_extra=ANSWER_BODY)
def survey_respond(request, survey_id: int):
    """Body: ``{"submission_id": uuid, "language": code, "answers": {key: value}, "invitation_code": text}`` as
    ``application/json`` (at most 256 KiB and 400 keys). 201 when stored; 200 when the same ``submission_id`` was
    already stored (nothing stored twice); 400 with the offending keys otherwise (closed survey, unsupported
    language, unknown question, out-of-range answer, ...); 403 from another site's page; 413 too large; 415 not
    JSON; 429 too many answers from one address.

    Answers: an option value (choice, area); a list of option values (multi); a whole number (scale); a number
    or a text such as "12,5" (number); a text (text); for a place ``{"lon": .., "lat": ..}`` (WGS 84, inside
    Espoo), ``{"area": district}`` (one of the question's ``areas``) or ``{"address": text}``.

    Branching: a question with ``show_if`` is asked only when the answer to the earlier single-choice question
    ``show_if.question`` is one of ``show_if.values``. Answers to questions whose condition is not met are dropped
    (not stored, not an error) and listed in ``ignored``; such a question is never required."""
    survey = answerable_survey(survey_id)
    if not ratelimit.allow(request):
        return 429, {"detail": error_message("rate", {}, "en")}
    try:
        payload = read_payload(request)
    except jsonbody.BodyError as exc:
        return body_error(exc.status, exc.code)
    message_language = payload["language"] if payload["language"] in survey.languages else "en"
    try:
        response, created = services.response_submit(
            survey=survey, submission_id=payload["submission_id"], language=payload["language"],
            answers=payload["answers"], invitation_code=payload["invitation_code"])
    except services.SubmissionError as exc:
        errors = {key: answer_error(code, params, message_language) for key, (code, params) in exc.errors.items()}
        return 400, {"detail": "; ".join(f"{k}: {v}" for k, v in errors.items()), "errors": errors}
    body = {"submission_id": str(response.submission_id), "stored": created}
    if created:
        known = {q["key"] for q in survey.questions}
        body["ignored"] = sorted(k for k in payload["answers"] if k in known and k not in response.answers
                                 and payload["answers"][k] not in (None, "", []))
    return (201 if created else 200), body


@router.get("/surveys/{survey_id}/results", summary="Results (small cells suppressed)")
def survey_results_api(request, survey_id: int, language: str = "fi"):
    survey = _published(survey_id)
    data = survey_results(survey, language=language)
    return {"id": survey.pk, "is_demo": survey.is_demo, **data}
