"""The proposal pages tried as each role would: proposer, another signed-in user, staff, member, chair and the
public. Every write refuses the roles it is not for (403, or the sign-in page for the public) and needs CSRF."""

import pytest
from django.test import Client

from yhteiso.programme import services_intake
from yhteiso.programme.models import Project
from yhteiso.programme.models_intake import Appraisal, IntakeStage, ProjectProposal, SteeringDecision

from .conftest import proposal_fields
from .test_intake import SCORES


def _client(user=None, **kwargs):
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def _form(goals, **extra):
    data = {k: v for k, v in proposal_fields().items() if k != "target_groups"}
    data.update(goals=[goals[0].pk], target_groups=["young_people"], proposer_type="stakeholder", **extra)
    return data


def test_a_partner_proposes_through_the_form_and_sees_it_among_their_proposals(proposer, goals):
    client = _client(proposer)
    assert client.get("/ohjelma/ehdotukset/uusi/").status_code == 200
    response = client.post("/ohjelma/ehdotukset/uusi/", _form(goals))
    proposal = ProjectProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ohjelma/ehdotukset/{proposal.pk}/"
    assert proposal.proposed_by == proposer and proposal.project.proposer_type == "stakeholder"
    page = client.get("/ohjelma/ehdotukset/omat/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kohtaamispaikka Espoonlahteen" in page and "Odottaa vastaanottoa" in page


def test_the_form_names_the_missing_field_in_finnish_and_saves_nothing(proposer, goals):
    response = _client(proposer).post("/ohjelma/ehdotukset/uusi/", _form(goals, line_work_difference="",
                                                                        planned_cost_max="-5"),
                                      HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Miten eroaa tavallisesta linjatyöstä" in page and "error-summary" in page
    assert not Project.objects.exists()


def test_the_public_is_sent_to_sign_in_and_nothing_is_saved(db, goals):
    client = _client()
    for path in ("/ohjelma/ehdotukset/uusi/", "/ohjelma/ehdotukset/omat/", "/ohjelma/ehdotukset/"):
        response = client.get(path)
        assert (response.status_code == 302 and "/kirjaudu" in response["Location"]) or "login" in response["Location"]
    client.post("/ohjelma/ehdotukset/uusi/", _form(goals))
    assert not Project.objects.exists()


def test_another_signed_in_user_cannot_read_or_change_someone_elses_proposal(proposal, plain_user):
    client = _client(plain_user)
    assert client.get(f"/ohjelma/ehdotukset/{proposal.pk}/").status_code == 403
    assert client.get(f"/ohjelma/ehdotukset/{proposal.pk}/muokkaa/").status_code == 403


@pytest.mark.parametrize("who", ["proposer", "member_user", "chair_user"])
def test_only_staff_open_the_queue_and_take_proposals_in(request, proposal, who):
    client = _client(request.getfixturevalue(who))
    assert client.get("/ohjelma/ehdotukset/").status_code == 403
    assert client.post(f"/ohjelma/ehdotukset/{proposal.pk}/arviointiin/").status_code == 403
    assert client.post(f"/ohjelma/ehdotukset/{proposal.pk}/palauta/", {"message": "x"}).status_code == 403
    assert client.post(f"/ohjelma/projektit/{proposal.project_id}/ohjausryhman-paatos/", {
        "outcome": "approved", "decided_on": "2026-03-12", "reasons": "x"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED and not SteeringDecision.objects.exists()


def test_staff_return_a_proposal_and_the_proposer_sees_the_message_and_sends_it_again(proposal, proposer,
                                                                                       staff_user, goals):
    staff = _client(staff_user)
    assert staff.get("/ohjelma/ehdotukset/").status_code == 200
    response = staff.post(f"/ohjelma/ehdotukset/{proposal.pk}/palauta/", {"message": "Lisää aikataulu."})
    assert response.status_code == 302
    client = _client(proposer)
    page = client.get(f"/ohjelma/ehdotukset/{proposal.pk}/").content.decode()
    assert "Lisää aikataulu." in page
    client.post(f"/ohjelma/ehdotukset/{proposal.pk}/muokkaa/", _form(goals, description="Aikataulu: syksy 2026."))
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED and proposal.description == "Aikataulu: syksy 2026."


@pytest.mark.parametrize("who", ["staff_user", "proposer", "plain_user"])
def test_only_members_appraise_on_the_page(request, in_appraisal, who):
    client = _client(request.getfixturevalue(who))
    assert client.get(f"/ohjelma/ehdotukset/{in_appraisal.pk}/arvioi/").status_code == 403
    assert client.post(f"/ohjelma/ehdotukset/{in_appraisal.pk}/arvioi/", {**SCORES, "reasons": "x"}).status_code == 403
    assert not Appraisal.objects.exists()


def test_a_member_and_the_chair_appraise_and_the_summary_is_shown_for_the_meeting(in_appraisal, member_user,
                                                                                   chair_user, proposer):
    for user, impact in ((member_user, 5), (chair_user, 2)):
        response = _client(user).post(f"/ohjelma/ehdotukset/{in_appraisal.pk}/arvioi/",
                                      {**SCORES, "impact": impact, "reasons": f"Perustelu {user.username}"})
        assert response.status_code == 302
    page = _client(member_user).get("/ohjelma/ehdotukset/arvioitavat/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "2 arviota" in page and "3,5" in page  # impact: (5 + 2) / 2
    assert "Perustelu member" in page and "Perustelu chair" in page
    # The proposer follows the stage but does not see the members' scores and reasons.
    own = _client(proposer).get(f"/ohjelma/ehdotukset/{in_appraisal.pk}/").content.decode()
    assert "Perustelu member" not in own


def test_a_score_off_the_scale_is_refused_on_the_page(in_appraisal, member_user):
    response = _client(member_user).post(f"/ohjelma/ehdotukset/{in_appraisal.pk}/arvioi/",
                                         {**SCORES, "impact": 9, "reasons": "x"})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not Appraisal.objects.exists()


def test_staff_record_the_decision_and_tick_the_conditions_then_the_project_starts(in_appraisal, staff_user,
                                                                                    member_user):
    staff = _client(staff_user)
    project_id = in_appraisal.project_id
    response = staff.post(f"/ohjelma/projektit/{project_id}/ohjausryhman-paatos/", {
        "outcome": "approved", "decided_on": "2026-03-12", "reasons": "Uutta.", "funding_confirmed": "on"})
    assert response.status_code == 302
    decision = SteeringDecision.objects.get()
    assert _client(member_user).post(f"/ohjelma/paatokset/{decision.pk}/ehdot/", {
        "funding_confirmed": "on", "responsibilities_agreed": "on"}).status_code == 403
    page = staff.get(f"/ohjelma/projektit/{project_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Responsibilities not yet agreed" in page and "conditions of the steering group" in page
    staff.post(f"/ohjelma/paatokset/{decision.pk}/ehdot/", {"funding_confirmed": "on",
                                                            "responsibilities_agreed": "on"})
    assert staff.post(f"/ohjelma/projektit/{project_id}/tila/", {"status": "in_progress"}).status_code == 302
    assert Project.objects.get(pk=project_id).status == "in_progress"


def test_writes_need_the_csrf_token(proposer, goals, proposal, staff_user):
    assert _client(proposer, enforce_csrf_checks=True).post("/ohjelma/ehdotukset/uusi/",
                                                            _form(goals)).status_code == 403
    assert _client(staff_user, enforce_csrf_checks=True).post(
        f"/ohjelma/ehdotukset/{proposal.pk}/arviointiin/").status_code == 403
    assert ProjectProposal.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED


def test_members_find_the_proposals_to_appraise_on_the_steering_group_page(in_appraisal, member_user, client):
    page = _client(member_user).get("/ohjausryhma/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "/ohjelma/ehdotukset/arvioitavat/" in page and "1 ehdotus odottaa arviotasi" in page
    services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons="x", **SCORES)
    page = _client(member_user).get("/ohjausryhma/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "1 ehdotus on arvioitavana" in page
    assert "/ohjelma/ehdotukset/arvioitavat/" not in client.get("/ohjausryhma/").content.decode()

