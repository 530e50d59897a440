"""Writes of the steering-group workflow. Each service is one transaction: it validates (``full_clean``), saves
and writes the audit row. A decision's effects on the programme (project status, budget commitment) are checked
when the decision is recorded and carried out when the minutes containing it are published, in the publishing
transaction, so either everything is saved or nothing is. Notices (e-mail) are queued in the same transaction and
sent by the worker after it commits."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yhteiso.core import attachments, hooks
from yhteiso.core.audit import AuditNote, audit_record, snapshot
from yhteiso.core.inputs import far_date_error
from yhteiso.core.permissions import is_programme_staff
from yhteiso.governance import selectors
from yhteiso.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AssessmentStatus,
    Attendance,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Minutes,
    ProgrammeOfficePerson,
    SteeringGroupMember,
)
from yhteiso.notices.tasks import notice_enqueue
from yhteiso.programme import services as programme_services
from yhteiso.programme import services_intake
from yhteiso.programme.models import Programme, ProjectStatus

MEETING_FIELDS = ["programme", "title", "date", "start_time", "end_time", "place", "status", "agenda_lead_days",
                  "agenda_sent_at", "is_ideation", "is_example"]


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_status(meeting: Meeting, allowed: Iterable[str], message: str) -> None:
    if meeting.status not in set(allowed):
        raise ValidationError(message % {"status": meeting.get_status_display()})


def _set_status(meeting: Meeting, status: str, *, actor, note: str | AuditNote = "") -> None:
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.status = status
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="meeting.status", instance=meeting, before=before,
                 after=snapshot(meeting, MEETING_FIELDS), note=note)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


MEMBER_FIELDS = ["programme", "name", "role", "group", "title", "organisation", "deputy_of", "acting_for", "term_start",
                 "term_end", "note", "user", "order"]


@transaction.atomic
def member_save(*, actor, member: SteeringGroupMember | None = None, **fields) -> SteeringGroupMember:
    """Create a steering-group member (or personal deputy) or edit one; audited with the values before and after."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"unknown member fields: {sorted(unknown)}")
    creating = member is None
    member = member or SteeringGroupMember()
    before = None if creating else snapshot(member, MEMBER_FIELDS)
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    audit_record(actor=actor, action="steering_member.create" if creating else "steering_member.update",
                 instance=member, before=before, after=snapshot(member, MEMBER_FIELDS))
    return member


OFFICE_FIELDS = ["name", "kind", "role_fi", "role_sv", "role_en", "organisation", "email", "phone", "user",
                 "order", "active"]


@transaction.atomic
def office_person_save(*, actor, person: ProgrammeOfficePerson | None = None, **fields) -> ProgrammeOfficePerson:
    """Add a person to the programme office or edit one (programme staff); audited with the values before and
    after. A person who leaves is marked not ``active`` rather than deleted, so the audit trail keeps them."""
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff can do this."))
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise ValueError(f"unknown programme office fields: {sorted(unknown)}")
    creating = person is None
    person = ProgrammeOfficePerson() if person is None else ProgrammeOfficePerson.objects.select_for_update().get(
        pk=person.pk)
    before = None if creating else snapshot(person, OFFICE_FIELDS)
    for name, value in fields.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="programme_office.create" if creating else "programme_office.update",
                 instance=person, before=before, after=snapshot(person, OFFICE_FIELDS))
    return person


@transaction.atomic
def meeting_create(*, actor, date: dt.date, start_time: dt.time, end_time: dt.time | None = None, place: str = "",
                   title: str = "", agenda_lead_days: int = 7, is_ideation: bool = False,
                   is_example: bool = False, programme=None) -> Meeting:
    """A meeting of ``programme``'s steering group (the default programme's without one)."""
    meeting = Meeting(date=date, start_time=start_time, end_time=end_time, place=place, title=title,
                      agenda_lead_days=agenda_lead_days, is_ideation=is_ideation, is_example=is_example,
                      programme=programme)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="meeting.create", instance=meeting, after=snapshot(meeting, MEETING_FIELDS))
    return meeting


#: At most this many meetings are planned in one go (the plan has about eight a year), and at most this many
#: ideation meetings a year (the plan: once or twice a year, with the deputies).
MEETING_PLAN_MAX_ROWS = 12
IDEATION_MEETINGS_PER_YEAR = 2
MEETING_PLAN_YEARS = (2020, 2100)


