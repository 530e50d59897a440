"""Read endpoints of money and partners (mounted under the programme router, so under /api/v1/).

The partner register, a project's in-kind work and the council-report summary are public; the funding pipeline
lists every application to the steering group and staff (session) and the granted ones to everyone else, as the
pages do. In-kind work is reported in hours and person-years in its own fields, never in euros."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from yhteiso.programme import selectors_funding
from yhteiso.programme.models import Partner, Project
from yhteiso.programme.selectors_intake import projects_visible_to
from yhteiso.programme.selectors_programmes import API_HELP, programme_or_404

router = Router(tags=["programme: money and partners"])


class PartnerProjectOut(Schema):
    project_id: int
    role: str = Field(description="implementation | co_development | reaching | knowledge | spaces | funding | "
                                  "expertise | other")
    role_label: str
    note: str


class PartnerOut(Schema):
    id: int
    name: str
    kind: str = Field(description="city_unit | association | company | parish | school | public_body | other")
    kind_label: str
    group: str | None = Field(description="the partner and stakeholder group of the plan's Table 3")
    group_role: str | None = Field(description="the group's role in the programme (Table 3)")
    role_note: str
    contact_role: str
    public_contact: str
    website: str
    projects: list[PartnerProjectOut]


class FundingOut(Schema):
    id: int
    source_kind: str = Field(description="eu | state | foundation | other_public | private | other")
    funder: str
    call: str
    call_url: str
    deadline: dt.date
    status: str = Field(description="idea | preparing | applied | granted | rejected | closed")
    status_label: str
    amount_applied: Decimal | None
    amount_granted: Decimal | None
    decision_date: dt.date | None
    project_ids: list[int]


class InKindRowOut(Schema):
    unit: str
    measure: str = Field(description="hours | person_years")
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    note: str


class InKindOut(Schema):
    project_id: int
    included_in_programme_costs: bool = Field(description="always false: the city's internal work is reported "
                                                          "separately from the programme's money")
    hours: Decimal
    person_years: Decimal
    rows: list[InKindRowOut]


class FundingErrorOut(Schema):
    detail: str


def _partner_out(partner: Partner) -> dict:
    return {
        "id": partner.pk, "name": partner.name, "kind": partner.kind, "kind_label": partner.get_kind_display(),
        "group": partner.group.name if partner.group else None,
        "group_role": partner.group.role if partner.group else None,
        "role_note": partner.role_note, "contact_role": partner.contact_role,
        "public_contact": partner.public_contact, "website": partner.website,
        "projects": [{"project_id": link.project_id, "role": link.role, "role_label": link.get_role_display(),
                      "note": link.note} for link in partner.project_links.all()],
    }


@router.get("/partners", response=list[PartnerOut], summary="The partner register (active partners)")
def list_partners(request):
    register = selectors_funding.partner_register(user=request.user)
    partners = [p for g in register["groups"] for p in g.partners.all()] + register["ungrouped"]
    return [_partner_out(p) for p in sorted(partners, key=lambda p: (p.name.casefold(), p.pk))]


@router.get("/funding", response=list[FundingOut], summary="External funding applications")
def list_funding(request, programme: str | None = Query(None, description=API_HELP)):
    """A programme's applications (``?programme=``, the default programme without it): every one for
    steering-group members and staff; the granted ones for everyone else."""
    applications = selectors_funding.funding_applications(request.user, programme=programme_or_404(programme))
    if not selectors_funding.may_read_pipeline(request.user):
        applications = applications.filter(status="granted")
    return [{
        "id": a.pk, "source_kind": a.source_kind, "funder": a.funder, "call": a.call, "call_url": a.call_url,
        "deadline": a.deadline, "status": a.status, "status_label": a.get_status_display(),
        "amount_applied": a.amount_applied, "amount_granted": a.amount_granted, "decision_date": a.decision_date,
        "project_ids": [p.pk for p in a.projects.all()],
    } for a in applications]


@router.get("/funding/summary/{year}", summary="External funding, partners and in-kind work for the council report")
def funding_summary(request, year: int, programme: str | None = Query(None, description=API_HELP)):
    """The figures the council report of ``year`` uses; in-kind work in its own block, never added to euros."""
    if not 2000 <= year <= 2100:
        raise Http404(_("No such year."))
    summary = selectors_funding.funding_council_summary(year=year, programme=programme_or_404(programme))
    for row in summary["external_funding"]["by_status"].values():
        row["label"] = str(row["label"])
    for row in summary["partners"]["by_kind"].values():
        row["label"] = str(row["label"])
    return summary


@router.get("/projects/{project_id}/in-kind", response={200: InKindOut, 404: FundingErrorOut},
            summary="The city units' in-kind work on a project")
def project_in_kind(request, project_id: int):
    project = projects_visible_to(request.user, Project.objects.filter(pk=project_id)).first()
    if project is None:
        raise Http404(_("No such project."))
    data = selectors_funding.project_in_kind(project)
    return {"project_id": project.pk, "included_in_programme_costs": False, **data["totals"],
            "rows": [{"unit": w.unit, "measure": w.measure, "amount": w.amount, "period_start": w.period_start,
                      "period_end": w.period_end, "note": w.note} for w in data["rows"]]}
