"""Issue 10 item 6: a steering-group decision changes a project's public status and budget only when the minutes
containing it are published; until then staff see it as pending. One transaction still holds everything."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import Decision, MeetingStatus
from yhteiso.programme.models import BudgetEntry

from .programme_factories import committed


def _decide_and_check(meeting, staff, checker, **effects):
    decision = services.decision_record(item=meeting.items.get(number=1), actor=staff, text="Approved.",
                                        outcome="approved", **effects)
    services.minutes_draft(meeting=meeting, actor=staff, checker=checker, body="Opened.")
    services.minutes_approve(meeting=meeting, actor=staff)
    return decision


def test_nothing_changes_publicly_before_the_minutes_are_published(client, held_meeting, staff, project,
                                                                   budget_line, people):
    decision = _decide_and_check(held_meeting, staff, people["chair"], project_status="approved",
                                 budget_line=budget_line, budget_amount=Decimal("10000"))
    project.refresh_from_db()
    assert project.status == "proposed" and committed(budget_line) == Decimal("0")
    assert decision.effects_pending and not BudgetEntry.objects.exists()
    public = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "project-status-proposed" in public and "project-status-approved" not in public
    api = client.get(f"/api/v1/projects/{project.pk}")
    if api.status_code == 200:
        assert api.json()["status"] == "proposed"
    services.minutes_publish(meeting=held_meeting, actor=staff)
    public = client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "project-status-approved" in public
    project.refresh_from_db()
    decision.refresh_from_db()
    assert project.status == "approved" and committed(budget_line) == Decimal("10000")
    assert decision.effects_applied_at is not None and not decision.effects_pending
    assert AuditEvent.objects.get(action="project.status").note.endswith("§ 1")
    # the budget entry's reference is a record text in the programme's language, not English
    note = BudgetEntry.objects.get().note
    assert note.startswith("Ohjausryhmä ") and note.endswith("§ 1") and "Steering group" not in note


def test_an_effect_that_no_longer_fits_keeps_the_minutes_unpublished_and_changes_nothing(held_meeting, staff,
                                                                                         project, budget_line,
                                                                                         people):
    from yhteiso.programme import services as programme_services

    _decide_and_check(held_meeting, staff, people["chair"], project_status="approved", budget_line=budget_line,
                      budget_amount=Decimal("10000"))
    programme_services.project_set_status(project=project, status="rejected", actor=staff)  # meanwhile
    with pytest.raises(ValidationError, match="§ 1"):
        services.minutes_publish(meeting=held_meeting, actor=staff)
    held_meeting.refresh_from_db()
    project.refresh_from_db()
    assert held_meeting.status == MeetingStatus.MINUTES_CHECKED and held_meeting.minutes.published_at is None
    assert project.status == "rejected" and committed(budget_line) == Decimal("0")
    assert Decision.objects.get().effects_pending
    assert not AuditEvent.objects.filter(action="minutes.publish").exists()


def test_an_invalid_effect_is_still_refused_when_the_decision_is_recorded(held_meeting, staff, project):
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=held_meeting.items.get(number=1), actor=staff, text="x", outcome="approved",
                                 project_status="completed")
    assert "project_status" in exc.value.message_dict
    assert not Decision.objects.exists() and not AuditEvent.objects.filter(action="project.status").exists()


def test_pending_commitments_count_when_the_next_decision_is_checked(make_meeting, staff, project, budget_line,
                                                                     people):
    meeting = make_meeting(project=project, items=2)
    services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14, 0),
                                       end_time=dt.time(16, 0),
                                       attendances=[(people["chair"], dt.time(14, 0), dt.time(16, 0))])
    first, second = meeting.items.order_by("number")
    services.decision_record(item=first, actor=staff, text="a", outcome="approved", project_status="approved",
                             budget_line=budget_line, budget_amount=Decimal("60000"))
    with pytest.raises(ValidationError) as exc:  # 60 000 pending + 30 000 > 88 000 on the line
        services.decision_record(item=second, actor=staff, text="b", outcome="approved", budget_line=budget_line,
                                 budget_amount=Decimal("30000"))
    assert "budget_amount" in exc.value.message_dict
    services.decision_record(item=second, actor=staff, text="b", outcome="approved", budget_line=budget_line,
                             budget_amount=Decimal("20000"))
    assert committed(budget_line) == Decimal("0")
    services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"], body="Opened.")
    services.minutes_approve(meeting=meeting, actor=staff)
    services.minutes_publish(meeting=meeting, actor=staff)
    assert committed(budget_line) == Decimal("80000")
