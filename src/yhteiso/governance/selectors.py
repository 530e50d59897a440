"""Reads of the steering-group data for pages, the API and the documents of the reports app.

Visibility rule (used everywhere): the public sees the steering group, the meeting calendar (date, time, place,
status) and, once the minutes are published, the agenda items, decisions and attendance. Steering-group members
and programme staff see agendas, decisions and minutes drafts before publication — a member only those of the
meetings of their own programmes' steering groups (one person may sit on several)."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, QuerySet

from yhteiso.core.permissions import is_programme_staff, is_steering_member
from yhteiso.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AssessmentStatus,
    Attendance,
    ImpactAssessment,
    Meeting,
    MeetingStatus,
    MemberGroup,
    Minutes,
    ProgrammeOfficePerson,
    Role,
    SteeringGroupMember,
)
from yhteiso.programme import selectors_programmes
from yhteiso.programme.models import Programme


def steering_group_members(programme: Programme | None = None) -> list[SteeringGroupMember]:
    """The members (not the deputies) of ``programme``'s steering group (the default programme's for ``None``) in
    the plan's order, each with ``deputy_member`` (or ``None``) set."""
    programme = selectors_programmes.resolve(programme)
    members = list(
        SteeringGroupMember.objects.filter(deputy_of__isnull=True, programme=programme)
        .select_related("deputy", "acting_for").order_by("order", "id")
    )
    for member in members:
        member.deputy_member = getattr(member, "deputy", None)
    return members


def steering_group_by_group(
        programme: Programme | None = None) -> list[tuple[str, str, list[SteeringGroupMember], bool]]:
    """``(group value, group label, members, show the deputy column)`` of ``programme``'s steering group (the
    default programme's for ``None``) in the order of the plan's list. Experts and the programme office have no
    personal deputies, so their tables leave the column out unless one exists."""
    groups: dict[str, tuple[str, str, list]] = {}
    for member in steering_group_members(programme):
        groups.setdefault(member.group, (member.group, member.get_group_display(), []))[2].append(member)
    no_deputies = {MemberGroup.EXPERTS, MemberGroup.PROGRAMME_OFFICE}
    return [(group, label, members, group not in no_deputies or any(m.deputy_member for m in members))
            for group, label, members in groups.values()]


def checker_candidates(meeting: Meeting) -> list[SteeringGroupMember]:
    """Members and deputies who attended the whole meeting (the only ones who may check the minutes)."""
    rows = Attendance.objects.filter(meeting=meeting).select_related("member", "member__deputy_of", "meeting")
    return [a.member for a in rows if a.whole_meeting and a.member.role != Role.PROGRAMME_MANAGER]


def can_see_unpublished(user, meeting: Meeting | None = None) -> bool:
    """Members and staff see what is not published yet; of one ``meeting``, only the steering group of the
    meeting's programme (and staff) do (issue 14 item 9)."""
    if meeting is not None:
        return selectors_programmes.sees_programme(user, meeting.programme_id)
    return is_steering_member(user)


def _meeting_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.select_related(
            "project", "decision", "decision__budget_line", "decision__budget_line__budget_year").order_by("number")),
        Prefetch("attendances", queryset=Attendance.objects.select_related("member", "member__deputy_of")),
    ).select_related("programme", "minutes", "minutes__checker", "minutes__approved_by")


def _own_programmes(user) -> dict:
    """A filter for the meetings of the programmes whose steering group ``user`` sits on (nothing for staff)."""
    if is_programme_staff(user):
        return {}
    return {"programme__in": selectors_programmes.member_programme_ids(user)}


def member_meetings(user) -> QuerySet[Meeting]:
    """The meetings on a member's own pages: those of their own programmes' steering groups (every one for
    staff), in date order."""
    return _meeting_queryset().filter(**_own_programmes(user)).order_by("date", "start_time", "id")


def meetings_for(user, *, year: int | None = None, programme: Programme | None = None) -> QuerySet[Meeting]:
    """All meetings (optionally of one year, optionally of one programme) in date order; what of them is shown
    depends on the user (see :func:`meeting_document`)."""
    qs = _meeting_queryset()
    if year is not None:
        qs = qs.filter(date__year=year)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("date", "start_time", "id")


def published_meetings(programme: Programme | None = None) -> QuerySet[Meeting]:
    """The meetings whose minutes are published, newest first: every programme's, or only ``programme``'s."""
    qs = _meeting_queryset().filter(status=MeetingStatus.PUBLISHED)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("-date", "-start_time")


def meeting_detail(meeting_id: int) -> Meeting:
    """Raises ``Meeting.DoesNotExist`` for an unknown id."""
    return _meeting_queryset().get(pk=meeting_id)