def _plan_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


@transaction.atomic
def meeting_plan_create(*, actor, year: int, rows: list[dict], start_time: dt.time, end_time: dt.time | None = None,
                        place: str = "", agenda_lead_days: int = 7, programme=None) -> list[Meeting]:
    """Plan a year's meetings of ``programme``'s steering group at once (the default programme's without one;
    programme staff): each row gives a ``date``, optionally ``is_ideation``, ``title`` and its own ``start_time``;
    the common time, place and agenda lead time apply to every row. Refused as a whole, with one message per row
    naming it, when a date is not in ``year``, two rows share a date, the programme's steering group already has a
    meeting on that date, or its year would have more than :data:`IDEATION_MEETINGS_PER_YEAR` ideation meetings;
    nothing is saved then. Each meeting created is audited."""
    if not is_programme_staff(actor):
        raise PermissionDenied(_("Only programme staff can do this."))
    low, high = MEETING_PLAN_YEARS
    if not isinstance(year, int) or not low <= year <= high:
        raise ValidationError({"year": _("Give a year between %(low)s and %(high)s.") % {"low": low, "high": high}})
    if not rows:
        raise ValidationError(_("Give the date of at least one meeting."))
    if len(rows) > MEETING_PLAN_MAX_ROWS:
        raise ValidationError(_("At most %(n)s meetings can be planned at once.") % {"n": MEETING_PLAN_MAX_ROWS})
    if programme is None:
        programme = Programme.objects.default()
    errors: list[str] = []
    same_group = Meeting.objects.filter(date__year=year, is_example=False, programme=programme)
    existing = set(same_group.values_list("date", flat=True))
    seen: dict[dt.date, int] = {}
    for number, row in enumerate(rows, start=1):
        day = row["date"]
        params = {"row": number, "date": _plan_date(day), "year": year}
        if day.year != year:
            errors.append(_("Row %(row)s: the date %(date)s is not in %(year)s.") % params)
        elif day in seen:
            errors.append(_("Row %(row)s: the date %(date)s is already on row %(other)s.")
                          % {**params, "other": seen[day]})
        elif day in existing:
            errors.append(_("Row %(row)s: the steering group already has a meeting on %(date)s.") % params)
        seen.setdefault(day, number)
    ideation = sum(1 for row in rows if row.get("is_ideation")) + same_group.filter(is_ideation=True).count()
    if ideation > IDEATION_MEETINGS_PER_YEAR:
        errors.append(_("The plan holds ideation meetings once or twice a year: %(year)s would have %(n)s.")
                      % {"year": year, "n": ideation})
    if errors:
        raise ValidationError(errors)
    meetings = []
    for number, row in enumerate(rows, start=1):
        meeting = Meeting(date=row["date"], start_time=row.get("start_time") or start_time, end_time=end_time,
                          place=place, title=row.get("title", ""), agenda_lead_days=agenda_lead_days,
                          is_ideation=bool(row.get("is_ideation")), programme=programme)
        try:
            meeting.full_clean()
        except ValidationError as exc:
            raise ValidationError([_("Row %(row)s: %(error)s") % {"row": number, "error": message}
                                   for message in exc.messages]) from exc
        meeting.save()
        audit_record(actor=actor, action="meeting.create", instance=meeting, after=snapshot(meeting, MEETING_FIELDS),
                     note=f"meeting plan {year}")
        meetings.append(meeting)
    return sorted(meetings, key=lambda m: m.date)


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, **fields) -> Meeting:
    """Edit a meeting's date, time, place, title, agenda lead time or kind before it is held (rescheduling)."""
    allowed = {"programme", "date", "start_time", "end_time", "place", "title", "agenda_lead_days", "is_ideation",
               "is_example"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
                    _("A meeting can be edited only before it is held (the meeting is now: %(status)s)."))
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="meeting.update", instance=meeting, before=before,
                 after=snapshot(meeting, MEETING_FIELDS))
    return meeting


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, actor, **fields) -> AgendaItem:
    """Edit an agenda item before the meeting is held."""
    allowed = {"title", "presenter", "description", "proposal", "project", "requires_impact_assessment"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown agenda item fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_status(meeting, [MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
                    _("Items can be edited only before the meeting is held (the meeting is now: %(status)s)."))
    item = AgendaItem.objects.get(pk=item.pk)
    before = snapshot(item)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="agenda_item.update", instance=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, actor, title: str, presenter: str = "", description: str = "",
                    proposal: str = "", project=None, requires_impact_assessment: bool = False) -> AgendaItem:
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
                    _("Items can be added only before the meeting is held (the meeting is now: %(status)s)."))
    number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem(meeting=meeting, number=number, title=title, presenter=presenter, description=description,
                      proposal=proposal, project=project, requires_impact_assessment=requires_impact_assessment)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="agenda_item.add", instance=item, after=snapshot(item))
    return item


