"""The programme's domain: benefit goals, indicators and their cells, measurements, projects and actions,
the budget, the risk register and the reporting calendar.

Content in several languages uses plain ``*_fi``, ``*_sv``, ``*_en`` fields; :meth:`Localized.localized` picks the
current language and falls back to Finnish (the plan's own language). Writes go through ``services.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from yhteiso.core.localisation import Localized
from yhteiso.knowledge import groups as population_groups
from yhteiso.programme.models_programmes import (  # noqa: F401
    Programme,
    ProgrammeRowMixin,
    ProgrammeShare,
    default_programme_id,
)

# --- Benefit goals and indicators -------------------------------------------------------------------------------


class BenefitGoal(ProgrammeRowMixin, Localized, models.Model):
    """One of the programme's benefit goals (hyötytavoite)."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="goals")
    number = models.PositiveSmallIntegerField(_("number"))
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("benefit goal")
        verbose_name_plural = _("benefit goals")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_goal_number_unique",
                                    violation_error_message=_("The programme already has a goal with this "
                                                              "number.")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.localized('name')}"

    @property
    def name(self) -> str:
        return self.localized("name")


class IndicatorUnit(models.TextChoices):
    SCORE_100 = "score_100", _("score 0–100")
    SCORE_5 = "score_5", _("mean on a scale of 1–5")
    PERCENT = "percent", _("per cent")
    NPS = "nps", _("recommendation index (NPS, −100…100)")
    COUNT = "count", _("count")
    RATIO = "ratio", _("ratio")
    QUALITATIVE = "qualitative", _("qualitative assessment")


#: The scale each unit implies (lowest, highest); ``None`` is open. Qualitative indicators take no numbers.
UNIT_SCALES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    IndicatorUnit.SCORE_100: (Decimal(0), Decimal(100)),
    IndicatorUnit.SCORE_5: (Decimal(1), Decimal(5)),
    IndicatorUnit.PERCENT: (Decimal(0), Decimal(100)),
    IndicatorUnit.NPS: (Decimal(-100), Decimal(100)),
    IndicatorUnit.COUNT: (Decimal(0), None),
    IndicatorUnit.RATIO: (Decimal(0), Decimal(1)),
    IndicatorUnit.QUALITATIVE: (None, None),
}

#: The programme's active period (the plan: from the beginning of 2026 to the end of 2028). Measurements must be
#: dated inside it; the final measurement "at the end of the programme, early 2029" is allowed up to mid-2029.
PROGRAMME_START = dt.date(2026, 1, 1)
PROGRAMME_END = dt.date(2029, 6, 30)


