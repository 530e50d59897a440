"""Project proposals, their intake, the steering group's appraisal and its decision (plan, section 7).

Anyone signed in — a city unit, a staff member, a partner — may propose a project. A proposal is a
:class:`~yhteiso.programme.models.Project` with status *proposed* plus a :class:`ProjectProposal` row holding what
only a proposal has (who proposed it, the funding sought, the units involved, how it differs from line work) and
its place in the intake (:class:`IntakeStage`). Programme staff take it in or return it for more information;
steering-group members appraise it against the plan's criteria (:data:`APPRAISAL_CRITERIA`, one
:class:`Appraisal` per member); the group's decision is a :class:`SteeringDecision` with its conditions. A project
starts (*in progress*) only when its latest decision approves it and every condition is met
(:func:`start_refusal`), whichever path asks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 5

#: The plan's selection criteria (section 7), in the order the appraisal form asks them: field name and label.
APPRAISAL_CRITERIA: tuple[tuple[str, Any], ...] = (  # (field name, lazy label)
    ("novelty", _("Novelty and added value for the city, partners and residents")),
    ("feasibility", _("Feasibility with the resources available")),
    ("impact", _("Potential effects and impact")),
    ("not_line_work", _("Would not happen through line work and is not already ordinary city work")),
    ("several_units", _("Carried out by several city units or with partners")),
)
CRITERION_NAMES = tuple(name for name, _label in APPRAISAL_CRITERIA)


class IntakeStage(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for intake")
    RETURNED = "returned", _("returned for more information")
    APPRAISAL = "appraisal", _("being appraised by the steering group")
    DECIDED = "decided", _("decided by the steering group")


#: Stages in which a proposal is still in the intake: until the steering group decides, only the proposer, programme
#: staff and the steering group may see it (and the project it creates).
OPEN_STAGES = (IntakeStage.SUBMITTED, IntakeStage.RETURNED, IntakeStage.APPRAISAL)


def not_in_intake(prefix: str = "") -> models.Q:
    """Projects that are not proposals still in the intake (filter with it wherever projects are shown publicly):
    the plan's own projects and decided proposals. ``prefix`` reaches the project from a row linked to it
    (``"project__"``); a row without a project passes."""
    return (models.Q(**{f"{prefix}proposal__isnull": True})
            | ~models.Q(**{f"{prefix}proposal__stage__in": OPEN_STAGES}))


class ProposalSource(models.TextChoices):
    FORM = "form", _("proposal form")
    PARTICIPATORY_BUDGETING = "participatory_budgeting", _("participatory budgeting")


class ProjectProposal(models.Model):
    """What a project proposal adds to its project: the proposer, the intake stage and the proposal's own
    fields."""

    project = models.OneToOneField("programme.Project", verbose_name=_("project"), on_delete=models.CASCADE,
                                   related_name="proposal")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by (account)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="project_proposals")
    source = models.CharField(_("source"), max_length=30, choices=ProposalSource.choices,
                              default=ProposalSource.FORM)
    stage = models.CharField(_("intake stage"), max_length=20, choices=IntakeStage.choices,
                             default=IntakeStage.SUBMITTED, db_index=True)
    description = models.TextField(_("description"))
    funding_sought = models.DecimalField(
        _("funding sought from the programme (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))])
    units_involved = models.TextField(_("city units and partners involved"), blank=True)
    line_work_difference = models.TextField(_("how it differs from ordinary line work"))
    staff_message = models.TextField(
        _("message to the proposer"), blank=True,
        help_text=_("What programme staff asked for when they returned the proposal, or their note."))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")

    def __str__(self) -> str:
        return str(self.project)


class Appraisal(models.Model):
    """One steering-group member's appraisal of one proposal: a score on each criterion and written reasons."""

    proposal = models.ForeignKey(ProjectProposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
                                 related_name="appraisals")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="project_appraisals")
    novelty = models.PositiveSmallIntegerField(
        APPRAISAL_CRITERIA[0][1], validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    feasibility = models.PositiveSmallIntegerField(
        APPRAISAL_CRITERIA[1][1], validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    impact = models.PositiveSmallIntegerField(
        APPRAISAL_CRITERIA[2][1], validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    not_line_work = models.PositiveSmallIntegerField(
        APPRAISAL_CRITERIA[3][1], validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    several_units = models.PositiveSmallIntegerField(
        APPRAISAL_CRITERIA[4][1], validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    reasons = models.TextField(_("reasons"))
    created_at = models.DateTimeField(_("appraised"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="programme_appraisal_one_per_member"),
        ] + [
            models.CheckConstraint(condition=models.Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                                   name=f"programme_appraisal_{name}_on_scale")
            for name in CRITERION_NAMES
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.member}"

    def scores(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, name)) for name, label in APPRAISAL_CRITERIA]


class SteeringOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    RETURNED = "returned", _("returned for further preparation")


class SteeringDecision(models.Model):
    """The steering group's decision on a project (recorded by programme staff, or carried over from the minutes
    of a meeting), with its conditions. The latest decision counts."""

    project = models.ForeignKey("programme.Project", verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="steering_decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=SteeringOutcome.choices)
    decided_on = models.DateField(_("date of the decision"))
    reasons = models.TextField(_("reasons"))
    reference = models.CharField(
        _("meeting and agenda item"), max_length=300, blank=True,
        help_text=_("For example: steering group 12.3.2026, § 4."))
    governance_decision_id = models.PositiveIntegerField(
        _("decision in the minutes (id)"), null=True, blank=True, editable=False,
        help_text=_("Set when the decision was recorded on an agenda item and took effect with the minutes."))
    funding_confirmed = models.BooleanField(_("funding confirmed"), default=False)
    responsibilities_agreed = models.BooleanField(_("responsibilities agreed"), default=False)
    conditions_note = models.TextField(_("other conditions"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    conditions_updated_at = models.DateTimeField(_("conditions updated"), null=True, blank=True)

    class Meta:
        ordering = ["project", "decided_on", "id"]
        get_latest_by = ["decided_on", "id"]
        verbose_name = _("steering-group decision on a project")
        verbose_name_plural = _("steering-group decisions on projects")

    def __str__(self) -> str:
        return f"{self.project}: {self.get_outcome_display()} {self.decided_on:%d.%m.%Y}"

    def unmet_conditions(self) -> list[str]:
        """The labels of the conditions not yet met, in checklist order."""
        missing = []
        if not self.funding_confirmed:
            missing.append(gettext("funding confirmed"))
        if not self.responsibilities_agreed:
            missing.append(gettext("responsibilities agreed"))
        return missing

    @property
    def conditions_met(self) -> bool:
        return not self.unmet_conditions()


def latest_decision(project) -> SteeringDecision | None:
    return SteeringDecision.objects.filter(project=project).order_by("-decided_on", "-id").first()


def start_refusal(project) -> str | None:
    """Why ``project`` may not start (move to *in progress*), in the current language; ``None`` when it may: its
    latest steering-group decision approves it and every condition of that decision is met."""
    decision = latest_decision(project)
    if decision is None or decision.outcome != SteeringOutcome.APPROVED:
        return gettext("The project cannot start: the steering group has not recorded a decision approving it.")
    missing = decision.unmet_conditions()
    if missing:
        return gettext("The project cannot start: the conditions of the steering group's decision of %(date)s "
                       "are not met (%(missing)s).") % {
            "date": decision.decided_on.strftime("%-d.%-m.%Y"), "missing": ", ".join(missing)}
    return None
