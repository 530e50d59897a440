"""Survey API: published surveys, their questions, anonymous responses (no session or CSRF needed: the JSON endpoint
is for any client; idempotent by ``submission_id``) and suppressed results."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yhteiso.surveys import ratelimit, services
from yhteiso.surveys.models import Survey, SurveyStatus
from yhteiso.surveys.respondent import error_message
from yhteiso.surveys.results import survey_results

router = Router(tags=["surveys"])


class ResponseIn(Schema):
    submission_id: str
    language: str = "fi"
    answers: dict
    invitation_code: str = ""


def _text(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi", "")


def question_json(q: dict, language: str = "fi") -> dict:
    """A question as the API shows it: key, type, required, and min/max (scale) or options (choice, area)."""
    out = {"key": q["key"], "type": q["type"], "required": bool(q.get("required")),
           "text": _text(q["text"], language), "texts": q["text"]}
    if q.get("instrument"):
        out["instrument"] = {"key": q["instrument"], "version": q["instrument_version"],
                             "official_languages": q.get("official_languages", [])}
    if q["type"] == "scale":
        out.update(min=q["min"], max=q["max"])
    elif q["type"] in ("choice", "area"):
        out["options"] = [{"value": o["value"], "label": _text(o["label"], language)} for o in q["options"]]
    elif q["type"] == "text":
        out["max_length"] = services.MAX_TEXT
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
             response={200: dict, 201: dict, 400: dict, 429: dict})
def survey_respond(request, survey_id: int, payload: ResponseIn):
    """201 when stored; 200 when the same ``submission_id`` was already stored (nothing stored twice); 400 with the
    offending keys otherwise (closed survey, unsupported language, unknown question, out-of-range answer, ...)."""
    survey = _published(survey_id)
    message_language = payload.language if payload.language in survey.languages else "en"
    if not ratelimit.allow(request):
        return 429, {"detail": error_message("rate", {}, message_language)}
    try:
        response, created = services.response_submit(
            survey=survey, submission_id=payload.submission_id, language=payload.language,
            answers=payload.answers, invitation_code=payload.invitation_code)
    except services.SubmissionError as exc:
        errors = {key: error_message(code, params, message_language) for key, (code, params) in exc.errors.items()}
        return 400, {"detail": "; ".join(f"{k}: {v}" for k, v in errors.items()), "errors": errors}
    body = {"submission_id": str(response.submission_id), "stored": created}
    return (201 if created else 200), body


@router.get("/surveys/{survey_id}/results", summary="Results (small cells suppressed)")
def survey_results_api(request, survey_id: int, language: str = "fi"):
    survey = _published(survey_id)
    data = survey_results(survey, language=language)
    return {"id": survey.pk, "is_demo": survey.is_demo, **data}
