"""Forms of the survey builder (staff). They read the Finnish texts; translations are given on the survey page's
translation form. The rules themselves are in :mod:`yhteiso.surveys.validation`, checked again by the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from yhteiso.respondents.texts import text_in as _text
from yhteiso.surveys import validation
from yhteiso.surveys.models import Instrument

TYPE_CHOICES = [("choice", gettext_lazy("Single choice")), ("multi", gettext_lazy("Multiple choice")),
                ("scale", gettext_lazy("Numeric scale")), ("number", gettext_lazy("Number")),
                ("text", gettext_lazy("Free text")), ("place", gettext_lazy("Place on the map"))]


def condition_choices(questions: list[dict], before_key: str | None = None) -> list[tuple[str, Any]]:
    """Each option of each single-choice question before ``before_key`` (all when None) as one choice
    ``key=value`` → "question: option"."""
    choices: list[tuple[str, Any]] = [("", gettext_lazy("Always shown"))]
    for q in questions:
        if before_key is not None and q["key"] == before_key:
            break
        if q["type"] != "choice":
            continue
        text = _text(q["text"], "fi")
        short = text if len(text) <= 60 else text[:57] + "…"
        for o in q.get("options", []):
            choices.append((f"{q['key']}={o['value']}", f"{short} ({q['key']}) = {_text(o['label'], 'fi')}"))
    return choices


class QuestionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Question (Finnish)"), max_length=validation.MAX_QUESTION_TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}))
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=TYPE_CHOICES, widget=forms.RadioSelect,
                             initial="choice")
    options = forms.CharField(
        label=gettext_lazy("Options (Finnish, one per line)"), required=False, max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("For a single- or multiple-choice question. An option whose wording you keep "
                               "keeps its translations and its answers."))
    min_choices = forms.IntegerField(
        label=gettext_lazy("Least selections (optional)"), required=False, min_value=1,
        max_value=validation.MAX_OPTIONS,
        help_text=gettext_lazy("For a multiple-choice question: a respondent who ticks anything must tick at least "
                               "this many."))
    max_choices = forms.IntegerField(
        label=gettext_lazy("Most selections (optional)"), required=False, min_value=1,
        max_value=validation.MAX_OPTIONS,
        help_text=gettext_lazy("For a multiple-choice question. Empty: any number of options."))
    min = forms.IntegerField(label=gettext_lazy("Scale lower end"), required=False, min_value=-100, max_value=100)
    max = forms.IntegerField(label=gettext_lazy("Scale upper end"), required=False, min_value=-100, max_value=100)
    min_label = forms.CharField(label=gettext_lazy("Label of the lower end (Finnish, optional)"), required=False,
                                max_length=validation.MAX_OPTION_TEXT)
    max_label = forms.CharField(label=gettext_lazy("Label of the upper end (Finnish, optional)"), required=False,
                                max_length=validation.MAX_OPTION_TEXT)
    number_min = forms.DecimalField(
        label=gettext_lazy("Smallest accepted number (optional)"), required=False, localize=True,
        max_digits=14, decimal_places=4, min_value=-validation.NUMBER_LIMIT, max_value=validation.NUMBER_LIMIT,
        help_text=gettext_lazy("For a number question, e.g. 0 for an age."))
    number_max = forms.DecimalField(
        label=gettext_lazy("Greatest accepted number (optional)"), required=False, localize=True,
        max_digits=14, decimal_places=4, min_value=-validation.NUMBER_LIMIT, max_value=validation.NUMBER_LIMIT,
        help_text=gettext_lazy("For a number question, e.g. 120 for an age."))
    integer = forms.BooleanField(label=gettext_lazy("Only whole numbers (for a number question)"), required=False)
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    show_if = forms.ChoiceField(
        label=gettext_lazy("Show the question"), required=False, choices=[],
        help_text=gettext_lazy("Only an earlier single-choice question can be a condition."))
    key = forms.CharField(
        label=gettext_lazy("Short name (optional)"), required=False, max_length=validation.MAX_KEY,
        help_text=gettext_lazy("Used in the exports and the API, e.g. park_needs. Given automatically when empty."))

    SCALE_FIELDS = ("min", "max", "min_label", "max_label")
    MULTI_FIELDS = ("min_choices", "max_choices")
    NUMBER_FIELDS = ("number_min", "number_max")

    def __init__(self, *args, questions: Sequence[dict] = (), before_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["show_if"]).choices = condition_choices(list(questions), before_key)

    def fields_of_type(self):
        return [self[n] for n in ("options", *self.MULTI_FIELDS, *self.SCALE_FIELDS, *self.NUMBER_FIELDS,
                                  "integer")]

    def clean(self):
        d = super().clean()
        kind = d.get("type")
        if kind not in validation.OPTION_TYPES and (d.get("options") or "").strip():
            self.add_error("options", gettext_lazy("Options are used only with a single- or multiple-choice "
                                                   "question; choose that type or clear the options."))
        if kind != "multi" and any(d.get(n) is not None for n in self.MULTI_FIELDS):
            self.add_error("min_choices", gettext_lazy("The least and most selections are used only with a "
                                                       "multiple-choice question; choose that type or clear "
                                                       "them."))
        if kind != "number" and (any(d.get(n) is not None for n in self.NUMBER_FIELDS) or d.get("integer")):
            self.add_error("number_min", gettext_lazy("The number rules are used only with a number question; "
                                                      "choose that type or clear them."))
        if kind != "scale" and any(d.get(n) not in (None, "") for n in self.SCALE_FIELDS):
            self.add_error("min", gettext_lazy("The scale fields are used only with a numeric "
                                               "scale; choose that type or clear them."))
        condition = d.get("show_if") or ""
        d["show_if"] = None
        if condition:
            source, _sep, value = condition.partition("=")
            d["show_if"] = {"question": source, "values": [value]}
        return d

    @staticmethod
    def initial_of(question: dict) -> dict:
        condition = question.get("show_if")
        return {
            "text": question["text"].get("fi", ""), "type": question["type"],
            "options": "\n".join(o["label"].get("fi", "") for o in question.get("options", [])),
            "min": question.get("min") if question["type"] == "scale" else None,
            "max": question.get("max") if question["type"] == "scale" else None,
            "number_min": question.get("min") if question["type"] == "number" else None,
            "number_max": question.get("max") if question["type"] == "number" else None,
            "integer": question.get("integer", False),
            "min_choices": question.get("min_choices"), "max_choices": question.get("max_choices"),
            "min_label": question.get("min_label", {}).get("fi", ""),
            "max_label": question.get("max_label", {}).get("fi", ""),
            "required": question.get("required", False), "key": question["key"],
            "show_if": f"{condition['question']}={condition['values'][0]}" if condition else "",
        }


class SectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Section heading (Finnish)"), max_length=validation.MAX_QUESTION_TEXT)
    instructions = forms.CharField(label=gettext_lazy("Instructions (Finnish, optional)"), required=False,
                                   max_length=validation.MAX_QUESTION_TEXT, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_of(section: dict) -> dict:
        return {"name": section["name"].get("fi", ""), "instructions": section.get("instructions", {}).get("fi", "")}


class InstrumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name('fi')} ({obj.key}, v{obj.version})"


class BankForm(forms.Form):
    instrument = InstrumentChoice(
        label=gettext_lazy("Instrument"), queryset=Instrument.objects.all(),
        help_text=gettext_lazy("The plan's indicator instruments. Their wording is locked: they can be added and "
                               "removed, not edited, so that the results stay comparable."))
