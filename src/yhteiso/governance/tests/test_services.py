"""The meeting workflow: decisions with their programme effects in one transaction, approval, publication, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import Decision, MeetingStatus
from yhteiso.programme.models import BudgetEntry

from .programme_factories import committed


def _decide(meeting, staff, **kwargs):
    kwargs.setdefault("text", "The steering group approves the project.")
    kwargs.setdefault("outcome", "approved")
    return services.decision_record(item=meeting.items.get(number=1), actor=staff, **kwargs)


def _publish(meeting, staff, checker):
    services.minutes_draft(meeting=meeting, actor=staff, checker=checker, body="Opened 14.00.")
    services.minutes_approve(meeting=meeting, actor=staff)
    return services.minutes_publish(meeting=meeting, actor=staff)


class TestDecisionEffects:
    def test_a_decision_changes_the_project_status_and_commits_budget_together(self, held_meeting, staff, project,
                                                                                budget_line, people):
        decision = _decide(held_meeting, staff, project_status="approved", budget_line=budget_line,
                           budget_amount=Decimal("10000"))
        _publish(held_meeting, staff, people["chair"])  # the effects wait for the published minutes
        project.refresh_from_db()
        assert project.status == "approved"
        assert committed(budget_line) == Decimal("10000")
        entry = BudgetEntry.objects.get()
        assert entry.project == project and entry.kind == "committed"
        assert decision.overspend_confirmed is False
        status_event = AuditEvent.objects.get(action="project.status")
        assert status_event.note.endswith("§ 1") and status_event.actor == staff

    def test_an_invalid_status_change_saves_neither_decision_nor_commitment(self, held_meeting, staff, project,
                                                                            budget_line):
        with pytest.raises(ValidationError) as exc:
            _decide(held_meeting, staff, project_status="completed", budget_line=budget_line,
                    budget_amount=Decimal("1000"))
        assert "project_status" in exc.value.message_dict
        project.refresh_from_db()
        assert project.status == "proposed"
        assert committed(budget_line) == Decimal("0")
        assert not Decision.objects.exists()
        assert not AuditEvent.objects.filter(action__in=["decision.record", "project.status"]).exists()

    def test_an_overspending_commitment_rolls_back_the_status_change_too(self, held_meeting, staff, project,
                                                                         budget_line):
        with pytest.raises(ValidationError) as exc:
            _decide(held_meeting, staff, project_status="approved", budget_line=budget_line,
                    budget_amount=Decimal("90000"))
        assert "budget_amount" in exc.value.message_dict
        project.refresh_from_db()
        assert project.status == "proposed"
        assert committed(budget_line) == Decimal("0")
        assert not Decision.objects.exists()
        assert not AuditEvent.objects.filter(action__in=["decision.record", "project.status"]).exists()

    def test_an_overspending_commitment_is_saved_when_explicitly_confirmed(self, held_meeting, staff, project,
                                                                          budget_line, people):
        decision = _decide(held_meeting, staff, project_status="approved", budget_line=budget_line,
                           budget_amount=Decimal("90000"), allow_overspend=True)
        assert decision.overspend_confirmed is True
        _publish(held_meeting, staff, people["chair"])
        assert committed(budget_line) == Decimal("90000")

    def test_a_status_needs_a_linked_project(self, make_meeting, staff, people):
        meeting = make_meeting()
        services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14),
                                           end_time=dt.time(16),
                                           attendances=[(people["chair"], dt.time(14), dt.time(16))])
        with pytest.raises(ValidationError) as exc:
            _decide(meeting, staff, project_status="approved")
        assert "project_status" in exc.value.message_dict

    def test_an_item_gets_only_one_decision(self, held_meeting, staff):
        _decide(held_meeting, staff, outcome="noted")
        with pytest.raises(ValidationError, match="already"):
            _decide(held_meeting, staff, outcome="noted")

    def test_decisions_wait_until_the_meeting_is_held(self, make_meeting, staff):
        meeting = make_meeting()
        with pytest.raises(ValidationError, match="held"):
            _decide(meeting, staff, outcome="noted")


class TestWorkflow:
    def test_the_whole_workflow_from_plan_to_publication(self, held_meeting, staff, people, member_user):
        assert held_meeting.status == MeetingStatus.HELD
        _decide(held_meeting, staff, outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"], body="Opened 14.00.")
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.MINUTES_DRAFTED
        minutes = services.minutes_approve(meeting=held_meeting, actor=member_user)
        assert minutes.approved_on_behalf is False and minutes.approved_by == member_user
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.MINUTES_CHECKED
        minutes = services.minutes_publish(meeting=held_meeting, actor=staff)
        assert minutes.published_at is not None
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.PUBLISHED

    def test_staff_can_record_the_checkers_approval_on_their_behalf(self, held_meeting, staff, people):
        _decide(held_meeting, staff, outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["member"])
        minutes = services.minutes_approve(meeting=held_meeting, actor=staff)
        assert minutes.approved_on_behalf is True and minutes.approved_by == staff
        event = AuditEvent.objects.get(action="minutes.approve")
        assert event.actor == staff and "on behalf of the checker Member Person" in event.note

    def test_another_member_cannot_approve_the_minutes(self, held_meeting, staff, people, other_member_user):
        _decide(held_meeting, staff, outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        with pytest.raises(PermissionDenied):
            services.minutes_approve(meeting=held_meeting, actor=other_member_user)

    def test_minutes_need_a_decision_on_every_item(self, make_meeting, staff, people):
        meeting = make_meeting(items=2)
        services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14),
                                           end_time=dt.time(16),
                                           attendances=[(people["chair"], dt.time(14), dt.time(16))])
        services.decision_record(item=meeting.items.get(number=1), actor=staff, text="Noted.", outcome="noted")
        with pytest.raises(ValidationError, match="§ 2 Item 2"):
            services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"])

    def test_unchecked_minutes_cannot_be_published(self, held_meeting, staff, people):
        _decide(held_meeting, staff, outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        with pytest.raises(ValidationError, match="approved by the checker"):
            services.minutes_publish(meeting=held_meeting, actor=staff)

    def test_attendance_cannot_be_recorded_before_the_meeting_day(self, make_meeting, staff, people):
        meeting = make_meeting(date=timezone.localdate() + dt.timedelta(days=3), sent_days_before=5)
        with pytest.raises(ValidationError, match="on or after the meeting day"):
            services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14),
                                               end_time=dt.time(16),
                                               attendances=[(people["chair"], dt.time(14), dt.time(16))])

    def test_bad_attendance_times_save_nothing_and_name_the_person(self, make_meeting, staff, people):
        meeting = make_meeting()
        with pytest.raises(ValidationError, match="Chair Person"):
            services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14),
                                               end_time=dt.time(16),
                                               attendances=[(people["chair"], dt.time(15), dt.time(14))])
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.AGENDA_SENT
        assert not meeting.attendances.exists()

    def test_items_cannot_be_added_after_the_meeting(self, held_meeting, staff):
        with pytest.raises(ValidationError, match="before the meeting is held"):
            services.agenda_item_add(meeting=held_meeting, actor=staff, title="Late item")

    def test_agenda_items_are_numbered_in_order(self, make_meeting):
        meeting = make_meeting(items=3, send=False)
        assert list(meeting.items.values_list("number", flat=True)) == [1, 2, 3]


class TestAudit:
    def test_every_step_and_decision_is_audited_with_its_actor(self, held_meeting, staff, people, member_user,
                                                               budget_line):
        _decide(held_meeting, staff, project_status="approved", budget_line=budget_line,
                budget_amount=Decimal("5000"))
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        services.minutes_approve(meeting=held_meeting, actor=member_user)
        services.minutes_publish(meeting=held_meeting, actor=staff)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        for action in ("meeting.create", "agenda_item.add", "meeting.attendance", "decision.record",
                       "minutes.draft", "minutes.approve", "minutes.publish", "project.status"):
            assert action in actions, action
        statuses = [e.after["status"] for e in AuditEvent.objects.filter(
            action="meeting.status", object_id=str(held_meeting.pk)).order_by("id")]
        assert statuses == ["agenda_sent", "minutes_drafted", "minutes_checked", "published"]
        decision_event = AuditEvent.objects.get(action="decision.record")
        assert decision_event.actor == staff
        assert Decimal(decision_event.after["budget_amount"]) == Decimal("5000")
        assert decision_event.after["project_status"] == "approved"
        assert AuditEvent.objects.get(action="meeting.attendance").after["status"] == "held"
        assert AuditEvent.objects.get(action="minutes.approve").actor == member_user