#: Largest agenda attachment (bytes) and the most the attachments of one meeting may add up to: they travel with
#: the agenda e-mail, and mail servers commonly refuse messages over 20–25 MB once encoded.
AGENDA_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MEETING_ATTACHMENTS_MAX_BYTES = 15 * 1024 * 1024
ATTACHMENT_FIELDS = ("item", "name", "content_type", "size")


@transaction.atomic
def agenda_attachment_add(*, actor, item: AgendaItem, name: str, content: bytes) -> AgendaAttachment:
    """Attach a document to an agenda item before the meeting is held. Refused with a message naming the file when
    it is empty, too large, of a type not accepted, not what its name says, or when the meeting's attachments
    would grow past :data:`MEETING_ATTACHMENTS_MAX_BYTES`."""
    meeting = _locked(item.meeting)
    _require_status(meeting, [MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
                    _("Materials can be attached only before the meeting is held (the meeting is now: "
                      "%(status)s)."))
    name, content_type = attachments.attachment_checked(name, content, max_bytes=AGENDA_ATTACHMENT_MAX_BYTES)
    used = sum(AgendaAttachment.objects.filter(item__meeting=meeting).values_list("size", flat=True))
    if used + len(content) > MEETING_ATTACHMENTS_MAX_BYTES:
        raise ValidationError({"file": _(
            "The file “%(name)s” does not fit: the materials of one meeting may add up to %(limit)s (now "
            "%(used)s), so that they can be e-mailed with the agenda.") % {
            "name": name, "limit": attachments.megabytes(MEETING_ATTACHMENTS_MAX_BYTES),
            "used": attachments.megabytes(used)}})
    attachment = AgendaAttachment(item=item, name=name, content_type=content_type, size=len(content),
                                  content=content, uploaded_by=_user_or_none(actor))
    attachment.full_clean()
    attachment.save()
    audit_record(actor=actor, action="agenda_item.attach", instance=attachment,
                 after=snapshot(attachment, fields=ATTACHMENT_FIELDS))
    return attachment


@transaction.atomic
def agenda_attachment_delete(*, actor, attachment: AgendaAttachment) -> None:
    """Remove a document from an agenda item before the meeting is held."""
    meeting = _locked(attachment.item.meeting)
    _require_status(meeting, [MeetingStatus.PLANNED, MeetingStatus.AGENDA_SENT],
                    _("Materials can be removed only before the meeting is held (the meeting is now: "
                      "%(status)s)."))
    audit_record(actor=actor, action="agenda_item.detach", instance=attachment,
                 before=snapshot(attachment, fields=ATTACHMENT_FIELDS))
    attachment.delete()


@transaction.atomic
def agenda_send(*, meeting: Meeting, actor, sent_at: dt.datetime | None = None, notify: bool = True) -> Meeting:
    """Record that the agenda was sent to the members (by default now; an earlier time may be recorded when it
    went out by other means). Marks the meeting "agenda sent"; the audit note says whether it was late. With
    ``notify`` the worker e-mails the agenda PDF to the members and deputies after the change commits."""
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.PLANNED],
                    _("The agenda can be sent only for a planned meeting (the meeting is now: %(status)s)."))
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one agenda item before sending the agenda."))
    now = timezone.now()
    sent_at = sent_at or now
    if error := far_date_error(sent_at.date()):  # year 1 has no time in UTC: the database refuses it
        raise ValidationError({"sent_at": error})
    if sent_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"sent_at": _("The agenda cannot be recorded as sent in the future.")})
    if timezone.localtime(sent_at).date() > meeting.date:
        raise ValidationError({"sent_at": _("The agenda cannot be sent after the meeting day.")})
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.agenda_sent_at = sent_at
    meeting.agenda_sent_by = _user_or_none(actor)
    meeting.status = MeetingStatus.AGENDA_SENT
    meeting.full_clean()
    meeting.save()
    late = meeting.agenda_timeliness().is_late
    audit_record(actor=actor, action="meeting.status", instance=meeting, before=before,
                 after=snapshot(meeting, MEETING_FIELDS), note=AuditNote(gettext_noop("agenda sent late") if late
                                                                 else gettext_noop("agenda sent")))
    if notify:
        notice_enqueue(kind="agenda_sent", object_id=meeting.pk)
    return meeting


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, actor, start_time: dt.time, end_time: dt.time,
                              attendances: Iterable[tuple[SteeringGroupMember, dt.time, dt.time]]) -> Meeting:
    """Record the actual start and end of the meeting and who attended from when to when (replaces earlier
    records). Marks the meeting "held"."""
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.AGENDA_SENT, MeetingStatus.HELD],
                    _("Attendance can be recorded after the agenda has been sent and before the minutes are "
                      "drafted (the meeting is now: %(status)s)."))
    if meeting.date > timezone.localdate():
        raise ValidationError(_("Attendance can be recorded only on or after the meeting day."))
    attendances = list(attendances)
    if not attendances:
        raise ValidationError(_("Record at least one attendee."))
    before = snapshot(meeting, MEETING_FIELDS)
    before["attendance"] = [str(a) for a in meeting.attendances.select_related("member")]
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.status = MeetingStatus.HELD
    meeting.full_clean()
    meeting.save()
    meeting.attendances.all().delete()
    rows = []
    for member, present_from, present_until in attendances:
        row = Attendance(meeting=meeting, member=member, present_from=present_from, present_until=present_until)
        try:
            row.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _("%(name)s: %(errors)s") % {"name": member, "errors": " ".join(exc.messages)}
            ) from exc
        rows.append(row)
    Attendance.objects.bulk_create(rows)
    after = snapshot(meeting, MEETING_FIELDS)
    after["attendance"] = [str(a) for a in rows]
    audit_record(actor=actor, action="meeting.attendance", instance=meeting, before=before, after=after)
    return meeting


