"""Proposals in the intake are not public: until the steering group decides, only the proposer, programme staff
and the steering group see the proposal and the project it creates — on the project pages, in the project list, on
the area profile and in the API. Tried as the attacker would: the public and another proposer fetching the
addresses. The proposer hears by e-mail, in their language, when the proposal is returned or decided."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from yhteiso.jobs.testing import run_queued_jobs
from yhteiso.notices.models import NoticePreference
from yhteiso.programme import selectors, services_intake
from yhteiso.programme.models_intake import IntakeStage

from .conftest import _user, proposal_fields
from .test_intake import SCORES


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def other_proposer(db):
    return _user("other_proposer")


def _decide(proposal, staff_user, member_user, outcome="approved"):
    services_intake.proposal_to_appraisal(proposal=proposal, actor=staff_user)
    services_intake.appraisal_save(proposal=proposal, actor=member_user, reasons="Hyvä.", **SCORES)
    services_intake.steering_decision_record(project=proposal.project, actor=staff_user, outcome=outcome,
                                             decided_on=dt.date(2026, 3, 12), reasons="Monialainen ja uusi.")
    proposal.refresh_from_db()
    return proposal


def _urls(proposal):
    pid = proposal.project_id
    return [f"/ohjelma/projektit/{pid}/", f"/api/v1/projects/{pid}", f"/api/v1/proposals/{proposal.pk}",
            f"/ohjelma/ehdotukset/{proposal.pk}/"]


@pytest.mark.parametrize("stage", ["submitted", "appraisal", "returned"])
def test_the_public_and_another_proposer_cannot_fetch_a_proposal_in_the_intake(proposal, staff_user,
                                                                              other_proposer, stage):
    if stage == "appraisal":
        services_intake.proposal_to_appraisal(proposal=proposal, actor=staff_user)
    elif stage == "returned":
        services_intake.proposal_return(proposal=proposal, actor=staff_user, message="Lisää kustannusarvio.")
    name = proposal.project.name_fi
    for client in (_client(), _client(other_proposer)):
        project_page, project_api, proposal_api, proposal_page = (client.get(u) for u in _urls(proposal))
        assert project_page.status_code == 404 and project_api.status_code == 404
        assert proposal_api.status_code == 404
        assert proposal_page.status_code in (302, 403)  # the public is sent to sign in; another user is refused
        for listing in ("/ohjelma/projektit/", "/api/v1/projects", "/api/v1/proposals",
                        f"/api/v1/proposals?stage={stage}"):
            assert name not in client.get(listing).content.decode(), listing


def test_the_proposer_staff_and_members_see_the_proposal_in_the_intake(proposal, proposer, staff_user,
                                                                      member_user):
    for user in (proposer, staff_user, member_user):
        client = _client(user)
        project_page, project_api, proposal_api, proposal_page = (client.get(u) for u in _urls(proposal))
        assert project_page.status_code == 200 and project_api.status_code == 200
        assert proposal_api.status_code == 200 and proposal_page.status_code == 200
        assert proposal.project.name_fi in client.get("/ohjelma/projektit/").content.decode().replace("\u00ad", "")
        assert [p["id"] for p in client.get("/api/v1/proposals").json()] == [proposal.pk]


def test_a_decided_proposal_becomes_public_without_the_members_scores(proposal, staff_user, member_user):
    _decide(proposal, staff_user, member_user)
    client = _client()
    assert client.get(f"/ohjelma/projektit/{proposal.project_id}/").status_code == 200
    [row] = client.get("/api/v1/proposals").json()
    assert row["stage"] == "decided" and row["decision"]["outcome"] == "approved"
    assert row["appraisal_means"] is None and row["appraisal_count"] is None
    member_view = _client(member_user).get(f"/api/v1/proposals/{proposal.pk}").json()
    assert member_view["appraisal_count"] == 1
    assert [m["mean"] for m in member_view["appraisal_means"]] == ["4.0", "3.0", "5.0", "4.0", "2.0"]


def test_the_area_pages_and_the_dashboard_count_leave_out_proposals_in_the_intake(proposal, staff_user,
                                                                                 member_user):
    from yhteiso.areas.models import Area
    from yhteiso.programme.targeting import projects_reaching

    area = Area.objects.create(code="091", name_fi="Leppävaara", level="major_district")
    proposal.project.target_areas.add(area)
    assert projects_reaching(area) == []
    assert selectors.project_status_counts()["proposed"] == 0
    _decide(proposal, staff_user, member_user)
    assert projects_reaching(area) == [proposal.project]


def test_the_proposer_gets_an_email_in_their_language_when_returned_and_when_decided(proposal, proposer,
                                                                                    staff_user, member_user):
    proposer.email = "proposer@example.org"
    proposer.save()
    NoticePreference.objects.create(user=proposer, language="sv")
    services_intake.proposal_return(proposal=proposal, actor=staff_user, message="Lisää kustannusarvio.")
    run_queued_jobs()
    [returned] = mail.outbox
    assert returned.to == ["proposer@example.org"] and "Lisää kustannusarvio." in returned.body
    assert "återsänt" in returned.subject  # Swedish, the proposer's language
    mail.outbox.clear()
    services_intake.proposal_revise(proposal=proposal, actor=proposer, **{
        k: v for k, v in proposal_fields().items() if k != "target_groups"})
    _decide(proposal, staff_user, member_user, outcome="rejected")
    run_queued_jobs()
    [decided] = mail.outbox
    assert "Monialainen ja uusi." in decided.body and "12.3.2026" in decided.body
    assert proposal.stage == IntakeStage.DECIDED


def test_nobody_is_mailed_about_a_proposal_without_a_proposers_account(db, goals, staff_user):
    from yhteiso.programme.models_intake import ProposalSource

    proposal = services_intake.proposal_submit(actor=None, goals=goals[:1],
                                               source=ProposalSource.PARTICIPATORY_BUDGETING, **proposal_fields())
    services_intake.proposal_return(proposal=proposal, actor=staff_user, message="Täydennä.")
    run_queued_jobs()
    assert mail.outbox == []


def test_the_demo_has_one_example_proposal_in_each_state_and_loads_once(db, goals):
    import io

    from django.contrib.auth.models import Group

    from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
    from yhteiso.programme import demo_intake
    from yhteiso.programme.models_intake import ProjectProposal

    _user("ohjelmapaallikko", PROGRAMME_STAFF)
    member = _user("ohjausryhma", STEERING_GROUP)
    assert Group.objects.filter(name=STEERING_GROUP, user=member).exists()
    demo_intake.load(io.StringIO())
    demo_intake.load(io.StringIO())
    stages = sorted(ProjectProposal.objects.values_list("stage", flat=True))
    assert stages == ["appraisal", "decided", "submitted"]
    assert all("Esimerkkiehdotus" in d for d in ProjectProposal.objects.values_list("description", flat=True))
    public = Client().get("/api/v1/proposals").json()
    assert [p["stage"] for p in public] == ["decided"]
