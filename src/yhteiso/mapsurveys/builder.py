"""Staff pages of the map-survey builder: create and edit a map survey without code (titles and introductions in
the respondent languages, the place categories a respondent chooses from per pin, the answering period, the areas
covered, the background questions), publish it, and preview the respondent page in each of its languages.
Thin: every write goes through ``services.mapsurvey_create`` / ``mapsurvey_edit`` / ``mapsurvey_publish``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yhteiso.core.inputs import far_date_error
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import staff_required
from yhteiso.mapsurveys import services
from yhteiso.mapsurveys.models import Category, MapSurvey, MapSurveyStatus
from yhteiso.mapsurveys.texts import CATEGORIES, TEXTS
from yhteiso.mapsurveys.views import respond_form_context
from yhteiso.respondents import profiles
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.pages import language_from, page_context
from yhteiso.respondents.texts import text_in
from yhteiso.respondents.wording import options_from_lines

MAX_OWN_LINES = 50
"""Lines read from the "own categories" box (the service then allows at most ``services.MAX_CATEGORIES``)."""


def _day(text: str, field: str, errors: dict):
    """A date typed as yyyy-mm-dd (the date field) or d.m.yyyy; None when empty; an error when unreadable."""
    text = (text or "").strip()[:20]
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if error := far_date_error(day):  # 9999-12-31 has no next day to close at
            errors[field] = error
            return None
        return day
    errors[field] = _("Give the date as dd.mm.yyyy.")
    return None


def _start_of(day: dt.date | None):
    return None if day is None else timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _days(survey: MapSurvey | None) -> tuple[str, str]:
    """The first and the last day of answering as the date fields show them (the survey closes at the end of its
    last day)."""
    if survey is None:
        return "", ""
    opens = timezone.localtime(survey.opens_at).date().isoformat() if survey.opens_at else ""
    closes = (timezone.localtime(survey.closes_at) - dt.timedelta(microseconds=1)).date().isoformat() \
        if survey.closes_at else ""
    return opens, closes


def _pin_questions_input(post, survey: MapSurvey | None) -> list[dict]:
    """The questions asked with each place from the builder form: one numbered block per question (``pq_<i>_…``),
    the last one blank for a new question. A block without a key and without a Finnish text is left out; a block
    with "remove" ticked is dropped. Options are read as Finnish names, one per line (an unchanged name keeps its
    value and translations, as for the place categories)."""
    previous = {q["key"]: q for q in (survey.pin_questions if survey else [])}
    numbers = [int(k[1:]) for k in previous if k[1:].isdigit()]
    next_number = max([*numbers, 0]) + 1
    questions = []
    for i in range(1, services.MAX_PIN_QUESTIONS + 2):
        key = post.get(f"pq_{i}_key", "").strip()[:20]
        old = previous.get(key)
        texts = {code: post.get(f"pq_{i}_text_{code}", "")[:1000] for code in RESPONDENT_LANGUAGES
                 if f"pq_{i}_text_{code}" in post}
        if old is None:
            key = ""
        if (not key and not texts.get("fi", "").strip()) or post.get(f"pq_{i}_remove"):
            continue
        if not key:
            key = f"q{next_number}"
            next_number += 1
        question = {"key": key, "type": post.get(f"pq_{i}_type", "text"),
                    "required": bool(post.get(f"pq_{i}_required")),
                    "text": {**(old["text"] if old else {}), **texts}}
        if question["type"] == "choice":
            lines = [line.strip()[:200] for line in post.get(f"pq_{i}_options", "").splitlines()[:MAX_OWN_LINES]
                     if line.strip()]
            options = options_from_lines(lines, (old or {}).get("options", []))
            for option in options:
                for code in RESPONDENT_LANGUAGES:
                    field = f"pq_{i}_option_{option['value']}_{code}"
                    if code != "fi" and field in post:
                        text = post.get(field, "").strip()
                        if text:
                            option["label"][code] = text
                        else:
                            option["label"].pop(code, None)
            question["options"] = options
        questions.append(question)
    return questions


def _pin_question_blocks(questions: list[dict], languages: list[str]) -> list[dict]:
    """What the builder shows for each question with a place, and a blank block for a new one."""
    others = [(code, RESPONDENT_LANGUAGES[code][0], RESPONDENT_LANGUAGES[code][1]) for code in languages
              if code != "fi" and code in RESPONDENT_LANGUAGES]
    blocks = []
    for i, q in enumerate([*questions, None][:services.MAX_PIN_QUESTIONS + 1], start=1):
        q = q or {"key": "", "type": "text", "required": False, "text": {}, "options": []}
        options = q.get("options", [])
        blocks.append({
            "i": i, "key": q["key"], "type": q["type"], "required": q["required"], "fi": q["text"].get("fi", ""),
            "texts": [(code, name, direction, q["text"].get(code, "")) for code, name, direction in others],
            "options": "\n".join(o["label"].get("fi", "") for o in options),
            "option_translations": [
                {"value": o["value"], "fi": o["label"].get("fi", ""),
                 "texts": [(code, name, direction, o["label"].get(code, "")) for code, name, direction in others]}
                for o in options],
        })
    return blocks


def _input(post, survey: MapSurvey | None) -> tuple[dict, dict]:
    """The service's arguments from the builder form, and the errors of fields the service cannot see (dates)."""
    errors: dict = {}
    languages = post.getlist("languages")
    title = {code: post.get(f"title_{code}", "") for code in RESPONDENT_LANGUAGES}
    intro = {code: post.get(f"intro_{code}", "") for code in RESPONDENT_LANGUAGES}
    previous_own = [c for c in (survey.categories if survey else []) if c["value"] not in Category.values]
    lines = [line.strip()[:200] for line in post.get("own_categories", "").splitlines()[:MAX_OWN_LINES]
             if line.strip()]
    own = options_from_lines(lines, previous_own)
    for option in own:
        for code in RESPONDENT_LANGUAGES:
            if code != "fi" and f"category_{option['value']}_{code}" in post:
                text = post.get(f"category_{option['value']}_{code}", "").strip()
                if text:
                    option["label"][code] = text
                else:
                    option["label"].pop(code, None)
    builtin = [{"value": v} for v in Category.values if v in post.getlist("builtin")]
    first = _day(post.get("opens_on", ""), "opens_at", errors)
    last = _day(post.get("closes_on", ""), "closes_at", errors)
    if first and last and last < first:
        errors["closes_at"] = _("The survey must close after it opens.")
    args = {"title": title, "intro": intro, "languages": languages, "categories": builtin + own,
            "areas": post.getlist("areas"), "background_fields": post.getlist("background"),
            "pin_questions": _pin_questions_input(post, survey), "ask_age_band": bool(post.get("ask_age_band")),
            "opens_at": _start_of(first), "closes_at": _start_of(last + dt.timedelta(days=1)) if last else None}
    return args, errors


