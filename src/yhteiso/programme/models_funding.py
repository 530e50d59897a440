"""Money and partners: the external funding pipeline (calls applied for, amounts applied and granted), the partner
register with the roles of the plan's Table 3 and each partner's role in each project, and the city units' in-kind
work per project. In-kind work is the city's internal work: it is never added to the programme's money (the plan
reports costs "without the city's internal work"). Imported by ``models.py``; writes go through
``services_funding.py``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from yhteiso.core import formatting
from yhteiso.core.localisation import Localized
from yhteiso.programme.models import PROGRAMME_END, PROGRAMME_START, Programme, ProgrammeRowMixin, Project

# --- External funding -------------------------------------------------------------------------------------------


class FundingSourceKind(models.TextChoices):
    EU = "eu", _("EU programme")
    STATE = "state", _("ministry or other state funder")
    FOUNDATION = "foundation", _("foundation or fund")
    OTHER_PUBLIC = "other_public", _("other public funder")
    PRIVATE = "private", _("company or other private funder")
    OTHER = "other", _("other source")


class FundingStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PREPARING = "preparing", _("application being prepared")
    APPLIED = "applied", _("applied, awaiting decision")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
    CLOSED = "closed", _("closed")


#: Statuses in which an application has been sent: the amount applied is known.
SUBMITTED_STATUSES = (FundingStatus.APPLIED, FundingStatus.GRANTED, FundingStatus.REJECTED, FundingStatus.CLOSED)
#: Statuses of work still ahead: their deadlines are "upcoming".
OPEN_STATUSES = (FundingStatus.IDEA, FundingStatus.PREPARING)
#: Largest amount accepted in euros (well above any call the programme could apply to).
FUNDING_MAX = Decimal("100000000")


class FundingApplication(ProgrammeRowMixin, models.Model):
    """One call for external funding a programme or its projects apply to (or consider applying to), from the
    first idea to the funder's decision. Kept per programme; the partner register below stays city-wide (the same
    organisations work with every programme), and a partner's roles are per project."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="funding_applications")
    source_kind = models.CharField(_("kind of source"), max_length=20, choices=FundingSourceKind.choices)
    funder = models.CharField(_("funder"), max_length=200,
                              help_text=_("For example the European Social Fund+, a ministry or a foundation."))
    call = models.CharField(_("call"), max_length=300, help_text=_("The name of the call or funding programme."))
    call_url = models.URLField(_("address of the call"), blank=True)
    deadline = models.DateField(_("deadline"), error_messages={"null": _("Give the deadline of the call."),
                                                                "blank": _("Give the deadline of the call.")})
    amount_applied = models.DecimalField(
        _("amount applied (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Required once the application has been sent."))
    amount_granted = models.DecimalField(
        _("amount granted (€)"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Required when the funding is granted; at most the amount applied."))
    status = models.CharField(_("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.IDEA,
                              db_index=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="funding_applications")
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), blank=True,
                                      related_name="funding_applications")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        constraints = [
            models.CheckConstraint(condition=Q(amount_applied__isnull=True) | Q(amount_applied__gte=0),
                                   name="programme_funding_applied_not_negative"),
            models.CheckConstraint(condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                                   name="programme_funding_granted_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_applied__isnull=True)
                | Q(amount_granted__lte=F("amount_applied")),
                name="programme_funding_granted_at_most_applied"),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.call}"

    @property
    def year(self) -> int:
        return self.deadline.year

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        for field, label in (("amount_applied", _("The amount applied")), ("amount_granted", _("The amount granted"))):
            value = getattr(self, field)
            if value is None:
                continue
            if value < 0:
                add(field, _("%(field)s cannot be negative.") % {"field": label})
            elif value > FUNDING_MAX:
                add(field, _("%(field)s is larger than %(max)s; check the figure.") % {
                    "field": label, "max": formatting.euros(FUNDING_MAX)})
        if self.status in SUBMITTED_STATUSES and self.amount_applied is None:
            add("amount_applied", _("Give the amount applied: the application has been sent."))
        if self.status == FundingStatus.GRANTED and self.amount_granted is None:
            add("amount_granted", _("Give the amount granted."))
        if self.status in (*OPEN_STATUSES, FundingStatus.APPLIED) and self.amount_granted is not None:
            add("amount_granted", _("An amount is granted only with the funder's decision: leave it empty until "
                                    "the status is “granted”."))
        if (self.amount_granted is not None and self.amount_applied is not None and "amount_granted" not in errors
                and self.amount_granted > self.amount_applied):
            add("amount_granted", _("The amount granted (%(granted)s) is more than the amount applied "
                                    "(%(applied)s).") % {"granted": formatting.euros(self.amount_granted),
                                                         "applied": formatting.euros(self.amount_applied)})
        if self.decision_date and self.status not in (FundingStatus.GRANTED, FundingStatus.REJECTED,
                                                      FundingStatus.CLOSED):
            add("decision_date", _("A decision date belongs to a granted, rejected or closed application."))
        if self.decision_date and self.deadline and self.decision_date < self.deadline:
            add("decision_date", _("The decision cannot come before the deadline of the call."))
        if errors:
            raise ValidationError(errors)


# --- Partners and stakeholders ----------------------------------------------------------------------------------


class StakeholderGroup(Localized, models.Model):
    """A row of the plan's Table 3 (key partners and stakeholders): a group and its role in the programme."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_fi = models.CharField(_("name in Finnish"), max_length=200, unique=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    role_fi = models.TextField(_("role in the programme in Finnish"))
    role_sv = models.TextField(_("role in the programme in Swedish"), blank=True)
    role_en = models.TextField(_("role in the programme in English"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("partner or stakeholder group")
        verbose_name_plural = _("partner and stakeholder groups")

    def __str__(self) -> str:
        return self.localized("name")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def role(self) -> str:
        return self.localized("role")


class PartnerKind(models.TextChoices):
    CITY_UNIT = "city_unit", _("city unit")
    ASSOCIATION = "association", _("association or organisation")
    COMPANY = "company", _("company")
    PARISH = "parish", _("parish or religious community")
    SCHOOL = "school", _("school or educational institution")
    PUBLIC_BODY = "public_body", _("other public body")
    OTHER = "other", _("other")


class Partner(models.Model):
    """An organisation the programme works with. No personal data: a contact *role* and a public contact (the
    organisation's shared address or web page), never a person's name or private details."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("partner or stakeholder group"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="partners",
        help_text=_("The group of the programme plan's Table 3; its role in the programme is shown with the "
                    "partner."))
    role_note = models.TextField(_("role in the programme, more precisely"), blank=True)
    contact_role = models.CharField(
        _("contact role"), max_length=200, blank=True,
        help_text=_("A role, not a name: for example “executive director” or “regional coordinator”."))
    public_contact = models.CharField(
        _("public contact"), max_length=200, blank=True,
        help_text=_("The organisation's shared e-mail address or telephone number. No personal data."))
    website = models.URLField(_("web page"), blank=True)
    active = models.BooleanField(_("active partner"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="programme_partner_name_unique",
                                    violation_error_message=_("A partner with this name is already in the "
                                                              "register.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        raw_name = self.name or ""
        self.name = raw_name.strip()
        if raw_name and not self.name:  # only spaces (an empty field is already refused as required)
            raise ValidationError({"name": _("Give the name of the organisation.")})
        if "@" in self.contact_role:
            raise ValidationError({"contact_role": _("Give a role here, not an address: the address goes in "
                                                     "the public contact.")})


class PartnerRole(models.TextChoices):
    IMPLEMENTATION = "implementation", _("carries out actions")
    CO_DEVELOPMENT = "co_development", _("co-develops")
    REACHING = "reaching", _("reaches the target groups")
    KNOWLEDGE = "knowledge", _("produces knowledge")
    SPACES = "spaces", _("provides spaces")
    FUNDING = "funding", _("funds")
    EXPERTISE = "expertise", _("brings expertise")
    OTHER = "other", _("other role")


class ProjectPartner(models.Model):
    """A partner's role in one project."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="partner_links")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT,
                                related_name="project_links")
    role = models.CharField(_("role in the project"), max_length=20, choices=PartnerRole.choices)
    note = models.CharField(_("role in a few words"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "partner__name", "id"]
        verbose_name = _("partner of a project")
        verbose_name_plural = _("partners of projects")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="programme_project_partner_once",
                                    violation_error_message=_("This partner is already linked to the project.")),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.project}"


# --- In-kind work of the city's units ---------------------------------------------------------------------------


class WorkMeasure(models.TextChoices):
    HOURS = "hours", _("hours")
    PERSON_YEARS = "person_years", _("person-years")


#: Largest amount of in-kind work one row may record, by measure.
WORK_MAX: dict[str, Decimal] = {WorkMeasure.HOURS: Decimal(100_000), WorkMeasure.PERSON_YEARS: Decimal(50)}


class InKindWork(models.Model):
    """Work a city unit puts into a project in a period, in hours or person-years. It is the city's internal work:
    reported next to, never added to, the programme's money."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="in_kind_work")
    unit = models.CharField(_("unit"), max_length=200, help_text=_("The city unit that does the work."))
    measure = models.CharField(_("measured in"), max_length=20, choices=WorkMeasure.choices,
                               default=WorkMeasure.HOURS)
    amount = models.DecimalField(_("amount of work"), max_digits=9, decimal_places=2)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    note = models.CharField(_("what the work was"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "period_start", "id"]
        verbose_name = _("in-kind work")
        verbose_name_plural = _("in-kind work")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="programme_in_kind_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")),
                                   name="programme_in_kind_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.amount.normalize():f} {self.get_measure_display()}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        raw_unit = self.unit or ""
        self.unit = raw_unit.strip()
        if raw_unit and not self.unit:  # only spaces (an empty field is already refused as required)
            errors.setdefault("unit", []).append(_("Name the unit that does the work."))
        if self.amount is not None:
            limit = WORK_MAX.get(self.measure)
            if self.amount <= 0:
                errors.setdefault("amount", []).append(_("The amount of work must be more than zero."))
            elif limit is not None and self.amount > limit:
                errors.setdefault("amount", []).append(
                    _("%(amount)s %(measure)s is more than one row may record (at most %(limit)s); check the "
                      "figure and the measure.") % {"amount": formatting.number(self.amount, decimals=2),
                                                    "measure": self.get_measure_display(),
                                                    "limit": formatting.number(limit, decimals=0)})
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors.setdefault("period_end", []).append(_("The period must not end before it starts."))
            for field in ("period_start", "period_end"):
                day = getattr(self, field)
                if not PROGRAMME_START <= day <= PROGRAMME_END:
                    errors.setdefault(field, []).append(
                        _("The date %(date)s is outside the programme period %(start)s–%(end)s.") % {
                            "date": formatting.date(day), "start": formatting.date(PROGRAMME_START),
                            "end": formatting.date(PROGRAMME_END)})
        if errors:
            raise ValidationError(errors)
