"""The steering group's texts of the reports: staff write, a meeting decides, staff or the chair record the approval
with the decision's reference, and only approved texts reach the report (snapshot, every format, the API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yhteiso.core.models import AuditEvent
from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.governance.models import AgendaItem, Decision, Meeting, MeetingStatus, Role, SteeringGroupMember
from yhteiso.programme.models import BenefitGoal
from yhteiso.reports import renderers
from yhteiso.reports.models_narrative import Narrative, NarrativeState
from yhteiso.reports.selectors import build_snapshot
from yhteiso.reports.services_narrative import narrative_approve, narrative_reopen, narrative_save, narrative_submit
from yhteiso.reports.tests.test_views import make_user

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 31)
ON = dt.date(2027, 2, 1)  # the report of 2026 is built after its cut-off date
APPROVED_FI = "Osallisuus on vahvistunut kaupunkikeskuksissa.\n\nSuunta on oikea."
APPROVED_SV = "Delaktigheten har stärkts i stadscentrumen.\n\nRiktningen är rätt."
DRAFT_FI = "Keskeneräinen luonnos, jota valtuusto ei saa nähdä."


@pytest.fixture
def goal():
    BenefitGoal.objects.create(number=2, name_fi="Kohtaamiset lisääntyvät", name_sv="Mötena ökar")
    return BenefitGoal.objects.create(number=1, name_fi="Osallisuus vahvistuu", name_sv="Delaktigheten stärks")


@pytest.fixture
def staff():
    return make_user("staff", PROGRAMME_STAFF)


@pytest.fixture
def meeting():
    return Meeting.objects.create(date=dt.date(2027, 1, 20), start_time=dt.time(14), end_time=dt.time(16))


def _decide(narrative: Narrative, outcome: str = "approved", status: str = MeetingStatus.MINUTES_CHECKED):
    """What the governance workflow leaves behind once the meeting has decided (its own tests cover that flow)."""
    assert narrative.agenda_item is not None
    item = AgendaItem.objects.get(pk=narrative.agenda_item.pk)
    Meeting.objects.filter(pk=item.meeting_id).update(status=status)
    return Decision.objects.create(item=item, text="Ohjausryhmä hyväksyi tekstin.", outcome=outcome)


def _submitted(goal, staff, meeting, text_sv=APPROVED_SV) -> Narrative:
    n = narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi=APPROVED_FI,
                       text_sv=text_sv)
    return narrative_submit(narrative=n, meeting=meeting, actor=staff)


def test_staff_write_a_draft_with_an_audit_row_and_others_may_not(goal, staff):
    n = narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi=DRAFT_FI)
    assert n.state == NarrativeState.DRAFT and n.is_draft
    event = AuditEvent.objects.get(action="report.narrative.save")
    assert event.after["text_fi"] == DRAFT_FI and event.actor == staff
    for actor in (make_user("member", STEERING_GROUP), None):
        with pytest.raises(PermissionDenied):
            narrative_save(actor=actor, section="goal_assessment", goal=goal, year=2026, text_fi="Hyökkäys")
    assert Narrative.objects.get().text_fi == DRAFT_FI


def test_bad_input_is_refused_naming_the_field(goal, staff):
    with pytest.raises(ValidationError) as exc:
        narrative_save(actor=staff, section="goal_assessment", year=2026, text_fi="Ilman tavoitetta")
    assert "goal" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        narrative_save(actor=staff, section="outlook", year=2026, text_fi="Väärä vuosi")
    assert "year" in exc.value.message_dict  # the outlook belongs to the mid-term review of 2027
    with pytest.raises(ValidationError) as exc:
        narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi="   ")
    assert "text_fi" in exc.value.message_dict
    assert not Narrative.objects.exists()


def test_the_database_refuses_an_approved_text_without_a_decision(goal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Narrative.objects.create(section="goal_assessment", goal=goal, year=2026, text_fi="x", state="approved")


def test_sending_needs_the_swedish_text_and_adds_an_agenda_item(goal, staff, meeting):
    n = narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi=APPROVED_FI)
    with pytest.raises(ValidationError) as exc:
        narrative_submit(narrative=n, meeting=meeting, actor=staff)
    assert "text_sv" in exc.value.message_dict
    assert not meeting.items.exists()
    n = narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi=APPROVED_FI,
                       text_sv=APPROVED_SV)
    n = narrative_submit(narrative=n, meeting=meeting, actor=staff)
    item = meeting.items.get()
    assert n.state == NarrativeState.SUBMITTED and n.agenda_item == item
    assert item.title == "Hyötytavoitteen 1 arvio vuodelta 2026" and item.description == APPROVED_FI
    with pytest.raises(ValidationError):  # a text before the steering group is not edited
        narrative_save(actor=staff, section="goal_assessment", goal=goal, year=2026, text_fi="Muutettu")
    assert AuditEvent.objects.filter(action="report.narrative.submit", object_id=str(n.pk)).exists()


def test_approval_needs_an_approving_decision_with_checked_minutes(goal, staff, meeting):
    n = _submitted(goal, staff, meeting)
    with pytest.raises(ValidationError, match="ei ole vielä päättänyt"):
        narrative_approve(narrative=n, actor=staff)
    decision = _decide(n, outcome="returned")
    with pytest.raises(ValidationError, match="ei hyväksynyt"):
        narrative_approve(narrative=n, actor=staff)
    decision.delete()
    _decide(n, status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="pöytäkirjaa"):
        narrative_approve(narrative=n, actor=staff)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    n = narrative_approve(narrative=n, actor=staff)
    assert n.state == NarrativeState.APPROVED and n.decision.item == n.agenda_item and n.approved_by == staff
    assert AuditEvent.objects.filter(action="report.narrative.approve", object_id=str(n.pk)).count() == 1


def test_the_chair_may_record_the_approval_but_a_member_may_not(goal, staff, meeting):
    n = _submitted(goal, staff, meeting)
    _decide(n)
    member = make_user("member", STEERING_GROUP)
    SteeringGroupMember.objects.create(name="Jäsen", role=Role.MEMBER, user=member)
    with pytest.raises(PermissionDenied):
        narrative_approve(narrative=n, actor=member)
    response = Client()
    response.force_login(member)
    assert response.post(reverse("reports:narrative-approve", args=[n.pk])).status_code == 403
    assert Narrative.objects.get(pk=n.pk).state == NarrativeState.SUBMITTED
    chair = make_user("chair", STEERING_GROUP)
    SteeringGroupMember.objects.create(name="Puheenjohtaja", role=Role.CHAIR, user=chair)
    assert narrative_approve(narrative=n, actor=chair).state == NarrativeState.APPROVED


def test_a_draft_never_appears_in_the_report_and_an_approved_text_does_with_its_decision(goal, staff, meeting):
    other = BenefitGoal.objects.get(number=2)
    narrative_save(actor=staff, section="goal_assessment", goal=other, year=2026, text_fi=DRAFT_FI,
                   text_sv="Utkast")
    n = _submitted(goal, staff, meeting)
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    assert snapshot["narratives"] == []  # sent but not approved: not in the report
    _decide(n)
    narrative_approve(narrative=n, actor=staff)
    fi = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    assert [x["text"] for x in fi["narratives"]] == [APPROVED_FI]
    assert fi["narratives"][0]["decision"] == "Ohjausryhmä 20.1.2027, § 1"
    html = renderers.render(fi, "html").decode()
    assert "Osallisuus on vahvistunut kaupunkikeskuksissa." in html and "Suunta on oikea." in html
    assert "Ohjausryhmä hyväksynyt: Ohjausryhmä 20.1.2027, § 1." in html
    assert "Ohjausryhmän arvio" in html
    assert DRAFT_FI not in html and "Keskeneräinen" not in html
    assert "Ohjausryhmä ei ole vielä hyväksynyt tämän tavoitteen arviota kaudelta." in html  # goal 2
    sv = build_snapshot(as_of=AS_OF, language="sv", on=ON)
    sv_html = renderers.render(sv, "html").decode()
    assert "Delaktigheten har stärkts i stadscentrumen." in sv_html and "Styrgruppens bedömning" in sv_html
    assert "Utkast" not in [x["text"] for x in sv["narratives"]]
    # Reopened: it leaves the report until approved again.
    narrative_reopen(narrative=n, actor=staff)
    assert build_snapshot(as_of=AS_OF, language="fi", on=ON)["narratives"] == []


def test_approved_texts_in_the_pdf(goal, staff, meeting):
    import io

    from pypdf import PdfReader

    n = _submitted(goal, staff, meeting)
    _decide(n)
    narrative_approve(narrative=n, actor=staff)
    pdf = renderers.render(build_snapshot(as_of=AS_OF, language="fi", on=ON), "pdf")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Osallisuus on vahvistunut" in " ".join(text.split())


def test_review_sections_belong_to_their_report(staff):
    for day, (section, year) in enumerate((("outlook", 2027), ("operating_environment", 2027),
                                           ("impact_evaluation", 2029), ("recommendations", 2029),
                                           ("lessons_plan", 2029)), start=1):
        meeting = Meeting.objects.create(date=dt.date(2027, 1, day), start_time=dt.time(14))
        n = narrative_save(actor=staff, section=section, year=year, text_fi=f"Teksti {section}",
                           text_sv=f"Text {section}")
        n = narrative_submit(narrative=n, meeting=meeting, actor=staff)
        _decide(n)
        narrative_approve(narrative=n, actor=staff)
    midterm = build_snapshot(as_of=dt.date(2027, 7, 31), kind="midterm", language="fi", on=dt.date(2027, 8, 15))
    assert {x["section"] for x in midterm["narratives"]} == {"outlook", "operating_environment"}
    html = renderers.render(midterm, "html").decode()
    assert "Toimintaympäristö ja näkymät" in html and "Teksti outlook" in html
    annual = build_snapshot(as_of=dt.date(2027, 12, 31), language="fi", on=dt.date(2028, 1, 15))
    assert annual["narratives"] == []
    final = build_snapshot(as_of=dt.date(2029, 6, 30), kind="final", language="sv", on=dt.date(2029, 7, 15))
    assert {x["section"] for x in final["narratives"]} == {"impact_evaluation", "recommendations", "lessons_plan"}
    html = renderers.render(final, "html").decode()
    assert "Plan för att ta tillvara lärdomarna" in html and "Text lessons_plan" in html


def test_a_report_published_before_these_sections_regenerates_unchanged(goal):
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    old = {k: v for k, v in snapshot.items() if k not in ("narratives", "progress", "work_plan", "portfolio")}
    html = renderers.render(old, "html").decode()
    assert "Ohjausryhmän arvio" not in html and "Projektisalkun tasapaino" not in html


def test_pages_show_drafts_as_drafts_to_staff_and_refuse_members_writes(goal, staff, meeting, client):
    client.force_login(staff)
    url = reverse("reports:narrative-new") + "?section=goal_assessment&goal=1&year=2026"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text_fi": DRAFT_FI, "text_sv": "", "text_en": ""})
    n = Narrative.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:narrative-edit", args=[n.pk])
    page = client.get(reverse("reports:narratives") + "?year=2026").content.decode()
    assert "state-draft" in page and "Luonnos" in page
    edit = client.get(reverse("reports:narrative-edit", args=[n.pk])).content.decode()
    assert "Luonnos: teksti ei ole missään raportissa" in edit
    # Sending without Swedish: a message, nothing sent.
    client.post(reverse("reports:narrative-submit", args=[n.pk]), {"meeting": meeting.pk})
    assert Narrative.objects.get().state == NarrativeState.DRAFT and not meeting.items.exists()
    member = Client()
    member.force_login(make_user("member", STEERING_GROUP))
    assert member.get(reverse("reports:narratives") + "?year=2026").status_code == 200
    assert member.post(reverse("reports:narrative-edit", args=[n.pk]), {"text_fi": "Hyökkäys"}).status_code == 403
    assert member.post(reverse("reports:narrative-reopen", args=[n.pk])).status_code == 403
    assert Narrative.objects.get().text_fi == DRAFT_FI
    assert Client().get(reverse("reports:narratives")).status_code == 302  # anonymous: sign in


def test_the_api_returns_approved_texts_only(goal, staff, meeting, client):
    narrative_save(actor=staff, section="goal_assessment", goal=BenefitGoal.objects.get(number=2), year=2026,
                   text_fi=DRAFT_FI)
    n = _submitted(goal, staff, meeting)
    assert client.get("/api/v1/report-texts").json() == []
    _decide(n)
    narrative_approve(narrative=n, actor=staff)
    rows = client.get("/api/v1/report-texts?year=2026").json()
    assert [(r["goal"], r["text_sv"], r["decision"]) for r in rows] == [(1, APPROVED_SV,
                                                                         "Ohjausryhmä 20.1.2027, § 1")]
    assert client.get("/api/v1/report-texts?year=2027").json() == []


# --- the approval comes from the steering group's decision itself --------------------------------------------------


def _through_the_meeting(narrative: Narrative, staff, outcome: str) -> Narrative:
    """The governance workflow as staff and the checker run it: agenda sent, meeting held, the item decided,
    minutes drafted and checked by the checker themselves."""
    from yhteiso.governance import services as gov

    item = narrative.agenda_item
    assert item is not None
    meeting = item.meeting
    gov.agenda_send(meeting=meeting, actor=staff, notify=False,
                    sent_at=timezone.now() - dt.timedelta(days=10))
    checker_user = make_user("checker", STEERING_GROUP)
    checker = SteeringGroupMember.objects.create(name="Tarkastaja", role=Role.MEMBER, user=checker_user)
    gov.meeting_record_attendance(meeting=meeting, actor=staff, start_time=dt.time(14), end_time=dt.time(16),
                                  attendances=[(checker, dt.time(14), dt.time(16))])
    gov.decision_record(item=AgendaItem.objects.get(pk=item.pk), actor=staff,
                        text="Ohjausryhmä hyväksyi tekstin.", outcome=outcome)
    gov.minutes_draft(meeting=meeting, actor=staff, checker=checker, body="Kokous avattiin klo 14.")
    assert Narrative.objects.get(pk=narrative.pk).state == NarrativeState.SUBMITTED  # not before the check
    gov.minutes_approve(meeting=meeting, actor=checker_user)
    return Narrative.objects.get(pk=narrative.pk)


@pytest.mark.parametrize("outcome", ["approved", "amended"])
def test_the_decision_approves_the_text_when_the_minutes_are_checked_without_anyone_recording_it(goal, staff,
                                                                                               outcome):
    past = Meeting.objects.create(date=dt.date.today() - dt.timedelta(days=3), start_time=dt.time(14),
                                  end_time=dt.time(16))
    n = _through_the_meeting(_submitted(goal, staff, past), staff, outcome)
    assert n.state == NarrativeState.APPROVED and n.decision.item_id == n.agenda_item_id
    assert n.approved_by.username == "checker"
    event = AuditEvent.objects.get(action="report.narrative.approve", object_id=str(n.pk))
    assert "minutes checked" in event.note


def test_a_text_the_group_returned_stays_sent_and_out_of_the_report(goal, staff):
    past = Meeting.objects.create(date=dt.date.today() - dt.timedelta(days=3), start_time=dt.time(14),
                                  end_time=dt.time(16))
    n = _through_the_meeting(_submitted(goal, staff, past), staff, "returned")
    assert n.state == NarrativeState.SUBMITTED and n.decision is None
    assert not AuditEvent.objects.filter(action="report.narrative.approve").exists()


def test_the_final_report_collects_each_goals_yearly_assessments_and_an_annual_report_only_its_year(goal, staff):
    for day, year in enumerate((2026, 2027, 2028), start=1):
        meeting = Meeting.objects.create(date=dt.date(year + 1, 1, day), start_time=dt.time(14))
        n = narrative_save(actor=staff, section="goal_assessment", goal=goal, year=year,
                           text_fi=f"Arvio vuodelta {year}.", text_sv=f"Bedömning för {year}.")
        _decide(narrative_submit(narrative=n, meeting=meeting, actor=staff))
        if year != 2028:  # the assessment of 2028 is sent but not approved: never in a report
            narrative_approve(narrative=n, actor=staff)
    final = build_snapshot(as_of=dt.date(2029, 6, 30), kind="final", language="sv", on=dt.date(2029, 7, 15))
    assert [(x["year"], x["text"]) for x in final["narratives"] if x["section"] == "goal_assessment"] == [
        (2026, "Bedömning för 2026."), (2027, "Bedömning för 2027.")]
    html = renderers.render(final, "html").decode()
    assert html.index("Bedömning för 2026.") < html.index("Bedömning för 2027.")
    assert "Styrgruppens bedömning för 2026" in html and "2028." not in html.split("Bedömning för 2027.")[1][:200]
    annual = build_snapshot(as_of=dt.date(2027, 12, 31), language="fi", on=dt.date(2028, 1, 15))
    assert [x["text"] for x in annual["narratives"]] == ["Arvio vuodelta 2027."]
    assert "year" not in annual["narratives"][0]  # annual snapshots keep their shape
