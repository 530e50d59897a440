"""Steering-group API: members, meetings, published decisions, the programme office. Reads are public; agenda
items, decisions, attendance and minutes of meetings whose minutes are not yet published are shown only to
steering-group members and programme staff (logged-in session)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from yhteiso.core.permissions import is_programme_staff
from yhteiso.governance import selectors, selectors_impact
from yhteiso.governance.models import ImpactAssessment, Meeting
from yhteiso.programme.selectors_programmes import API_HELP, programme_or_404

router = Router(tags=["governance"])


class DecisionOut(Schema):
    text: str
    outcome: str
    outcome_label: str
    project_status: str | None
    budget_line: str | None
    budget_line_id: int | None
    budget_amount: Decimal | None


class AgendaItemOut(Schema):
    number: int
    title: str
    presenter: str
    description: str
    proposal: str
    project_id: int | None
    project_name: str | None
    decision: DecisionOut | None


class AttendanceOut(Schema):
    member_id: int
    name: str
    role: str
    role_label: str
    deputy_for: str | None
    present_from: dt.time
    present_until: dt.time
    whole_meeting: bool


class MinutesOut(Schema):
    body: str
    checker: str
    checker_id: int
    drafted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_on_behalf: bool
    published_at: dt.datetime | None


class MeetingOut(Schema):
    id: int
    programme: str = Field(description="the slug of the programme whose steering group meets")
    title: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    place: str
    status: str
    status_label: str
    is_ideation: bool
    is_example: bool
    agenda_due_date: dt.date
    agenda_sent_at: dt.datetime | None = None
    agenda_late: bool | None = None
    agenda_items: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    minutes: MinutesOut | None


class DeputyOut(Schema):
    id: int
    name: str | None
    title: str
    organisation: str


class MemberOut(Schema):
    id: int
    name: str | None
    role: str
    role_label: str
    group: str
    group_label: str
    title: str
    organisation: str
    term_start: dt.date | None
    term_end: dt.date | None
    note: str
    acting_for: str | None
    deputy: DeputyOut | None


@router.get("/meetings", response=list[MeetingOut], summary="Steering-group meetings")
def list_meetings(request, year: int | None = None, programme: str | None = Query(
        None, description="A programme's slug: only its steering group's meetings (404 for an unknown one); "
                          "without it, the meetings of every programme.")):
    """Every meeting with its programme, date, status and agenda due date. Agenda items with decisions, attendance
    and the minutes are included once the minutes are published (steering-group members and staff see them
    earlier, with the agenda's send time and lateness)."""
    chosen = programme_or_404(programme) if programme is not None else None
    return [selectors.meeting_document(m, include_unpublished=selectors.can_see_unpublished(request.user, m))
            for m in selectors.meetings_for(request.user, year=year, programme=chosen)]


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One steering-group meeting")
def get_meeting(request, meeting_id: int):
    try:
        meeting = selectors.meeting_detail(meeting_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    return selectors.meeting_document(meeting,
                                      include_unpublished=selectors.can_see_unpublished(request.user, meeting))


@router.get("/steering-group", response=list[MemberOut], summary="Steering-group members with deputies and roles")
def steering_group(request, programme: str | None = Query(None, description=API_HELP)):
    """The members of one programme's steering group (``?programme=``; the default programme without it) in the
    order of the programme plan, each with their personal deputy (if any)."""
    return [selectors.member_document(m) for m in selectors.steering_group_members(programme_or_404(programme))]


class OfficePersonOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    role: str
    role_fi: str
    role_sv: str
    role_en: str
    organisation: str
    email: str
    phone: str
    active: bool


@router.get("/programme-office", response=list[OfficePersonOut], summary="The programme office: who runs the programme")
def programme_office(request, include_inactive: bool = False):
    """The people of the programme office (programme manager, coordinators, communications planner, …) in their
    order, with the role in the request's language and in fi/sv/en and the work contacts shown on the public page.
    People who have left are listed only for programme staff asking with ``include_inactive=true``."""
    include = include_inactive and is_programme_staff(request.user)
    return [selectors.office_person_document(p) for p in selectors.programme_office(include_inactive=include)]


class ImpactAgendaItemOut(Schema):
    meeting_id: int
    number: int
    title: str


class ImpactIndexOut(Schema):
    key: str
    label: str
    value: float | None
    year: int
    note: str = ""  # the stand-in the figure is computed from, when it is not yet the plan's definition


class ImpactWithinOut(Schema):
    """A larger area's own dissimilarity index D over its small areas."""

    group: str
    label: str
    value: float | None
    year: int
    city: float | None
    parts_used: int | None
    parts_total: int | None
    note: str = ""


class ImpactAreaOut(Schema):
    code: str
    level: str
    name_fi: str
    name_sv: str
    population: float | None
    population_year: int | None
    indices: list[ImpactIndexOut]
    segregation_within: list[ImpactWithinOut] = []
    in_weakest_decile: bool | None


class ImpactDissimilarityOut(Schema):
    group: str
    level: str
    year: int
    value: float | None
    label: str


class ImpactReviewOut(Schema):
    outcome: str
    outcome_label: str
    note: str
    meeting_id: int | None
    reviewed_at: dt.datetime


class ImpactAssessmentOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    is_example: bool
    agenda_item: ImpactAgendaItemOut | None
    decision: str | None
    project_id: int | None
    population_groups: list[str]
    population_group_labels: list[str]
    mixing_effect: str
    mixing_effect_label: str
    mixing_reasons: str
    services_effect: str
    services_effect_label: str
    services_reasons: str
    catchment_effect: str
    catchment_effect_label: str
    catchment_reasons: str
    mitigations: str
    prepared_by_name: str
    followup_date: dt.date
    submitted_at: dt.datetime | None
    figures_frozen: bool
    figures_as_of: dt.datetime | None
    areas: list[ImpactAreaOut]
    dissimilarity: list[ImpactDissimilarityOut]
    reviews: list[ImpactReviewOut]


@router.get("/impact-assessments", response=list[ImpactAssessmentOut],
            summary="Segregation impact assessments the viewer may see")
def impact_assessments(request):
    """Ex-ante segregation impact assessments with the knowledge base's figures the steering group saw (frozen when
    the assessment was submitted). Steering-group members and staff see every assessment with the group's reviews;
    anyone else only the accepted ones attached to a decision whose minutes are published, without the reviews."""
    full = selectors_impact.can_read(request.user)
    return [selectors_impact.assessment_document(a, full=full)
            for a in selectors_impact.visible_assessments(request.user)]


@router.get("/impact-assessments/{assessment_id}", response=ImpactAssessmentOut,
            summary="One segregation impact assessment")
def impact_assessment(request, assessment_id: int):
    """404 also for an assessment the viewer may not see (its existence is not revealed)."""
    try:
        assessment = selectors_impact.visible_assessments(request.user).get(pk=assessment_id)
    except ImpactAssessment.DoesNotExist as exc:
        raise Http404 from exc
    return selectors_impact.assessment_document(assessment, full=selectors_impact.can_read(request.user))