def meeting_minutes(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def meeting_document(meeting: Meeting, *, include_unpublished: bool) -> dict:
    """Everything about one meeting as plain data (for the API and the agenda/minutes documents). Agenda items,
    decisions, attendance and minutes are included only when published or when ``include_unpublished``."""
    timeliness = meeting.agenda_timeliness()
    minutes = meeting_minutes(meeting)
    data = {
        "id": meeting.pk,
        "programme": meeting.programme.slug,
        "title": meeting.title,
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "status": meeting.status,
        "status_label": str(meeting.get_status_display()),
        "is_ideation": meeting.is_ideation,
        "is_example": meeting.is_example,
        "agenda_due_date": meeting.agenda_due_date,
        "agenda_sent_at": meeting.agenda_sent_at if include_unpublished else None,
        "agenda_late": timeliness.is_late if include_unpublished else None,
        "agenda_items": [],
        "attendance": [],
        "minutes": None,
    }
    if not (include_unpublished or meeting.is_published):
        return data
    for item in meeting.items.all():
        decision = getattr(item, "decision", None)
        data["agenda_items"].append({
            "number": item.number,
            "title": item.title,
            "presenter": item.presenter,
            "description": item.description,
            "proposal": item.proposal,
            "project_id": item.project_id,
            "project_name": str(item.project) if item.project_id else None,
            "decision": None if decision is None else {
                "text": decision.text,
                "outcome": decision.outcome,
                "outcome_label": str(decision.get_outcome_display()),
                "project_status": decision.project_status or None,
                "budget_line": str(decision.budget_line) if decision.budget_line_id else None,
                "budget_line_id": decision.budget_line_id,
                "budget_amount": decision.budget_amount,
            },
        })
    for row in meeting.attendances.all():
        member = row.member
        data["attendance"].append({
            "member_id": member.pk,
            "name": member.name,
            "role": member.role,
            "role_label": str(member.get_role_display()),
            "deputy_for": str(member.deputy_of) if member.deputy_of_id else None,
            "present_from": row.present_from,
            "present_until": row.present_until,
            "whole_meeting": row.whole_meeting,
        })
    if minutes is not None:
        data["minutes"] = {
            "body": minutes.body,
            "checker": str(minutes.checker),
            "checker_id": minutes.checker_id,
            "drafted_at": minutes.drafted_at,
            "approved_at": minutes.approved_at,
            "approved_on_behalf": minutes.approved_on_behalf,
            "published_at": minutes.published_at,
        }
    return data


def member_document(member: SteeringGroupMember) -> dict:
    deputy = getattr(member, "deputy_member", None)
    return {
        "id": member.pk,
        "name": member.name or None,
        "role": member.role,
        "role_label": str(member.get_role_display()),
        "group": member.group,
        "group_label": str(member.get_group_display()),
        "title": member.title,
        "organisation": member.organisation,
        "term_start": member.term_start,
        "term_end": member.term_end,
        "note": member.note,
        "acting_for": str(member.acting_for) if member.acting_for_id else None,
        "deputy": None if deputy is None else {
            "id": deputy.pk,
            "name": deputy.name or None,
            "title": deputy.title,
            "organisation": deputy.organisation,
        },
    }


def can_approve_minutes(user, minutes: Minutes) -> bool:
    """The checker themselves (through the user account linked to them) or programme staff on their behalf."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_programme_staff(user) or (minutes.checker.user_id is not None and minutes.checker.user_id == user.pk)


def member_home(user, *, today) -> dict:
    """What a steering-group member has to do next: the coming meetings (with how many documents each agenda
    has), minutes waiting for their check and impact assessments waiting for the group's review."""
    upcoming = list(_meeting_queryset().filter(date__gte=today, is_example=False, **_own_programmes(user))
                    .order_by("date", "start_time")[:3])
    counts = dict(AgendaAttachment.objects.filter(item__meeting__in=upcoming).values_list("item__meeting")
                  .annotate(n=models.Count("id")).values_list("item__meeting", "n"))
    for meeting in upcoming:
        meeting.material_count = counts.get(meeting.pk, 0)
    to_check = list(Minutes.objects.filter(checker__user=user, meeting__status=MeetingStatus.MINUTES_DRAFTED)
                    .select_related("meeting").order_by("meeting__date"))
    to_review = list(ImpactAssessment.objects.filter(status=AssessmentStatus.SUBMITTED)
                     .exclude(prepared_by=user).order_by("created_at"))
    member = (SteeringGroupMember.objects.filter(user=user).select_related("deputy_of", "programme")
              .order_by("-programme__is_default", "programme__name_fi", "id").first())
    return {"member": member, "upcoming": upcoming, "to_check": to_check, "to_review": to_review,
            "plans": year_plans(today)}


def year_plan(year: int, programme: Programme | None = None) -> list[Meeting]:
    """The steering groups' meetings of ``year`` in date order (example meetings left out): the year's meeting
    plan, of every programme or only of ``programme``. The calendar (date, time, place, kind, status) is public."""
    qs = Meeting.objects.filter(date__year=year, is_example=False)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return list(qs.order_by("date", "start_time", "id"))


def year_plans(today, programme: Programme | None = None) -> list[tuple[int, list[Meeting]]]:
    """The meeting plan of this year, and of next year once its meetings have been planned: ``[(year,
    meetings)]``, of every programme or only of ``programme``."""
    plans = [(today.year, year_plan(today.year, programme))]
    following = year_plan(today.year + 1, programme)
    if following:
        plans.append((today.year + 1, following))
    return plans


def programme_office(*, include_inactive: bool = False) -> list[ProgrammeOfficePerson]:
    """The people of the programme office in their order (those who have left only when ``include_inactive``)."""
    qs = ProgrammeOfficePerson.objects.select_related("user").order_by("order", "id")
    return list(qs if include_inactive else qs.filter(active=True))


def office_person_document(person: ProgrammeOfficePerson) -> dict:
    return {"id": person.pk, "name": person.name, "kind": person.kind, "kind_label": str(person.get_kind_display()),
            "role": person.localized("role"), "role_fi": person.role_fi, "role_sv": person.role_sv,
            "role_en": person.role_en, "organisation": person.organisation, "email": person.email,
            "phone": person.phone, "active": person.active}
