"""Survey pages: the public list, the anonymous respondent form (any respondent language), results (suppressed) with
CSV/XLSX exports, and staff pages for composing, publishing, invitation codes and measurements."""

from __future__ import annotations

import csv
import io
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import is_programme_staff, staff_required
from yhteiso.core.spreadsheets import safe_append
from yhteiso.respondents import ratelimit
from yhteiso.respondents.pages import language_from, page_context, respondent_page
from yhteiso.respondents.texts import text_in
from yhteiso.surveys import services
from yhteiso.surveys.models import Instrument, Survey, SurveyStatus
from yhteiso.surveys.respondent import anonymity_note, answer_error, branching_note, place_map, render_questions
from yhteiso.surveys.results import answer_rows, flat_rows, survey_results


def _open_surveys():
    return [s for s in Survey.objects.filter(status=SurveyStatus.PUBLISHED) if s.is_open()]


@respondent_page
def index(request):
    surveys = _open_surveys()
    ended = Survey.objects.filter(status__in=[SurveyStatus.PUBLISHED, SurveyStatus.CLOSED]).exclude(
        pk__in=[s.pk for s in surveys])
    return render(request, "surveys/index.html", {
        "surveys": surveys, "ended": ended, "languages": RESPONDENT_LANGUAGES,
    })


# --- respondent ----------------------------------------------------------------------------------------------------
def _respondent_survey(pk: int) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    return survey


@respondent_page
def respond(request, pk: int):
    survey = _respondent_survey(pk)
    language, supported = language_from(request, survey.languages)
    context = page_context(language, survey.languages)
    context.update(survey=survey, title=survey.title_in(language), intro=survey.intro.get(language, ""),
                   closes=survey.closes_at)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    status = 200
    errors: dict = {}
    values: dict = {}
    if not supported and (request.GET.get("kieli") or request.POST.get("language")):
        errors["language"] = ("language", {})
        status = 400
    if not survey.is_open():
        context.update(closed=True)
        return render(request, "surveys/respond.html", context, status=410 if request.method == "POST" else 200)
    submission_id = request.POST.get("submission_id") or str(uuid.uuid4())
    if request.method == "POST" and not errors:
        values = {q["key"]: _posted(request, q) for q in survey.questions}
        parts = {f"q_{q['key']}_{part}" for q in survey.questions if q["type"] == "place"
                 for part in ("lon", "lat", "area", "address")}
        unknown = [k[2:] for k in request.POST if k.startswith("q_") and k[2:] not in values and k not in parts]
        raw = {k: v for k, v in values.items() if v not in ("", [], {})}
        for k in unknown:
            raw[k] = request.POST[f"q_{k}"]
        if not ratelimit.allow(request):
            errors["_survey"] = ("rate", {})
            status = 429
        else:
            try:
                _response, created = services.response_submit(
                    survey=survey, submission_id=submission_id, language=language, answers=raw,
                    invitation_code=request.POST.get("invitation_code", ""))
            except services.SubmissionError as exc:
                errors = exc.errors
                status = 410 if "_survey" in errors else 400
            else:
                url = reverse("surveys:thanks", args=[survey.pk])
                return redirect(f"{url}?kieli={language}{'' if created else '&toinen=1'}")
    numbered = {q["key"]: (n, q) for n, q in enumerate(survey.questions, start=1)}
    summary = [{"field": f"q_{key}" if key not in ("_survey", "language", "answers", "invitation",
                                                    "submission_id") else ("invitation_code" if key == "invitation"
                                                                           else "questions"),
                "message": _named(numbered.get(key), answer_error(code, params, language), language)}
               for key, (code, params) in errors.items()]
    context.update(
        questions=render_questions(survey.questions, language, values=values, errors=errors),
        place_map=place_map(survey.questions, language),
        branching_note=branching_note(survey.questions, language),
        anonymity=anonymity_note(survey.questions, language, context["t"]["anonymous"]),
        submission_id=submission_id, error_summary=summary,
    )
    return render(request, "surveys/respond.html", context, status=status)


