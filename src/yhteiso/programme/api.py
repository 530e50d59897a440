"""Programme API (mounted at /api/v1/ with prefix "", so the paths here are full).

Reads are public. Writes need a programme-staff session (``django_auth``: session cookie and the CSRF token in the
``X-CSRFToken`` header): anonymous → 401, other roles → 403, a body that does not fit the schema → 422 (from
django-ninja, naming the field in ``detail[].loc``), a rule broken → 400 ``{"detail": [{"loc": ["body", field],
"msg": ...}]}`` with the field named the same way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.permissions import is_programme_staff
from yhteiso.programme import selectors, selectors_programmes, services, targeting
from yhteiso.programme.api_comms import router as comms_router
from yhteiso.programme.api_funding import router as funding_router
from yhteiso.programme.api_intake import router as intake_router
from yhteiso.programme.api_participation import router as participation_router
from yhteiso.programme.models import (
    BudgetLine,
    EntryKind,
    IndicatorCell,
    IndicatorUnit,
    Measurement,
    Project,
    ProjectStatus,
    TargetGroup,
)

router = Router(tags=["programme"])


# --- Schemas ----------------------------------------------------------------------------------------------------


class BaselineOut(Schema):
    value: float | None
    year: int | None
    date: dt.date | None
    source: str


class LatestOut(Schema):
    value: float
    date: dt.date
    source: str
    source_url: str


class TargetOut(Schema):
    kind: str = Field(description="none | number | direction | converge | pilot_count | campaign_count | qualitative")
    value: float | None
    value_max: float | None
    direction: str
    year: int | None
    reference_cell_id: int | None
    description: str


class CellOut(Schema):
    id: int
    label: str
    disaggregation: str = Field(description="city | area | age_group | population_group")
    group: str = Field(description="the population group in the statistics' vocabulary (knowledge.groups, as in "
                                   "/areas/{code}/groups); empty for the whole population or a group not in it")
    area_id: int | None
    baseline: BaselineOut
    latest: LatestOut | None
    target: TargetOut
    status: str = Field(description="on_track | off_track | scheduled | not_enough_data")
    status_label: str
    reason_code: str
    reason: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    unit: str
    unit_label: str
    data_source: str
    target_text: str
    cells: list[CellOut]


class GoalOut(Schema):
    id: int
    number: int
    name: str
    description: str
    indicators: list[IndicatorOut]


class AreaRef(Schema):
    id: int
    level: str
    code: str
    name: str


class ProgrammeOut(Schema):
    slug: str
    name: str
    name_fi: str
    name_sv: str
    name_en: str
    start_year: int
    end_year: int
    is_default: bool


class ProgrammeShareOut(Schema):
    programme: str = Field(description="the partner programme's slug")
    contribution: Decimal


class ProjectOut(Schema):
    id: int
    name: str
    lead_programme: str = Field(description="the lead programme's slug")
    partner_programmes: list[ProgrammeShareOut]
    kind: str
    status: str
    status_label: str
    year: int | None
    goals: list[int] = Field(description="benefit-goal numbers")
    target_groups: list[str]
    target_areas: list[AreaRef]
    intended_outputs: str
    proposer_type: str
    proposer_name: str
    responsible_unit: str
    responsible_person: str
    partners: str
    planned_cost_min: Decimal | None
    planned_cost_max: Decimal | None
    cost_note: str
    committed: Decimal
    spent: Decimal
    allowed_statuses: list[str]


class BudgetLineOut(Schema):
    id: int
    name: str
    amount: Decimal
    committed: Decimal
    spent: Decimal
    available: Decimal


class BudgetEntryOut(Schema):
    id: int
    line_id: int
    kind: str
    amount: Decimal
    project_id: int | None
    entry_date: dt.date
    note: str


class BudgetOut(Schema):
    year: int
    total: Decimal
    lines: list[BudgetLineOut]
    committed: Decimal
    spent: Decimal
    available: Decimal
    entries: list[BudgetEntryOut]


class RiskOut(Schema):
    id: int
    title: str
    category: str
    description: str
    likelihood: int | None
    impact: int | None
    score: int | None
    mitigation: str
    owner: str
    next_review: dt.date | None


class DeadlineOut(Schema):
    id: int
    kind: str
    title: str
    date: dt.date | None
    when: str
    year: int
    done: bool


class MeasurementIn(Schema):
    cell_id: int
    value: Decimal
    measured_on: dt.date
    source: str
    source_url: str = ""
    note: str = ""
    unit: str = Field("", description="Optional: the unit the value is in (" + " | ".join(IndicatorUnit.values)
                      + "); refused when it is not the indicator's")
    area_id: int | None = Field(None, description="Optional: the area the value describes; refused when it is "
                                "not the cell's")


class MeasurementOut(Schema):
    id: int
    cell_id: int
    value: float
    measured_on: dt.date
    source: str
    source_url: str
    note: str
    state: str = Field(description="proposed | approved: only approved values count and appear publicly")
    status: str
    reason: str


class StatusIn(Schema):
    status: str
    note: str = ""


class BudgetEntryIn(Schema):
    line_id: int
    kind: str = Field("committed", description="committed | spent")
    amount: Decimal
    project_id: int | None = None
    note: str = ""
    entry_date: dt.date | None = None
    allow_overspend: bool = Field(False, description="true after the user has seen the overspend warning")


class ErrorItem(Schema):
    loc: list[str]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem] | str


# --- Helpers ----------------------------------------------------------------------------------------------------


def _require_staff(request) -> None:
    if not is_programme_staff(request.user):
        raise HttpError(403, _("Programme staff only."))


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        items = [{"loc": ["body", field], "msg": msg} for field, msgs in exc.message_dict.items() for msg in msgs]
    else:
        items = [{"loc": ["body"], "msg": msg} for msg in exc.messages]
    return {"detail": items}


def _project_out(project: Project) -> dict:
    totals = selectors.project_budget(project=project)
    return {
        "id": project.pk,
        "name": project.name,
        "lead_programme": project.programme.slug if project.programme is not None else "",
        "partner_programmes": [{"programme": s.programme.slug, "contribution": s.contribution}
                               for s in selectors_programmes.project_shares(project)],
        "kind": project.kind,
        "status": project.status,
        "status_label": project.get_status_display(),
        "year": project.year,
        "goals": sorted(g.number for g in project.goals.all()),
        "target_groups": [g.group for g in project.target_group_rows.all()],
        "target_areas": [{"id": a.pk, "level": a.level, "code": a.code, "name": a.name}
                         for a in project.target_areas.all()],
        "intended_outputs": project.intended_outputs,
        "proposer_type": project.proposer_type,
        "proposer_name": project.proposer_name,
        "responsible_unit": project.responsible_unit,
        "responsible_person": project.responsible_person,
        "partners": project.partners,
        "planned_cost_min": project.planned_cost_min,
        "planned_cost_max": project.planned_cost_max,
        "cost_note": project.cost_note,
        "committed": totals["committed"],
        "spent": totals["spent"],
        "allowed_statuses": list(project.allowed_statuses()),
    }


# --- Reads ------------------------------------------------------------------------------------------------------

PROGRAMME_HELP = selectors_programmes.API_HELP
_programme = selectors_programmes.programme_or_404


@router.get("/programmes", response=list[ProgrammeOut], summary="The programmes of the installation")
def list_programmes(request):
    """Every programme, the default first. Programme-scoped lists take ``?programme=<slug>``."""
    return list(selectors_programmes.programmes())



@router.get("/goals", response=list[GoalOut], summary="Benefit goals with indicators, cells and status")
def list_goals(request, as_of: dt.date | None = None, programme: str | None = Query(None, description=PROGRAMME_HELP)):
    """Goals → indicators → cells with baseline, latest value (as of ``as_of``, default today), target and the
    computed status with its reason (in the request's language). The same numbers as the dashboard."""
    return selectors.programme_overview(as_of=as_of, programme=_programme(programme))


class ProjectFilter(Schema):
    goal: int | None = Field(None, description="benefit-goal number")
    status: str | None = Field(None, description=" | ".join(ProjectStatus.values))
    target_group: str | None = Field(None, description=" | ".join(TargetGroup.values))
    area: int | None = Field(None, description="area id")
    year: int | None = None
    programme: str | None = Field(None, description="a programme's slug: the projects it leads or shares; the "
                                                    "default programme if not given")


@router.get("/projects", response=list[ProjectOut], summary="Projects and actions")
def list_projects(request, filters: Query[ProjectFilter]):
    criteria = filters.dict()
    programme = _programme(criteria.pop("programme"))
    projects = selectors.project_list(**criteria, user=request.user, programme=programme)
    return [_project_out(p) for p in projects]


@router.get("/projects/{project_id}", response={200: ProjectOut, 404: ErrorOut}, summary="One project")
def get_project(request, project_id: int):
    try:
        project = selectors.project_detail(project_id=project_id, user=request.user)
    except Project.DoesNotExist as exc:
        raise Http404(_("No such project.")) from exc
    return _project_out(project)


@router.get("/budget/{year}", response={200: BudgetOut, 404: ErrorOut}, summary="The budget of a year")
def get_budget(request, year: int, programme: str | None = Query(None, description=PROGRAMME_HELP)):
    overview = selectors.budget_overview(year=year, programme=_programme(programme))
    if overview is None:
        raise Http404(_("No budget for that year."))
    return {
        "year": year, "total": overview["total"],
        "lines": [{"id": r["id"], "name": r["name"], "amount": r["amount"], "committed": r["committed"],
                   "spent": r["spent"], "available": r["available"]} for r in overview["lines"]],
        "committed": overview["totals"]["committed"], "spent": overview["totals"]["spent"],
        "available": overview["totals"]["available"],
        "entries": overview["entries"],
    }


@router.get("/risks", response=list[RiskOut], summary="Open risks of the risk register")
def list_risks(request, programme: str | None = Query(None, description=PROGRAMME_HELP)):
    return [{"id": r.pk, "title": r.title, "category": r.category, "description": r.description,
             "likelihood": r.likelihood, "impact": r.impact, "score": r.score, "mitigation": r.mitigation,
             "owner": r.owner, "next_review": r.next_review}
            for r in selectors.risk_register(programme=_programme(programme))]


@router.get("/reporting-calendar", response=list[DeadlineOut], summary="Reports to the council and reviews")
def list_deadlines(request, programme: str | None = Query(None, description=PROGRAMME_HELP)):
    return [{"id": d.pk, "kind": d.kind, "title": d.title, "date": d.date, "when": d.localized("when"),
             "year": d.year, "done": d.done} for d in selectors.reporting_calendar(programme=_programme(programme))]


# --- Writes (programme staff) -----------------------------------------------------------------------------------


@router.post("/measurements", auth=django_auth, response={201: MeasurementOut, 400: ErrorOut, 403: ErrorOut,
                                                          404: ErrorOut},
             summary="Record a measurement of an indicator cell (staff)")
def create_measurement(request, payload: MeasurementIn):
    _require_staff(request)
    cell = IndicatorCell.objects.filter(pk=payload.cell_id).first()
    if cell is None:
        return 400, {"detail": [{"loc": ["body", "cell_id"], "msg": _("No indicator cell with this id.")}]}
    area = services.AREA_NOT_GIVEN
    if payload.area_id is not None:
        area = Area.objects.filter(pk=payload.area_id).first()
        if area is None:
            return 400, {"detail": [{"loc": ["body", "area_id"], "msg": _("No area with this id.")}]}
    try:
        m = services.measurement_create(cell=cell, value=payload.value, measured_on=payload.measured_on,
                                        source=payload.source, source_url=payload.source_url,
                                        note=payload.note, actor=request.user, unit=payload.unit, area=area)
    except ValidationError as exc:
        return 400, _errors(exc)
    return 201, _measurement_out(m)


def _measurement_out(m: Measurement) -> dict:
    cell = m.cell
    status = selectors.cell_status(cell)
    overview_cell = next(c for g in selectors.programme_overview(goal_ids=[cell.indicator.goal_id])
                         for i in g["indicators"] for c in i["cells"] if c["id"] == cell.pk)
    return {"id": m.pk, "cell_id": cell.pk, "value": float(m.value), "measured_on": m.measured_on,
            "source": m.source, "source_url": m.source_url, "note": m.note, "state": m.state,
            "status": status.status, "reason": overview_cell["reason"]}


@router.post("/measurements/{measurement_id}/approve", auth=django_auth,
             response={200: MeasurementOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Approve a proposed measurement (staff other than its author, or the data owner)")
def approve_measurement(request, measurement_id: int):
    _require_staff(request)
    m = Measurement.objects.filter(pk=measurement_id).select_related("cell__indicator").first()
    if m is None:
        raise Http404(_("No such measurement."))
    try:
        m = services.measurement_approve(measurement=m, actor=request.user)
    except ValidationError as exc:
        return 400, _errors(exc)
    return 200, _measurement_out(m)


@router.patch("/projects/{project_id}/status", auth=django_auth,
              response={200: ProjectOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
              summary="Move a project along its lifecycle (staff)")
def set_project_status(request, project_id: int, payload: StatusIn):
    _require_staff(request)
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        raise Http404(_("No such project."))
    try:
        project = services.project_set_status(project=project, status=payload.status, note=payload.note,
                                              actor=request.user)
    except ValidationError as exc:
        return 400, _errors(exc)
    return 200, _project_out(selectors.project_detail(project_id=project.pk, user=request.user))


@router.post("/budget-entries", auth=django_auth,
             response={201: BudgetEntryOut, 400: ErrorOut, 403: ErrorOut},
             summary="Commit or record spending on a budget line (staff); refuses an overspend unless confirmed")
def create_budget_entry(request, payload: BudgetEntryIn):
    _require_staff(request)
    line = BudgetLine.objects.filter(pk=payload.line_id).first()
    if line is None:
        return 400, {"detail": [{"loc": ["body", "line_id"], "msg": _("No budget line with this id.")}]}
    if payload.kind not in EntryKind.values:
        return 400, {"detail": [{"loc": ["body", "kind"], "msg": _("Use 'committed' or 'spent'.")}]}
    project = None
    if payload.project_id is not None:
        project = Project.objects.filter(pk=payload.project_id).first()
        if project is None:
            return 400, {"detail": [{"loc": ["body", "project_id"], "msg": _("No project with this id.")}]}
    service = services.budget_commit if payload.kind == EntryKind.COMMITTED else services.budget_spend
    try:
        entry = service(line=line, amount=payload.amount, actor=request.user, project=project, note=payload.note,
                        entry_date=payload.entry_date, allow_overspend=payload.allow_overspend)
    except ValidationError as exc:
        return 400, _errors(exc)
    return 201, entry


# --- Targeting (moved from knowledge/api.py, issue 11) -----------------------------------------------------------

LEVELS = [c for c, _label in AreaLevel.choices]


class TargetRowOut(Schema):
    rank: int
    code: str
    name: str
    need: float
    sum_index: float | None
    status_index: float | None
    weakest_decile: bool
    projects: list[dict]
    caveats: list[str] = Field(default_factory=list, description="students | few_residents")
    rank_among_all: int | None = None


class TargetingOut(Schema):
    level: str
    year: int | None
    index: str
    areas: list[TargetRowOut]
    gaps: list[str]
    excluded: list[TargetRowOut] = Field(default_factory=list,
                                         description="areas with a caveat left out (exclude_flagged=true)")


@router.get("/targeting", response=TargetingOut, summary="Areas ranked by need, with the actions reaching them")
def targeting_ranking(request, index: str = "sum_index", year: int | None = None, level: str = AreaLevel.POSTAL_AREA,
                      exclude_flagged: bool = False):
    """``index``: ``sum_index`` (higher = more need), ``status_index`` (lower = more need) or ``combined``.
    ``caveats`` names why an area's index may not measure need (a student area, very few residents);
    ``exclude_flagged=true`` leaves those areas out of the ranking and lists them in ``excluded``."""
    if level not in LEVELS:
        raise HttpError(422, f"unknown level {level!r}")
    try:
        result = targeting.targeting(level=level, year=year, index=index, exclude_flagged=exclude_flagged)
    except ValueError as err:
        raise HttpError(422, str(err)) from None

    def row(r: dict) -> dict:
        return {"rank": r["rank"], "code": r["area"].code, "name": r["area"].name, "need": r["need"],
                "sum_index": r["sum_index"], "status_index": r["status_index"],
                "weakest_decile": r["weakest_decile"],
                "projects": [{"id": p.pk, "name": str(p), "status": p.status} for p in r["projects"]],
                "caveats": [c["kind"] for c in r.get("caveats", [])], "rank_among_all": r.get("full_rank")}

    return {"level": level, "year": result["year"], "index": result["index"],
            "gaps": [r["area"].code for r in result["gaps"]],
            "areas": [row(r) for r in result["rows"]], "excluded": [row(r) for r in result.get("excluded", [])]}


# Money and partners have their own module (api_funding.py); mounted here so the API keeps one programme router.
router.add_router("", funding_router)
# Communication likewise (api_comms.py).
router.add_router("", comms_router)
router.add_router("", intake_router)  # project proposals (api_intake.py)
router.add_router("", participation_router)
