"""Forms of the reports app (staff)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.programme.models import Programme
from yhteiso.reports.models import ActionAssessment, KeyMessages, Recommendation, ReportKind, ReportLanguage
from yhteiso.reports.selectors import PROGRAMME_START


class ReportForm(forms.Form):
    as_of = forms.DateField(label=_("Cut-off date"), initial=dt.date(2026, 12, 31),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text=_("The situation the report describes, for example 31.12.2026."))
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices, initial=ReportKind.ANNUAL)
    lang = forms.ChoiceField(label=_("Language of the report"), choices=ReportLanguage.choices,
                             initial=ReportLanguage.FI)
    ohjelma = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), to_field_name="slug",
                                     required=False, empty_label=None,
                                     help_text=_("The programme the report is about."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ohjelma"]
        field.queryset = Programme.objects.all()  # type: ignore[attr-defined]
        if field.queryset.count() < 2:  # type: ignore[attr-defined]
            field.widget = forms.HiddenInput()  # one programme: nothing to choose, the addresses stay as they were

    def clean_ohjelma(self):
        """The chosen programme; the default one when none is given (the old addresses)."""
        return self.cleaned_data.get("ohjelma") or Programme.objects.default()

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value < PROGRAMME_START:
            raise forms.ValidationError(
                _("The cut-off date is before the programme started on %(start)s."),
                params={"start": f"{PROGRAMME_START.day}.{PROGRAMME_START.month}.{PROGRAMME_START.year}"},
                code="before_start")
        return value


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = ActionAssessment
        fields = ["evidence_fi", "evidence_sv", "recommendation", "rationale_fi", "rationale_sv"]
        widgets = {
            "evidence_fi": forms.Textarea(attrs={"rows": 5}),
            "evidence_sv": forms.Textarea(attrs={"rows": 5}),
            "rationale_fi": forms.Textarea(attrs={"rows": 3}),
            "rationale_sv": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = [("", _("Not assessed yet")), *Recommendation.choices]


class KeyMessagesForm(forms.ModelForm):
    class Meta:
        model = KeyMessages
        fields = ["text_fi", "text_sv"]
        widgets = {"text_fi": forms.Textarea(attrs={"rows": 8}), "text_sv": forms.Textarea(attrs={"rows": 8})}
