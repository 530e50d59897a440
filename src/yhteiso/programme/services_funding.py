"""Writes of money and partners: external funding applications, the partner register and partners' roles in
projects (programme staff only), and the units' in-kind work per project (programme staff, and the project's
responsible person and deputies for their own project). Every function is keyword-only, runs in one transaction,
checks the role (``PermissionDenied`` otherwise), validates with ``full_clean`` and writes the audit row in the
same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from yhteiso.core.audit import snapshot
from yhteiso.programme import services_rows
from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Project,
    ProjectPartner,
)

FUNDING_FIELDS = ("source_kind", "funder", "call", "call_url", "deadline", "amount_applied", "amount_granted",
                  "status", "decision_date", "responsible_user", "note")
PARTNER_FIELDS = ("name", "kind", "group", "role_note", "contact_role", "public_contact", "website", "active")
LINK_FIELDS = ("partner", "role", "note")
IN_KIND_FIELDS = ("unit", "measure", "amount", "period_start", "period_end", "note")


def _funding_state(application: FundingApplication) -> dict:
    data = snapshot(application, fields=("id", *FUNDING_FIELDS))
    data["projects"] = sorted(application.projects.values_list("pk", flat=True))
    return data


@transaction.atomic
def funding_application_save(*, actor, application: FundingApplication | None = None, projects=None,
                             programme=None, **fields) -> FundingApplication:
    """Create a funding application or update ``application``. ``projects`` (an iterable of projects, or None to
    keep them) replaces the linked projects. A new application belongs to ``programme`` (the default one for
    ``None``); an existing one stays in its own. Refused with a message naming the field: a missing deadline, a
    negative amount, more granted than applied, a sent application without the amount applied."""
    services_rows.require_staff(actor)
    services_rows.check_fields(fields, FUNDING_FIELDS)

    def link_projects(obj: FundingApplication) -> None:
        # the links are part of the state the audit row records after the change, so they are set first
        obj.save()
        obj.projects.set(list(projects))

    application, _before = services_rows.row_save(
        actor=actor, model=FundingApplication, row=application, fields=fields, action="funding_application",
        new=lambda: FundingApplication(programme=programme), state=_funding_state,
        before_save=None if projects is None else link_projects)
    return application


@transaction.atomic
def funding_application_delete(*, actor, application: FundingApplication) -> None:
    services_rows.row_delete(actor=actor, row=application, action="funding_application", project=None,
                             check=services_rows.require_staff, state=_funding_state)


@transaction.atomic
def partner_save(*, actor, partner: Partner | None = None, **fields) -> Partner:
    """Add an organisation to the partner register or update ``partner``."""
    services_rows.require_staff(actor)
    services_rows.check_fields(fields, PARTNER_FIELDS)
    partner, _before = services_rows.row_save(actor=actor, model=Partner, row=partner, fields=fields,
                                              action="partner", new=Partner)
    return partner


@transaction.atomic
def project_partner_save(*, actor, project: Project, link: ProjectPartner | None = None,
                         **fields) -> ProjectPartner:
    """Link a partner to ``project`` with its role there, or change the role of ``link``."""
    link, _before = services_rows.project_row_save(
        actor=actor, project=project, model=ProjectPartner, row=link, fields=fields, allowed=LINK_FIELDS,
        action="project_partner", elsewhere=_("This partner link belongs to another project."),
        check=services_rows.require_staff)
    return link


@transaction.atomic
def project_partner_delete(*, actor, link: ProjectPartner) -> None:
    services_rows.row_delete(actor=actor, row=link, action="project_partner", project=link.project,
                             check=services_rows.require_staff)


@transaction.atomic
def in_kind_work_save(*, actor, project: Project, work: InKindWork | None = None, **fields) -> InKindWork:
    """Record a unit's in-kind work on ``project`` or update ``work``. Hours and person-years are kept as given
    (never converted, never turned into euros); they are reported apart from the programme's money."""
    work, _before = services_rows.project_row_save(
        actor=actor, project=project, model=InKindWork, row=work, fields=fields, allowed=IN_KIND_FIELDS,
        action="in_kind_work", elsewhere=_("This row of in-kind work belongs to another project."),
        stamp={"recorded_by": actor})
    return work


@transaction.atomic
def in_kind_work_delete(*, actor, work: InKindWork) -> None:
    services_rows.row_delete(actor=actor, row=work, action="in_kind_work", project=work.project)

