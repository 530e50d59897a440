"""Texts of the reports written by programme staff and approved by the steering group: a narrative assessment per
benefit goal and reporting period (year), the mid-term review's outlook and operating-environment sections, and
the final report's impact evaluation, recommendations and plan for using the lessons.

The flow is write → send to a steering-group meeting (an agenda item) → approve with the decision's reference.
Only approved texts appear in a report (:mod:`yhteiso.reports.selectors_sections`); a draft is shown to staff as
a draft and never to the council. An approved text is locked; reopening it makes it a draft again (audited).
Imported by ``models.py``; writes go through ``services_narrative.py``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yhteiso.programme.models_programmes import default_programme_id


class NarrativeSection(models.TextChoices):
    GOAL_ASSESSMENT = "goal_assessment", _("assessment of a benefit goal")
    OUTLOOK = "outlook", _("outlook")
    OPERATING_ENVIRONMENT = "operating_environment", _("operating environment")
    IMPACT_EVALUATION = "impact_evaluation", _("impact evaluation")
    RECOMMENDATIONS = "recommendations", _("recommendations")
    LESSONS_PLAN = "lessons_plan", _("plan for using the lessons")


#: The kinds of report each section belongs to. A goal's assessment is in every report; the mid-term review adds
#: the outlook and the operating environment; the final report (2029) adds the evaluation of the whole period.
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    NarrativeSection.GOAL_ASSESSMENT: ("annual", "midterm", "final"),
    NarrativeSection.OUTLOOK: ("midterm",),
    NarrativeSection.OPERATING_ENVIRONMENT: ("midterm",),
    NarrativeSection.IMPACT_EVALUATION: ("final",),
    NarrativeSection.RECOMMENDATIONS: ("final",),
    NarrativeSection.LESSONS_PLAN: ("final",),
}

#: The programme years a section may be written for (the mid-term review is 31.7.2027, the final report 2029).
SECTION_YEARS: dict[str, tuple[int, ...]] = {
    NarrativeSection.GOAL_ASSESSMENT: (2025, 2026, 2027, 2028, 2029),
    NarrativeSection.OUTLOOK: (2027,),
    NarrativeSection.OPERATING_ENVIRONMENT: (2027,),
    NarrativeSection.IMPACT_EVALUATION: (2029,),
    NarrativeSection.RECOMMENDATIONS: (2029,),
    NarrativeSection.LESSONS_PLAN: (2029,),
}


class NarrativeState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("sent to the steering group")
    APPROVED = "approved", _("approved by the steering group")


class Narrative(models.Model):
    """One staff-written text of a programme's report for one reporting period (year), in Finnish and Swedish
    (English optional), with the steering group's approval. ``programme`` is the goal's programme for a goal's
    assessment (filled in), otherwise the programme whose report it is (the default one when none is named)."""

    programme = models.ForeignKey("programme.Programme", verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="narratives")
    section = models.CharField(_("section"), max_length=30, choices=NarrativeSection.choices)
    goal = models.ForeignKey("programme.BenefitGoal", verbose_name=_("benefit goal"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="narratives")
    year = models.PositiveSmallIntegerField(_("reporting period (year)"),
                                            validators=[MinValueValidator(2025), MaxValueValidator(2029)])
    text_fi = models.TextField(_("text in Finnish"), max_length=12000)
    text_sv = models.TextField(_("text in Swedish"), blank=True, max_length=12000)
    text_en = models.TextField(_("text in English"), blank=True, max_length=12000)
    state = models.CharField(_("state"), max_length=10, choices=NarrativeState.choices,
                             default=NarrativeState.DRAFT)
    agenda_item = models.ForeignKey("governance.AgendaItem", verbose_name=_("agenda item"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="narratives")
    decision = models.ForeignKey("governance.Decision", verbose_name=_("approving decision"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="narratives")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approval recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "section", "goal__number", "id"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(fields=["section", "goal", "year"], condition=Q(goal__isnull=False),
                                    name="reports_one_goal_narrative_per_year"),
            models.UniqueConstraint(fields=["programme", "section", "year"], condition=Q(goal__isnull=True),
                                    name="reports_one_section_text_per_programme_year"),
            models.CheckConstraint(
                condition=Q(section="goal_assessment", goal__isnull=False) | (
                    ~Q(section="goal_assessment") & Q(goal__isnull=True)),
                name="reports_goal_only_for_goal_assessment"),
            models.CheckConstraint(condition=~Q(state="approved") | Q(decision__isnull=False),
                                   name="reports_approved_text_has_decision"),
        ]

    def __str__(self) -> str:
        label = str(self.get_section_display())
        if self.goal is not None:
            label = f"{label} {self.goal.number}"
        return f"{label} ({self.year})"


    def save(self, *args, **kwargs):
        self._fill_programme()
        return super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        self._fill_programme()
        return super().full_clean(*args, **kwargs)

    def _fill_programme(self) -> None:
        goal = self.goal if self.goal_id is not None else None
        if goal is not None:
            self.programme_id = goal.programme_id or self.programme_id
        if self.programme_id is None:
            self.programme_id = default_programme_id()

    @property
    def is_draft(self) -> bool:
        return self.state != NarrativeState.APPROVED

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.section == NarrativeSection.GOAL_ASSESSMENT and not self.goal_id:
            errors.setdefault("goal", []).append(_("Choose the benefit goal this assessment is about."))
        if self.section and self.section != NarrativeSection.GOAL_ASSESSMENT and self.goal_id:
            errors.setdefault("goal", []).append(_("Only the assessment of a benefit goal names a goal."))
        years = SECTION_YEARS.get(self.section)
        if years and self.year and self.year not in years:
            errors.setdefault("year", []).append(
                _("This section is written for the year %(years)s.") % {
                    "years": ", ".join(str(y) for y in years)})
        if not (self.text_fi or "").strip():
            errors.setdefault("text_fi", []).append(_("Write the text in Finnish."))
        if errors:
            raise ValidationError(errors)
