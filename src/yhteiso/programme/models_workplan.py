"""The whole-period work plan (Table 2 of the programme plan) as milestones per period with a status and a
responsible unit. Imported by ``models.py``; writes go through ``services_workplan.py``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yhteiso.core.localisation import Localized
from yhteiso.programme.models_programmes import Programme, ProgrammeRowMixin


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    LATE = "late", _("late")


class WorkPlanMilestone(ProgrammeRowMixin, Localized, models.Model):
    """One line of a programme's Table 2 ("Koko ohjelmakauden suunnitelma"): what is done in a period of one or
    more years."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="milestones")
    start_year = models.PositiveSmallIntegerField(_("first year"),
                                                  validators=[MinValueValidator(2025), MaxValueValidator(2029)])
    end_year = models.PositiveSmallIntegerField(_("last year"),
                                                validators=[MinValueValidator(2025), MaxValueValidator(2029)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_fi = models.CharField(_("milestone in Finnish"), max_length=300)
    title_sv = models.CharField(_("milestone in Swedish"), max_length=300, blank=True)
    title_en = models.CharField(_("milestone in English"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["start_year", "end_year", "order", "id"]
        verbose_name = _("milestone of the work plan")
        verbose_name_plural = _("milestones of the work plan")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="programme_milestone_period_ordered"),
            models.UniqueConstraint(fields=["programme", "start_year", "end_year", "title_fi"],
                                    name="programme_milestone_unique_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.period_label}: {self.localized('title')}"

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def period_label(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"

    def status_on(self, day: dt.date) -> str:
        """The status as shown on ``day``: a milestone whose period has ended without being done is late."""
        if self.status not in (MilestoneStatus.DONE, MilestoneStatus.LATE) and day.year > self.end_year:
            return MilestoneStatus.LATE
        return self.status

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first year.")})
