"""What project owners record: progress reports per reporting period (with the people reached and attached
documents) and pilots with their evaluation. Imported by ``models.py``; writes go through
``services_progress.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.core import formatting
from yhteiso.core.attachments import StoredAttachment
from yhteiso.programme.models import PROGRAMME_END, PROGRAMME_START, Indicator, Project, ReportingDeadline, TargetGroup


class TrafficLight(models.TextChoices):
    """A report's overall status. Pages always show the words next to the colour."""

    GREEN = "green", _("on schedule")
    YELLOW = "yellow", _("delays or risks")
    RED = "red", _("off track, needs a decision")


class ReachGroup(models.TextChoices):
    EVERYONE = "everyone", _("residents in general")
    CHILDREN = TargetGroup.CHILDREN.value, TargetGroup.CHILDREN.label
    YOUNG_PEOPLE = TargetGroup.YOUNG_PEOPLE.value, TargetGroup.YOUNG_PEOPLE.label
    YOUNG_ADULTS = TargetGroup.YOUNG_ADULTS.value, TargetGroup.YOUNG_ADULTS.label
    OLDER_PEOPLE = TargetGroup.OLDER_PEOPLE.value, TargetGroup.OLDER_PEOPLE.label
    MINORITIES = TargetGroup.MINORITIES.value, TargetGroup.MINORITIES.label
    DISABILITIES = TargetGroup.DISABILITIES.value, TargetGroup.DISABILITIES.label
    PARENTS = "parents", _("parents and guardians")
    PROFESSIONALS = "professionals", _("staff and partners' employees")


class ProgressReport(models.Model):
    """A project's report for one reporting period (a :class:`ReportingDeadline`): status, milestones, actual
    outputs, people reached, costs incurred and problems. One per project and period; a later edit replaces
    it (the audit log keeps every version)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="progress_reports")
    deadline = models.ForeignKey(ReportingDeadline, verbose_name=_("reporting period"), on_delete=models.PROTECT,
                                 related_name="progress_reports")
    status = models.CharField(_("status"), max_length=10, choices=TrafficLight.choices)
    status_note = models.TextField(_("status in a few sentences"))
    milestones_done = models.TextField(_("milestones reached"), blank=True)
    milestones_next = models.TextField(_("next milestones"), blank=True)
    outputs = models.TextField(_("actual outputs"), blank=True,
                               help_text=_("What was delivered in the period: events, models, materials, spaces."))
    costs_incurred = models.DecimalField(
        _("costs incurred in the period (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Costs to the programme, excluding the city's internal work."))
    problems = models.TextField(_("problems and needs for support"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "-deadline__year", "-deadline__date", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "deadline"], name="programme_report_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.deadline}"

    @property
    def people_reached(self) -> int:
        return sum(row.people for row in self.reach_rows.all())


class ReachRow(models.Model):
    """People reached by a report's period: one group in one area (or in no particular area)."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE,
                               related_name="reach_rows")
    group = models.CharField(_("group"), max_length=20, choices=ReachGroup.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField(_("people reached"))

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("people reached")
        verbose_name_plural = _("people reached")

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.people}"


class ReportAttachment(StoredAttachment):
    """A document attached to a progress report. Kept in the database (size-limited) so that every server behind
    a load balancer sees it and a failed save leaves nothing behind."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE,
                               related_name="attachments")

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed and evaluated")


class Pilot(models.Model):
    """A pilot (trial of a method, model, concept or space) run by a project, with its evaluation. A completed
    pilot counts towards the Table 1 indicator it names (1.1, 2.1 or 3.1)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="pilots")
    name = models.CharField(_("name of the pilot"), max_length=300)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("counts towards indicator"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="pilots",
        help_text=_("The indicator whose count of pilots this pilot adds to once it is completed and evaluated."))
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=PilotStatus.choices,
                              default=PilotStatus.PLANNED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    evaluation_method = models.TextField(
        _("evaluation method"), blank=True,
        help_text=_("How the pilot was evaluated: for example participant survey, interviews, observation."))
    findings = models.TextField(_("findings"), blank=True)
    positive_mechanisms = models.TextField(
        _("positive mechanisms identified"), blank=True,
        help_text=_("What made the pilot work: mechanisms that increased participation or encounters."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "start_date", "id"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The end date must not be before the start date."))
        if self.status == PilotStatus.COMPLETED:
            if not self.end_date:
                errors.setdefault("end_date", []).append(_("A completed pilot needs its end date."))
            elif not PROGRAMME_START <= self.end_date <= PROGRAMME_END:
                errors.setdefault("end_date", []).append(
                    _("The end date %(date)s is outside the programme period %(start)s–%(end)s.") % {
                        "date": formatting.date(self.end_date), "start": formatting.date(PROGRAMME_START),
                        "end": formatting.date(PROGRAMME_END)})
            if not self.evaluation_method.strip():
                errors.setdefault("evaluation_method", []).append(
                    _("A completed pilot needs its evaluation: say how it was evaluated."))
            if not self.findings.strip():
                errors.setdefault("findings", []).append(
                    _("A completed pilot needs its evaluation: write down the findings."))
        if errors:
            raise ValidationError(errors)