class _DryRun(Exception):  # noqa: N818 - control flow: checking the effects without keeping them
    pass


def _apply_effects(decision: Decision, *, actor, allow_overspend: bool) -> None:
    """Carry out a decision's effects on the programme: the linked project's new status and the budget
    commitment. Errors name the decision's field."""
    item = decision.item
    # the budget entry's and the project decision's reference is a record text, kept in the programme's language
    with translation.override("fi"):
        note = _("Steering group %(meeting)s, § %(number)s") % {"meeting": str(item.meeting), "number": item.number}
    audit_note = AuditNote(gettext_noop("Steering group %(meeting)s, § %(number)s"),
                           {"meeting": str(item.meeting), "number": item.number})
    if decision.project_status:
        try:
            if decision.project_status in (ProjectStatus.APPROVED, ProjectStatus.REJECTED):
                # Kept as the project's steering-group decision, whose conditions staff then confirm before the
                # project may start (issue 14 item 2).
                services_intake.steering_decision_from_minutes(
                    project=item.project, actor=actor, project_status=decision.project_status,
                    decided_on=item.meeting.date, reasons=decision.text, reference=note,
                    governance_decision_id=decision.pk)
            else:
                programme_services.project_set_status(project=item.project, status=decision.project_status,
                                                      actor=actor, note=audit_note)
        except ValidationError as exc:
            raise ValidationError({"project_status": exc.messages}) from exc
    if decision.budget_line_id is not None:
        try:
            programme_services.budget_commit(line=decision.budget_line, amount=decision.budget_amount, actor=actor,
                                             project=item.project, note=note, allow_overspend=allow_overspend)
        except ValidationError as exc:
            raise ValidationError({"budget_amount": exc.messages}) from exc


