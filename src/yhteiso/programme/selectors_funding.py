"""Reads about money and partners: the funding pipeline with its upcoming deadlines and totals, the partner
register, a project's partners, funding and in-kind work, and the summary the council report uses. In-kind work
is always returned in its own keys, by measure (hours, person-years), never added to euros."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from yhteiso.core.permissions import is_steering_member
from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Programme,
    Project,
    ProjectPartner,
    StakeholderGroup,
)
from yhteiso.programme.models_funding import (
    OPEN_STATUSES,
    SUBMITTED_STATUSES,
    FundingStatus,
    PartnerKind,
    WorkMeasure,
)
from yhteiso.programme.models_intake import not_in_intake
from yhteiso.programme.selectors_intake import visible_to
from yhteiso.programme.selectors_programmes import resolve

ZERO = Decimal(0)


def may_read_pipeline(user) -> bool:
    """The whole pipeline (ideas, applications being prepared, rejected ones) is for the steering group and
    staff; the public sees the funding granted to each project on the project's page."""
    return is_steering_member(user)


def funding_applications(user=None, *, programme: Programme | None = None, every_programme: bool = False):
    """``programme``'s applications (the default programme's for ``None``; every programme's with
    ``every_programme``) with the projects ``user`` may see linked to them (a proposal still in the intake is not
    shown to the public: :func:`selectors_intake.visible_to`)."""
    projects = Project.objects.filter(visible_to(user)).order_by("id")
    applications = FundingApplication.objects.all() if every_programme else FundingApplication.objects.filter(
        programme=resolve(programme))
    return (applications.select_related("responsible_user")
            .prefetch_related(Prefetch("projects", queryset=projects))
            .order_by("deadline", "id"))


def upcoming_deadlines(*, today: dt.date | None = None, user=None, programme: Programme | None = None):
    """``programme``'s applications still to be written (idea, being prepared) whose deadline has not passed,
    soonest first."""
    today = today or dt.date.today()
    return funding_applications(user, programme=programme).filter(status__in=OPEN_STATUSES, deadline__gte=today)


def _sums(queryset) -> dict:
    data = queryset.aggregate(count=Count("id"), applied=Sum("amount_applied"), granted=Sum("amount_granted"))
    return {"count": data["count"], "applied": data["applied"] or ZERO, "granted": data["granted"] or ZERO}


def funding_totals(programme: Programme | None = None) -> list[dict]:
    """``programme``'s applications (the default programme's for ``None``) per year of the deadline (newest
    first): a row per status that has applications (count, applied, granted) and the year's totals.
    Ideas and applications in preparation count in ``count`` but their amounts are not yet applied, so the year's
    ``applied`` sums the sent applications only."""
    own = FundingApplication.objects.filter(programme=resolve(programme))
    years = sorted({d.year for d in own.values_list("deadline", flat=True)}, reverse=True)
    result = []
    for year in years:
        in_year = own.filter(deadline__year=year)
        rows = []
        for status in FundingStatus:
            sums = _sums(in_year.filter(status=status))
            if sums["count"]:
                rows.append({"status": status.value, "label": status.label, **sums})
        sent = _sums(in_year.filter(status__in=SUBMITTED_STATUSES))
        result.append({"year": year, "rows": rows, "count": in_year.count(), "applied": sent["applied"],
                       "granted": sent["granted"]})
    return result


def in_kind_totals(queryset=None) -> dict[str, Decimal]:
    """Total in-kind work by measure: ``{"hours": …, "person_years": …}``. Hours and person-years are kept apart
    (the plan gives no conversion) and never turned into euros."""
    queryset = InKindWork.objects.all() if queryset is None else queryset
    totals = {m.value: ZERO for m in WorkMeasure}
    for row in queryset.values("measure").annotate(total=Sum("amount")):
        totals[row["measure"]] = row["total"] or ZERO
    return totals


def in_kind_by_unit(*, year: int | None = None) -> list[dict]:
    """In-kind work per unit (all projects), hours and person-years apart; ``year`` keeps the rows whose period
    ends in that year (a period is reported in the year it ends, as the council report of 31.12. does)."""
    rows = InKindWork.objects.all()
    if year is not None:
        rows = rows.filter(period_end__year=year)
    units: dict[str, dict] = {}
    for row in rows.values("unit", "measure").annotate(total=Sum("amount"), projects=Count("project", distinct=True)):
        unit = units.setdefault(row["unit"], {"unit": row["unit"], "hours": ZERO, "person_years": ZERO})
        unit[row["measure"]] += row["total"] or ZERO
    return sorted(units.values(), key=lambda r: r["unit"].casefold())


