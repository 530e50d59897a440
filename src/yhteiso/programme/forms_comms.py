"""Forms of communication: a project's news item, the communication plan, a campaign or communication action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.programme.forms import SHORT_TEXT, StaffForm
from yhteiso.programme.forms_progress import _reach_areas
from yhteiso.programme.models import CommsCampaign, CommsChannel, CommsPlan, ProjectNews


class ProjectNewsForm(StaffForm):
    class Meta:
        model = ProjectNews
        fields = ["title", "body", "published_on"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class CommsPlanForm(StaffForm):
    class Meta:
        model = CommsPlan
        fields = [f"{name}_{lang}" for name in ("goals", "key_messages", "audiences") for lang in ("fi", "sv", "en")]
        widgets = dict.fromkeys(fields, forms.Textarea(attrs={"rows": 4}))


class CommsCampaignForm(StaffForm):
    # not required here: the model says "choose at least one" (once, for the form and the service alike)
    channels = forms.MultipleChoiceField(label=_("Channels"), choices=CommsChannel.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = CommsCampaign
        fields = ["kind", "title_fi", "title_sv", "title_en", "status", "start_date", "end_date", "channels",
                  "audiences", "area", "reach_people", "reach_source", "evaluation", "rating"]
        widgets = {"kind": forms.RadioSelect, "status": forms.RadioSelect, "evaluation": SHORT_TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _reach_areas()  # type: ignore[attr-defined]
        self.fields["area"].empty_label = _("no particular area")  # type: ignore[attr-defined]
        self.fields["area"].help_text = _("Only if the communication was aimed at one area.")
        self.fields["kind"].choices = CommsCampaign._meta.get_field("kind").choices  # type: ignore[attr-defined]
        self.fields["status"].choices = CommsCampaign._meta.get_field("status").choices  # type: ignore[attr-defined]
        self.fields["rating"].help_text = _("Needed once the campaign or action has been carried out.")
        self.fields["reach_people"].widget.attrs["min"] = 0
