"""Project proposals: the proposal form for anyone signed in, the staff intake, the members' appraisal against the
plan's criteria and the steering group's decision with its conditions — and the rule that a project starts only
after an approving decision whose conditions are met, from every path (service, page, API, the minutes)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from yhteiso.core.models import AuditEvent
from yhteiso.programme import services, services_intake
from yhteiso.programme.models import Project, ProjectStatus
from yhteiso.programme.models_intake import Appraisal, IntakeStage, ProjectProposal, SteeringDecision
from yhteiso.programme.selectors_intake import appraisal_summary

from .conftest import proposal_fields

SCORES = {"novelty": 4, "feasibility": 3, "impact": 5, "not_line_work": 4, "several_units": 2}


def _approve(project, staff_user, **conditions):
    return services_intake.steering_decision_record(
        project=project, actor=staff_user, outcome="approved", decided_on=dt.date(2026, 3, 12),
        reasons="Uutta ja monialaista.", reference="Ohjausryhmä 12.3.2026 § 4", **conditions)


# --- proposing --------------------------------------------------------------------------------------------------

def test_a_signed_in_partner_proposes_and_the_proposal_waits_for_intake_with_the_proposer_recorded(proposal,
                                                                                                proposer):
    project = proposal.project
    assert project.status == ProjectStatus.PROPOSED
    assert proposal.stage == IntakeStage.SUBMITTED and proposal.proposed_by == proposer
    assert project.proposer_name == "proposer"
    assert sorted(project.target_group_codes) == ["older_people", "young_people"]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["project.create", "proposal.submit"]


def test_an_anonymous_visitor_cannot_propose_and_nothing_is_saved(goals):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services_intake.proposal_submit(actor=AnonymousUser(), goals=goals[:1], **proposal_fields())
    assert not Project.objects.exists() and not AuditEvent.objects.exists()


def test_a_proposal_that_does_not_say_how_it_differs_from_line_work_is_refused_and_nothing_is_saved(proposer,
                                                                                                   goals):
    with translation.override("fi"), pytest.raises(ValidationError) as err:
        services_intake.proposal_submit(actor=proposer, goals=goals[:1], **proposal_fields(line_work_difference=""))
    assert "line_work_difference" in err.value.message_dict
    assert not Project.objects.exists() and not ProjectProposal.objects.exists()


# --- intake -----------------------------------------------------------------------------------------------------

def test_staff_return_a_proposal_with_a_message_and_the_proposer_sends_it_again(proposal, proposer, staff_user):
    services_intake.proposal_return(proposal=proposal, actor=staff_user, message="Lisää kustannuserittely.")
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.RETURNED and proposal.staff_message == "Lisää kustannuserittely."
    services_intake.proposal_revise(proposal=proposal, actor=proposer, goals=None,
                                    funding_sought=Decimal(18000))
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED and proposal.funding_sought == Decimal(18000)
    assert AuditEvent.objects.filter(action="proposal.return", note="Lisää kustannuserittely.").exists()
    assert AuditEvent.objects.filter(action="proposal.revise").exists()


def test_returning_needs_a_message_to_the_proposer(proposal, staff_user):
    with pytest.raises(ValidationError) as err:
        services_intake.proposal_return(proposal=proposal, actor=staff_user, message="  ")
    assert "message" in err.value.message_dict
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED


@pytest.mark.parametrize("who", ["proposer", "member_user", "chair_user"])
def test_only_programme_staff_take_proposals_in(request, proposal, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services_intake.proposal_to_appraisal(proposal=proposal, actor=actor)
    with pytest.raises(PermissionDenied):
        services_intake.proposal_return(proposal=proposal, actor=actor, message="x")
    proposal.refresh_from_db()
    assert proposal.stage == IntakeStage.SUBMITTED


def test_another_user_cannot_revise_someone_elses_proposal(proposal, plain_user):
    with pytest.raises(PermissionDenied):
        services_intake.proposal_revise(proposal=proposal, actor=plain_user, name_fi="Kaapattu")
    assert Project.objects.get().name_fi == "Kohtaamispaikka Espoonlahteen"


# --- appraisal --------------------------------------------------------------------------------------------------

def test_members_appraise_once_each_and_the_summary_gives_means_count_and_reasons(in_appraisal, member_user,
                                                                                   chair_user):
    services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons="Hyvä.", **SCORES)
    services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons="Hyvä, mutta kallis.",
                                   **{**SCORES, "feasibility": 2})  # the member changes their mind
    services_intake.appraisal_save(proposal=in_appraisal, actor=chair_user, reasons="Monialainen.",
                                   **{**SCORES, "several_units": 5})
    assert Appraisal.objects.count() == 2
    summary = appraisal_summary(in_appraisal)
    assert summary.count == 2
    assert [mean for _label, mean in summary.means] == [
        Decimal("4.0"), Decimal("2.5"), Decimal("5.0"), Decimal("4.0"), Decimal("3.5")]
    assert [a.reasons for a in summary.reasons] == ["Hyvä, mutta kallis.", "Monialainen."]
    assert list(AuditEvent.objects.filter(action__startswith="appraisal.").values_list("action", flat=True)) == [
        "appraisal.create", "appraisal.update", "appraisal.create"]


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_off_the_one_to_five_scale_is_refused_naming_the_criterion(in_appraisal, member_user, score):
    with pytest.raises(ValidationError) as err:
        services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons="x",
                                       **{**SCORES, "impact": score})
    assert list(err.value.message_dict) == ["impact"]
    assert not Appraisal.objects.exists()


def test_an_appraisal_needs_written_reasons(in_appraisal, member_user):
    with pytest.raises(ValidationError) as err:
        services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons=" ", **SCORES)
    assert "reasons" in err.value.message_dict


@pytest.mark.parametrize("who", ["proposer", "staff_user", "plain_user"])
def test_only_steering_group_members_appraise(request, in_appraisal, who):
    with pytest.raises(PermissionDenied):
        services_intake.appraisal_save(proposal=in_appraisal, actor=request.getfixturevalue(who), reasons="x",
                                       **SCORES)
    assert not Appraisal.objects.exists()


def test_a_proposal_not_yet_taken_in_cannot_be_appraised(proposal, member_user):
    with translation.override("en"), pytest.raises(ValidationError, match="not open for appraisal"):
        services_intake.appraisal_save(proposal=proposal, actor=member_user, reasons="x", **SCORES)


# --- decision and start -----------------------------------------------------------------------------------------

def test_a_decision_needs_the_appraisal_first(proposal, staff_user):
    with translation.override("en"), pytest.raises(ValidationError, match="appraisal before recording"):
        _approve(proposal.project, staff_user)
    assert not SteeringDecision.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "chair_user", "proposer"])
def test_only_staff_record_the_steering_groups_decision(request, in_appraisal, who):
    with pytest.raises(PermissionDenied):
        _approve(in_appraisal.project, request.getfixturevalue(who))
    assert not SteeringDecision.objects.exists()


def test_an_approved_project_starts_only_when_the_conditions_are_met(in_appraisal, staff_user):
    project = in_appraisal.project
    decision = _approve(project, staff_user, funding_confirmed=True)
    project.refresh_from_db()
    in_appraisal.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED and in_appraisal.stage == IntakeStage.DECIDED
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.project_set_status(project=project, status="in_progress", actor=staff_user)
    assert err.value.message_dict["status"] == [
        "The project cannot start: the conditions of the steering group's decision of 12.3.2026 are not met "
        "(responsibilities agreed)."]
    services_intake.steering_decision_conditions(decision=decision, actor=staff_user, funding_confirmed=True,
                                                 responsibilities_agreed=True)
    project = services.project_set_status(project=project, status="in_progress", actor=staff_user)
    assert project.status == ProjectStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="steering_decision.conditions").count() == 1


def test_a_project_approved_without_a_decision_cannot_start_and_says_why_in_finnish(staff_user, project):
    services.project_set_status(project=project, status="approved", actor=staff_user)
    with translation.override("fi"), pytest.raises(ValidationError) as err:
        services.project_set_status(project=project, status="in_progress", actor=staff_user)
    assert "ohjausryhmä" in err.value.message_dict["status"][0]
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_a_rejection_rejects_the_project_and_the_latest_decision_counts(in_appraisal, staff_user):
    services_intake.steering_decision_record(project=in_appraisal.project, actor=staff_user, outcome="rejected",
                                             decided_on=dt.date(2026, 3, 12), reasons="Linjatyötä.")
    project = Project.objects.get(pk=in_appraisal.project_id)
    assert project.status == ProjectStatus.REJECTED
    with pytest.raises(ValidationError):
        services.project_set_status(project=project, status="in_progress", actor=staff_user)


def test_a_decision_returning_the_proposal_sends_it_back_to_the_proposer_with_the_reasons(in_appraisal,
                                                                                          staff_user):
    services_intake.steering_decision_record(project=in_appraisal.project, actor=staff_user, outcome="returned",
                                             decided_on=dt.date(2026, 3, 12), reasons="Tarkenna kumppanit.")
    in_appraisal.refresh_from_db()
    assert in_appraisal.stage == IntakeStage.RETURNED and in_appraisal.staff_message == "Tarkenna kumppanit."
    assert in_appraisal.project.status == ProjectStatus.PROPOSED


def test_a_new_project_cannot_be_created_as_already_started(staff_user, goals):
    for status in ("in_progress", "completed"):
        with pytest.raises(ValidationError) as err:
            services.project_create(actor=staff_user, goals=goals[:1], name_fi="Ohituskaista", status=status)
        assert "status" in err.value.message_dict
    assert not Project.objects.exists()


def test_the_api_refuses_a_start_without_the_conditions_with_the_reason(in_appraisal, staff_user):
    _approve(in_appraisal.project, staff_user)
    client = Client()
    client.force_login(staff_user)
    response = client.patch(f"/api/v1/projects/{in_appraisal.project_id}/status",
                            data={"status": "in_progress"}, content_type="application/json",
                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "conditions of the steering group's decision" in str(response.json())
    assert Project.objects.get(pk=in_appraisal.project_id).status == ProjectStatus.APPROVED


def test_the_status_page_refuses_a_start_without_a_decision_with_the_reason(staff_client, staff_user, project):
    services.project_set_status(project=project, status="approved", actor=staff_user)
    response = staff_client.post(f"/ohjelma/projektit/{project.pk}/tila/", {"status": "in_progress"},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "has not recorded a decision approving it" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.APPROVED


def test_the_lifecycle_reaches_in_progress_after_an_approving_decision_with_its_conditions(staff_user, project):
    services.project_set_status(project=project, status="approved", actor=staff_user)
    decision = services_intake.steering_decision_record(
        project=project, actor=staff_user, outcome="approved", decided_on=dt.date(2026, 1, 20),
        reasons="Ohjelmasuunnitelman liite 1.", funding_confirmed=True, responsibilities_agreed=True)
    assert decision.conditions_met
    project = services.project_set_status(project=project, status="in_progress", actor=staff_user)
    assert project.status == ProjectStatus.IN_PROGRESS


def _held_meeting(staff_user, chair, project, days_ago):
    from django.utils import timezone

    from yhteiso.governance import services as governance

    date = timezone.localdate() - dt.timedelta(days=days_ago)
    meeting = governance.meeting_create(actor=staff_user, date=date, start_time=dt.time(14, 0),
                                        end_time=dt.time(16, 0), place="Karaportti 1")
    governance.agenda_item_add(meeting=meeting, actor=staff_user, title="Hanke", project=project)
    governance.agenda_send(meeting=meeting, actor=staff_user, sent_at=timezone.make_aware(
        dt.datetime.combine(date - dt.timedelta(days=10), dt.time(9, 0))))
    governance.meeting_record_attendance(meeting=meeting, actor=staff_user, start_time=dt.time(14, 0),
                                         end_time=dt.time(16, 0), attendances=[(chair, dt.time(14, 0),
                                                                                dt.time(16, 0))])
    return meeting


def test_an_approval_in_published_minutes_becomes_the_projects_decision_and_starting_waits_for_its_conditions(
        staff_user, member_user, project):
    from yhteiso.governance import services as governance
    from yhteiso.governance.models import Decision, Role, SteeringGroupMember

    chair = SteeringGroupMember.objects.create(name="Pj", role=Role.CHAIR, user=member_user)
    meeting = _held_meeting(staff_user, chair, project, days_ago=9)
    governance.decision_record(item=meeting.items.get(), actor=staff_user, text="Hyväksytään.", outcome="approved",
                               project_status="approved")
    governance.minutes_draft(meeting=meeting, actor=staff_user, checker=chair)
    governance.minutes_approve(meeting=meeting, actor=staff_user)
    governance.minutes_publish(meeting=meeting, actor=staff_user)
    decision = SteeringDecision.objects.get()
    assert decision.outcome == "approved" and decision.reasons == "Hyväksytään."
    assert decision.governance_decision_id == Decision.objects.get().pk and not decision.conditions_met
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.APPROVED
    later = _held_meeting(staff_user, chair, project, days_ago=2)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        governance.decision_record(item=later.items.get(), actor=staff_user, text="Käynnistetään.",
                                   outcome="approved", project_status="in_progress")
    assert "funding confirmed, responsibilities agreed" in str(err.value.message_dict["project_status"])
    services_intake.steering_decision_conditions(decision=decision, actor=staff_user, funding_confirmed=True,
                                                 responsibilities_agreed=True)
    governance.decision_record(item=later.items.get(), actor=staff_user, text="Käynnistetään.", outcome="approved",
                               project_status="in_progress")
