"""Forms of the steering group's report texts (staff)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteiso.governance.models import Meeting, MeetingStatus
from yhteiso.reports.models_narrative import Narrative


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["text_fi", "text_sv", "text_en"]
        widgets = {"text_fi": forms.Textarea(attrs={"rows": 10, "lang": "fi"}),
                   "text_sv": forms.Textarea(attrs={"rows": 10, "lang": "sv"}),
                   "text_en": forms.Textarea(attrs={"rows": 6, "lang": "en"})}
        help_texts = {"text_fi": _("An empty line between paragraphs."),
                      "text_sv": _("Needed before the text is sent to the steering group."),
                      "text_en": _("Optional.")}


class NarrativeSubmitForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Steering-group meeting"), queryset=Meeting.objects.none(),
        help_text=_("A new agenda item proposing that the steering group approves the text is added to this "
                    "meeting."))

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            **({"programme": programme} if programme is not None else {}),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
            date__gte=timezone.localdate()).order_by("date", "start_time")