def _check_effects(decision: Decision, *, actor, allow_overspend: bool) -> None:
    """Run the decision's effects with the code that will carry them out, after the effects of every decision still
    pending (they will take effect first: a pending approval makes "in progress" possible, pending commitments use
    the line), inside a savepoint that is always rolled back. Raises the ValidationError a real run would."""
    try:
        with transaction.atomic():
            pending = (Decision.objects.filter(effects_applied_at__isnull=True)
                       .select_related("item__project", "item__meeting", "budget_line").order_by("recorded_at", "pk"))
            for other in pending:
                if other.has_effects:
                    with contextlib.suppress(ValidationError):  # its own savepoint is rolled back
                        _apply_effects(other, actor=actor, allow_overspend=True)
            _apply_effects(decision, actor=actor, allow_overspend=allow_overspend)
            raise _DryRun
    except _DryRun:
        pass


def _require_accepted_assessment(item: AgendaItem, outcome: str) -> None:
    """An item marked as requiring a segregation impact assessment cannot be approved (as proposed or amended)
    before the steering group has accepted an assessment attached to it; it may still be rejected, tabled,
    returned or noted."""
    if not item.requires_impact_assessment or outcome not in (DecisionOutcome.APPROVED, DecisionOutcome.AMENDED):
        return
    if not item.impact_assessments.filter(status=AssessmentStatus.ACCEPTED).exists():
        raise ValidationError({"outcome": _(
            "This item requires a segregation impact assessment accepted by the steering group before it can be "
            "approved. Record the review of the assessment first, or choose another outcome.")})