def _posted(request, question: dict):
    """What the form sent for one question: the ticked options of a multiple-choice question (a list, at most a
    few more than there are options), else the text."""
    name = f"q_{question['key']}"
    if question["type"] == "multi":
        return [v.strip() for v in request.POST.getlist(name)[:len(question.get("options", [])) * 2 + 2]]
    if question["type"] == "place":
        given = {part: request.POST.get(f"{name}_{part}", "").strip() for part in ("lon", "lat", "area", "address")}
        return {part: value for part, value in given.items() if value}
    return request.POST.get(name, "").strip()


def _named(numbered: tuple | None, message: str, language: str) -> str:
    """An answer's error as the error summary lists it: naming the question (its number and text)."""
    if numbered is None:
        return message
    number, question = numbered
    text = text_in(question["text"], language)
    return f"{number}. {text if len(text) <= 80 else text[:77] + '…'} – {message}"


@respondent_page
def thanks(request, pk: int):
    survey = _respondent_survey(pk)
    language, _supported = language_from(request, survey.languages)
    context = page_context(language, survey.languages)
    context.update(survey=survey, title=survey.title_in(language), duplicate=bool(request.GET.get("toinen")))
    return render(request, "surveys/thanks.html", context)


# --- results -------------------------------------------------------------------------------------------------------
def _results_survey(request, pk: int) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == SurveyStatus.DRAFT and not is_programme_staff(request.user):
        raise Http404
    return survey


def results(request, pk: int):
    survey = _results_survey(request, pk)
    data = survey_results(survey)
    charts = {}
    try:
        from yhteiso.viz import bar_chart
    except ImportError:  # pragma: no cover - the chart module ships with the platform
        bar_chart = None
    for metric in data["metrics"]:
        for table in metric["tables"]:
            if table["breakdown"] == "all" or bar_chart is None:
                continue
            bars = [(r["label_text"], None if r["value"] is None else round(r["value"], 1)) for r in table["rows"]]
            charts[(metric["key"], table["breakdown"])] = bar_chart(
                bars, title=f"{metric['label']} – {table['label']}", value_label=metric["unit"])
    for metric in data["metrics"]:
        for table in metric["tables"]:
            table["chart"] = charts.get((metric["key"], table["breakdown"]), "")
    links = survey.measurements.select_related("measurement__cell") if is_programme_staff(request.user) else []
    return render(request, "surveys/results.html", {"survey": survey, "results": data, "links": links})


EXPORT_COLUMNS = ["metric", "metric_label", "breakdown", "group", "group_label", "n", "value", "ci_low", "ci_high",
                  "w_value", "w_ci_low", "w_ci_high", "n_eff", "deff", "suppressed"]