def _form(survey: MapSurvey | None, post=None) -> dict:
    """What the builder form shows: the saved survey, or what was posted when it was refused."""
    if post is not None:
        values = {"languages": post.getlist("languages"), "builtin": post.getlist("builtin"),
                  "areas": post.getlist("areas"), "background": post.getlist("background"),
                  "own_categories": post.get("own_categories", ""), "opens_on": post.get("opens_on", ""),
                  "closes_on": post.get("closes_on", ""),
                  "title": {c: post.get(f"title_{c}", "") for c in RESPONDENT_LANGUAGES},
                  "intro": {c: post.get(f"intro_{c}", "") for c in RESPONDENT_LANGUAGES},
                  "pin_questions": _pin_questions_input(post, survey),
                  "ask_age_band": bool(post.get("ask_age_band"))}
    elif survey is not None:
        opens, closes = _days(survey)
        values = {"languages": survey.languages, "builtin": [c for c in survey.category_values()
                                                             if c in Category.values],
                  "areas": survey.areas or [str(o["value"]) for o in home_area_options()],
                  "background": survey.background_fields,
                  "own_categories": "\n".join(c["label"].get("fi", "") for c in survey.category_list()
                                              if not c["builtin"]),
                  "opens_on": opens, "closes_on": closes, "title": survey.title, "intro": survey.intro,
                  "pin_questions": survey.pin_questions, "ask_age_band": survey.ask_age_band}
    else:
        values = {"languages": ["fi", "sv", "en"], "builtin": list(Category.values),
                  "areas": [str(o["value"]) for o in home_area_options()], "background": list(profiles.FIELDS),
                  "own_categories": "", "opens_on": "", "closes_on": "", "title": {}, "intro": {},
                  "pin_questions": [], "ask_age_band": False}
    own = [c for c in (survey.category_list() if survey else []) if not c["builtin"]]
    ui = get_language() or "fi"
    return {
        "values": values,
        "text_rows": [{"code": code, "name": info[0], "dir": info[1], "title": values["title"].get(code, ""),
                       "intro": values["intro"].get(code, ""), "checked": code in values["languages"]}
                      for code, info in RESPONDENT_LANGUAGES.items()],
        "builtin_categories": [(v, text_in(CATEGORIES[v], ui), v in values["builtin"]) for v in Category.values],
        "own": [{"value": c["value"], "fi": c["label"].get("fi", ""),
                 "translations": [(code, RESPONDENT_LANGUAGES[code][0], c["label"].get(code, ""))
                                  for code in (survey.languages if survey else []) if code != "fi"]} for c in own],
        "area_choices": [(str(o["value"]), text_in(o["label"], ui), str(o["value"]) in values["areas"])
                         for o in home_area_options()],
        "background_choices": [(f, profiles.field_label(f, ui), f in values["background"])
                               for f in profiles.FIELDS],
        "pin_blocks": _pin_question_blocks(values["pin_questions"],
                                           survey.languages if survey else values["languages"]),
    }


