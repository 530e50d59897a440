from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteiso.governance.models import (
    AgendaItem,
    DecisionOutcome,
    Meeting,
    ProgrammeOfficePerson,
    SteeringGroupMember,
)
from yhteiso.programme.models import BudgetLine, Programme, Project, ProjectStatus
from yhteiso.programme.selectors import budget_overspend_warning


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class _ProgrammeChoice:
    """The programme whose steering group the row belongs to (issue 14 item 9): one person may sit on several
    groups, with one row each. Left empty: the row's own programme, or the default one for a new row."""

    def _programme_field(self) -> None:
        field = self.fields["programme"]
        field.required = False
        field.empty_label = None
        field.queryset = Programme.objects.all()
        field.initial = self.instance.programme_id if self.instance.pk else Programme.objects.default().pk

    def clean_programme(self):
        programme = self.cleaned_data.get("programme")
        if programme is None:
            programme = self.instance.programme if self.instance.pk else Programme.objects.default()
        return programme


class MemberForm(_ProgrammeChoice, forms.ModelForm):
    class Meta:
        model = SteeringGroupMember
        fields = ["programme", "name", "role", "group", "title", "organisation", "deputy_of", "acting_for",
                  "term_start", "term_end", "note", "user", "order"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = SteeringGroupMember.objects.exclude(pk=self.instance.pk) if self.instance.pk \
            else SteeringGroupMember.objects.all()
        self.fields["deputy_of"].queryset = others.filter(deputy_of__isnull=True).order_by("order", "id")
        self.fields["acting_for"].queryset = others.filter(deputy_of__isnull=True).order_by("order", "id")
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["user"].label_from_instance = lambda u: u.get_username()
        self._programme_field()


class MeetingForm(_ProgrammeChoice, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["programme", "date", "start_time", "end_time", "place", "title", "agenda_lead_days", "is_ideation",
                  "is_example"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._programme_field()


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "description", "proposal", "project", "requires_impact_assessment"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "proposal": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.order_by("-year", "id")
        self.fields["project"].empty_label = _("(no project)")


class AgendaAttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document"), help_text=_(
        "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text; at most 10 MB. The materials are "
        "e-mailed to the members with the agenda."))


class AgendaSendForm(forms.Form):
    sent_date = forms.DateField(label=_("Date the agenda was sent"), widget=DateInput())
    sent_time = forms.TimeField(label=_("Time the agenda was sent"), widget=TimeInput())
    email_members = forms.BooleanField(
        label=_("E-mail the agenda (with the PDF) to the members and deputies now"), required=False, initial=True,
        help_text=_("Leave this out if the agenda already went out by other means."))

    def __init__(self, *args, **kwargs):
        now = timezone.localtime()
        kwargs.setdefault("initial", {"sent_date": now.date(),
                                      "sent_time": now.time().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)

    def sent_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["sent_date"],
                                                       self.cleaned_data["sent_time"]))