@transaction.atomic
def decision_record(*, item: AgendaItem, actor, text: str, outcome: str, project_status: str = "",
                    budget_line=None, budget_amount: Decimal | None = None, allow_overspend: bool = False) -> Decision:
    """Record the decision on an agenda item. Its effects on the programme (the linked project's new status,
    the budget commitment) are checked now with the same rules that will carry them out — an invalid status
    change or an overspend (unless ``allow_overspend``, which the staff page asks for explicitly after showing
    ``budget_overspend_warning``) is refused and nothing is saved — but they take effect only when the minutes
    containing the decision are published (:func:`minutes_publish`); until then staff see them as pending."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_status(meeting, [MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED],
                    _("Decisions are recorded after the meeting has been held and before the minutes are checked "
                      "(the meeting is now: %(status)s)."))
    item = AgendaItem.objects.select_related("project", "meeting").get(pk=item.pk)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("A decision has already been recorded on this item."))
    decision = Decision(item=item, text=text, outcome=outcome, project_status=project_status,
                        budget_line=budget_line, budget_amount=budget_amount,
                        overspend_confirmed=bool(allow_overspend and budget_line is not None),
                        recorded_by=_user_or_none(actor))
    decision.full_clean()
    _require_accepted_assessment(item, outcome)
    _check_effects(decision, actor=actor, allow_overspend=allow_overspend)
    decision.save()
    params = {"meeting": str(meeting), "number": item.number}
    audit_record(actor=actor, action="decision.record", instance=decision, after=snapshot(decision),
                 note=AuditNote(gettext_noop("Steering group %(meeting)s, § %(number)s (effects pending the minutes)")
                                if decision.has_effects else gettext_noop("Steering group %(meeting)s, § %(number)s"),
                                params))
    return decision


def _apply_pending_effects(meeting: Meeting, *, actor) -> None:
    """Carry out the effects of every decision of the meeting not yet carried out (called when its minutes are
    published, inside that transaction: if one effect fails, the minutes stay unpublished and nothing changes)."""
    decisions = (Decision.objects.select_for_update(of=("self",))
                 .select_related("item__project", "item__meeting", "budget_line")
                 .filter(item__meeting=meeting, effects_applied_at__isnull=True).order_by("item__number"))
    for decision in decisions:
        if not decision.has_effects:
            continue
        try:
            _apply_effects(decision, actor=actor, allow_overspend=decision.overspend_confirmed)
        except ValidationError as exc:
            raise ValidationError(_("The decision on § %(number)s cannot take effect: %(errors)s") % {
                "number": decision.item.number, "errors": " ".join(exc.messages)}) from exc
        decision.effects_applied_at = timezone.now()
        decision.save(update_fields=["effects_applied_at"])


@transaction.atomic
def minutes_draft(*, meeting: Meeting, actor, checker: SteeringGroupMember, body: str = "") -> Minutes:
    """Draft (or revise the draft of) the minutes and choose the minutes checker, who must have attended the whole
    meeting. Every agenda item needs a decision first."""
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED],
                    _("Minutes can be drafted after the meeting has been held and before they are checked "
                      "(the meeting is now: %(status)s)."))
    undecided = [str(i) for i in meeting.items.filter(decision__isnull=True)]
    if undecided:
        raise ValidationError(_("Record a decision on every agenda item first; missing: %(items)s.")
                              % {"items": "; ".join(undecided)})
    minutes = Minutes.objects.filter(meeting=meeting).first()
    before = snapshot(minutes) if minutes else None
    if minutes is None:
        minutes = Minutes(meeting=meeting)
    minutes.body = body
    minutes.checker = checker
    minutes.drafted_at = timezone.now()
    minutes.drafted_by = _user_or_none(actor)
    minutes.full_clean()
    minutes.save()
    audit_record(actor=actor, action="minutes.draft", instance=minutes, before=before, after=snapshot(minutes))
    notice_enqueue(kind="minutes_to_check", object_id=minutes.pk)
    if meeting.status != MeetingStatus.MINUTES_DRAFTED:
        _set_status(meeting, MeetingStatus.MINUTES_DRAFTED, actor=actor,
                    note=AuditNote(gettext_noop("minutes drafted")))
    return minutes


def _minutes_of(meeting: Meeting, queryset=None) -> Minutes:
    """The meeting's minutes; a ValidationError when its status says drafted but no minutes exist (data edited
    elsewhere, e.g. in the admin)."""
    minutes = (queryset if queryset is not None else Minutes.objects).filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("This meeting has no minutes yet: draft them first."))
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor) -> Minutes:
    """The minutes checker's approval, given by the checker or recorded by staff on the checker's behalf (the
    audit row and ``approved_on_behalf`` say which)."""
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.MINUTES_DRAFTED],
                    _("Only drafted minutes can be approved (the meeting is now: %(status)s)."))
    minutes = _minutes_of(meeting, Minutes.objects.select_related("checker"))
    if not selectors.can_approve_minutes(actor, minutes):
        raise PermissionDenied(_("Only the minutes checker or programme staff can approve the minutes."))
    minutes.full_clean()  # the checker rule again: attendance may have been corrected since drafting
    before = snapshot(minutes)
    by_checker = minutes.checker.user_id is not None and minutes.checker.user_id == actor.pk
    minutes.approved_at = timezone.now()
    minutes.approved_by = actor
    minutes.approved_on_behalf = not by_checker
    minutes.save()
    audit_record(actor=actor, action="minutes.approve", instance=minutes, before=before, after=snapshot(minutes),
                 note=AuditNote(gettext_noop("approved by the checker")) if by_checker
                 else AuditNote(gettext_noop("Approval recorded on behalf of the checker %(checker)s"),
                                {"checker": str(minutes.checker)}))
    _set_status(meeting, MeetingStatus.MINUTES_CHECKED, actor=actor, note=AuditNote(gettext_noop("minutes checked")))
    hooks.minutes_checked(meeting=meeting, actor=actor)  # e.g. report texts approved at the meeting
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor) -> Minutes:
    """Publish minutes the checker has approved: they appear on the public minutes page and in the API."""
    meeting = _locked(meeting)
    _require_status(meeting, [MeetingStatus.MINUTES_CHECKED],
                    _("Only minutes approved by the checker can be published (the meeting is now: %(status)s)."))
    minutes = _minutes_of(meeting)
    before = snapshot(minutes)
    minutes.published_at = timezone.now()
    minutes.published_by = _user_or_none(actor)
    minutes.full_clean()
    minutes.save()
    audit_record(actor=actor, action="minutes.publish", instance=minutes, before=before, after=snapshot(minutes))
    _apply_pending_effects(meeting, actor=actor)
    _set_status(meeting, MeetingStatus.PUBLISHED, actor=actor, note=AuditNote(gettext_noop("minutes published")))
    notice_enqueue(kind="minutes_published", object_id=minutes.pk)
    return minutes
