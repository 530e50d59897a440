"""A proposal in the intake stays private on every page and API that shows a project through something linked to it
(funding applications, the partner register, in-kind work, campaigns, pilots, progress), not only on the project
pages. Tried as the attacker would: staff link a proposal still in the intake to a granted funding application, a
partner, in-kind work and a running campaign, and the public and another signed-in person read every public
address. Once the steering group decides, the links show again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from yhteiso.programme import selectors_funding, services_comms, services_funding
from yhteiso.programme.models import StakeholderGroup
from yhteiso.programme.models_comms import CommsStatus
from yhteiso.programme.models_funding import FundingSourceKind, FundingStatus, PartnerKind, PartnerRole, WorkMeasure

from .conftest import _user
from .test_intake_privacy import _decide

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_language")]
SECRET = "Salainen-ehdotus-7731"


@pytest.fixture
def linked(proposal, staff_user):
    project = proposal.project
    project.name_fi = SECRET
    project.save(update_fields=["name_fi"])
    services_funding.funding_application_save(
        actor=staff_user, projects=[project], source_kind=FundingSourceKind.STATE, funder="Ministeriö",
        call="Kehittämisavustus", deadline=dt.date(2026, 3, 31), status=FundingStatus.GRANTED,
        amount_applied=Decimal(40000), amount_granted=Decimal(25000), decision_date=dt.date(2026, 6, 1))
    group = StakeholderGroup.objects.create(order=1, name_fi="Järjestöt", role_fi="Kohderyhmien tavoittaminen")
    partner = services_funding.partner_save(actor=staff_user, name="Hello Espoo", kind=PartnerKind.ASSOCIATION,
                                            group=group)
    services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                          role=PartnerRole.IMPLEMENTATION)
    services_funding.in_kind_work_save(actor=staff_user, project=project, unit="Nuorisopalvelut",
                                       measure=WorkMeasure.HOURS, amount=Decimal(40),
                                       period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
    services_comms.comms_campaign_save(
        actor=staff_user, project=project, kind="campaign", title_fi=f"Kampanja {SECRET}",
        status=CommsStatus.RUNNING, start_date=dt.date(2026, 1, 10), channels=["web"], audiences="Asukkaat")
    return proposal


def _public_addresses(project_id):
    return ["/ohjelma/kumppanit/", "/ohjelma/viestinta/", "/api/v1/partners", "/api/v1/funding",
            "/api/v1/communication/campaigns", f"/api/v1/communication/campaigns?project={project_id}",
            "/api/v1/pilots", "/api/v1/funding/summary/2026"]


def _clients():
    other = Client()
    other.force_login(_user("someone_else"))
    return (Client(), other)


def test_links_do_not_reveal_a_proposal_in_the_intake(linked):
    pid = linked.project_id
    for client in _clients():
        for url in _public_addresses(pid):
            response = client.get(url)
            assert response.status_code == 200, url
            assert SECRET not in response.content.decode(), url
        funding = client.get("/api/v1/funding").json()
        assert all(pid not in row["project_ids"] for row in funding)
        for url in (f"/api/v1/projects/{pid}/in-kind", f"/api/v1/projects/{pid}/progress"):
            assert client.get(url).status_code == 404, url


def test_the_council_summary_counts_only_projects_out_of_the_intake(linked, staff_user, member_user):
    summary = selectors_funding.funding_council_summary(year=2026)
    assert summary["external_funding"]["granted"] == Decimal(25000)  # the city was granted the money either way
    assert summary["external_funding"]["projects_funded"] == 0
    assert summary["in_kind"]["hours"] == Decimal(0)
    _decide(linked, staff_user, member_user)
    summary = selectors_funding.funding_council_summary(year=2026)
    assert summary["external_funding"]["projects_funded"] == 1
    assert summary["in_kind"]["hours"] == Decimal(40)


def test_the_proposer_staff_and_members_still_see_the_links(linked, proposer, staff_user, member_user):
    for user in (proposer, staff_user, member_user):
        client = Client()
        client.force_login(user)
        assert SECRET in client.get("/api/v1/communication/campaigns").content.decode()
        assert client.get(f"/api/v1/projects/{linked.project_id}/in-kind").status_code == 200


def test_once_decided_the_links_are_public(linked, staff_user, member_user):
    _decide(linked, staff_user, member_user)
    client = Client()
    for url in ("/ohjelma/kumppanit/", "/api/v1/communication/campaigns"):
        assert SECRET in client.get(url).content.decode(), url
    assert any(linked.project_id in row["project_ids"] for row in client.get("/api/v1/funding").json())
