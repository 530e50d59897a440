"""Forms of money and partners: funding applications, partners, a partner's role in a project and in-kind work.
Amounts are localised (1 200,50 in Finnish and Swedish); everything works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.programme.forms import SHORT_TEXT, StaffForm, UserChoiceField, _active_users
from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Project,
    ProjectPartner,
    StakeholderGroup,
)
from yhteiso.programme.models_funding import WorkMeasure


def _without_spaces(data, fields: tuple[str, ...]):
    """Amounts as people type them: "180 000,00" with ordinary or no-break spaces between thousands."""
    if data is None:
        return None
    data = data.copy()
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            data[name] = "".join(value.split())
    return data


class ProjectsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class FundingApplicationForm(StaffForm):
    responsible_user = UserChoiceField(label=_("Responsible person"), queryset=_active_users(), required=False,
                                       help_text=_("The user who prepares the application and follows the call."))
    projects = ProjectsChoiceField(label=_("Projects"), queryset=Project.objects.none(), required=False,
                                   widget=forms.CheckboxSelectMultiple,
                                   help_text=_("The projects the funding is for."))

    class Meta:
        model = FundingApplication
        fields = ["source_kind", "funder", "call", "call_url", "deadline", "status", "amount_applied",
                  "amount_granted", "decision_date", "responsible_user", "projects", "note"]
        localized_fields = ["amount_applied", "amount_granted"]
        widgets = {"note": SHORT_TEXT}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_without_spaces(data, ("amount_applied", "amount_granted")), *args, **kwargs)
        self.fields["responsible_user"].queryset = _active_users()
        self.fields["projects"].queryset = Project.objects.order_by("-year", "name_fi")  # type: ignore[attr-defined]
        self.fields["deadline"].error_messages["required"] = _("Give the deadline of the call.")


class StakeholderGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PartnerForm(StaffForm):
    group = StakeholderGroupChoiceField(
        label=_("Partner or stakeholder group"), queryset=StakeholderGroup.objects.all(), required=False,
        empty_label=_("no group"),
        help_text=_("The group of the programme plan's Table 3; its role in the programme is shown with the "
                    "partner."))

    class Meta:
        model = Partner
        fields = ["name", "kind", "group", "role_note", "contact_role", "public_contact", "website", "active"]
        widgets = {"role_note": SHORT_TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.all()  # type: ignore[attr-defined]


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ProjectPartnerForm(StaffForm):
    partner = PartnerChoiceField(label=_("Partner"), queryset=Partner.objects.none())

    class Meta:
        model = ProjectPartner
        fields = ["partner", "role", "note"]

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        taken = project.partner_links.exclude(pk=self.instance.pk).values_list("partner_id", flat=True)
        self.fields["partner"].queryset = (  # type: ignore[attr-defined]
            Partner.objects.filter(active=True).exclude(pk__in=list(taken)).order_by("name"))


class InKindWorkForm(StaffForm):
    class Meta:
        model = InKindWork
        fields = ["unit", "measure", "amount", "period_start", "period_end", "note"]
        localized_fields = ["amount"]
        widgets = {"measure": forms.RadioSelect}

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(_without_spaces(data, ("amount",)), *args, **kwargs)
        self.fields["measure"].choices = WorkMeasure.choices  # type: ignore[attr-defined]  # radios: no "------"
