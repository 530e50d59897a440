"""The steering group (ohjausryhmä) and its meetings: agenda, attendance, decisions and minutes.

Workflow of a meeting (plan, section 7 "Kokouskäytännöt ja dokumentaatio"): the agenda is sent to the members about a
week before the meeting; the meeting is held and attendance recorded; decisions are recorded per agenda item (a
decision may change the linked project's status and commit budget); the minutes are drafted, approved by a minutes
checker who attended the whole meeting, and then published on a public page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yhteiso.core import formatting
from yhteiso.core.attachments import StoredAttachment
from yhteiso.core.inputs import far_date_error
from yhteiso.core.localisation import Localized
from yhteiso.knowledge import groups
from yhteiso.programme.models import BudgetLine, Programme, ProgrammeRowMixin, Project, ProjectStatus


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    PROGRAMME_OWNER = "programme_owner", _("Programme owner")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    MEMBER = "member", _("Member")
    YOUTH_COUNCIL = "youth_council", _("Youth council representative")
    EXPERT = "expert", _("Permanent expert member")
    DEPUTY = "deputy", _("Personal deputy")


class MemberGroup(models.TextChoices):
    ELECTED = "elected", _("Elected representatives")
    YOUTH_COUNCIL = "youth_council", _("Youth Council")
    OFFICIALS = "officials", _("Officeholders")
    EXPERTS = "experts", _("Experts and representatives of the councils")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")


class SteeringGroupMember(ProgrammeRowMixin, models.Model):
    """A person on the steering group: a member, a personal deputy (``deputy_of`` set), an expert member or the
    programme manager. ``name`` may be empty for a seat whose holder has not been published."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="steering_members")
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    group = models.CharField(_("group"), max_length=30, choices=MemberGroup.choices, default=MemberGroup.ELECTED)
    title = models.CharField(_("position"), max_length=200, blank=True,
                             help_text=_("Position or capacity, e.g. head of basic education."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True,
                                    help_text=_("Party group, city unit or other organisation."))
    deputy_of = models.OneToOneField(
        "self", verbose_name=_("personal deputy of"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="deputy",
    )
    acting_for = models.ForeignKey(
        "self", verbose_name=_("substitute for"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="substitutes", help_text=_("For a person acting in another's role, e.g. a substitute."),
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # one account may sit on several programmes' steering groups (one row per programme), never twice on one
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="steering_memberships",
        help_text=_("Lets this person approve minutes as the minutes checker after logging in."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("steering-group member")
        verbose_name_plural = _("steering-group members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="governance_member_term_order",
            ),
            models.UniqueConstraint(
                fields=["user", "programme"], condition=models.Q(user__isnull=False),
                name="governance_member_user_once_per_programme",
                violation_error_message=_("This user account is already linked to a member of this programme's "
                                          "steering group."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("(name not published)"))

    @property
    def is_deputy(self) -> bool:
        return self.deputy_of_id is not None

    def clean(self):
        errors = {}
        if self.deputy_of_id is not None:
            if self.deputy_of_id == self.pk:
                errors["deputy_of"] = _("A member cannot be their own deputy.")
            elif self.deputy_of.deputy_of_id is not None:
                errors["deputy_of"] = _("A deputy cannot have a personal deputy of their own.")
            elif self.programme_id is not None and self.deputy_of.programme_id != self.programme_id:
                errors["deputy_of"] = _("A personal deputy sits on the same programme's steering group as the "
                                        "member.")
            if self.role != Role.DEPUTY:
                errors["role"] = _("A personal deputy has the role “personal deputy”.")
        elif self.role == Role.DEPUTY:
            errors["deputy_of"] = _("Choose the member whose personal deputy this is.")
        if self.acting_for_id is not None and self.acting_for_id == self.pk:
            errors["acting_for"] = _("A person cannot be their own substitute.")
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("The term cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_SENT = "agenda_sent", _("Agenda sent")
    HELD = "held", _("Held")
    MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
    MINUTES_CHECKED = "minutes_checked", _("Minutes checked")
    PUBLISHED = "published", _("Minutes published")


STATUS_ORDER = [s.value for s in MeetingStatus]


@dataclass(frozen=True)
class AgendaTimeliness:
    """Whether the agenda went (or can still go) out in time. ``state`` is one of ``sent_on_time``,
    ``sent_late``, ``due`` (not sent, still in time), ``late`` (not sent and fewer than the lead days left)."""

    state: str
    due_date: dt.date
    days_left: int  # days from today until the due date (negative when past)

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "sent_late")


class Meeting(ProgrammeRowMixin, models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), blank=True,
                                  on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("meeting title"), max_length=200, blank=True,
                             help_text=_("Optional, e.g. “Ideation meeting”. The date identifies the meeting."))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"), null=True, blank=True,
                                help_text=_("Planned end; corrected to the actual end when attendance is recorded."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_ideation = models.BooleanField(
        _("ideation meeting"), default=False,
        help_text=_("Held once or twice a year; the deputies are invited too."),
    )
    is_example = models.BooleanField(
        _("example"), default=False,
        help_text=_("An example meeting for trying the workflow, not a real meeting of the steering group."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    agenda_lead_days = models.PositiveSmallIntegerField(
        _("agenda lead time (days)"), default=7, validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("The agenda must be sent to the members this many days before the meeting."),
    )
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True)
    agenda_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agenda sent by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True) | models.Q(end_time__gt=models.F("start_time")),
                name="governance_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        label = formatting.date(self.date)
        return f"{label} {self.title}" if self.title else label

    def clean(self):
        if self.end_time is not None and self.start_time is not None and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting must end after it starts.")})
        if error := far_date_error(self.date):  # year 1 has no agenda due date
            raise ValidationError({"date": error})

    @property
    def agenda_due_date(self) -> dt.date:
        return self.date - dt.timedelta(days=self.agenda_lead_days)

    def agenda_timeliness(self, today: dt.date | None = None) -> AgendaTimeliness:
        """The agenda is late when it was not sent and fewer than ``agenda_lead_days`` days are left before the
        meeting, or when it was sent later than ``agenda_lead_days`` days before the meeting."""
        today = today or timezone.localdate()
        due = self.agenda_due_date
        days_left = (due - today).days
        if self.agenda_sent_at is not None:
            sent_on = timezone.localtime(self.agenda_sent_at).date()
            return AgendaTimeliness("sent_late" if sent_on > due else "sent_on_time", due, days_left)
        if today > due:
            return AgendaTimeliness("late", due, days_left)
        return AgendaTimeliness("due", due, days_left)

    @property
    def is_published(self) -> bool:
        return self.status == MeetingStatus.PUBLISHED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="items")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("heading"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True,
                                 help_text=_("Usually the programme manager, or the proposer of a project."))
    description = models.TextField(_("description"), blank=True)
    proposal = models.TextField(_("proposal for decision"), blank=True)
    project = models.ForeignKey(
        Project, verbose_name=_("project proposal"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="agenda_items",
        help_text=_("Link the item to a project when the steering group decides on it."),
    )
    requires_impact_assessment = models.BooleanField(
        _("requires a segregation impact assessment"), default=False,
        help_text=_("The item cannot be approved until the steering group has accepted a segregation impact "
                    "assessment attached to it."),
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="governance_item_number_unique"),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class AgendaAttachment(StoredAttachment):
    """A document belonging to an agenda item (background material for the members). Kept in the database, size-
    limited, so that every server sees it and a failed save leaves nothing behind; e-mailed with the agenda."""

    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
                             related_name="attachments")

    class Meta:
        ordering = ["item", "uploaded_at", "id"]
        verbose_name = _("agenda attachment")
        verbose_name_plural = _("agenda attachments")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved as proposed")
    AMENDED = "amended", _("Approved with amendments")
    REJECTED = "rejected", _("Rejected")
    TABLED = "tabled", _("Tabled")
    RETURNED = "returned", _("Returned for further preparation")
    NOTED = "noted", _("Noted for information")


class Decision(models.Model):
    """The steering group's decision on one agenda item. Its effects (the project's new status, the budget
    commitment) are checked when it is recorded (:func:`yhteiso.governance.services.decision_record`) and carried
    out when the minutes containing it are published (:func:`yhteiso.governance.services.minutes_publish`);
    until then they are pending (``effects_applied_at`` empty) and shown to staff as "pending the minutes"."""

    item = models.OneToOneField(AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
                                related_name="decision")
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    project_status = models.CharField(_("new project status"), max_length=20, blank=True,
                                      choices=ProjectStatus.choices)
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="governance_decisions",
    )
    budget_amount = models.DecimalField(_("amount committed (€)"), max_digits=12, decimal_places=2, null=True,
                                        blank=True, validators=[MinValueValidator(0)])
    overspend_confirmed = models.BooleanField(_("overspend confirmed"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    effects_applied_at = models.DateTimeField(
        _("took effect"), null=True, blank=True,
        help_text=_("When the project status and budget commitment took effect (when the minutes were published)."))

    class Meta:
        ordering = ["item__meeting", "item__number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.item}: {self.get_outcome_display()}"

    @property
    def has_effects(self) -> bool:
        return bool(self.project_status) or self.budget_line_id is not None

    @property
    def effects_pending(self) -> bool:
        return self.has_effects and self.effects_applied_at is None

    def clean(self):
        errors = {}
        project = self.item.project if self.item_id else None
        if self.project_status and project is None:
            errors["project_status"] = _("The agenda item is not linked to a project, so no status can be set.")
        if (self.budget_line_id is None) != (self.budget_amount is None):
            field = "budget_amount" if self.budget_line_id else "budget_line"
            errors[field] = _("Give both the budget line and the amount, or neither.")
        if self.budget_amount is not None and self.budget_amount <= 0:
            errors["budget_amount"] = _("The amount must be greater than zero.")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Who attended a meeting and from when to when (times on the meeting's date)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendances")
    member = models.ForeignKey(SteeringGroupMember, verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="attendances")
    present_from = models.TimeField(_("present from"))
    present_until = models.TimeField(_("present until"))

    class Meta:
        ordering = ["meeting", "member__order", "member__id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="governance_attendance_unique"),
            models.CheckConstraint(condition=models.Q(present_until__gt=models.F("present_from")),
                                   name="governance_attendance_order"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.present_from:%H:%M}–{self.present_until:%H:%M}"

    def clean(self):
        if self.present_from is not None and self.present_until is not None \
                and self.present_until <= self.present_from:
            raise ValidationError({"present_until": _("The time of leaving must be after the time of arrival.")})

    @property
    def whole_meeting(self) -> bool:
        meeting = self.meeting
        if meeting.end_time is None:
            return False
        return self.present_from <= meeting.start_time and self.present_until >= meeting.end_time


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                   related_name="minutes")
    body = models.TextField(_("minutes text"), blank=True,
                            help_text=_("Opening, quorum and other matters besides the decisions on the items."))
    checker = models.ForeignKey(SteeringGroupMember, verbose_name=_("minutes checker"), on_delete=models.PROTECT,
                                related_name="checked_minutes")
    drafted_at = models.DateTimeField(_("drafted"), null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved by the checker"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approval recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_on_behalf = models.BooleanField(
        _("recorded on the checker's behalf"), default=False,
        help_text=_("Staff recorded the checker's approval (e.g. given by e-mail)."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def clean(self):
        """The minutes checker must be a member or deputy who attended the whole meeting (plan, section 7)."""
        if self.checker_id is None or self.meeting_id is None:
            return
        if self.checker.role == Role.PROGRAMME_MANAGER:
            raise ValidationError({"checker": _(
                "The programme manager presents the items and cannot check the minutes; choose a member or deputy."
            )})
        attendance = Attendance.objects.filter(meeting_id=self.meeting_id, member_id=self.checker_id).first()
        if attendance is None:
            raise ValidationError({"checker": _(
                "%(name)s did not attend the meeting and cannot check the minutes."
            ) % {"name": self.checker}})
        if not attendance.whole_meeting:
            raise ValidationError({"checker": _(
                "%(name)s did not attend the whole meeting (present %(start)s–%(end)s) and cannot check the minutes."
            ) % {"name": self.checker, "start": f"{attendance.present_from:%H:%M}",
                 "end": f"{attendance.present_until:%H:%M}"}})


# --- the programme office ----------------------------------------------------------------------------------------


class OfficeRoleKind(models.TextChoices):
    """The kind of a programme-office role (for ordering and for finding the programme manager); the role's name as
    shown is the person's own ``role_fi`` / ``role_sv`` / ``role_en``."""

    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    COORDINATOR = "coordinator", _("Coordinator")
    COMMUNICATIONS = "communications", _("Communications planner")
    SPECIALIST = "specialist", _("Specialist")
    OTHER = "other", _("Other role")


class ProgrammeOfficePerson(Localized, models.Model):
    """A person of the programme office (ohjelmatoimisto) who runs the programme day to day: the programme manager,
    the coordinators, the communications planner and others (plan, section 5). Shown on the public page "who runs
    the programme"; linked to the person's user account when they have one."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of role"), max_length=30, choices=OfficeRoleKind.choices,
                            default=OfficeRoleKind.COORDINATOR)
    role_fi = models.CharField(_("role in Finnish"), max_length=200)
    role_sv = models.CharField(_("role in Swedish"), max_length=200)
    role_en = models.CharField(_("role in English"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True,
                                    help_text=_("City unit or other organisation."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="programme_office_person")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("shown on the public page"), default=True,
                                 help_text=_("Clear this when the person leaves the programme office."))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("person of the programme office")
        verbose_name_plural = _("programme office")

    def __str__(self) -> str:
        return self.name

    @property
    def role(self) -> str:
        return self.localized("role")

    @property
    def role_language(self) -> str:
        return self.localized_language("role")

    def clean(self):
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = _("Give the person's name.")
        phone = (self.phone or "").strip()
        if phone and not all(c.isdigit() or c in " +-()" for c in phone):
            errors["phone"] = _("A phone number has digits, spaces and the signs + - ( ) only.")
        if errors:
            raise ValidationError(errors)


# --- segregation impact assessment (ex ante) ----------------------------------------------------------------------


PopulationGroup = models.TextChoices(  # type: ignore[call-overload]
    "PopulationGroup", [(g.code.upper(), (g.code, groups.lazy_label(g.code))) for g in groups.GROUPS])
PopulationGroup.__doc__ = """The population groups an assessment may name: the one vocabulary of groups
(``knowledge.groups``) — the groups the statistics are broken down by (language group, background, gender, age
band: the programme's children, young people, young adults and older people among them), the programme's other
priority groups (families, people with disabilities, minorities, low incomes, unemployed people) and the whole
population of the areas."""


class MixingEffect(models.TextChoices):
    MORE = "more", _("more mixing")
    LESS = "less", _("less mixing")
    NONE = "none", _("no effect")
    UNKNOWN = "unknown", _("not known")


class ServiceEffect(models.TextChoices):
    STRENGTHENS = "strengthens", _("strengthens services")
    WEAKENS = "weakens", _("weakens services")
    NONE = "none", _("no effect")
    UNKNOWN = "unknown", _("not known")


class CatchmentEffect(models.TextChoices):
    MORE_MIXED = "more_mixed", _("more mixed school intake")
    LESS_MIXED = "less_mixed", _("less mixed school intake")
    NONE = "none", _("no effect")
    UNKNOWN = "unknown", _("not known")


# Effects that call for mitigations.
ADVERSE_EFFECTS = {("mixing_effect", MixingEffect.LESS), ("services_effect", ServiceEffect.WEAKENS),
                   ("catchment_effect", CatchmentEffect.LESS_MIXED)}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    ACCEPTED = "accepted", _("Accepted by the steering group")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")


class ReviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_CHANGES = "needs_changes", _("Needs changes")


MAX_ASSESSMENT_AREAS = 40


class ImpactAssessment(models.Model):
    """A segregation impact assessment (segregaatiovaikutusten arviointi) of a planned decision or action, made
    before the steering group decides (issue 16 item 7; plan, Annex 1 project 6). Staff prepare it; the knowledge
    base's figures for the areas it names are shown while it is a draft and frozen into ``figures`` when it is
    submitted, so that later imports do not change what the steering group saw. The group's review is kept in
    :class:`ImpactReview`; its effect is revisited on ``followup_date`` in the effect follow-up."""

    title = models.CharField(_("planned decision or action"), max_length=300)
    description = models.TextField(_("what is planned"), blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="impact_assessments",
        help_text=_("The steering-group item at which the decision is made."))
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="impact_assessments",
        help_text=_("The programme project, if the action is one; its target areas are compared in the effect "
                    "follow-up."))
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas touched"), related_name="+")
    population_groups = models.JSONField(_("population groups touched"), default=list)
    groups_note = models.TextField(_("how the groups are touched"), blank=True)
    mixing_effect = models.CharField(_("expected effect on mixing"), max_length=20, choices=MixingEffect.choices)
    mixing_reasons = models.TextField(_("reasons (mixing)"))
    services_effect = models.CharField(_("expected effect on services in the weakest-decile areas"), max_length=20,
                                       choices=ServiceEffect.choices)
    services_reasons = models.TextField(_("reasons (services)"))
    catchments = models.ManyToManyField("schools.CatchmentArea", verbose_name=_("school catchment areas touched"),
                                        blank=True, related_name="+")
    catchment_effect = models.CharField(_("expected effect on school catchments"), max_length=20,
                                        choices=CatchmentEffect.choices)
    catchment_reasons = models.TextField(_("reasons (school catchments)"))
    mitigations = models.TextField(_("mitigations"), blank=True)
    prepared_by_name = models.CharField(_("prepared by"), max_length=200,
                                        help_text=_("Name and unit of the person who prepared the assessment."))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("prepared by (account)"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    followup_date = models.DateField(_("follow-up date"),
                                     help_text=_("When the effects are revisited in the effect follow-up."))
    status = models.CharField(_("status"), max_length=20, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    is_example = models.BooleanField(
        _("example"), default=False,
        help_text=_("An example for trying the workflow, not a real assessment of the steering group."))
    figures = models.JSONField(_("figures as submitted"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("segregation impact assessment")
        verbose_name_plural = _("segregation impact assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(figures__isnull=False),
                name="governance_assessment_submitted_has_figures",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.NEEDS_CHANGES)

    @property
    def needs_mitigations(self) -> bool:
        return any(getattr(self, field) == value for field, value in ADVERSE_EFFECTS)

    def population_group_labels(self) -> list[str]:
        labels = dict(PopulationGroup.choices)
        return [str(labels.get(g, g)) for g in self.population_groups or []]

    def clean(self):
        errors: dict[str, object] = {}
        groups = self.population_groups
        if not isinstance(groups, list) or not groups:
            errors["population_groups"] = _("Choose at least one population group.")
        elif any(g not in PopulationGroup.values for g in groups):
            errors["population_groups"] = _("Unknown population group.")
        elif len(set(groups)) != len(groups):
            errors["population_groups"] = _("A population group is listed twice.")
        if self.needs_mitigations and not (self.mitigations or "").strip():
            errors["mitigations"] = _("An adverse expected effect needs mitigations: say how it is reduced.")
        if errors:
            raise ValidationError(errors)


class ImpactReview(models.Model):
    """The steering group's review of a submitted assessment (recorded by a member, or by staff on the group's
    behalf). Reviews are never edited; a revised assessment is reviewed again."""

    assessment = models.ForeignKey(ImpactAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE,
                                   related_name="reviews")
    outcome = models.CharField(_("review"), max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"))
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("version reviewed (submitted)"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "reviewed_at", "id"]
        verbose_name = _("review of an impact assessment")
        verbose_name_plural = _("reviews of impact assessments")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_outcome_display()}"