def _page(request, survey: MapSurvey | None, *, post=None, errors: dict | None = None, status: int = 200):
    errors = errors or {}
    return render(request, "mapsurveys/builder.html", {
        "survey": survey, **_form(survey, post), "errors": errors,
        "error_list": [(field, message) for field, message in errors.items()],
        "missing": services.missing_translations(survey) if survey else [],
    }, status=status)


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("form" if field == "__all__" else field): " ".join(texts)
                for field, texts in exc.message_dict.items()}
    return {"form": " ".join(exc.messages)}


@staff_required
def create(request):
    """A new map survey: saved as a draft, or published at once with the publish button."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        return _page(request, None)
    args, errors = _input(request.POST, None)
    if errors:
        return _page(request, None, post=request.POST, errors=errors, status=400)
    create = services.mapsurvey_create_published if "publish" in request.POST else services.mapsurvey_create
    try:
        survey = create(actor=request.user, **args)
    except ValidationError as exc:
        return _page(request, None, post=request.POST, errors=_errors(exc), status=400)
    messages.success(request, _("The map survey is published.") if "publish" in request.POST
                     else _("The map survey was saved as a draft."))
    return redirect("mapsurveys:edit", pk=survey.pk)


@staff_required
def edit(request, pk: int):
    survey = get_object_or_404(MapSurvey, pk=pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        return _page(request, survey)
    args, errors = _input(request.POST, survey)
    if errors:
        return _page(request, survey, post=request.POST, errors=errors, status=400)
    try:
        services.mapsurvey_edit(survey=survey, actor=request.user, **args)
    except ValidationError as exc:
        return _page(request, survey, post=request.POST, errors=_errors(exc), status=400)
    messages.success(request, _("Changes saved."))
    return redirect("mapsurveys:edit", pk=survey.pk)


@staff_required
@require_POST
def publish(request, pk: int):
    survey = get_object_or_404(MapSurvey, pk=pk)
    try:
        services.mapsurvey_publish(survey=survey, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The map survey is published."))
    return redirect("mapsurveys:edit", pk=survey.pk)


@staff_required
def preview(request, pk: int):
    """The respondent page as a respondent would see it, in any of the survey's languages; nothing can be sent."""
    survey = get_object_or_404(MapSurvey, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    language, _supported = language_from(request, survey.languages)
    context = page_context(language, survey.languages)
    context.update(respond_form_context(survey, language, values={}, errors={}))
    context.update(survey=survey, title=survey.title_in(language), intro=survey.intro.get(language, ""),
                   m={k: text_in(v, language) for k, v in TEXTS.items()}, preview=True,
                   missing=services.missing_translations(survey),
                   closed=survey.status == MapSurveyStatus.CLOSED)
    return render(request, "mapsurveys/respond.html", context)
