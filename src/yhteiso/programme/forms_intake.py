"""Forms of the proposal intake: the proposal, staff's return message, a member's appraisal and the steering
group's decision with its conditions. They validate field by field; the services validate again in the
transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.programme.forms import SHORT_TEXT, AccessibleForm
from yhteiso.programme.models import BenefitGoal, Programme, ProposerType, TargetGroup
from yhteiso.programme.models_intake import APPRAISAL_CRITERIA, SCORE_MAX, SCORE_MIN, SteeringOutcome

LONG_TEXT = forms.Textarea(attrs={"rows": 5})


def _euro_field(label, help_text=""):
    return forms.DecimalField(label=label, required=False, min_value=Decimal(0), max_digits=12, decimal_places=2,
                              help_text=help_text)


class ProposalForm(AccessibleForm, forms.Form):
    name_fi = forms.CharField(label=_("Title of the project"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=LONG_TEXT, max_length=10000,
                                  help_text=_("What would be done, with whom, where and when."))
    goals = forms.ModelMultipleChoiceField(
        label=_("Benefit goals"), queryset=BenefitGoal.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Link the project to at least one benefit goal.")},
        help_text=_("Every project must advance at least one of the programme's benefit goals."))
    intended_outputs = forms.CharField(label=_("Intended outputs and results"), widget=SHORT_TEXT,
                                       max_length=5000, required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Priority target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple,
        required=False)
    target_areas = forms.ModelMultipleChoiceField(
        label=_("Target areas"), queryset=Area.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty when the project concerns the whole city."))
    planned_cost_min = _euro_field(_("Cost estimate, lower (€)"), _("Costs to the programme, excluding the city's "
                                                               "internal work."))
    planned_cost_max = _euro_field(_("Cost estimate, upper (€)"))
    funding_sought = _euro_field(_("Funding sought from the programme (€)"))
    units_involved = forms.CharField(
        label=_("City units and partners involved"), widget=SHORT_TEXT, max_length=5000, required=False,
        help_text=_("The programme prefers work done together by several city units or with partners."))
    line_work_difference = forms.CharField(
        label=_("How it differs from ordinary line work"), widget=SHORT_TEXT, max_length=5000,
        help_text=_("The programme takes on work that would not happen through line work and is not already "
                    "ordinary city work."))
    proposer_type = forms.ChoiceField(
        label=_("You propose as"),
        choices=[(value, label) for value, label in ProposerType.choices if value != ProposerType.RESIDENTS])
    proposer_name = forms.CharField(label=_("Proposer (unit or organisation and name)"), max_length=300,
                                    required=False, help_text=_("Empty: your name on your account."))
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=300, required=False)

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the goals of the programme proposed to (the default one unless the page chose another)
        self.fields["goals"].queryset = BenefitGoal.objects.filter(programme=programme or Programme.objects.default())
        if not self.fields["goals"].queryset.exists():
            self.fields["goals"].help_text = _("This programme has no benefit goals yet: programme staff add them "
                                               "first.")
        self.fields["target_areas"].queryset = Area.objects.filter(
            level__in=[AreaLevel.CITY_CENTRE, AreaLevel.MAJOR_DISTRICT, AreaLevel.STATISTICAL_AREA]
        ).order_by("level", "name_fi")

    def clean(self):
        data = super().clean()
        low, high = data.get("planned_cost_min"), data.get("planned_cost_max")
        if low is not None and high is not None and high < low:
            self.add_error("planned_cost_max", _("The upper estimate must be at least the lower estimate."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {"goals": list(data.pop("goals")), "target_areas": list(data.pop("target_areas")),
                "target_groups": data.pop("target_groups"), **data}

    @classmethod
    def initial_for(cls, proposal) -> dict:
        project = proposal.project
        initial = {name: getattr(project, name) for name in (
            "name_fi", "intended_outputs", "planned_cost_min", "planned_cost_max", "proposer_type",
            "proposer_name", "responsible_unit")}
        initial.update({name: getattr(proposal, name) for name in (
            "description", "funding_sought", "units_involved", "line_work_difference")})
        initial.update(goals=list(project.goals.all()), target_areas=list(project.target_areas.all()),
                       target_groups=project.target_group_codes)
        return initial


class ReturnForm(AccessibleForm, forms.Form):
    message = forms.CharField(label=_("Message to the proposer"), widget=SHORT_TEXT, max_length=5000,
                              help_text=_("What information is missing or should be clarified."))


class ToAppraisalForm(AccessibleForm, forms.Form):
    message = forms.CharField(label=_("Note to the proposer (optional)"), widget=SHORT_TEXT, max_length=5000,
                              required=False)


SCORE_CHOICES = [(n, str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class AppraisalForm(AccessibleForm, forms.Form):
    """A score on each of the plan's criteria, 1 (weak) to 5 (strong), and written reasons."""

    reasons = forms.CharField(label=_("Reasons"), widget=LONG_TEXT, max_length=10000,
                              help_text=_("Give the reasons for your scores; they are listed for the meeting."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {}
        for name, label in APPRAISAL_CRITERIA:
            criteria[name] = forms.TypedChoiceField(
                label=label, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
                help_text=_("1 = weak, 5 = strong"),
                error_messages={"required": _("Give a score from 1 to 5.")})
        self.fields = {**criteria, **self.fields}
        for name in criteria:
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_help"

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name, _label in APPRAISAL_CRITERIA}


class SteeringDecisionForm(AccessibleForm, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SteeringOutcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Date of the decision"), initial=dt.date.today,
                                 widget=forms.DateInput())
    reference = forms.CharField(label=_("Meeting and agenda item"), max_length=300, required=False,
                                help_text=_("For example: steering group 12.3.2026, § 4."))
    reasons = forms.CharField(label=_("Reasons"), widget=LONG_TEXT, max_length=10000)
    funding_confirmed = forms.BooleanField(label=_("Condition met: funding confirmed"), required=False)
    responsibilities_agreed = forms.BooleanField(label=_("Condition met: responsibilities agreed"),
                                                 required=False)
    conditions_note = forms.CharField(label=_("Other conditions"), widget=SHORT_TEXT, max_length=5000,
                                      required=False)


class ConditionsForm(AccessibleForm, forms.Form):
    funding_confirmed = forms.BooleanField(label=_("Funding confirmed"), required=False)
    responsibilities_agreed = forms.BooleanField(label=_("Responsibilities agreed"), required=False)
    conditions_note = forms.CharField(label=_("Other conditions"), widget=SHORT_TEXT, max_length=5000,
                                      required=False)
