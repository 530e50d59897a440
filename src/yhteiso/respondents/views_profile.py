"""The background-profile form's target: its own request and transaction, after the ballot, idea or answer was
committed (see :mod:`yhteiso.respondents.profiles`). No audit row and no log line: their time would link the
profile to the ballot or answer just before it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents import profiles, ratelimit
from yhteiso.respondents.pages import page_context, respondent_page
from yhteiso.respondents.texts import phrase
from yhteiso.respondents.texts_profile import pphrase

FORM_PHRASES = ("prof_title", "prof_body", "prof_submit", "prof_thanks", "prof_nothing", "prof_invalid")


def profile_form_context(token: str, language: str, *, chosen: dict | None = None, errors: dict | None = None,
                         fields=None) -> dict:
    """What ``respondents/_profile_form.html`` needs; ``fields`` limits the questions (default: all)."""
    chosen = chosen or {}
    errors = errors or {}
    asked = set(profiles.FIELDS if fields is None else fields)
    questions = [{"field": field, "label": profiles.field_label(field, language), "options": choices,
                  "chosen": chosen.get(field, ""), "error": errors.get(field, "")}
                 for field, choices in profiles.options(language).items() if field in asked]
    return {"token": token, "lang": language, "questions": questions, "no_answer": phrase("no_answer", language),
            "p": {key: pphrase(key, language) for key in FORM_PHRASES}}


@respondent_page
@require_POST
def profile_submit(request):
    language = request.POST.get("language", "fi")
    language = language if language in RESPONDENT_LANGUAGES else "fi"
    request.respondent_language = language
    ctx = page_context(language, [language])
    token = request.POST.get("token", "")
    answers = {field: request.POST.get(field, "") for field in profiles.FIELDS}
    ctx["p"] = {key: pphrase(key, language) for key in FORM_PHRASES}
    ctx["title"] = ctx["p"]["prof_title"]
    if not ratelimit.allow(request, "profile"):
        return render(request, "respondents/profile_done.html", {**ctx, "rate": phrase("err_rate", language)},
                      status=429)
    try:
        stored = profiles.profile_leave(token=token, answers=answers, language=language)
    except ValidationError as exc:
        errors = {key: messages[0] for key, messages in exc.message_dict.items()}
        if "token" in errors:
            return render(request, "respondents/profile_done.html", {**ctx, "invalid": True}, status=400)
        asked = [field for field in profiles.FIELDS if field in request.POST]
        ctx.update(profile_form_context(token, language, chosen=answers, errors=errors, fields=asked), error_list=[
            (field, errors[field]) for field in profiles.FIELDS if field in errors])
        return render(request, "respondents/profile_done.html", ctx, status=400)
    response = render(request, "respondents/profile_done.html", {**ctx, "done": True, "stored": stored})
    response["Cache-Control"] = "no-store"
    return response