def project_in_kind(project: Project) -> dict:
    rows = list(project.in_kind_work.order_by("period_start", "id"))
    return {"rows": rows, "totals": in_kind_totals(project.in_kind_work.all())}


def project_partners(project: Project):
    return (ProjectPartner.objects.filter(project=project).select_related("partner", "partner__group")
            .order_by("partner__name", "id"))


def project_funding(project: Project, user=None):
    """The funding applications of ``project``: all of them for the steering group and staff, the granted ones
    for everyone else."""
    applications = funding_applications(user, every_programme=True).filter(projects=project)
    if not may_read_pipeline(user):
        applications = applications.filter(status=FundingStatus.GRANTED)
    return applications


def partner_register(*, include_inactive: bool = False, user=None) -> dict:
    """The register grouped by the plan's Table 3: each group with its role and its partners (each with its
    projects and roles, of the projects ``user`` may see), then the partners not placed in a group."""
    partners = Partner.objects.all() if include_inactive else Partner.objects.filter(active=True)
    links = (ProjectPartner.objects.filter(visible_to(user, "project__")).select_related("project")
             .order_by("project__name_fi", "id"))
    partners = partners.prefetch_related(Prefetch("project_links", queryset=links)).order_by("name", "id")
    groups = list(StakeholderGroup.objects.prefetch_related(Prefetch("partners", queryset=partners)))
    return {"groups": groups, "ungrouped": list(partners.filter(group__isnull=True)),
            "count": partners.count()}


def funding_council_summary(*, year: int, programme: Programme | None = None) -> dict:
    """The figures of external funding, partners and in-kind work for the council report of ``year``.

    ``external_funding``: applications whose call closed in ``year``, by status (count, applied, granted), the
    totals of the sent applications and the amount still awaiting decision; ``in_kind``: work whose period ends in
    ``year``, in hours and person-years (the city's internal work: **not** part of the programme's costs);
    ``partners``: active partners by type and the number of project links. Nothing here is added to the
    programme's budget figures. Applications are ``programme``'s (the default programme's for ``None``), in-kind
    work that of the projects it leads; the partner register is city-wide (the same organisations work with every
    programme), so its figures are the city's."""
    programme = resolve(programme)
    in_year = FundingApplication.objects.filter(deadline__year=year, programme=programme)
    by_status = {}
    for status in FundingStatus:
        by_status[status.value] = {"label": status.label, **_sums(in_year.filter(status=status))}
    sent = _sums(in_year.filter(status__in=SUBMITTED_STATUSES))
    decided = in_year.filter(status__in=(FundingStatus.GRANTED, FundingStatus.REJECTED))
    # work on a proposal still in the intake is not the programme's yet (nor public)
    in_kind_year = InKindWork.objects.filter(not_in_intake("project__"), period_end__year=year,
                                             project__programme=programme)
    granted_count = by_status[FundingStatus.GRANTED]["count"]
    active = Partner.objects.filter(active=True)
    kinds = dict(active.values_list("kind").annotate(n=Count("id")))
    return {
        "year": year,
        "external_funding": {
            "by_status": by_status,
            "applications_sent": sent["count"],
            "applied": sent["applied"],
            "granted": sent["granted"],
            "awaiting_decision": by_status[FundingStatus.APPLIED]["applied"],
            "decided": decided.count(),
            "granted_count": granted_count,
            "projects_funded": Project.objects.filter(
                not_in_intake(), funding_applications__in=in_year.filter(status=FundingStatus.GRANTED),
            ).distinct().count(),
        },
        "in_kind": {
            **in_kind_totals(in_kind_year),
            "projects": in_kind_year.values("project").distinct().count(),
            "included_in_programme_costs": False,
        },
        "partners": {
            "active": active.count(),
            "by_kind": {k.value: {"label": k.label, "count": kinds.get(k.value, 0)} for k in PartnerKind},
            "project_links": ProjectPartner.objects.filter(not_in_intake("project__"), partner__active=True,
                                                           project__programme=programme).count(),
            "projects_with_partners": Project.objects.filter(
                not_in_intake(), Q(partner_links__partner__active=True), programme=programme).distinct().count(),
        },
    }
