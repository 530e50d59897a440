"""Writes of money and partners: external funding applications, the partner register and partners' roles in
projects (programme staff only), and the units' in-kind work per project (programme staff, and the project's
responsible person and deputies for their own project). Every function is keyword-only, runs in one transaction,
checks the role (``PermissionDenied`` otherwise), validates with ``full_clean`` and writes the audit row in the
same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.permissions import is_programme_staff
from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Project,
    ProjectPartner,
)
from yhteiso.programme.selectors_progress import may_report

FUNDING_FIELDS = ("source_kind", "funder", "call", "call_url", "deadline", "amount_applied", "amount_granted",
                  "status", "decision_date", "responsible_user", "note")
PARTNER_FIELDS = ("name", "kind", "group", "role_note", "contact_role", "public_contact", "website", "active")
LINK_FIELDS = ("partner", "role", "note")
IN_KIND_FIELDS = ("unit", "measure", "amount", "period_start", "period_end", "note")


def _require_staff(actor) -> None:
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff may do this."))


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)!r}")


def _funding_state(application: FundingApplication) -> dict:
    data = snapshot(application, fields=("id", *FUNDING_FIELDS))
    data["projects"] = sorted(application.projects.values_list("pk", flat=True))
    return data


@transaction.atomic
def funding_application_save(*, actor, application: FundingApplication | None = None, projects=None,
                             **fields) -> FundingApplication:
    """Create a funding application or update ``application``. ``projects`` (an iterable of projects, or None to
    keep them) replaces the linked projects. Refused with a message naming the field: a missing deadline, a
    negative amount, more granted than applied, a sent application without the amount applied."""
    _require_staff(actor)
    _check_fields(fields, FUNDING_FIELDS)
    creating = application is None
    if creating:
        application = FundingApplication()
        before = None
    else:
        assert application is not None
        application = FundingApplication.objects.select_for_update().get(pk=application.pk)
        before = _funding_state(application)
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    if projects is not None:
        application.projects.set(list(projects))
    audit_record(actor=actor, action=f"funding_application.{'create' if creating else 'update'}",
                 instance=application, before=before, after=_funding_state(application))
    return application


@transaction.atomic
def funding_application_delete(*, actor, application: FundingApplication) -> None:
    _require_staff(actor)
    audit_record(actor=actor, action="funding_application.delete", instance=application,
                 before=_funding_state(application))
    application.delete()


@transaction.atomic
def partner_save(*, actor, partner: Partner | None = None, **fields) -> Partner:
    """Add an organisation to the partner register or update ``partner``."""
    _require_staff(actor)
    _check_fields(fields, PARTNER_FIELDS)
    creating = partner is None
    partner = Partner() if partner is None else Partner.objects.select_for_update().get(pk=partner.pk)
    before = None if creating else snapshot(partner)
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, action=f"partner.{'create' if creating else 'update'}", instance=partner,
                 before=before, after=snapshot(partner))
    return partner


@transaction.atomic
def project_partner_save(*, actor, project: Project, link: ProjectPartner | None = None,
                         **fields) -> ProjectPartner:
    """Link a partner to ``project`` with its role there, or change the role of ``link``."""
    _require_staff(actor)
    _check_fields(fields, LINK_FIELDS)
    if link is not None and link.project_id != project.pk:
        raise PermissionDenied(_("This partner link belongs to another project."))
    creating = link is None
    link = ProjectPartner(project=project) if link is None else ProjectPartner.objects.select_for_update().get(
        pk=link.pk)
    before = None if creating else snapshot(link)
    for name, value in fields.items():
        setattr(link, name, value)
    link.full_clean()
    link.save()
    audit_record(actor=actor, action=f"project_partner.{'create' if creating else 'update'}", instance=link,
                 before=before, after=snapshot(link))
    return link


@transaction.atomic
def project_partner_delete(*, actor, link: ProjectPartner) -> None:
    _require_staff(actor)
    audit_record(actor=actor, action="project_partner.delete", instance=link, before=snapshot(link))
    link.delete()


def _require_reporter(actor, project: Project) -> None:
    if not may_report(actor, project):
        raise PermissionDenied(_("Only the project's responsible person, its deputies and programme staff may "
                                 "do this."))


@transaction.atomic
def in_kind_work_save(*, actor, project: Project, work: InKindWork | None = None, **fields) -> InKindWork:
    """Record a unit's in-kind work on ``project`` or update ``work``. Hours and person-years are kept as given
    (never converted, never turned into euros); they are reported apart from the programme's money."""
    _require_reporter(actor, project)
    _check_fields(fields, IN_KIND_FIELDS)
    if work is not None and work.project_id != project.pk:
        raise PermissionDenied(_("This row of in-kind work belongs to another project."))
    creating = work is None
    work = InKindWork(project=project) if work is None else InKindWork.objects.select_for_update().get(pk=work.pk)
    before = None if creating else snapshot(work)
    for name, value in fields.items():
        setattr(work, name, value)
    work.recorded_by = actor
    work.full_clean()
    work.save()
    audit_record(actor=actor, action=f"in_kind_work.{'create' if creating else 'update'}", instance=work,
                 before=before, after=snapshot(work))
    return work


@transaction.atomic
def in_kind_work_delete(*, actor, work: InKindWork) -> None:
    _require_reporter(actor, work.project)
    audit_record(actor=actor, action="in_kind_work.delete", instance=work, before=snapshot(work))
    work.delete()