class Indicator(Localized, models.Model):
    """A measure of progress towards a benefit goal (mittari). Its values live in :class:`IndicatorCell` rows, one
    per disaggregation cell (all of Espoo, an age group, an area, a population group).

    The code ("1.1") is unique within the goal's programme, not installation-wide: two programmes may both have an
    indicator 1.1. ``programme`` copies the goal's programme (filled at validation and save time) so that the
    database can hold that rule; look an indicator up by code only together with its programme."""

    goal = models.ForeignKey(BenefitGoal, verbose_name=_("benefit goal"), on_delete=models.PROTECT,
                             related_name="indicators")
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True, editable=False,
                                  on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=10, help_text=_("For example 1.2"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_fi = models.CharField(_("name in Finnish"), max_length=400)
    name_sv = models.CharField(_("name in Swedish"), max_length=400, blank=True)
    name_en = models.CharField(_("name in English"), max_length=400, blank=True)
    definition_fi = models.TextField(_("definition in Finnish"), blank=True)
    definition_sv = models.TextField(_("definition in Swedish"), blank=True)
    definition_en = models.TextField(_("definition in English"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=IndicatorUnit.choices)
    data_source_fi = models.CharField(_("data source in Finnish"), max_length=300, blank=True)
    data_source_sv = models.CharField(_("data source in Swedish"), max_length=300, blank=True)
    data_source_en = models.CharField(_("data source in English"), max_length=300, blank=True)
    baseline_text_fi = models.TextField(
        _("baseline as written in the plan"), blank=True,
        help_text=_("The plan's own words on the baseline and its source."))
    target_text_fi = models.TextField(_("target in Finnish"), blank=True)
    target_text_sv = models.TextField(_("target in Swedish"), blank=True)
    target_text_en = models.TextField(_("target in English"), blank=True)
    scale_min = models.DecimalField(
        _("lowest value on the scale"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Values below this are refused. Empty: no lower limit."))
    scale_max = models.DecimalField(
        _("highest value on the scale"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Values above this are refused. Empty: no upper limit."))
    data_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("data owner"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_indicators",
        help_text=_("The person who answers for this indicator's values and may approve new measurements."))

    class Meta:
        ordering = ["goal__number", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="programme_indicator_code_unique",
                                    violation_error_message=_("The programme already has an indicator with this "
                                                              "code.")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localized('name')}"

    def save(self, *args, **kwargs):
        self._fill_programme()
        return super().save(*args, **kwargs)

    def _fill_programme(self) -> None:
        """The goal's programme (the default one for a goal without a programme)."""
        if self.goal_id is not None:
            goal_programme = BenefitGoal.objects.filter(pk=self.goal_id).values_list("programme_id", flat=True).first()
            self.programme_id = goal_programme or default_programme_id()
        elif self.programme_id is None:
            self.programme_id = default_programme_id()

    def clean(self) -> None:
        self._fill_programme()
        if self.code and Indicator.objects.filter(programme_id=self.programme_id, code=self.code).exclude(
                pk=self.pk).exists():
            raise ValidationError({"code": _("The programme already has an indicator with the code %(code)s.") % {
                "code": self.code}})

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def disaggregations(self) -> list[str]:
        """The kinds of disaggregation used by this indicator's cells, in a fixed order."""
        kinds = {c.disaggregation for c in self.cells.all()}
        return [k for k in Disaggregation.values if k in kinds]


class Disaggregation(models.TextChoices):
    CITY = "city", _("whole city")
    AREA = "area", _("area")
    AGE_GROUP = "age_group", _("age group")
    POPULATION_GROUP = "population_group", _("population group")


class TargetKind(models.TextChoices):
    NONE = "none", _("no target")
    NUMBER = "number", _("a number")
    DIRECTION = "direction", _("a direction")
    CONVERGE = "converge", _("converges towards the city average")
    PILOT_COUNT = "pilot_count", _("a count of pilots")
    CAMPAIGN_COUNT = "campaign_count", _("a count of communication campaigns")
    QUALITATIVE = "qualitative", _("qualitative")


class Direction(models.TextChoices):
    INCREASING = "increasing", _("increasing")
    DECREASING = "decreasing", _("decreasing")


class IndicatorCell(Localized, models.Model):
    """One indicator × one disaggregation cell, with its baseline and its target."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="cells")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    disaggregation = models.CharField(_("disaggregation"), max_length=20, choices=Disaggregation.choices,
                                      default=Disaggregation.CITY)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200, blank=True)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="indicator_cells")
    reference_cell = models.ForeignKey(
        "self", verbose_name=_("reference cell (city average)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="referring_cells",
        help_text=_("For targets that converge towards the city average: the cell holding that average."))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4, null=True,
                                         blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    baseline_date = models.DateField(
        _("baseline date"), null=True, blank=True,
        help_text=_("The date the baseline describes, when known more precisely than the year."))
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    target_kind = models.CharField(_("kind of target"), max_length=20, choices=TargetKind.choices,
                                   default=TargetKind.NONE)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True,
                                       blank=True)
    target_value_max = models.DecimalField(
        _("upper end of the target"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Only for a range such as 1–2 pilots."))
    target_direction = models.CharField(_("target direction"), max_length=20, choices=Direction.choices,
                                        blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The target applies at the start of this year (the plan: “at the end of the programme, "
                    "early 2029”)."))
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=14, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("How far below the expected path a value may be and still count as on track, in the "
                    "indicator's unit. Empty: a tenth of the planned change."))
    population_group = models.CharField(
        _("population group"), max_length=200, blank=True,
        help_text=_("Whom the cell measures, for example residents aged 15–29. Empty: everyone."))
    group = models.CharField(
        _("population group in the statistics"), max_length=40, blank=True, choices=population_groups.choices,
        help_text=_("The same group as in the knowledge base's statistics by group, so that the cell can be compared "
                    "with them. Empty: the whole population, or a group the statistics do not have."))
    next_measurement_year = models.PositiveSmallIntegerField(
        _("next measurement due (year)"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Until the end of this year, a cell without a new measurement reads “next measurement "
                    "due” rather than “not enough data”."))

    class Meta:
        ordering = ["indicator__goal__number", "indicator__order", "indicator__code", "order", "id"]
        verbose_name = _("indicator cell")
        verbose_name_plural = _("indicator cells")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "label_fi"], name="programme_cell_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.localized('label')}"

    @property
    def label(self) -> str:
        return self.localized("label")

    @property
    def baseline_reference_date(self) -> dt.date | None:
        """The date from which later measurements count: ``baseline_date``, else 31 December of the baseline
        year."""
        if self.baseline_date:
            return self.baseline_date
        if self.baseline_year:
            return dt.date(self.baseline_year, 12, 31)
        return None

    @property
    def target_date(self) -> dt.date | None:
        return dt.date(self.target_year, 1, 1) if self.target_year else None

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.baseline_value is not None and not self.baseline_year:
            add("baseline_year", _("Give the year of the baseline."))
        if self.group:
            dimension = population_groups.dimension_of(self.group)
            if self.disaggregation == Disaggregation.AGE_GROUP and dimension != "age":
                add("group", _("A cell by age group takes an age band."))
            elif self.disaggregation == Disaggregation.POPULATION_GROUP and dimension in ("age", "all"):
                add("group", _("A cell by population group takes a group other than an age band."))
            elif self.disaggregation in (Disaggregation.CITY, Disaggregation.AREA):
                add("group", _("Only a cell by age group or population group has a group."))
        if self.baseline_date and self.baseline_year and self.baseline_date.year != self.baseline_year:
            add("baseline_date", _("The baseline date must fall in the baseline year."))
        kind = self.target_kind
        if kind == TargetKind.NUMBER:
            if self.target_value is None:
                add("target_value", _("A numeric target needs a target value."))
            if not self.target_year:
                add("target_year", _("A numeric target needs a target year."))
            if self.baseline_value is None:
                add("baseline_value", _("A numeric target needs a baseline value to draw the path from."))
        if kind == TargetKind.DIRECTION and not self.target_direction:
            add("target_direction", _("Choose whether the value should increase or decrease."))
        if kind == TargetKind.CONVERGE:
            if self.reference_cell_id is None:
                add("reference_cell", _("Choose the cell that holds the city average."))
            elif self.pk and self.reference_cell_id == self.pk:
                add("reference_cell", _("A cell cannot be its own reference."))
            elif self.reference_cell.indicator_id != self.indicator_id:
                add("reference_cell", _("The reference cell must belong to the same indicator."))
        if kind == TargetKind.PILOT_COUNT:
            if self.target_value is None:
                add("target_value", _("A count of pilots needs the number of pilots."))
            elif self.target_value < 0 or self.target_value != int(self.target_value):
                add("target_value", _("The number of pilots must be a whole number of at least zero."))
            if not self.target_year:
                add("target_year", _("A count of pilots needs a target year."))
        if kind == TargetKind.CAMPAIGN_COUNT:
            if self.target_value is None:
                add("target_value", _("A count of campaigns needs the number of campaigns."))
            elif self.target_value < 0 or self.target_value != int(self.target_value):
                add("target_value", _("The number of campaigns must be a whole number of at least zero."))
            if not self.target_year:
                add("target_year", _("A count of campaigns needs a target year."))
        if self.target_value_max is not None and (
                self.target_value is None or self.target_value_max < self.target_value):
            add("target_value_max", _("The upper end must be at least the target value."))
        if (self.target_year and self.baseline_year and kind in (TargetKind.NUMBER, TargetKind.PILOT_COUNT,
                                                                      TargetKind.CAMPAIGN_COUNT)
                and self.target_year <= self.baseline_year):
            add("target_year", _("The target year must be later than the baseline year."))
        if errors:
            raise ValidationError(errors)


class MeasurementState(models.TextChoices):
    PROPOSED = "proposed", _("proposed, awaiting approval")
    APPROVED = "approved", _("approved")


class Measurement(models.Model):
    """One observed value of an indicator cell, with its provenance."""

    cell = models.ForeignKey(IndicatorCell, verbose_name=_("indicator cell"), on_delete=models.CASCADE,
                             related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    measured_on = models.DateField(_("date of measurement"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    from_pilots = models.BooleanField(
        _("counted from the pilots"), default=False,
        help_text=_("The count of completed pilots recorded on the projects; kept up to date automatically."))
    from_campaigns = models.BooleanField(
        _("counted from the campaigns"), default=False,
        help_text=_("The count of communication campaigns and actions carried out; kept up to date "
                    "automatically."))

    class Meta:
        ordering = ["cell", "measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.cell} {self.measured_on:%d.%m.%Y}: {self.value.normalize():f}"

    @property
    def state(self) -> str:
        """Approved once someone has approved the value (``approved_at`` is set), proposed until then."""
        return MeasurementState.APPROVED if self.approved_at else MeasurementState.PROPOSED


# --- Projects and actions ---------------------------------------------------------------------------------------


class ProjectKind(models.TextChoices):
    PROJECT = "project", _("project")
    ACTION = "action", _("action")


class ProposerType(models.TextChoices):
    CITY_UNIT = "city_unit", _("city unit")
    STAFF = "staff", _("city staff member")
    STAKEHOLDER = "stakeholder", _("stakeholder")
    STEERING_GROUP = "steering_group", _("steering group")
    RESIDENTS = "residents", _("residents (participatory budgeting)")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    IN_PREPARATION = "in_preparation", _("in preparation")
    APPROVED = "approved", _("approved by the steering group")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")


PROJECT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.PROPOSED: (ProjectStatus.IN_PREPARATION, ProjectStatus.APPROVED, ProjectStatus.REJECTED),
    ProjectStatus.IN_PREPARATION: (ProjectStatus.APPROVED, ProjectStatus.REJECTED),
    ProjectStatus.APPROVED: (ProjectStatus.IN_PROGRESS, ProjectStatus.REJECTED),
    ProjectStatus.IN_PROGRESS: (ProjectStatus.COMPLETED,),
    ProjectStatus.COMPLETED: (),
    ProjectStatus.REJECTED: (),
}
"""The project lifecycle: from each status, the statuses it may move to. The steering group may approve a
proposal that needs no further preparation; a decision may still reject an approved project before work starts.
Completed and rejected are final."""


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("children")
    YOUNG_PEOPLE = "young_people", _("young people")
    YOUNG_ADULTS = "young_adults", _("young adults (20–29)")
    OLDER_PEOPLE = "older_people", _("older people")
    MINORITIES = "minorities", _("minorities")
    DISABILITIES = "disabilities", _("people with disabilities")


class Project(ProgrammeRowMixin, Localized, models.Model):
    """A project or an action (projekti / toimenpide) of the programme."""

    programme = models.ForeignKey(Programme, verbose_name=_("lead programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="projects")
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices, blank=True,
                            help_text=_("Project or action; empty when not specified."))
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    intended_outputs = models.TextField(_("intended outputs and results"), blank=True)
    proposer_type = models.CharField(_("proposed by"), max_length=20, choices=ProposerType.choices,
                                     default=ProposerType.CITY_UNIT)
    proposer_name = models.CharField(_("proposer"), max_length=300, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    responsible_person = models.CharField(
        _("responsible person (as written)"), max_length=200, blank=True,
        help_text=_("The name as the plan or the proposal gives it; shown when no user is linked."))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responsible_projects",
        help_text=_("The user who answers for the project and files its progress reports."))
    deputies = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deputies"), blank=True, related_name="deputy_projects",
        help_text=_("Users who may file progress reports and record pilots for the project."))
    external_id = models.CharField(
        _("identifier in the project portfolio system"), max_length=64, blank=True,
        help_text=_("The project's identifier in the city's project portfolio system."))
    portfolio_url = models.URLField(_("address in the project portfolio system"), blank=True)
    partners = models.TextField(_("key actors and partners"), blank=True)
    goals = models.ManyToManyField(BenefitGoal, verbose_name=_("benefit goals"), related_name="projects")
    target_areas = models.ManyToManyField("areas.Area", verbose_name=_("target areas"), blank=True,
                                          related_name="programme_projects")
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.PROPOSED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("programme year"), null=True, blank=True,
                                            validators=[MinValueValidator(2025), MaxValueValidator(2029)])
    planned_cost_min = models.DecimalField(_("planned cost, lower estimate (€)"), max_digits=12,
                                           decimal_places=2, null=True, blank=True,
                                           validators=[MinValueValidator(Decimal(0))])
    planned_cost_max = models.DecimalField(_("planned cost, upper estimate (€)"), max_digits=12,
                                           decimal_places=2, null=True, blank=True,
                                           validators=[MinValueValidator(Decimal(0))])
    cost_note = models.TextField(_("costs as described"), blank=True,
                                 help_text=_("Costs to the programme, excluding the city's internal work."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="programme_project_external_id_unique",
                violation_error_message=_("Another project already has this identifier in the project portfolio "
                                          "system.")),
        ]

    def __str__(self) -> str:
        return self.localized("name")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def responsible_name(self) -> str:
        """The responsible person for people: the linked user's name, else the name as written."""
        user = self.responsible_user
        if user is not None:
            return user.get_full_name() or user.get_username()
        return self.responsible_person

    @property
    def target_group_codes(self) -> list[str]:
        return [g.group for g in self.target_group_rows.all()]

    @property
    def target_group_labels(self) -> list[str]:
        codes = set(self.target_group_codes)
        return [str(label) for value, label in TargetGroup.choices if value in codes]

    def allowed_statuses(self) -> tuple[str, ...]:
        return PROJECT_TRANSITIONS.get(self.status, ())

    def budget_totals(self) -> dict[str, Decimal]:
        rows = self.budget_entries.values("kind").annotate(total=Sum("amount"))
        totals = {EntryKind.COMMITTED: Decimal(0), EntryKind.SPENT: Decimal(0)}
        for row in rows:
            totals[row["kind"]] = row["total"] or Decimal(0)
        return {"committed": totals[EntryKind.COMMITTED], "spent": totals[EntryKind.SPENT]}

    @property
    def actual_cost(self) -> Decimal:
        """Money spent on the project from the programme budget (sum of its 'spent' budget entries)."""
        return self.budget_totals()["spent"]

    def clean(self) -> None:
        errors = {}
        if (self.planned_cost_min is not None and self.planned_cost_max is not None
                and self.planned_cost_max < self.planned_cost_min):
            errors["planned_cost_max"] = _("The upper estimate must be at least the lower estimate.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must not be before the start date.")
        if errors:
            raise ValidationError(errors)


class ProjectTargetGroup(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="target_group_rows")
    group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)

    class Meta:
        verbose_name = _("priority target group")
        verbose_name_plural = _("priority target groups")
        constraints = [models.UniqueConstraint(fields=["project", "group"], name="programme_project_group_unique")]

    def __str__(self) -> str:
        return self.get_group_display()


class ProjectComment(models.Model):
    """A steering-group member's or staff member's comment on a project proposal (not public)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.body[:40]}"


# --- Budget -----------------------------------------------------------------------------------------------------


class BudgetYear(ProgrammeRowMixin, models.Model):
    """The programme's allocation for one year."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="budget_years")
    year = models.PositiveSmallIntegerField(_("year"),
                                            validators=[MinValueValidator(2025), MaxValueValidator(2030)])
    total = models.DecimalField(_("allocation (€)"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal(0))])
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_budget_year_unique",
                                    violation_error_message=_("The programme already has a budget for this "
                                                              "year.")),
        ]

    def __str__(self) -> str:
        return str(self.year)


class BudgetLine(Localized, models.Model):
    """One line of a year's budget (e.g. staff costs)."""

    budget_year = models.ForeignKey(BudgetYear, verbose_name=_("budget year"), on_delete=models.CASCADE,
                                    related_name="lines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal(0))])

    class Meta:
        ordering = ["budget_year__year", "order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["budget_year", "name_fi"], name="programme_line_unique")]

    def __str__(self) -> str:
        return f"{self.budget_year.year}: {self.localized('name')}"

    @property
    def name(self) -> str:
        return self.localized("name")

    def totals(self) -> dict[str, Decimal]:
        """Committed (decided, not yet paid), spent (paid), used (both) and available on this line."""
        rows = self.entries.values("kind").annotate(total=Sum("amount"))
        committed = spent = Decimal(0)
        for row in rows:
            if row["kind"] == EntryKind.COMMITTED:
                committed = row["total"] or Decimal(0)
            else:
                spent = row["total"] or Decimal(0)
        used = committed + spent
        return {"committed": committed, "spent": spent, "used": used, "available": self.amount - used}


class EntryKind(models.TextChoices):
    COMMITTED = "committed", _("committed")
    SPENT = "spent", _("spent")


class BudgetEntry(models.Model):
    """Money taken from a budget line: committed (decided, not yet paid) or spent (paid). A commitment becomes
    spent when it is paid; each euro is counted once."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT,
                             related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="budget_entries")
    entry_date = models.DateField(_("date"), default=dt.date.today)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["entry_date", "id"]
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="programme_entry_positive")]

    def __str__(self) -> str:
        return f"{self.line}: {self.get_kind_display()} {self.amount} €"

    def clean(self) -> None:
        """Money for a project comes from the budget of its lead programme or of one of its partner programmes."""
        if self.project_id is None or self.line_id is None:
            return
        programme_id = self.line.budget_year.programme_id
        if (programme_id != self.project.programme_id
                and not self.project.programme_shares.filter(programme_id=programme_id).exists()):
            raise ValidationError({"project": _(
                "This project is not led or co-funded by the programme of this budget line; add the programme "
                "as a partner of the project first.")})


# --- Risks and reporting ----------------------------------------------------------------------------------------


class RiskCategory(models.TextChoices):
    EXPECTATIONS = "expectations", _("expectations of residents and stakeholders, identifying needs")
    COMMUNICATION = "communication", _("communication and reach")
    SEGREGATION = "segregation", _("development of segregation")
    RESOURCES = "resources", _("resources and capacity to deliver")
    OTHER = "other", _("other")


class Risk(ProgrammeRowMixin, Localized, models.Model):
    """An entry of a programme's risk register (section 9 of the plan)."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="risks")
    title_fi = models.CharField(_("risk in Finnish"), max_length=300)
    title_sv = models.CharField(_("risk in Swedish"), max_length=300, blank=True)
    title_en = models.CharField(_("risk in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), null=True, blank=True,
                                                  validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.localized("title")

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def score(self) -> int | None:
        """Likelihood × impact (1–25), or None while either is unassessed."""
        if self.likelihood and self.impact:
            return self.likelihood * self.impact
        return None


class DeadlineKind(models.TextChoices):
    COUNCIL_REPORT = "council_report", _("report to the council")
    MID_TERM_REVIEW = "mid_term_review", _("mid-term review")
    FINAL_REPORT = "final_report", _("final report")
    OTHER = "other", _("other")


class ReportingDeadline(ProgrammeRowMixin, Localized, models.Model):
    """An entry of a programme's reporting calendar. ``date`` is empty when the plan gives only a period (e.g.
    'early 2029'); ``when_fi``/``_sv``/``_en`` then say it in words. One deadline of each kind a year per
    programme."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="reporting_deadlines")
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    when_fi = models.CharField(_("time in words, Finnish"), max_length=100, blank=True)
    when_sv = models.CharField(_("time in words, Swedish"), max_length=100, blank=True)
    when_en = models.CharField(_("time in words, English"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["year", models.F("date").asc(nulls_last=True), "id"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "year"],
                                    name="programme_deadline_unique_per_programme",
                                    violation_error_message=_("The programme already has a deadline of this kind "
                                                              "in this year.")),
        ]

    def __str__(self) -> str:
        return self.localized("title")

    @property
    def title(self) -> str:
        return self.localized("title")

    def clean(self) -> None:
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": _("The date must fall in the given year.")})
        if not self.date and not self.when_fi:
            raise ValidationError({"date": _("Give a date, or say the time in words.")})


# A project's news items (communication) live in their own module; imported so Django registers them.
from yhteiso.programme.models_comms import (  # noqa: E402, F401
    CommsCampaign,
    CommsChannel,
    CommsKind,
    CommsPlan,
    CommsRating,
    CommsStatus,
    ProjectNews,
)

# External funding, partners and the units' in-kind work live in their own module; imported so Django registers them.
from yhteiso.programme.models_funding import (  # noqa: E402, F401
    FundingApplication,
    InKindWork,
    Partner,
    ProjectPartner,
    StakeholderGroup,
)

# Progress reports, their attachments and pilots live in their own module; imported here so Django registers them.
# Proposals, their intake, appraisal and the steering group's decision live in their own module (issue 14 item 2).
from yhteiso.programme.models_intake import (  # noqa: E402, F401
    Appraisal,
    IntakeStage,
    ProjectProposal,
    ProposalSource,
    SteeringDecision,
    SteeringOutcome,
)
from yhteiso.programme.models_progress import (  # noqa: E402, F401
    Pilot,
    PilotStatus,
    ProgressReport,
    ReachGroup,
    ReachRow,
    ReportAttachment,
    TrafficLight,
)
from yhteiso.programme.models_workplan import MilestoneStatus, WorkPlanMilestone  # noqa: E402, F401
