"""The minutes-checker rule, agenda lateness and the member rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yhteiso.core.models import AuditEvent
from yhteiso.governance import services
from yhteiso.governance.models import Meeting, MeetingStatus, Minutes, Role, SteeringGroupMember

TODAY = dt.date(2026, 11, 27)


def _sent(day: dt.date, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _decide_all(meeting, staff):
    for item in meeting.items.all():
        services.decision_record(item=item, actor=staff, text="Approved.", outcome="approved")


class TestMinutesChecker:
    def test_a_member_who_attended_the_whole_meeting_can_check_the_minutes(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        minutes = services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        assert minutes.checker == people["chair"]

    def test_arriving_early_and_leaving_late_counts_as_the_whole_meeting(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        minutes = services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["member"])
        assert minutes.checker == people["member"]

    def test_it_refuses_a_checker_who_did_not_attend(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        with pytest.raises(ValidationError) as exc:
            services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["expert"])
        assert "did not attend the meeting" in exc.value.message_dict["checker"][0]
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.HELD
        assert not Minutes.objects.filter(meeting=held_meeting).exists()

    def test_it_refuses_a_checker_who_left_early(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        with pytest.raises(ValidationError) as exc:
            services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["deputy"])
        message = exc.value.message_dict["checker"][0]
        assert "did not attend the whole meeting" in message and "14:00–15:00" in message

    def test_it_refuses_a_checker_who_arrived_late(self, make_meeting, staff, people):
        meeting = make_meeting()
        services.meeting_record_attendance(
            meeting=meeting, actor=staff, start_time=dt.time(14, 0), end_time=dt.time(16, 0),
            attendances=[(people["chair"], dt.time(14, 30), dt.time(16, 0))])
        _decide_all(meeting, staff)
        with pytest.raises(ValidationError, match="whole meeting"):
            services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"])

    def test_the_programme_manager_cannot_check_the_minutes(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        with pytest.raises(ValidationError, match="programme manager"):
            services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["manager"])

    def test_approval_checks_the_rule_again_after_attendance_was_corrected(self, held_meeting, staff, people):
        _decide_all(held_meeting, staff)
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        held_meeting.attendances.filter(member=people["chair"]).update(present_until=dt.time(15, 30))
        with pytest.raises(ValidationError, match="whole meeting"):
            services.minutes_approve(meeting=held_meeting, actor=staff)
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.MINUTES_DRAFTED

    def test_the_model_clean_enforces_the_rule_too(self, held_meeting, people):
        with pytest.raises(ValidationError):
            Minutes(meeting=held_meeting, checker=people["expert"]).full_clean()
        Minutes(meeting=held_meeting, checker=people["chair"]).full_clean()


class TestAgendaLateness:
    def _meeting(self, date, lead=7, sent=None):
        return Meeting(date=date, start_time=dt.time(14), agenda_lead_days=lead, agenda_sent_at=sent)

    def test_the_default_lead_time_is_seven_days(self):
        assert Meeting._meta.get_field("agenda_lead_days").default == 7
        assert Meeting(date=TODAY, start_time=dt.time(14)).agenda_lead_days == 7

    def test_the_agenda_is_due_seven_days_before_the_meeting(self):
        assert self._meeting(dt.date(2026, 12, 10)).agenda_due_date == dt.date(2026, 12, 3)

    def test_not_sent_with_more_than_seven_days_left_is_due_not_late(self):
        t = self._meeting(dt.date(2026, 12, 10)).agenda_timeliness(TODAY)
        assert (t.state, t.is_late, t.days_left) == ("due", False, 6)

    def test_not_sent_with_exactly_seven_days_left_is_still_in_time(self):
        t = self._meeting(TODAY + dt.timedelta(days=7)).agenda_timeliness(TODAY)
        assert (t.state, t.is_late, t.days_left) == ("due", False, 0)

    def test_not_sent_with_fewer_than_seven_days_left_is_late(self):
        t = self._meeting(TODAY + dt.timedelta(days=6)).agenda_timeliness(TODAY)
        assert (t.state, t.is_late) == ("late", True)

    def test_sent_seven_days_before_is_on_time(self):
        date = dt.date(2026, 12, 10)
        t = self._meeting(date, sent=_sent(date - dt.timedelta(days=7), hour=23)).agenda_timeliness(TODAY)
        assert (t.state, t.is_late) == ("sent_on_time", False)

    def test_sent_later_than_seven_days_before_stays_flagged_after_the_meeting(self):
        date = dt.date(2026, 11, 20)
        t = self._meeting(date, sent=_sent(date - dt.timedelta(days=6))).agenda_timeliness(TODAY)
        assert (t.state, t.is_late) == ("sent_late", True)

    def test_the_lead_time_is_a_setting_of_the_meeting(self):
        date = TODAY + dt.timedelta(days=10)
        assert self._meeting(date, lead=14).agenda_timeliness(TODAY).state == "late"
        assert self._meeting(date, lead=7).agenda_timeliness(TODAY).state == "due"

    def test_sending_the_agenda_late_is_noted_in_the_audit_log(self, make_meeting):
        meeting = make_meeting(date=timezone.localdate() - dt.timedelta(days=1), sent_days_before=3)
        assert meeting.agenda_timeliness().state == "sent_late"
        event = AuditEvent.objects.get(action="meeting.status", object_id=str(meeting.pk))
        assert event.note == "agenda sent late"
        assert (event.before["status"], event.after["status"]) == ("planned", "agenda_sent")

    def test_the_agenda_cannot_be_sent_without_items(self, staff):
        meeting = services.meeting_create(actor=staff, date=TODAY + dt.timedelta(days=20), start_time=dt.time(14))
        with pytest.raises(ValidationError, match="at least one agenda item"):
            services.agenda_send(meeting=meeting, actor=staff)

    def test_the_agenda_cannot_be_recorded_as_sent_in_the_future(self, staff):
        meeting = services.meeting_create(actor=staff, date=timezone.localdate() + dt.timedelta(days=20),
                                          start_time=dt.time(14))
        services.agenda_item_add(meeting=meeting, actor=staff, title="Item")
        with pytest.raises(ValidationError) as exc:
            services.agenda_send(meeting=meeting, actor=staff, sent_at=timezone.now() + dt.timedelta(days=2))
        assert "sent_at" in exc.value.message_dict


class TestMembers:
    def test_a_deputy_needs_the_deputy_role_and_a_member(self, db):
        chair = SteeringGroupMember.objects.create(name="A", role=Role.CHAIR)
        with pytest.raises(ValidationError) as exc:
            SteeringGroupMember(name="B", role=Role.MEMBER, deputy_of=chair).full_clean()
        assert "role" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            SteeringGroupMember(name="C", role=Role.DEPUTY).full_clean()
        assert "deputy_of" in exc.value.message_dict

    def test_a_deputy_cannot_have_a_deputy(self, db):
        chair = SteeringGroupMember.objects.create(name="A", role=Role.CHAIR)
        deputy = SteeringGroupMember.objects.create(name="B", role=Role.DEPUTY, deputy_of=chair)
        with pytest.raises(ValidationError):
            SteeringGroupMember(name="C", role=Role.DEPUTY, deputy_of=deputy).full_clean()

    def test_a_seat_without_a_published_name_is_allowed(self, db):
        seat = SteeringGroupMember(name="", role=Role.MEMBER)
        seat.full_clean()
        assert str(seat)
