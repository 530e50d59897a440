"""Steering-group API: members, meetings, published decisions. Reads are public; agenda items, decisions,
attendance and minutes of meetings whose minutes are not yet published are shown only to steering-group members and
programme staff (logged-in session)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from yhteiso.governance import selectors
from yhteiso.governance.models import Meeting

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
def list_meetings(request, year: int | None = None):
    """Every meeting with its date, status and agenda due date. Agenda items with decisions, attendance and the
    minutes are included once the minutes are published (steering-group members and staff see them earlier, with
    the agenda's send time and lateness)."""
    include = selectors.can_see_unpublished(request.user)
    return [selectors.meeting_document(m, include_unpublished=include)
            for m in selectors.meetings_for(request.user, year=year)]


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One steering-group meeting")
def get_meeting(request, meeting_id: int):
    try:
        meeting = selectors.meeting_detail(meeting_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    return selectors.meeting_document(meeting, include_unpublished=selectors.can_see_unpublished(request.user))


@router.get("/steering-group", response=list[MemberOut], summary="Steering-group members with deputies and roles")
def steering_group(request):
    """The members in the order of the programme plan, each with their personal deputy (if any)."""
    return [selectors.member_document(m) for m in selectors.steering_group_members()]