class AttendanceForm(forms.Form):
    """The meeting's actual start and end, and for each member and deputy: present or not, from when to when."""

    start_time = forms.TimeField(label=_("Meeting started at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Meeting ended at"), widget=TimeInput())

    def __init__(self, *args, meeting: Meeting, members, **kwargs):
        self.meeting = meeting
        self.members = list(members)
        existing = {a.member_id: a for a in meeting.attendances.all()}
        initial = {"start_time": meeting.start_time, "end_time": meeting.end_time}
        for m in self.members:
            row = existing.get(m.pk)
            initial[f"present_{m.pk}"] = row is not None
            initial[f"from_{m.pk}"] = row.present_from if row else None
            initial[f"until_{m.pk}"] = row.present_until if row else None
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for m in self.members:
            name = str(m)
            self.fields[f"present_{m.pk}"] = forms.BooleanField(
                label=_("%(name)s present") % {"name": name}, required=False)
            self.fields[f"from_{m.pk}"] = forms.TimeField(
                label=_("%(name)s: present from") % {"name": name}, required=False, widget=TimeInput())
            self.fields[f"until_{m.pk}"] = forms.TimeField(
                label=_("%(name)s: present until") % {"name": name}, required=False, widget=TimeInput())

    def rows(self):
        for m in self.members:
            yield m, self[f"present_{m.pk}"], self[f"from_{m.pk}"], self[f"until_{m.pk}"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        self.attendances = []
        for m in self.members:
            if not data.get(f"present_{m.pk}"):
                continue
            present_from = data.get(f"from_{m.pk}") or start
            present_until = data.get(f"until_{m.pk}") or end
            if present_from and present_until and present_until <= present_from:
                self.add_error(f"until_{m.pk}", _("%(name)s: the time of leaving must be after the time of "
                                                   "arrival.") % {"name": m})
                continue
            if present_from and present_until:
                self.attendances.append((m, present_from, present_until))
        if not self.errors and not self.attendances:
            raise forms.ValidationError(_("Mark at least one member as present."))
        return data


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    project_status = forms.ChoiceField(
        label=_("New status of the project"), required=False,
        help_text=_("The decision changes the linked project's status to this."))
    budget_line = forms.ModelChoiceField(
        label=_("Commit budget from line"), queryset=BudgetLine.objects.none(), required=False,
        empty_label=_("(no budget commitment)"))
    budget_amount = forms.DecimalField(label=_("Amount to commit (€)"), required=False, min_value=0,
                                       max_digits=12, decimal_places=2)
    confirm_overspend = forms.BooleanField(
        label=_("I confirm: the steering group decided to commit this amount even though it overspends the line."),
        required=False)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.overspend_warning = None
        if item.project_id is None:
            del self.fields["project_status"]
        else:
            allowed = set(item.project.allowed_statuses())
            self.fields["project_status"].choices = [("", _("(no change)"))] + [
                (value, label) for value, label in ProjectStatus.choices if value in allowed]
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related("budget_year")
        if item.proposal and not self.is_bound:
            self.initial.setdefault("text", item.proposal)

    def clean(self):
        data = super().clean()
        line, amount = data.get("budget_line"), data.get("budget_amount")
        if line is not None and amount is None and "budget_amount" not in self.errors:
            self.add_error("budget_amount", _("Give the amount to commit from the chosen line."))
        elif amount is not None and line is None:
            self.add_error("budget_line", _("Choose the budget line the amount is committed from."))
        elif line is not None and amount is not None:
            if amount <= 0:
                self.add_error("budget_amount", _("The amount must be greater than zero."))
            else:
                self.overspend_warning = budget_overspend_warning(line=line, amount=amount)
                if self.overspend_warning and not data.get("confirm_overspend"):
                    self.add_error("confirm_overspend", _(
                        "The commitment would overspend the budget line. Tick the confirmation to record the "
                        "decision anyway."))
        return data


class MinutesDraftForm(forms.Form):
    checker = forms.ModelChoiceField(
        label=_("Minutes checker"), queryset=SteeringGroupMember.objects.none(),
        help_text=_("Only members and deputies who attended the whole meeting can be chosen."))
    body = forms.CharField(label=_("Minutes text"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Opening, quorum and other matters besides the decisions on the items."))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone who attended is offered; the service refuses anyone who did not attend the whole meeting, with
        # a message that says why.
        self.fields["checker"].queryset = SteeringGroupMember.objects.filter(
            attendances__meeting=meeting).order_by("order", "id")


# --- the year's meeting plan ----------------------------------------------------------------------------------------

MEETING_PLAN_FORM_ROWS = 10


class MeetingPlanForm(forms.Form):
    """What every meeting of the year's plan shares: the year, the usual time and place, the agenda lead time."""

    programme = forms.ModelChoiceField(label=_("programme"), queryset=Programme.objects.none(), empty_label=None,
                                       required=False,
                                       help_text=_("The meetings go into this programme's steering group."))
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    start_time = forms.TimeField(label=_("starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("ends at"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    agenda_lead_days = forms.IntegerField(label=_("agenda lead time (days)"), min_value=0, max_value=60,
                                          initial=7)

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        """``programme``: the one chosen beforehand (``?ohjelma=``), the default programme without it (issue 14
        item 9)."""
        super().__init__(*args, **kwargs)
        self._programme = programme or Programme.objects.default()
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["programme"].initial = self._programme.pk

    def clean_programme(self) -> Programme:
        """Left out of the form: the programme chosen beforehand."""
        return self.cleaned_data.get("programme") or self._programme

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class MeetingPlanRowForm(forms.Form):
    """One meeting of the plan; a row left empty is skipped."""

    date = forms.DateField(label=_("date"), widget=DateInput())
    start_time = forms.TimeField(label=_("other start time"), widget=TimeInput(), required=False)
    title = forms.CharField(label=_("meeting title"), max_length=200, required=False)
    is_ideation = forms.BooleanField(label=_("ideation meeting"), required=False)


MeetingPlanRows = forms.formset_factory(MeetingPlanRowForm, extra=MEETING_PLAN_FORM_ROWS,
                                        max_num=MEETING_PLAN_FORM_ROWS, absolute_max=MEETING_PLAN_FORM_ROWS,
                                        validate_max=True)


class ProgrammeOfficePersonForm(forms.ModelForm):
    class Meta:
        model = ProgrammeOfficePerson
        fields = ["name", "kind", "role_fi", "role_sv", "role_en", "organisation", "email", "phone", "user", "order",
                  "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["user"].label_from_instance = lambda u: u.get_username()
