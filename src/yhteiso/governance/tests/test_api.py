"""The API: shapes, 404s, and drafts hidden from the public."""

import pytest

from yhteiso.governance import services

MEETING_KEYS = {"id", "programme", "title", "date", "start_time", "end_time", "place", "status", "status_label", "is_ideation",
                "is_example", "agenda_due_date", "agenda_sent_at", "agenda_late", "agenda_items", "attendance",
                "minutes"}


def _draft(meeting, staff, people):
    services.decision_record(item=meeting.items.get(number=1), actor=staff, text="Draft decision text.",
                             outcome="approved")
    services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"], body="Draft body.")


class TestMeetingsApi:
    def test_the_public_list_shows_dates_and_statuses_but_not_drafts(self, client, held_meeting, staff, people):
        _draft(held_meeting, staff, people)
        data = client.get("/api/v1/meetings").json()
        assert len(data) == 1
        meeting = data[0]
        assert set(meeting) == MEETING_KEYS
        assert meeting["id"] == held_meeting.pk
        assert meeting["date"] == held_meeting.date.isoformat()
        assert meeting["status"] == "minutes_drafted"
        assert meeting["agenda_items"] == [] and meeting["minutes"] is None and meeting["attendance"] == []
        assert "Draft decision text." not in str(data)
        detail = client.get(f"/api/v1/meetings/{held_meeting.pk}").json()
        assert detail["agenda_items"] == [] and detail["minutes"] is None

    @pytest.mark.parametrize("who", ["member_user", "staff"])
    def test_members_and_staff_see_agendas_and_drafts_before_publication(self, client, held_meeting, staff, people,
                                                                         who, request):
        _draft(held_meeting, staff, people)
        client.force_login(request.getfixturevalue(who))
        meeting = client.get(f"/api/v1/meetings/{held_meeting.pk}").json()
        assert meeting["agenda_items"][0]["decision"]["text"] == "Draft decision text."
        assert meeting["minutes"]["body"] == "Draft body."
        assert meeting["agenda_late"] is False and meeting["agenda_sent_at"]

    def test_published_minutes_show_their_decisions_to_everyone(self, client, held_meeting, staff, people, project):
        _draft(held_meeting, staff, people)
        services.minutes_approve(meeting=held_meeting, actor=staff)
        services.minutes_publish(meeting=held_meeting, actor=staff)
        meeting = client.get("/api/v1/meetings").json()[0]
        assert meeting["status"] == "published"
        item = meeting["agenda_items"][0]
        assert set(item) == {"number", "title", "presenter", "description", "proposal", "project_id",
                             "project_name", "decision"}
        assert item["project_id"] == project.pk
        assert set(item["decision"]) == {"text", "outcome", "outcome_label", "project_status", "budget_line",
                                         "budget_line_id", "budget_amount"}
        assert item["decision"]["outcome"] == "approved"
        assert meeting["minutes"]["checker"] == "Chair Person" and meeting["minutes"]["published_at"]
        whole = {a["name"]: a["whole_meeting"] for a in meeting["attendance"]}
        assert whole["Chair Person"] is True and whole["Deputy Person"] is False
        deputy = next(a for a in meeting["attendance"] if a["name"] == "Deputy Person")
        assert deputy["deputy_for"] == "Chair Person" and deputy["present_until"] == "15:00:00"
        assert client.get(f"/api/v1/meetings/{held_meeting.pk}").json() == meeting

    def test_an_unknown_meeting_gives_404(self, client, db):
        assert client.get("/api/v1/meetings/999999").status_code == 404

    def test_the_list_can_be_filtered_by_year(self, client, held_meeting):
        assert len(client.get(f"/api/v1/meetings?year={held_meeting.date.year}").json()) == 1
        assert client.get("/api/v1/meetings?year=1999").json() == []

    def test_the_paths_are_documented_in_openapi(self, client, db):
        paths = set(client.get("/api/v1/openapi.json").json()["paths"])
        for path in ("/api/v1/meetings", "/api/v1/meetings/{meeting_id}", "/api/v1/steering-group"):
            assert path in paths


class TestSteeringGroupApi:
    def test_members_come_with_their_deputies_and_roles(self, client, people):
        data = client.get("/api/v1/steering-group").json()
        assert [m["name"] for m in data] == ["Chair Person", "Member Person", "Expert Person", "Manager Person"]
        chair = data[0]
        assert set(chair) == {"id", "name", "role", "role_label", "group", "group_label", "title", "organisation",
                              "term_start", "term_end", "note", "acting_for", "deputy"}
        assert chair["role"] == "chair" and chair["organisation"] == "SDP"
        assert chair["deputy"]["name"] == "Deputy Person"
        assert data[1]["deputy"] is None
