"""Several programmes, day to day (issue 14 item 9, hprog2b): the project and proposal forms create in the chosen
programme and say which; staff keep a project's partner programmes in one form (all or nothing, audited, messages
naming the programme); the header names a programme-scoped page's programme; the switcher appears only on the
programme-scoped pages; a member of one programme's steering group does not appraise or read another's proposals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yhteiso.core.models import AuditEvent
from yhteiso.governance.models import SteeringGroupMember
from yhteiso.programme import selectors_intake, services_intake
from yhteiso.programme.models import BenefitGoal, Programme, ProgrammeShare, Project
from yhteiso.programme.models_intake import ProjectProposal

from .conftest import proposal_fields

SCORES = {"novelty": 4, "feasibility": 3, "impact": 5, "not_line_work": 4, "several_units": 2}


@pytest.fixture
def other(db):
    return Programme.objects.create(slug="tapahtumien-espoo", name_fi="Tapahtumien Espoo",
                                    name_sv="Evenemangens Esbo", start_year=2025, end_year=2029)


@pytest.fixture
def other_goal(other):
    return BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")


# --- 1. the forms create in the chosen programme ----------------------------------------------------------------


def test_the_staff_project_form_creates_in_the_chosen_programme_and_says_which(staff_client, goals, other_goal):
    url = reverse("programme:project-create") + "?ohjelma=tapahtumien-espoo"
    page = staff_client.get(url).content.decode()
    assert "Tapahtumien Espoo 2025–2029" in page  # the choice is on the form
    assert "Tapahtumat kaikille" in page and "Tavoite 1" not in page  # the chosen programme's goals only
    response = staff_client.post(url, {"name_fi": "Kesäkatu", "goals": [other_goal.pk], "year": 2026,
                                     "proposer_type": "city_unit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(name_fi="Kesäkatu")
    assert project.programme.slug == "tapahtumien-espoo"
    # without a choice: the default programme, as before
    assert "Yhteisöllinen Espoo" in staff_client.get(reverse("programme:project-create")).content.decode()


def test_a_goal_of_another_programme_is_refused_naming_the_field(staff_client, goals, other_goal):
    url = reverse("programme:project-create") + "?ohjelma=tapahtumien-espoo"
    response = staff_client.post(url, {"name_fi": "Kesäkatu", "goals": [goals[0].pk], "year": 2026,
                                     "proposer_type": "city_unit"})
    assert response.status_code == 400
    assert "Hyötytavoitteet" in response.content.decode()
    assert not Project.objects.filter(name_fi="Kesäkatu").exists()


def test_an_unknown_programme_on_the_form_is_404(staff_client, goals):
    assert staff_client.get(reverse("programme:project-create") + "?ohjelma=ei-ole").status_code == 404


def test_the_proposal_form_proposes_to_the_chosen_programme(client, proposer, goals, other_goal):
    client.force_login(proposer)
    url = reverse("programme:proposal-create") + "?ohjelma=tapahtumien-espoo"
    page = client.get(url).content.decode()
    assert "Tapahtumien Espoo 2025–2029" in page and "Tapahtumat kaikille" in page and "Tavoite 1" not in page
    data = {**proposal_fields(), "goals": [other_goal.pk], "proposer_type": "city_unit"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProjectProposal.objects.get().project.programme == other_goal.programme


# --- 2. partner programmes -----------------------------------------------------------------------------------------


def test_staff_add_change_and_remove_a_partner_programme_audited(staff_client, project, other):
    url = reverse("programme:project-shares", args=[project.pk])
    assert "Tapahtumien Espoo" in staff_client.get(url).content.decode()
    assert staff_client.post(url, {f"share_{other.pk}": "on", f"contribution_{other.pk}": "15000"}).status_code == 302
    assert ProgrammeShare.objects.get(project=project).contribution == Decimal(15000)
    staff_client.post(url, {f"share_{other.pk}": "on", f"contribution_{other.pk}": "20000"})
    assert ProgrammeShare.objects.get(project=project).contribution == Decimal(20000)
    staff_client.post(url, {})
    assert not ProgrammeShare.objects.filter(project=project).exists()
    assert list(AuditEvent.objects.filter(action__startswith="programme_share.").order_by("id")
                .values_list("action", flat=True)) == [
        "programme_share.create", "programme_share.update", "programme_share.delete"]


@pytest.mark.parametrize(("language", "message"), [
    ("fi", "Ohjelman Tapahtumien Espoo osuuden on oltava vähintään nolla euroa."),
    ("sv", "Programmets Evenemangens Esbo andel måste vara minst noll euro."),
])
def test_a_negative_contribution_is_refused_naming_the_programme_and_nothing_is_saved(
        staff_client, project, other, language, message, reset_language):
    third = Programme.objects.create(slug="kolmas", name_fi="Kolmas ohjelma", name_sv="Tredje programmet",
                                     start_year=2025, end_year=2029)
    staff_client.cookies["django_language"] = language
    response = staff_client.post(reverse("programme:project-shares", args=[project.pk]), {
        f"share_{third.pk}": "on", f"contribution_{third.pk}": "5000",  # a good row …
        f"share_{other.pk}": "on", f"contribution_{other.pk}": "-1"},  # … and a bad one: nothing is saved
        HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgrammeShare.objects.exists()


def test_a_contribution_without_the_tick_is_refused_naming_the_programme(staff_client, project, other):
    response = staff_client.post(reverse("programme:project-shares", args=[project.pk]),
                                 {f"contribution_{other.pk}": "300"})
    assert response.status_code == 400
    assert "Tapahtumien Espoo" in response.content.decode() and not ProgrammeShare.objects.exists()


def test_only_staff_edit_partner_programmes(member_client, project, other):
    url = reverse("programme:project-shares", args=[project.pk])
    assert member_client.post(url, {f"share_{other.pk}": "on", f"contribution_{other.pk}": "1"}).status_code == 403
    assert not ProgrammeShare.objects.exists()


# --- 3. and 4. the header and the switcher ---------------------------------------------------------------------


def test_the_header_and_title_name_the_chosen_programme_and_registers_keep_the_installation(client, other):
    page = client.get("/ohjelma/?ohjelma=tapahtumien-espoo").content.decode()
    head = page.split("</title>")[0]
    assert "Tapahtumien Espoo" in head
    assert '<span class="brand-sub">Tapahtumien Espoo</span>' in page
    default_page = client.get("/ohjelma/").content.decode()
    assert "Tapahtumien Espoo" not in default_page.split("</title>")[0]
    assert "Tapahtumien Espoo</span>" not in default_page
    partners = client.get(reverse("programme:partner-list")).content.decode()
    assert "Tapahtumien Espoo</span>" not in partners


def test_the_switcher_is_only_on_programme_scoped_pages_and_keeps_the_page_kind(client, other):
    assert 'class="programme-switcher"' in client.get("/ohjelma/").content.decode()
    projects = client.get(reverse("programme:project-list")).content.decode()
    assert f'class="programme-switcher" action="{reverse("programme:project-list")}"' in projects
    for name in ("programme:risk-list", "programme:work-plan"):  # per programme since hprog2a
        page = client.get(reverse(name)).content.decode()
        assert f'class="programme-switcher" action="{reverse(name)}"' in page, name
    assert 'class="programme-switcher"' not in client.get(reverse("programme:partner-list")).content.decode()


# --- 5. steering-group members follow the programme --------------------------------------------------------------


@pytest.fixture
def member_of_other(member_user, other):
    """``member_user`` sits on the other programme's steering group only."""
    SteeringGroupMember.objects.create(programme=other, name="Toisen jäsen", user=member_user)
    return member_user


