"""Staff pages of the survey builder: the questions of a draft survey (add, edit, reorder, remove own questions
and section headings; add or remove locked instruments from the question bank) and the preview of the survey in
each of its languages. Thin: every write goes through ``services.survey_item_*``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yhteiso.core.formatting import number
from yhteiso.core.permissions import staff_required
from yhteiso.respondents.pages import language_from, page_context
from yhteiso.respondents.texts import text_in
from yhteiso.surveys import services, validation
from yhteiso.surveys.forms import BankForm, QuestionForm, SectionForm
from yhteiso.surveys.models import Survey, SurveyItem, SurveyStatus
from yhteiso.surveys.respondent import anonymity_note, branching_note, place_map, render_questions

TYPE_LABELS = {"choice": gettext_lazy("Single choice"), "multi": gettext_lazy("Multiple choice"),
               "scale": gettext_lazy("Numeric scale"), "number": gettext_lazy("Number"),
               "text": gettext_lazy("Free text"), "place": gettext_lazy("Place on the map")}


def _rules_text(q: dict) -> str:
    """The rules of a multiple-choice or number question as the builder lists them."""
    parts = []
    if q["type"] == "multi":
        if (q.get("min_choices") or 0) > 1:  # one is what ticking anything means
            parts.append(_("at least %(n)s selections") % {"n": q["min_choices"]})
        if q.get("max_choices"):
            parts.append(_("at most %(n)s selections") % {"n": q["max_choices"]})
    if q["type"] == "number":
        if q.get("min") is not None:
            parts.append(_("smallest %(n)s") % {"n": number(q["min"])})
        if q.get("max") is not None:
            parts.append(_("greatest %(n)s") % {"n": number(q["max"])})
        if q.get("integer"):
            parts.append(_("whole numbers only"))
    return ", ".join(parts)


def _questions(survey: Survey) -> list[dict]:
    return services.build_questions(survey) if survey.status == SurveyStatus.DRAFT else survey.questions


def _add_errors(form, exc: ValidationError) -> None:
    """The service's errors beside the form's fields they name (the rest above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _condition_text(question: dict, by_key: dict) -> str:
    condition = question.get("show_if")
    if not condition:
        return ""
    source = by_key.get(condition["question"], {})
    labels = [text_in(o["label"], "fi") for o in source.get("options", []) if str(o["value"]) in condition["values"]]
    return _("Shown only if the answer to %(key)s is %(answer)s") % {"key": condition["question"],
                                                                      "answer": " / ".join(labels)}


def _rows(survey: Survey, questions: list[dict]) -> list[dict]:
    by_key = {q["key"]: q for q in questions}
    rows = []
    items = list(survey.items.select_related("instrument"))
    for index, item in enumerate(items):
        row = {"item": item, "first": index == 0, "last": index == len(items) - 1}
        q = item.question or {}
        if item.instrument is not None:
            d = item.instrument.definition
            row.update(kind="instrument", title=item.instrument.name("fi"), version=d["version"],
                       keys=[q["key"] for q in d["questions"]], count=len(d["questions"]))
        elif q.get("type") == validation.SECTION:
            row.update(kind="section", title=q["name"].get("fi", ""),
                       instructions=q.get("instructions", {}).get("fi", ""))
        else:
            row.update(kind="question", title=q["text"].get("fi", ""), key=q["key"],
                       type_label=TYPE_LABELS.get(q["type"], q["type"]), required=q.get("required", False),
                       options=[o["label"].get("fi", "") for o in q.get("options", [])],
                       scale=(q.get("min"), q.get("max")) if q["type"] == "scale" else None,
                       rules=_rules_text(q),
                       condition=_condition_text(q, by_key))
        rows.append(row)
    return rows


def _builder_page(request, survey: Survey, *, question_form=None, section_form=None, bank_form=None, status=200):
    questions = _questions(survey)
    return render(request, "surveys/builder.html", {
        "survey": survey, "rows": _rows(survey, questions), "editable": survey.status == SurveyStatus.DRAFT,
        "question_count": len(questions), "max_questions": validation.MAX_QUESTIONS,
        "question_form": question_form or QuestionForm(questions=questions),
        "section_form": section_form or SectionForm(), "bank_form": bank_form or BankForm(),
    }, status=status)


@staff_required
def builder(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    services.instrument_sync(actor=request.user)  # the question bank holds every shipped instrument
    return _builder_page(request, survey)


def _refused(request, survey: Survey, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)
    return redirect("surveys:builder", pk=survey.pk)


def _added(request, survey: Survey, form, item, *, done: str, form_name: str):
    """Add what the valid ``form`` describes (``item(cleaned_data)`` gives ``question=``, ``section=`` or
    ``instrument=`` for the service) and go back to the builder with ``done``; a survey published meanwhile is
    refused with its message, other problems are shown on the form (400)."""
    if form.is_valid():
        try:
            services.survey_item_add(survey=survey, actor=request.user, **item(form.cleaned_data))
        except ValidationError as exc:
            if getattr(exc, "code", None) == services.PUBLISHED_LOCKED:
                return _refused(request, survey, exc)
            _add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("surveys:builder", pk=survey.pk)
    return _builder_page(request, survey, status=400, **{form_name: form})


@staff_required
@require_POST
def question_add(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status != SurveyStatus.DRAFT:
        return _refused(request, survey, ValidationError(_("The survey has been published: its questions can no "
                                                           "longer be changed. Make a new survey for changed "
                                                           "questions.")))
    return _added(request, survey, QuestionForm(request.POST, questions=_questions(survey)),
                  lambda data: {"question": validation.question_from_finnish(data)},
                  done=_("Question added."), form_name="question_form")


@staff_required
@require_POST
def section_add(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return _added(request, survey, SectionForm(request.POST),
                  lambda data: {"section": validation.section_from_finnish(data)},
                  done=_("Section added."), form_name="section_form")


@staff_required
@require_POST
def instrument_add(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    services.instrument_sync(actor=request.user)
    return _added(request, survey, BankForm(request.POST), lambda data: {"instrument": data["instrument"]},
                  done=_("Instrument added from the question bank."), form_name="bank_form")


def _item(survey: Survey, item_pk: int) -> SurveyItem:
    return get_object_or_404(SurveyItem, pk=item_pk, survey=survey)


@staff_required
def item_edit(request, pk: int, item_pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    item = _item(survey, item_pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if item.instrument_id:
        messages.error(request, _("Questions from the question bank are locked: their wording cannot be edited. "
                                  "Remove the instrument if it is not needed."))
        return redirect("surveys:builder", pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        return _refused(request, survey, ValidationError(_("The survey has been published: its questions can no "
                                                           "longer be changed. Make a new survey for changed "
                                                           "questions.")))
    own: dict = item.question or {}
    is_section = own.get("type") == validation.SECTION
    questions = _questions(survey)
    data = request.POST if request.method == "POST" else None
    form: SectionForm | QuestionForm
    if is_section:
        form = SectionForm(data, initial=SectionForm.initial_of(own))
    else:
        form = QuestionForm(data, initial=QuestionForm.initial_of(own), questions=questions, before_key=own["key"])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if is_section:
                    services.survey_item_edit(item=item, actor=request.user, section=validation.section_from_finnish(
                        form.cleaned_data, own))
                else:
                    services.survey_item_edit(item=item, actor=request.user, question=validation.question_from_finnish(
                        form.cleaned_data, own))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("surveys:builder", pk=survey.pk)
    return render(request, "surveys/builder_edit.html", {"survey": survey, "item": item, "form": form,
                                                         "is_section": is_section}, status=status)


@staff_required
def item_move(request, pk: int, item_pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    item = _item(survey, item_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.survey_item_move(item=item, actor=request.user, offset=offset)
    except ValidationError as exc:
        return _refused(request, survey, exc)
    messages.success(request, _("Order changed."))
    return redirect(f"{reverse('surveys:builder', args=[survey.pk])}#item-{item.pk}")


@staff_required
def item_delete(request, pk: int, item_pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    item = _item(survey, item_pk)
    try:
        services.survey_item_delete(item=item, actor=request.user)
    except ValidationError as exc:
        return _refused(request, survey, exc)
    messages.success(request, _("Removed from the survey."))
    return redirect("surveys:builder", pk=survey.pk)


@staff_required
def preview(request, pk: int):
    """The respondent page as a respondent would see it, in any of the survey's languages; nothing can be sent."""
    survey = get_object_or_404(Survey, pk=pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    language, _supported = language_from(request, survey.languages)
    questions = _questions(survey)
    context = page_context(language, survey.languages)
    context.update(survey=survey, title=survey.title_in(language), intro=survey.intro.get(language, ""),
                   questions=render_questions(questions, language), branching_note=branching_note(questions, language),
                   place_map=place_map(questions, language),
                   anonymity=anonymity_note(questions, language, context["t"]["anonymous"]),
                   missing=services.missing_translations(survey, questions) if survey.status == SurveyStatus.DRAFT
                   else [], preview_languages=survey.languages)
    return render(request, "surveys/preview.html", context)