def results_csv(request, pk: int):
    survey = _results_survey(request, pk)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    data = survey_results(survey)
    for row in [*flat_rows(data), *answer_rows(data)]:
        writer.writerow({k: ("" if v is None else (round(v, 2) if isinstance(v, float) else v)) for k, v in
                         row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    return response


def results_xlsx(request, pk: int):
    from openpyxl import Workbook

    survey = _results_survey(request, pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "results"
    safe_append(sheet, EXPORT_COLUMNS)
    data = survey_results(survey)
    for row in [*flat_rows(data), *answer_rows(data)]:
        safe_append(sheet, [row[c] for c in EXPORT_COLUMNS])
    note = workbook.create_sheet("about")
    safe_append(note, [_("Survey"), survey.title_in("fi")])
    safe_append(note, [_("Suppression"), _("Counts under %(c)s hidden; means and shares only where n ≥ %(n)s; "
                                           "secondary suppression applied.") % {"c": survey.min_count,
                                                                                "n": survey.min_n}])
    safe_append(note, [_("Answers"), _("Rows with breakdown “answers”: the answers to each question (metric = the "
                                       "question's short name, group = the option, n = count, value = share %), "
                                       "suppressed like every other figure.")])
    safe_append(note, [_("Weighting"), _(
        "w_value, w_ci_low, w_ci_high: weighted to the population by home area and first language (see "
        "docs/methods/survey-weighting.md); n_eff: effective number of respondents; deff: design effect. Empty "
        "where not weighted or suppressed.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response


# --- staff ---------------------------------------------------------------------------------------------------------
class SurveyForm(forms.Form):
    title_fi = forms.CharField(label=gettext_lazy("Title in Finnish"), max_length=200)
    title_sv = forms.CharField(label=gettext_lazy("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=gettext_lazy("Title in English"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), widget=forms.CheckboxSelectMultiple, initial=["fi", "sv", "en"],
        choices=[(code, f"{name} ({code})") for code, (name, _d) in RESPONDENT_LANGUAGES.items()])
    instruments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Instruments"), queryset=Instrument.objects.all(), widget=forms.CheckboxSelectMultiple,
        required=False)
    own_question_fi = forms.CharField(
        label=gettext_lazy("Own question (Finnish, optional)"), required=False, max_length=500,
        help_text=gettext_lazy("A question of your own in Finnish. Add its translations on the survey page."))
    own_question_type = forms.ChoiceField(
        label=gettext_lazy("Type of your own question"), widget=forms.RadioSelect, initial="text", required=False,
        choices=[("text", gettext_lazy("Free text")), ("choice", gettext_lazy("Single choice")),
                 ("scale", gettext_lazy("Numeric scale"))])
    own_options = forms.CharField(
        label=gettext_lazy("Options (Finnish, one per line)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("For a single-choice question: at least two options, each on its own line."))
    own_scale_min = forms.IntegerField(label=gettext_lazy("Scale lower end"), required=False, min_value=-100,
                                       max_value=100)
    own_scale_max = forms.IntegerField(label=gettext_lazy("Scale upper end"), required=False, min_value=-100,
                                       max_value=100)
    own_min_label = forms.CharField(label=gettext_lazy("Label of the lower end (Finnish, optional)"),
                                    required=False, max_length=200)
    own_max_label = forms.CharField(label=gettext_lazy("Label of the upper end (Finnish, optional)"),
                                    required=False, max_length=200)
    closes_at = forms.DateField(label=gettext_lazy("Closes on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    min_n = forms.IntegerField(label=gettext_lazy("Smallest group for means and shares"), initial=10, min_value=5,
                               max_value=1000)
    invitation_only = forms.BooleanField(label=gettext_lazy("Invitation codes required"), required=False)
    auto_release = forms.BooleanField(label=capfirst(Survey._meta.get_field("auto_release").verbose_name),
                                      help_text=Survey._meta.get_field("auto_release").help_text, required=False)

    OWN_FIELDS = ("own_question_fi", "own_question_type", "own_options", "own_scale_min", "own_scale_max",
                  "own_min_label", "own_max_label")
    MAX_OPTIONS = 30

    def basic_fields(self):
        return [f for f in self if f.name not in self.OWN_FIELDS]

    def own_fields(self):
        return [self[name] for name in self.OWN_FIELDS if name not in ("own_question_fi", "own_question_type")]

    def _field_error(self, name: str, message: str) -> None:
        """An error beside the field that also names it (for the error summary and screen readers)."""
        self.add_error(name, _("%(field)s: %(message)s") % {"field": self.fields[name].label, "message": message})

    def clean(self):
        d = super().clean()
        kind = d.get("own_question_type") or "text"
        text = (d.get("own_question_fi") or "").strip()
        lines = [line.strip() for line in (d.get("own_options") or "").splitlines() if line.strip()]
        d["own_question"] = None
        if kind != "text" and not text:
            self._field_error("own_question_fi", _("write the question in Finnish for a single-choice or scale "
                                                   "question."))
        if kind != "choice" and lines:
            self._field_error("own_options", _("options are used only with a single-choice question; choose that "
                                               "type or clear the options."))
        if kind != "scale" and any(d.get(n) not in (None, "") for n in ("own_scale_min", "own_scale_max",
                                                                          "own_min_label", "own_max_label")):
            self._field_error("own_scale_min", _("the scale fields are used only with a numeric-scale question; "
                                                 "choose that type or clear them."))
        question = {"key": "own_1", "type": kind, "text": {"fi": text}}
        if kind == "choice":
            seen = set()
            duplicates = [line for line in lines if line.casefold() in seen or seen.add(line.casefold())]
            if len(lines) < 2:
                self._field_error("own_options", _("give at least two options, one per line."))
            elif len(lines) > self.MAX_OPTIONS:
                self._field_error("own_options", _("give at most %(max)s options.") % {"max": self.MAX_OPTIONS})
            elif duplicates:
                self._field_error("own_options", _("each option must be different (repeated: %(option)s).")
                                  % {"option": duplicates[0]})
            elif any(len(line) > 200 for line in lines):
                self._field_error("own_options", _("an option may be at most 200 characters long."))
            question["options"] = [{"value": str(i), "label": {"fi": line}} for i, line in enumerate(lines, 1)]
        if kind == "scale":
            lo, hi = d.get("own_scale_min"), d.get("own_scale_max")
            if lo is None and "own_scale_min" not in self.errors:
                self._field_error("own_scale_min", _("give the lower end as a whole number."))
            if hi is None and "own_scale_max" not in self.errors:
                self._field_error("own_scale_max", _("give the upper end as a whole number."))
            if lo is not None and hi is not None:
                if hi <= lo:
                    self._field_error("own_scale_max", _("the upper end must be greater than the lower end."))
                elif hi - lo > 20:
                    self._field_error("own_scale_max", _("a scale may have at most 20 steps."))
            question.update(min=lo, max=hi)
            for name, key in (("own_min_label", "min_label"), ("own_max_label", "max_label")):
                if (d.get(name) or "").strip():
                    question[key] = {"fi": d[name].strip()}
        if text and not self.errors:
            d["own_question"] = question
        return d


@staff_required
def manage(request):
    surveys = Survey.objects.annotate(response_count=Count("responses"))
    return render(request, "surveys/manage.html", {"surveys": surveys, "languages": RESPONDENT_LANGUAGES})


@staff_required
def create(request):
    services.instrument_sync(actor=request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        own = [d["own_question"]] if d["own_question"] else []
        closes = None
        if d["closes_at"]:
            closes = timezone.make_aware(timezone.datetime.combine(d["closes_at"], timezone.datetime.max.time()))
        try:
            survey = services.survey_create(
                actor=request.user, title={k: d[f"title_{k}"] for k in ("fi", "sv", "en") if d[f"title_{k}"]},
                languages=d["languages"], instruments=list(d["instruments"]), own_questions=own,
                closes_at=closes, min_n=d["min_n"], invitation_only=d["invitation_only"],
                auto_release=d["auto_release"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draft survey created."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/create.html", {"form": form})


@staff_required
def detail(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    questions = services.build_questions(survey) if survey.status == SurveyStatus.DRAFT else survey.questions
    missing = services.missing_translations(survey, questions) if survey.status == SurveyStatus.DRAFT else []
    translation_fields = []
    if survey.status == SurveyStatus.DRAFT:
        for item in survey.items.filter(instrument__isnull=True):
            for slot in services.own_text_slots(item.question):
                translation_fields += [{"name": f"{slot['name']}_{lang}", "label": f"{slot['label']} ({lang})",
                                        "lang": lang, "value": slot["texts"].get(lang, "")}
                                       for lang in survey.languages]
    return render(request, "surveys/detail.html", {
        "survey": survey, "questions": questions, "missing": missing,
        "response_count": survey.responses.count(), "translation_fields": translation_fields,
        "releases": survey.releases.all(), "unreleased": survey.responses.filter(release__isnull=True).count(),
        "release_minimum": services.release_minimum(survey), "invitations_left": survey.invitations.count(),
    })


@staff_required
def release(request, pk: int):
    """Publish the answers received since the previous release as a new frozen result release."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    try:
        made = services.survey_release(survey=survey, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Release %(number)s published.") % {"number": made.number})
    return redirect("surveys:detail", pk=pk)


@staff_required
def translate(request, pk: int):
    """Add translations of the title and of the staff's own questions (instrument texts are locked)."""
    survey = get_object_or_404(Survey, pk=pk, status=SurveyStatus.DRAFT)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    title = {lang: request.POST.get(f"title_{lang}", "") for lang in survey.languages}
    texts = {key: value for key, value in request.POST.items() if key.startswith("q_")}
    try:
        services.survey_translate(survey=survey, actor=request.user, title=title, texts=texts)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Translations saved."))
    return redirect("surveys:detail", pk=survey.pk)


@staff_required
def publish(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    try:
        services.survey_publish(survey=survey, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The survey is published."))
    return redirect("surveys:detail", pk=pk)


@staff_required
def close(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    services.survey_close(survey=survey, actor=request.user)
    messages.success(request, _("The survey is closed."))
    return redirect("surveys:detail", pk=pk)


@staff_required
def invitations(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    try:
        count = int(request.POST.get("count", "0"))
        codes = services.invitations_create(survey=survey, count=count, actor=request.user)
    except (ValueError, ValidationError):
        messages.error(request, _("Give the number of codes as a whole number from 1 to 10 000."))
        return redirect("surveys:detail", pk=pk)
    # Shown once, in this response only: the codes are stored nowhere (not even in the session).
    return render(request, "surveys/invitation_codes.html", {"survey": survey, "codes": codes,
                                                             "codes_text": "\n".join(codes)})


@staff_required
def invitations_csv(request, pk: int):
    """The codes just shown, as a CSV file (the page sends them back; only valid unused codes are written)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    survey = get_object_or_404(Survey, pk=pk)
    given = [c.strip() for c in request.POST.get("codes", "")[:300000].split() if c.strip()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code"])
    for code in services.invitations_known(survey=survey, codes=given):
        writer.writerow([code])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-codes.csv"'
    response["Cache-Control"] = "no-store"
    return response


class MeasurementForm(forms.Form):
    metric = forms.CharField(label=gettext_lazy("Result"), max_length=60)
    breakdown = forms.CharField(label=gettext_lazy("Breakdown"), max_length=60)
    group = forms.CharField(label=gettext_lazy("Group"), max_length=60)
    cell = forms.IntegerField(label=gettext_lazy("Indicator cell"))
    measured_on = forms.DateField(label=gettext_lazy("Date of measurement"),
                                  widget=forms.DateInput(attrs={"type": "date"}))


@staff_required
def measurement(request, pk: int):
    """Turn one shown result into a measurement of a programme indicator cell."""
    from yhteiso.programme.models import IndicatorCell

    survey = get_object_or_404(Survey, pk=pk)
    initial = {k: request.GET.get(k, "") for k in ("metric", "breakdown", "group")}
    initial["measured_on"] = (survey.closes_at or timezone.now()).date()
    form = MeasurementForm(request.POST or None, initial=initial)
    form.fields["cell"].widget = forms.Select(choices=[
        (c.pk, str(c)) for c in IndicatorCell.objects.select_related("indicator")])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        cell = IndicatorCell.objects.filter(pk=d["cell"]).first()
        if cell is None:
            raise PermissionDenied
        try:
            services.result_to_measurement(
                survey=survey, metric=d["metric"], breakdown=d["breakdown"], group=d["group"], cell=cell,
                measured_on=d["measured_on"], actor=request.user,
                source_url=request.build_absolute_uri(reverse("surveys:results", args=[survey.pk])))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The result was recorded as a measurement of the indicator."))
            return redirect("surveys:results", pk=survey.pk)
    return render(request, "surveys/measurement.html", {"survey": survey, "form": form})