def test_a_member_of_another_programme_cannot_appraise_or_read_the_proposal(client, in_appraisal, member_of_other):
    """The attack: a member of B appraises (service, page) and reads (page, API) a proposal to A in appraisal."""
    with pytest.raises(PermissionDenied):
        services_intake.appraisal_save(proposal=in_appraisal, actor=member_of_other, reasons="x", **SCORES)
    client.force_login(member_of_other)
    assert client.get(reverse("programme:proposal-appraise", args=[in_appraisal.pk])).status_code == 403
    assert client.post(reverse("programme:proposal-appraise", args=[in_appraisal.pk]),
                       {"reasons": "x", **SCORES}).status_code == 403
    assert client.get(reverse("programme:proposal-detail", args=[in_appraisal.pk])).status_code == 403
    assert client.get(f"/api/v1/proposals/{in_appraisal.pk}").status_code == 404
    assert client.get("/api/v1/proposals").json() == []
    assert selectors_intake.count_to_appraise(member_of_other) == 0
    assert not in_appraisal.appraisals.exists()


def test_one_person_on_two_steering_groups_appraises_in_both(in_appraisal, member_of_other, other):
    SteeringGroupMember.objects.create(programme=Programme.objects.default(), name="Jäsen", user=member_of_other)
    services_intake.appraisal_save(proposal=in_appraisal, actor=member_of_other, reasons="Hyvä.", **SCORES)
    assert in_appraisal.appraisals.count() == 1


def test_a_member_without_a_linked_row_belongs_to_the_default_programme_as_before(in_appraisal, member_user):
    services_intake.appraisal_save(proposal=in_appraisal, actor=member_user, reasons="Hyvä.", **SCORES)
    assert in_appraisal.appraisals.count() == 1


def test_a_programme_without_goals_says_so_on_the_form(staff_client, goals, other):
    page = staff_client.get(reverse("programme:project-create") + "?ohjelma=tapahtumien-espoo").content.decode()
    assert "Tällä ohjelmalla ei ole vielä hyötytavoitteita" in page and "Tavoite 1" not in page


def test_the_appraisal_box_counts_only_the_members_own_programmes(in_appraisal, member_of_other, staff_user):
    """A member of B only: A's proposal in appraisal is neither waiting for them nor counted as in appraisal (the
    box said "1 proposal is in appraisal" before); staff still see every programme's."""
    from yhteiso.programme.selectors_intake import count_in_appraisal, count_to_appraise

    assert count_to_appraise(member_of_other) == 0
    assert count_in_appraisal(member_of_other) == 0
    assert count_in_appraisal(staff_user) == 1
