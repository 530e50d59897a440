"""Staff forms. They validate field by field (model rules included) and the views then call the services, which
validate again inside the transaction."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.inputs import year as as_year
from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    EntryKind,
    Indicator,
    IndicatorCell,
    Measurement,
    Programme,
    Project,
    ProjectStatus,
    ReportingDeadline,
    Risk,
    TargetGroup,
)

SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class AccessibleForm:
    """Adds ``aria-describedby`` for help texts and errors, and ``aria-invalid`` on fields with errors."""

    template_name = "programme/_form_fields.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(
                    filter(None, [f"id_{name}_error", attrs.get("aria-describedby", "")]))


class StaffForm(AccessibleForm, forms.ModelForm):

    def service_fields(self) -> dict:
        """Cleaned values of the model fields of this form (many-to-many fields excluded)."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields and k not in m2m}


class GoalForm(StaffForm):
    class Meta:
        model = BenefitGoal
        fields = ["number", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en"]


class IndicatorForm(StaffForm):
    class Meta:
        model = Indicator
        fields = ["goal", "code", "order", "name_fi", "name_sv", "name_en", "definition_fi", "definition_sv",
                  "definition_en", "unit", "data_source_fi", "data_source_sv", "data_source_en",
                  "baseline_text_fi", "target_text_fi", "target_text_sv", "target_text_en", "scale_min",
                  "scale_max", "data_owner"]
        widgets = dict.fromkeys(("definition_fi", "definition_sv", "definition_en", "baseline_text_fi",
                                 "target_text_fi", "target_text_sv", "target_text_en"), SHORT_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_owner"].queryset = get_user_model().objects.filter(
            Q(groups__name=PROGRAMME_STAFF) | Q(is_superuser=True)).distinct().order_by("last_name", "username")


class CellForm(StaffForm):
    class Meta:
        model = IndicatorCell
        fields = ["order", "label_fi", "label_sv", "label_en", "disaggregation", "area", "baseline_value",
                  "baseline_year", "baseline_date", "baseline_source", "target_kind", "target_value",
                  "target_value_max", "target_direction", "target_year", "tolerance", "reference_cell",
                  "population_group", "group", "next_measurement_year"]

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        others = indicator.cells.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["reference_cell"].queryset = others
        self.fields["area"].queryset = Area.objects.filter(
            level__in=[AreaLevel.CITY_CENTRE, AreaLevel.MAJOR_DISTRICT, AreaLevel.STATISTICAL_AREA,
                       AreaLevel.SMALL_AREA]).order_by("level", "name_fi")


class IndicatorMeasurementForm(StaffForm):
    class Meta:
        model = Measurement
        fields = ["value", "measured_on", "source", "source_url", "note"]
        widgets = {"note": SHORT_TEXT}


def user_label(user) -> str:
    """A user in a choice list: the full name with the user name, so that two people of the same name differ."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class ProjectForm(StaffForm):
    responsible_user = UserChoiceField(
        label=_("Responsible person (user)"), queryset=_active_users(), required=False,
        help_text=_("The user who files the project's progress reports. Keep the name as written below for "
                    "history."))
    deputies = UsersChoiceField(
        label=_("Deputies"), queryset=_active_users(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("They may also file progress reports and record pilots."))
    goals = forms.ModelMultipleChoiceField(
        label=_("Benefit goals"), queryset=BenefitGoal.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Link the project to at least one benefit goal.")},
        help_text=_("Every project must advance at least one benefit goal."))
    target_groups = forms.MultipleChoiceField(
        label=_("Priority target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple,
        required=False)
    target_areas = forms.ModelMultipleChoiceField(
        label=_("Target areas"), queryset=Area.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = Project
        fields = ["kind", "name_fi", "name_sv", "name_en", "intended_outputs", "proposer_type", "proposer_name",
                  "responsible_unit", "responsible_user", "deputies", "responsible_person", "partners", "year",
                  "planned_cost_min", "planned_cost_max", "cost_note", "start_date", "end_date", "external_id",
                  "portfolio_url"]
        widgets = {"intended_outputs": SHORT_TEXT, "partners": SHORT_TEXT, "cost_note": SHORT_TEXT}

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the goals offered are the lead programme's: the chosen one for a new project, the project's own after
        self.fields["goals"].queryset = BenefitGoal.objects.filter(
            programme=self.instance.programme if self.instance.pk else programme or Programme.objects.default())
        if not self.fields["goals"].queryset.exists():
            self.fields["goals"].help_text = _("This programme has no benefit goals yet: programme staff add them "
                                               "first.")
        areas = Area.objects.filter(level__in=[AreaLevel.CITY_CENTRE, AreaLevel.MAJOR_DISTRICT,
                                               AreaLevel.STATISTICAL_AREA])
        if self.instance.pk:
            areas = areas | Area.objects.filter(pk__in=self.instance.target_areas.values("pk"))
            self.initial.setdefault("goals", list(self.instance.goals.all()))
            self.initial.setdefault("target_areas", list(self.instance.target_areas.all()))
            self.initial.setdefault("target_groups", self.instance.target_group_codes)
            self.initial.setdefault("deputies", list(self.instance.deputies.all()))
        self.fields["target_areas"].queryset = areas.distinct().order_by("level", "name_fi")
        self.order_fields(["kind", "name_fi", "name_sv", "name_en", "goals", "intended_outputs", "target_groups",
                           "target_areas"])


class ProjectStatusForm(AccessibleForm, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(label=_("Reason or decision"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ProjectStatus(s).label) for s in project.allowed_statuses()]


class CommentForm(AccessibleForm, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class BudgetYearForm(StaffForm):
    class Meta:
        model = BudgetYear
        fields = ["year", "total", "source_note"]
        widgets = {"source_note": SHORT_TEXT}


class BudgetLineForm(StaffForm):
    class Meta:
        model = BudgetLine
        fields = ["order", "name_fi", "name_sv", "name_en", "amount"]

    def __init__(self, *args, budget_year: BudgetYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.budget_year = budget_year


class BudgetEntryForm(StaffForm):
    confirm_overspend = forms.BooleanField(
        label=_("I have read the warning and want to record this entry anyway"), required=False)

    class Meta:
        model = BudgetEntry
        fields = ["kind", "amount", "project", "entry_date", "note"]

    def __init__(self, *args, line: BudgetLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.line = line
        self.fields["kind"].choices = EntryKind.choices
        self.fields["project"].queryset = Project.objects.exclude(status=ProjectStatus.REJECTED)


class RiskForm(StaffForm):
    class Meta:
        model = Risk
        fields = ["title_fi", "title_sv", "title_en", "category", "description", "likelihood", "impact",
                  "mitigation", "owner", "next_review", "is_open"]
        widgets = {"description": SHORT_TEXT, "mitigation": SHORT_TEXT}


class DeadlineForm(StaffForm):
    class Meta:
        model = ReportingDeadline
        fields = ["kind", "year", "date", "when_fi", "when_sv", "when_en", "title_fi", "title_sv", "title_en",
                  "description_fi", "description_sv", "description_en", "done"]
        widgets = {"description_fi": SHORT_TEXT, "description_sv": SHORT_TEXT, "description_en": SHORT_TEXT}


# --- Targeting and effect follow-up (moved from knowledge/forms.py, issue 11) ----------------------------------


class TargetingForm(forms.Form):
    INDEX_CHOICES = [("sum_index", _("socioeconomic sum index (higher = more need)")),
                     ("status_index", _("status index (lower = more need)")),
                     ("combined", _("both together (equal weights)"))]
    level = forms.ChoiceField(label=_("Geography"), choices=())
    index = forms.ChoiceField(label=_("Rank by"), choices=INDEX_CHOICES, initial="sum_index")
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=(), required=False)
    exclude_flagged = forms.BooleanField(
        label=_("Leave out areas with a caveat"), required=False,
        help_text=_("Student areas and areas with very few residents; they are then listed below the ranking."))


class FollowupForm(forms.Form):
    """Project, geography, indicator and two periods. The periods are chosen from the years that have figures (the
    view sets the choices with :meth:`set_years`); the "after" period may be left empty while no figures exist from
    after the start. ``cleaned_data["before"]`` and ``["after"]`` are the lists of years with figures in each."""

    project = forms.TypedChoiceField(label=_("Project"), coerce=int, choices=())
    level = forms.ChoiceField(label=_("Geography"), choices=())
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())
    before_from = forms.TypedChoiceField(label=_("Before the start, from"), coerce=int, choices=())
    before_to = forms.TypedChoiceField(label=_("Before the start, to"), coerce=int, choices=())
    after_from = forms.TypedChoiceField(label=_("After the start, from"), coerce=int, choices=(), required=False,
                                        empty_value=None)
    after_to = forms.TypedChoiceField(label=_("After the start, to"), coerce=int, choices=(), required=False,
                                      empty_value=None)

    def set_years(self, years: list[int]) -> None:
        self.years = list(years)
        choices = [(y, str(y)) for y in years]
        self.fields["before_from"].choices = self.fields["before_to"].choices = choices
        self.fields["after_from"].choices = self.fields["after_to"].choices = [("", _("none yet")), *choices]

    @staticmethod
    def parse_years(text: str) -> list[int]:
        """Years written as ``2016``, ``2015–2017`` or ``2015,2017`` (the form's earlier text fields; old links)."""
        text = text.replace("–", "-").replace(" ", "")
        years: list[int] = []
        for part in filter(None, text.split(",")):
            lo, _dash, hi = part.partition("-")
            hi = hi if _dash else lo
            first, last = as_year(lo), as_year(hi)  # four ASCII digits each: 0-9999999999 is no range
            if first is None or last is None or last < first:
                raise forms.ValidationError(_("Write years like 2016 or 2015–2017."))
            years.extend(range(first, last + 1))
        if not years:
            raise forms.ValidationError(_("Give at least one year."))
        return years

    def clean(self):
        data = super().clean()
        years = getattr(self, "years", [])
        b0, b1, a0, a1 = (data.get(k) for k in ("before_from", "before_to", "after_from", "after_to"))
        if b0 is not None and b1 is not None:
            if b1 < b0:
                self.add_error("before_to", _("The last year cannot come before the first."))
            data["before"] = [y for y in years if b0 <= y <= b1]
        if (a0 is None) != (a1 is None):
            self.add_error("after_to" if a1 is None else "after_from",
                           _("Choose both the first and the last year after the start, or neither."))
        elif a0 is not None and a1 is not None:
            if a1 < a0:
                self.add_error("after_to", _("The last year cannot come before the first."))
            data["after"] = [y for y in years if a0 <= y <= a1]
            if b1 is not None and a0 <= b1:
                self.add_error("after_from", _("The years after must all come after the years before."))
        data.setdefault("after", [])
        return data
