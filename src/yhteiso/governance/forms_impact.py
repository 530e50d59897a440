"""Forms of segregation impact assessments. The rules live in the model and the service; the form turns the posted
text into values and shows the service's messages on the fields they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area
from yhteiso.governance import selectors_impact as selectors
from yhteiso.governance.forms import DateInput
from yhteiso.governance.models import AgendaItem, ImpactAssessment, PopulationGroup, ReviewOutcome
from yhteiso.programme.models import Project


class ImpactAssessmentForm(forms.ModelForm):
    population_groups = forms.MultipleChoiceField(
        label=_("Population groups touched"), choices=PopulationGroup.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one population group.")})
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas touched"), queryset=Area.objects.none(),
        help_text=_("Choose the areas of the area hierarchy (or postal code areas) the decision or action touches. "
                    "Their figures in the knowledge base are shown on the assessment and frozen into it when it is "
                    "submitted."),
        error_messages={"required": _("Choose at least one area the decision or action touches."),
                        "invalid_choice": _("Unknown area: %(value)s."),
                        "invalid_pk_value": _("Unknown area: %(pk)s.")})
    catchments = forms.ModelMultipleChoiceField(
        label=_("School catchment areas touched"), queryset=selectors.catchment_choices().none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown catchment area: %(value)s."),
                        "invalid_pk_value": _("Unknown catchment area: %(pk)s.")})

    class Meta:
        model = ImpactAssessment
        fields = ["title", "description", "agenda_item", "project", "areas", "population_groups", "groups_note",
                  "mixing_effect", "mixing_reasons", "services_effect", "services_reasons", "catchments",
                  "catchment_effect", "catchment_reasons", "mitigations", "prepared_by_name", "followup_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "groups_note": forms.Textarea(attrs={"rows": 3}),
            "mixing_effect": forms.RadioSelect, "services_effect": forms.RadioSelect,
            "catchment_effect": forms.RadioSelect,
            "mixing_reasons": forms.Textarea(attrs={"rows": 3}),
            "services_reasons": forms.Textarea(attrs={"rows": 3}),
            "catchment_reasons": forms.Textarea(attrs={"rows": 3}),
            "mitigations": forms.Textarea(attrs={"rows": 3}),
            "followup_date": DateInput(),
        }
        help_texts = {
            "mixing_reasons": _("Why: which residents will meet (or stop meeting) each other, where and how often."),
            "services_reasons": _("Services located in or used by residents of the areas in the weakest decile."),
            "catchment_reasons": _("Say why, also when there is no effect."),
            "mitigations": _("Required when an effect is adverse: how it is prevented or reduced."),
        }

    # Fields shown in their own fieldsets by the template, in this order.
    GROUPS = (
        (_("The decision or action"), ("title", "description", "agenda_item", "project")),
        (_("Who and where"), ("areas", "population_groups", "groups_note")),
        (_("Expected effects"), ("mixing_effect", "mixing_reasons", "services_effect", "services_reasons",
                                 "catchments", "catchment_effect", "catchment_reasons")),
        (_("Mitigations and follow-up"), ("mitigations", "prepared_by_name", "followup_date")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(level__in=selectors.ASSESSMENT_LEVELS, division="")
        self.fields["catchments"].queryset = selectors.catchment_choices()
        self.fields["catchments"].label_from_instance = lambda c: f"{c.code} – {c.school.name}" + (
            f" ({_('example data')})" if c.source.is_example else "")
        self.fields["agenda_item"].queryset = (AgendaItem.objects.filter(decision__isnull=True)
                                               .select_related("meeting").order_by("-meeting__date", "number"))
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.meeting}: {i}"
        self.fields["agenda_item"].empty_label = _("(not attached yet)")
        self.fields["project"].queryset = Project.objects.order_by("-year", "id")
        self.fields["project"].empty_label = _("(no project)")
        for name in ("mixing_effect", "services_effect", "catchment_effect"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.pk and not self.is_bound:
            self.initial["areas"] = [a.pk for a in self.instance.areas.all()]
            self.initial["catchments"] = [c.pk for c in self.instance.catchments.all()]

    def _post_clean(self):
        super()._post_clean()
        # The model repeats some of the form's own checks (for the service): show each message once.
        for name, errors in list(self._errors.items()):
            unique = list(dict.fromkeys(errors))
            if len(unique) != len(errors):
                self._errors[name] = self.error_class(unique)

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def selected_areas(self) -> set[str]:
        value = self["areas"].value() or []
        return {str(v) for v in value}

    def has_catchments_selected(self) -> bool:
        return bool(self["catchments"].value())

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("areas", None)
        data.pop("catchments", None)
        return data


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("The steering group's review"), choices=ReviewOutcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           help_text=_("What the group concluded; for “needs changes”, what must change."))
