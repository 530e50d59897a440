"""Segregation impact assessments in the API (issue 16 item 7): GET with a documented schema, and only what the
viewer may see — members and staff every assessment with its reviews; the public only accepted assessments of
decisions whose minutes are published, without the reviews; an assessment one may not see is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yhteiso.governance import services, services_impact
from yhteiso.governance.tests.test_impact import _create, grid  # noqa: F401 - grid is a fixture

pytestmark = pytest.mark.django_db


def _accepted_on_item(staff, member_user, meeting, areas):
    item = meeting.items.get(number=1)
    assessment = _create(staff, areas, agenda_item=item)
    services_impact.assessment_submit(assessment=assessment, actor=staff)
    services_impact.assessment_review(assessment=assessment, actor=member_user, outcome="accepted",
                                      note="Hyväksytään, seuranta vuoden päästä.")
    return assessment


def _publish(meeting, staff, people):
    services.decision_record(item=meeting.items.get(number=1), actor=staff, text="Hyväksytään.", outcome="approved")
    services.minutes_draft(meeting=meeting, actor=staff, checker=people["chair"], body="Pöytäkirja.")
    services.minutes_approve(meeting=meeting, actor=staff)
    services.minutes_publish(meeting=meeting, actor=staff)


def test_members_see_every_assessment_with_its_frozen_figures_and_reviews(client, grid, staff, member_user,  # noqa: F811
                                                                          make_meeting):
    meeting = make_meeting(send=False)
    accepted = _accepted_on_item(staff, member_user, meeting, [grid["01200"], grid["00100"]])
    draft = _create(staff, [grid["00500"]], title="Luonnos")
    client.force_login(member_user)
    data = client.get("/api/v1/impact-assessments").json()
    assert {a["id"] for a in data} == {accepted.pk, draft.pk}
    one = client.get(f"/api/v1/impact-assessments/{accepted.pk}").json()
    assert one["status"] == "accepted" and one["figures_frozen"] is True
    assert one["agenda_item"] == {"meeting_id": meeting.pk, "number": 1, "title": meeting.items.get(number=1).title}
    rows = {r["code"]: r for r in one["areas"]}
    accepted.refresh_from_db()
    frozen = {r["code"]: r for r in accepted.figures["areas"]}
    sum_index = next(i for i in rows["01200"]["indices"] if i["key"] == "sum_index")
    assert sum_index["value"] == next(i["value"] for i in frozen["01200"]["indices"] if i["key"] == "sum_index")
    assert rows["01200"]["in_weakest_decile"] is True and rows["00100"]["in_weakest_decile"] is False
    assert one["reviews"][0]["outcome"] == "accepted" and "seuranta" in one["reviews"][0]["note"]
    assert one["population_groups"] == ["young_people", "foreign_language"]
    assert client.get(f"/api/v1/impact-assessments/{draft.pk}").json()["figures_frozen"] is False


def test_the_public_sees_only_accepted_assessments_of_published_decisions_without_reviews(
        client, grid, staff, member_user, make_meeting, people):  # noqa: F811
    meeting = make_meeting(send=False)
    accepted = _accepted_on_item(staff, member_user, meeting, [grid["01200"]])
    draft = _create(staff, [grid["00500"]], title="Luonnos")
    # before the minutes are published: nothing, and the assessment's address says nothing either
    assert client.get("/api/v1/impact-assessments").json() == []
    assert client.get(f"/api/v1/impact-assessments/{accepted.pk}").status_code == 404
    services.agenda_send(meeting=meeting, actor=staff, sent_at=timezone.now() - dt.timedelta(days=5))
    services.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14), end_time=dt.time(16),
                                       attendances=[(people["chair"], dt.time(14), dt.time(16))])
    _publish(meeting, staff, people)
    data = client.get("/api/v1/impact-assessments").json()
    assert [a["id"] for a in data] == [accepted.pk]
    assert data[0]["reviews"] == [] and data[0]["decision"] == "Hyväksytään."
    assert client.get(f"/api/v1/impact-assessments/{draft.pk}").status_code == 404
    assert client.get("/api/v1/impact-assessments/999999").status_code == 404


def test_the_paths_are_documented_in_openapi(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/impact-assessments", "/api/v1/impact-assessments/{assessment_id}"} <= set(doc["paths"])
    assert "ImpactAssessmentOut" in doc["components"]["schemas"]
