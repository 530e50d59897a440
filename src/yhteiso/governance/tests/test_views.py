"""Pages: permissions per role on every page, the forms, and what the public can see."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yhteiso.governance import services
from yhteiso.governance.models import Decision, Meeting, MeetingStatus

from .programme_factories import committed


def _login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _publish(meeting, staff, people):
    services.decision_record(item=meeting.items.get(number=1), actor=staff, text="Approved as proposed.",
                             outcome="approved")
    services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"], body="Opened at 14.00.")
    services.minutes_approve(meeting=meeting, actor=staff)
    services.minutes_publish(meeting=meeting, actor=staff)
    meeting.refresh_from_db()
    return meeting


STAFF_GET = ["meeting-create", "meeting-edit", "agenda-item-add", "agenda-item-edit", "agenda-send", "attendance",
             "decision", "minutes-draft", "member-create", "member-edit"]
STAFF_POST = ["minutes-publish"]


def _url(name, meeting):
    if name == "meeting-create":
        return reverse("governance:meeting-create")
    if name in ("decision", "agenda-item-edit"):
        return reverse(f"governance:{name}", args=[meeting.pk, meeting.items.get(number=1).pk])
    if name == "member-create":
        return reverse("governance:member-create")
    if name == "member-edit":
        return reverse("governance:member-edit", args=[meeting.attendances.first().member_id])
    return reverse(f"governance:{name}", args=[meeting.pk])


class TestPermissions:
    @pytest.mark.parametrize("name", STAFF_GET + STAFF_POST)
    def test_anonymous_visitors_are_sent_to_log_in_on_staff_pages(self, client, held_meeting, name):
        method = client.post if name in STAFF_POST else client.get
        response = method(_url(name, held_meeting))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("name", STAFF_GET + STAFF_POST)
    @pytest.mark.parametrize("who", ["member_user", "plain_user"])
    def test_steering_members_and_other_users_may_not_use_staff_pages(self, client, held_meeting, name, who,
                                                                      request):
        _login(client, request.getfixturevalue(who))
        method = client.post if name in STAFF_POST else client.get
        assert method(_url(name, held_meeting)).status_code == 403

    @pytest.mark.parametrize("name", STAFF_GET)
    @pytest.mark.parametrize("who", ["staff", "admin_user"])
    def test_staff_and_administrators_can_open_every_staff_page(self, client, held_meeting, name, who, request):
        _login(client, request.getfixturevalue(who))
        assert client.get(_url(name, held_meeting)).status_code == 200

    @pytest.mark.parametrize(("who", "expected"), [(None, 302), ("plain_user", 403), ("member_user", 200),
                                                   ("staff", 200), ("admin_user", 200)])
    def test_meeting_pages_are_for_members_and_staff(self, client, held_meeting, who, expected, request):
        _login(client, request.getfixturevalue(who) if who else None)
        assert client.get(reverse("governance:meetings")).status_code == expected
        assert client.get(reverse("governance:meeting-detail", args=[held_meeting.pk])).status_code == expected

    def test_members_see_the_agenda_but_no_workflow_buttons(self, client, held_meeting, member_user):
        _login(client, member_user)
        html = client.get(reverse("governance:meeting-detail", args=[held_meeting.pk])).content.decode()
        assert "§ 1 Item 1" in html
        assert reverse("governance:attendance", args=[held_meeting.pk]) not in html
        assert reverse("governance:minutes-draft", args=[held_meeting.pk]) not in html

    @pytest.mark.parametrize("who", [None, "plain_user", "member_user", "staff"])
    def test_public_pages_are_open_to_everyone(self, client, people, who, request):
        _login(client, request.getfixturevalue(who) if who else None)
        assert client.get(reverse("governance:index")).status_code == 200
        assert client.get(reverse("governance:minutes-list")).status_code == 200

    def test_only_the_checker_or_staff_can_approve_the_minutes(self, client, held_meeting, staff, people,
                                                               other_member_user, member_user):
        services.decision_record(item=held_meeting.items.get(), actor=staff, text="Ok.", outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        url = reverse("governance:minutes-approve", args=[held_meeting.pk])
        anonymous = client.post(url)
        assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
        _login(client, other_member_user)
        assert client.post(url).status_code == 403
        _login(client, member_user)  # the chair's own account
        page = client.get(reverse("governance:meeting-detail", args=[held_meeting.pk])).content.decode()
        assert url in page
        assert client.post(url).status_code == 302
        held_meeting.refresh_from_db()
        assert held_meeting.status == MeetingStatus.MINUTES_CHECKED
        assert held_meeting.minutes.approved_on_behalf is False


class TestPublicPages:
    def test_the_members_page_lists_members_with_deputies_and_roles(self, client, people):
        html = client.get(reverse("governance:index")).content.decode()
        assert "Chair Person" in html and "Deputy Person" in html and "liikuntajohtaja" in html
        assert "Puheenjohtaja" in html  # Finnish is the default language

    def test_the_members_page_is_in_swedish_on_request(self, client, people):
        client.cookies["yhteiso_language"] = "sv"
        html = client.get(reverse("governance:index")).content.decode()
        assert 'lang="sv"' in html and "Ordförande" in html

    def test_drafts_stay_hidden_until_publication(self, client, held_meeting, staff, people):
        services.decision_record(item=held_meeting.items.get(), actor=staff, text="Secret draft decision.",
                                 outcome="approved")
        services.minutes_draft(meeting=held_meeting, actor=staff, checker=people["chair"])
        url = reverse("governance:minutes-detail", args=[held_meeting.pk])
        assert client.get(url).status_code == 404
        assert "Secret draft decision." not in client.get(reverse("governance:minutes-list")).content.decode()
        _login(client, staff)
        preview = client.get(url)
        assert preview.status_code == 200 and "Secret draft decision." in preview.content.decode()

    def test_publication_makes_the_minutes_public(self, client, held_meeting, staff, people):
        _publish(held_meeting, staff, people)
        listing = client.get(reverse("governance:minutes-list")).content.decode()
        assert reverse("governance:minutes-detail", args=[held_meeting.pk]) in listing
        html = client.get(reverse("governance:minutes-detail", args=[held_meeting.pk])).content.decode()
        assert "Approved as proposed." in html
        assert "Chair Person" in html and "Deputy Person" in html
        assert "14:00–15:00" in html  # the deputy's partial attendance
        assert reverse("reports:meeting-minutes", args=[held_meeting.pk, "pdf"]) in html

    def test_unknown_minutes_give_404(self, client, db):
        assert client.get(reverse("governance:minutes-detail", args=[9999])).status_code == 404

    def test_an_unknown_meeting_gives_404_to_staff(self, client, staff):
        _login(client, staff)
        assert client.get(reverse("governance:meeting-detail", args=[9999])).status_code == 404
        assert client.get(reverse("governance:attendance", args=[9999])).status_code == 404


class TestStaffForms:
    def test_creating_a_meeting_with_bad_input_names_the_field(self, client, staff):
        _login(client, staff)
        response = client.post(reverse("governance:meeting-create"),
                               {"date": "not a date", "start_time": "14:00", "agenda_lead_days": "7"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "error-summary" in html and 'href="#id_date"' in html
        assert not Meeting.objects.exists()

    def test_the_meeting_page_shows_when_the_agenda_is_due_and_flags_it_late(self, client, staff):
        _login(client, staff)
        soon = timezone.localdate() + dt.timedelta(days=3)
        client.post(reverse("governance:meeting-create"),
                    {"date": soon.isoformat(), "start_time": "14:00", "agenda_lead_days": "7"})
        meeting = Meeting.objects.get()
        html = client.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
        due = meeting.agenda_due_date
        assert f"{due.day}.{due.month}.{due.year}" in html
        assert "status-bad" in html  # late: not sent and fewer than 7 days left
        assert "status-bad" in client.get(reverse("governance:meetings")).content.decode()

    def test_a_meeting_further_away_shows_the_due_date_without_a_late_flag(self, client, staff):
        _login(client, staff)
        later = timezone.localdate() + dt.timedelta(days=30)
        client.post(reverse("governance:meeting-create"),
                    {"date": later.isoformat(), "start_time": "14:00", "agenda_lead_days": "7"})
        html = client.get(reverse("governance:meetings")).content.decode()
        assert "status-warn" in html and "status-bad" not in html

    @pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
    def test_an_agenda_sent_in_year_1_is_refused_on_the_date_field(self, client, staff, day):
        """Year 1 in Helsinki time is 1 BC in UTC, which PostgreSQL refuses (the bad-input crawl found a 500)."""
        _login(client, staff)
        meeting = services.meeting_create(actor=staff, date=timezone.localdate() + dt.timedelta(days=20),
                                          start_time=dt.time(14))
        services.agenda_item_add(meeting=meeting, actor=staff, title="Item")
        response = client.post(reverse("governance:agenda-send", args=[meeting.pk]),
                               {"sent_date": day, "sent_time": "09:00"})
        assert response.status_code == 200
        assert response.context["form"].errors["sent_date"] == ["Anna päivämäärä vuosilta 2000–2999."]  # in Finnish
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED and meeting.agenda_sent_at is None

    def test_the_whole_workflow_through_the_forms(self, client, staff, people, project):
        _login(client, staff)
        day = timezone.localdate()
        response = client.post(reverse("governance:meeting-create"), {
            "date": day.isoformat(), "start_time": "14:00", "end_time": "16:00", "place": "Karaportti 1",
            "agenda_lead_days": "7"})
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        client.post(reverse("governance:agenda-item-add", args=[meeting.pk]), {
            "title": "Project proposal", "presenter": "Manager Person", "proposal": "Approve.",
            "project": project.pk})
        assert meeting.items.count() == 1
        client.post(reverse("governance:agenda-send", args=[meeting.pk]), {
            "sent_date": (day - dt.timedelta(days=8)).isoformat(), "sent_time": "09:00"})
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.AGENDA_SENT
        assert meeting.agenda_timeliness().state == "sent_on_time"
        data = {"start_time": "14:00", "end_time": "16:00",
                f"present_{people['chair'].pk}": "on",
                f"present_{people['deputy'].pk}": "on", f"until_{people['deputy'].pk}": "15:00"}
        assert client.post(reverse("governance:attendance", args=[meeting.pk]), data).status_code == 302
        assert meeting.attendances.count() == 2
        item = meeting.items.get()
        response = client.post(reverse("governance:decision", args=[meeting.pk, item.pk]), {
            "text": "Approved.", "outcome": "approved", "project_status": "approved"})
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.status == "proposed"  # pending until the minutes are published
        assert "Odottaa pöytäkirjaa" in client.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
        response = client.post(reverse("governance:minutes-draft", args=[meeting.pk]),
                               {"checker": people["deputy"].pk, "body": ""})
        assert response.status_code == 200
        assert "ei ollut paikalla koko kokouksen ajan" in response.content.decode()  # in Finnish, naming why
        response = client.post(reverse("governance:minutes-draft", args=[meeting.pk]),
                               {"checker": people["chair"].pk, "body": "Opened."})
        assert response.status_code == 302
        client.post(reverse("governance:minutes-approve", args=[meeting.pk]))
        client.post(reverse("governance:minutes-publish", args=[meeting.pk]))
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PUBLISHED
        assert meeting.minutes.approved_on_behalf is True
        project.refresh_from_db()
        assert project.status == "approved"

    def test_an_overspending_decision_needs_explicit_confirmation(self, client, held_meeting, staff, project,
                                                                  budget_line):
        _login(client, staff)
        item = held_meeting.items.get()
        url = reverse("governance:decision", args=[held_meeting.pk, item.pk])
        data = {"text": "Approved.", "outcome": "approved", "project_status": "approved",
                "budget_line": budget_line.pk, "budget_amount": "90000"}
        assert 'name="confirm_overspend"' not in client.get(url).content.decode()
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "warning-box" in html and 'name="confirm_overspend"' in html
        assert not Decision.objects.exists()
        project.refresh_from_db()
        assert project.status == "proposed" and committed(budget_line) == Decimal("0")
        response = client.post(url, {**data, "confirm_overspend": "on"})
        assert response.status_code == 302
        assert Decision.objects.get().overspend_confirmed
        assert Decision.objects.get().effects_pending and committed(budget_line) == Decimal("0")

    def test_a_decision_within_the_budget_needs_no_confirmation(self, client, held_meeting, staff, budget_line):
        _login(client, staff)
        item = held_meeting.items.get()
        response = client.post(reverse("governance:decision", args=[held_meeting.pk, item.pk]), {
            "text": "Approved.", "outcome": "approved", "budget_line": budget_line.pk, "budget_amount": "8000"})
        assert response.status_code == 302
        assert Decision.objects.get().effects_pending and committed(budget_line) == Decimal("0")

    def test_a_budget_line_without_an_amount_is_refused_naming_the_field(self, client, held_meeting, staff,
                                                                          budget_line):
        _login(client, staff)
        item = held_meeting.items.get()
        response = client.post(reverse("governance:decision", args=[held_meeting.pk, item.pk]), {
            "text": "Approved.", "outcome": "approved", "budget_line": budget_line.pk})
        assert response.status_code == 200
        assert 'href="#id_budget_amount"' in response.content.decode()
        assert not Decision.objects.exists()


class TestEditing:
    def test_rescheduling_a_meeting_is_audited_and_moves_the_agenda_due_date(self, client, staff, make_meeting):
        from yhteiso.core.models import AuditEvent

        meeting = make_meeting(date=timezone.localdate() + dt.timedelta(days=20), send=False)
        _login(client, staff)
        new_date = meeting.date + dt.timedelta(days=7)
        response = client.post(reverse("governance:meeting-edit", args=[meeting.pk]), {
            "date": new_date.isoformat(), "start_time": "13:00", "end_time": "15:00", "place": "Tapiola",
            "agenda_lead_days": "10"})
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.agenda_due_date == new_date - dt.timedelta(days=10)
        event = AuditEvent.objects.get(action="meeting.update")
        assert (event.before["place"], event.after["place"]) == ("Karaportti 1", "Tapiola")

    def test_a_held_meeting_can_no_longer_be_edited(self, client, staff, held_meeting):
        _login(client, staff)
        response = client.post(reverse("governance:meeting-edit", args=[held_meeting.pk]), {
            "date": held_meeting.date.isoformat(), "start_time": "10:00", "agenda_lead_days": "7"})
        assert response.status_code == 200
        held_meeting.refresh_from_db()
        assert held_meeting.start_time == dt.time(14, 0)

    def test_an_agenda_item_can_be_edited_before_the_meeting(self, client, staff, make_meeting):
        from yhteiso.core.models import AuditEvent

        meeting = make_meeting(date=timezone.localdate() + dt.timedelta(days=20), send=False)
        item = meeting.items.get()
        _login(client, staff)
        page = client.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
        assert reverse("governance:agenda-item-edit", args=[meeting.pk, item.pk]) in page
        response = client.post(reverse("governance:agenda-item-edit", args=[meeting.pk, item.pk]), {
            "title": "Better title", "presenter": "Manager", "proposal": "Approve."})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.title == "Better title" and item.number == 1
        event = AuditEvent.objects.get(action="agenda_item.update")
        assert (event.before["title"], event.after["title"]) == ("Item 1", "Better title")


class TestMemberPages:
    def test_staff_can_add_a_personal_deputy_and_it_is_audited(self, client, staff, people):
        from yhteiso.core.models import AuditEvent
        from yhteiso.governance.models import SteeringGroupMember

        _login(client, staff)
        response = client.post(reverse("governance:member-create"), {
            "name": "New Deputy", "role": "deputy", "group": "officials", "deputy_of": people["member"].pk,
            "order": "4"})
        assert response.status_code == 302
        deputy = SteeringGroupMember.objects.get(name="New Deputy")
        assert people["member"].deputy == deputy
        event = AuditEvent.objects.get(action="steering_member.create")
        assert event.actor == staff and event.after["deputy_of"] == people["member"].pk
        html = client.get(reverse("governance:index")).content.decode()
        assert "New Deputy" in html and reverse("governance:member-edit", args=[deputy.pk]) in html

    def test_a_deputy_without_the_deputy_role_is_refused_naming_the_field(self, client, staff, people):
        from yhteiso.governance.models import SteeringGroupMember

        _login(client, staff)
        response = client.post(reverse("governance:member-create"), {
            "name": "Wrong", "role": "member", "group": "officials", "deputy_of": people["member"].pk,
            "order": "4"})
        assert response.status_code == 200
        assert 'href="#id_role"' in response.content.decode()
        assert not SteeringGroupMember.objects.filter(name="Wrong").exists()

    def test_editing_a_member_records_before_and_after(self, client, staff, people):
        from yhteiso.core.models import AuditEvent

        _login(client, staff)
        member = people["member"]
        response = client.post(reverse("governance:member-edit", args=[member.pk]), {
            "name": "Member Person", "role": "vice_chair", "group": "officials", "order": "3"})
        assert response.status_code == 302
        event = AuditEvent.objects.get(action="steering_member.update")
        assert (event.before["role"], event.after["role"]) == ("member", "vice_chair")

    @pytest.mark.parametrize(("who", "expected"), [(None, 302), ("member_user", 403), ("plain_user", 403),
                                                   ("staff", 200), ("admin_user", 200)])
    def test_only_staff_may_edit_members(self, client, people, who, expected, request):
        _login(client, request.getfixturevalue(who) if who else None)
        assert client.get(reverse("governance:member-create")).status_code == expected
        assert client.get(reverse("governance:member-edit", args=[people["chair"].pk])).status_code == expected

    def test_the_public_members_page_has_no_edit_links(self, client, people):
        assert "edit-link" not in client.get(reverse("governance:index")).content.decode()
