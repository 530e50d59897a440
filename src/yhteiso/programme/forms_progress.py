"""Forms of project owners: progress reports (with rows of people reached and one attachment per submission)
and pilots. They work without JavaScript: the people-reached rows are a fixed number of plain fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.programme.forms import SHORT_TEXT, StaffForm
from yhteiso.programme.models import Pilot, ProgressReport, ReachGroup, ReportingDeadline, TrafficLight
from yhteiso.programme.selectors_programmes import default_programme
from yhteiso.programme.selectors_progress import pilot_indicators

#: Rows of people reached offered on the form (empty rows are ignored).
REACH_ROWS = 6


def _reach_areas():
    return Area.objects.filter(level__in=[AreaLevel.CITY_CENTRE, AreaLevel.MAJOR_DISTRICT,
                                          AreaLevel.STATISTICAL_AREA]).order_by("level", "name_fi")


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class DeadlineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.date:%d.%m.%Y} – {obj.title}" if obj.date else obj.title


class ProgressReportForm(StaffForm):
    deadline = DeadlineChoiceField(label=_("Reporting period"), queryset=ReportingDeadline.objects.none(),
                                   help_text=_("The reporting deadline this report is for."))
    file = forms.FileField(label=_("Attach a document"), required=False,
                           help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text; at most "
                                       "10 MB. Add more documents by saving again."))

    class Meta:
        model = ProgressReport
        fields = ["deadline", "status", "status_note", "milestones_done", "milestones_next", "outputs",
                  "costs_incurred", "problems"]
        localized_fields = ["costs_incurred"]  # 1 200,50 in Finnish and Swedish
        widgets = {"status": forms.RadioSelect, "status_note": SHORT_TEXT, "milestones_done": SHORT_TEXT,
                   "milestones_next": SHORT_TEXT, "outputs": SHORT_TEXT, "problems": SHORT_TEXT}

    def __init__(self, *args, creating: bool = True, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = TrafficLight.choices  # type: ignore[attr-defined]  # radios: no "------"
        if creating:
            self.fields["deadline"].queryset = (  # type: ignore[attr-defined]
                ReportingDeadline.objects.filter(date__isnull=False, programme=programme or default_programme())
                .order_by("date"))
        else:
            del self.fields["deadline"]
        areas = _reach_areas()
        group_choices = [("", _("– choose –")), *ReachGroup.choices]
        existing = list(self.instance.reach_rows.select_related("area")) if self.instance.pk else []
        for i in range(max(REACH_ROWS, len(existing) + 2)):
            row = existing[i] if i < len(existing) else None
            self.fields[f"reach_{i}_group"] = forms.ChoiceField(
                label=_("Group"), choices=group_choices, required=False, initial=row.group if row else "")
            self.fields[f"reach_{i}_area"] = forms.ModelChoiceField(
                label=_("Area"), queryset=areas, required=False, empty_label=_("no particular area"),
                initial=row.area_id if row else None)
            self.fields[f"reach_{i}_people"] = forms.IntegerField(
                label=_("People reached"), min_value=1, max_value=10_000_000, required=False,
                initial=row.people if row else None)
        self.reach_count = max(REACH_ROWS, len(existing) + 2)

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("reach_") and name != "file"]

    def reach_rows(self):
        return [(i + 1, self[f"reach_{i}_group"], self[f"reach_{i}_area"], self[f"reach_{i}_people"])
                for i in range(self.reach_count)]

    def clean(self):
        data = super().clean()
        for i in range(self.reach_count):
            group, area, people = (data.get(f"reach_{i}_group"), data.get(f"reach_{i}_area"),
                                   data.get(f"reach_{i}_people"))
            if (group or area or people) and not group:
                self.add_error(f"reach_{i}_group", _("Row %(row)s: choose a group.") % {"row": i + 1})
            if group and not people and f"reach_{i}_people" not in self.errors:
                self.add_error(f"reach_{i}_people", _("Row %(row)s: give the number of people.") % {"row": i + 1})
        return data

    def reach(self) -> list[tuple]:
        data = self.cleaned_data
        return [(data[f"reach_{i}_group"], data[f"reach_{i}_area"], data[f"reach_{i}_people"])
                for i in range(self.reach_count) if data.get(f"reach_{i}_group")]

    def service_fields(self) -> dict:
        fields = super().service_fields()
        fields.pop("deadline", None)
        return fields


class PilotForm(StaffForm):
    indicator = IndicatorChoiceField(
        label=_("Counts towards indicator"), queryset=pilot_indicators(), required=False,
        empty_label=_("none of the pilot counts"),
        help_text=_("Once the pilot is completed and evaluated, it adds one to this indicator's count of pilots."))

    class Meta:
        model = Pilot
        fields = ["name", "indicator", "area", "status", "start_date", "end_date", "evaluation_method", "findings",
                  "positive_mechanisms"]
        widgets = {"status": forms.RadioSelect, "evaluation_method": SHORT_TEXT, "findings": SHORT_TEXT,
                   "positive_mechanisms": SHORT_TEXT}

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = pilot_indicators(project)
        self.fields["area"].queryset = _reach_areas()
        self.fields["area"].empty_label = _("no particular area")

