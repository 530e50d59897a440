"""Money and partners: the external funding pipeline (staff write, steering group and staff read, the public sees
what was granted), the partner register with the plan's Table 3 roles and each partner's role per project, and the
units' in-kind work, which project owners record and which is never added to the programme's money."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from yhteiso.core.models import AuditEvent
from yhteiso.programme import selectors_funding, services_funding
from yhteiso.programme.models import (
    FundingApplication,
    InKindWork,
    Partner,
    Project,
    ProjectPartner,
    StakeholderGroup,
)
from yhteiso.programme.models_funding import FundingSourceKind, FundingStatus, PartnerKind, PartnerRole, WorkMeasure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_language")]
TODAY = dt.date.today()


@pytest.fixture
def owner(project_owner):
    return project_owner


@pytest.fixture
def group(db):
    return StakeholderGroup.objects.create(order=1, name_fi="Järjestöt", name_sv="Organisationer",
                                           role_fi="Kohderyhmien tavoittaminen", role_sv="Nå målgrupperna")


@pytest.fixture
def partner(staff_user, group):
    return services_funding.partner_save(actor=staff_user, name="Hello Espoo", kind=PartnerKind.ASSOCIATION,
                                         group=group, contact_role="tuottaja", public_contact="info@example.org")


def _application(actor, **overrides):
    fields = {"source_kind": FundingSourceKind.STATE, "funder": "Ministeriö", "call": "Kehittämisavustus",
              "deadline": dt.date(2026, 3, 31), "status": FundingStatus.APPLIED,
              "amount_applied": Decimal("40000")}
    fields.update(overrides)
    return services_funding.funding_application_save(actor=actor, **fields)


# --- Funding applications: services --------------------------------------------------------------------------------


def test_staff_record_an_application_linked_to_projects_with_an_audit_row(staff_user, project):
    application = _application(staff_user, projects=[project])
    assert list(application.projects.all()) == [project]
    event = AuditEvent.objects.get(action="funding_application.create")
    assert event.after["amount_applied"] == "40000.00" or Decimal(event.after["amount_applied"]) == 40000
    assert event.after["projects"] == [project.pk]


def test_an_update_is_audited_with_the_values_before_and_after(staff_user):
    application = _application(staff_user)
    services_funding.funding_application_save(actor=staff_user, application=application,
                                              status=FundingStatus.GRANTED, amount_granted=Decimal("25000"),
                                              decision_date=dt.date(2026, 6, 12))
    event = AuditEvent.objects.get(action="funding_application.update")
    assert event.before["status"] == "applied"
    assert event.after["status"] == "granted"


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_only_staff_may_write_applications(who, request):
    with pytest.raises(PermissionDenied):
        _application(request.getfixturevalue(who))
    assert not FundingApplication.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"amount_applied": Decimal("-1")}, "amount_applied"),
    ({"status": FundingStatus.GRANTED, "amount_granted": Decimal("-5")}, "amount_granted"),
    ({"status": FundingStatus.GRANTED, "amount_granted": Decimal("40000.01")}, "amount_granted"),
    ({"status": FundingStatus.GRANTED}, "amount_granted"),
    ({"deadline": None}, "deadline"),
    ({"amount_applied": None}, "amount_applied"),
    ({"status": FundingStatus.PREPARING, "amount_granted": Decimal("100")}, "amount_granted"),
    ({"decision_date": dt.date(2026, 1, 1), "status": FundingStatus.REJECTED}, "decision_date"),
    ({"amount_applied": Decimal("1000000000")}, "amount_applied"),
])
def test_bad_applications_are_refused_naming_the_field_and_nothing_is_stored(staff_user, project, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _application(staff_user, projects=[project], **overrides)
    assert field in exc.value.error_dict
    assert not FundingApplication.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="funding_application").exists()


def test_the_message_for_more_granted_than_applied_gives_both_amounts(staff_user):
    with override("en"), pytest.raises(ValidationError) as exc:
        _application(staff_user, status=FundingStatus.GRANTED, amount_granted=Decimal("50000"))
    message = exc.value.message_dict["amount_granted"][0]
    assert "more than the amount applied" in message
    assert "50,000" in message and "40,000" in message


def test_an_idea_needs_no_amount_but_a_deadline(staff_user):
    application = _application(staff_user, status=FundingStatus.IDEA, amount_applied=None)
    assert application.amount_applied is None


def test_the_database_refuses_more_granted_than_applied_even_past_the_service(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingApplication.objects.create(source_kind="eu", funder="EU", call="x", deadline=dt.date(2026, 5, 1),
                                          status="granted", amount_applied=Decimal(10), amount_granted=Decimal(11))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingApplication.objects.create(source_kind="eu", funder="EU", call="x", deadline=dt.date(2026, 5, 1),
                                          amount_applied=Decimal(-1))


# --- Funding: selectors ----------------------------------------------------------------------------------------------


def test_upcoming_deadlines_are_the_unsent_applications_ahead_soonest_first(staff_user):
    later = _application(staff_user, call="B", status=FundingStatus.IDEA, amount_applied=None,
                         deadline=TODAY + dt.timedelta(days=60))
    sooner = _application(staff_user, call="A", status=FundingStatus.PREPARING, amount_applied=None,
                          deadline=TODAY + dt.timedelta(days=10))
    _application(staff_user, call="sent", deadline=TODAY + dt.timedelta(days=5))  # already applied
    _application(staff_user, call="missed", status=FundingStatus.IDEA, amount_applied=None,
                 deadline=TODAY - dt.timedelta(days=1))
    assert list(selectors_funding.upcoming_deadlines(today=TODAY)) == [sooner, later]


def test_totals_by_year_and_status_add_up_the_sent_applications(staff_user):
    _application(staff_user, call="granted", status=FundingStatus.GRANTED, amount_applied=Decimal(40000),
                 amount_granted=Decimal(25000), decision_date=dt.date(2026, 6, 1))
    _application(staff_user, call="rejected", status=FundingStatus.REJECTED, amount_applied=Decimal(15000))
    _application(staff_user, call="waiting", amount_applied=Decimal(180000), deadline=dt.date(2026, 10, 31))
    _application(staff_user, call="planned", status=FundingStatus.PREPARING, amount_applied=Decimal(60000),
                 deadline=dt.date(2027, 1, 29))
    totals = {row["year"]: row for row in selectors_funding.funding_totals()}
    assert list(totals) == [2027, 2026]
    y2026 = totals[2026]
    assert (y2026["count"], y2026["applied"], y2026["granted"]) == (3, Decimal(235000), Decimal(25000))
    by_status = {r["status"]: r for r in y2026["rows"]}
    assert by_status["granted"]["granted"] == Decimal(25000)
    assert by_status["rejected"]["count"] == 1
    # A planned amount is not "applied" until the application is sent.
    assert totals[2027]["applied"] == Decimal(0)
    assert totals[2027]["rows"][0]["applied"] == Decimal(60000)


def test_the_council_summary_keeps_in_kind_work_apart_from_money(staff_user, owner, project):
    _application(staff_user, status=FundingStatus.GRANTED, amount_granted=Decimal(25000), projects=[project],
                 decision_date=dt.date(2026, 6, 1))
    _application(staff_user, call="waiting", amount_applied=Decimal(180000))
    services_funding.in_kind_work_save(actor=owner, project=project, unit="Nuorisopalvelut",
                                       measure=WorkMeasure.HOURS, amount=Decimal(320),
                                       period_start=dt.date(2026, 8, 1), period_end=dt.date(2026, 12, 31))
    services_funding.in_kind_work_save(actor=owner, project=project, unit="KOHA", measure=WorkMeasure.PERSON_YEARS,
                                       amount=Decimal("0.1"), period_start=dt.date(2026, 1, 1),
                                       period_end=dt.date(2026, 12, 31))
    summary = selectors_funding.funding_council_summary(year=2026)
    money = summary["external_funding"]
    assert (money["applied"], money["granted"], money["awaiting_decision"]) == (
        Decimal(220000), Decimal(25000), Decimal(180000))
    assert money["projects_funded"] == 1
    assert summary["in_kind"]["hours"] == Decimal(320)
    assert summary["in_kind"]["person_years"] == Decimal("0.1")
    assert summary["in_kind"]["included_in_programme_costs"] is False
    assert selectors_funding.funding_council_summary(year=2027)["in_kind"]["hours"] == 0


# --- Partners ------------------------------------------------------------------------------------------------------


def test_a_partner_name_is_registered_once_whatever_its_case(staff_user, partner):
    with pytest.raises(ValidationError) as exc:
        services_funding.partner_save(actor=staff_user, name="hello espoo", kind=PartnerKind.OTHER)
    assert "already in the register" in " ".join(exc.value.messages) or "jo rekisterissä" in " ".join(
        exc.value.messages)
    assert Partner.objects.count() == 1


def test_a_contact_role_is_a_role_not_an_address(staff_user):
    with pytest.raises(ValidationError) as exc:
        services_funding.partner_save(actor=staff_user, name="Järjestö", kind=PartnerKind.ASSOCIATION,
                                      contact_role="etunimi.sukunimi@example.org")
    assert "contact_role" in exc.value.error_dict
    assert not Partner.objects.exists()


def test_only_staff_keep_the_partner_register_and_project_links(member_user, owner, partner, project):
    with pytest.raises(PermissionDenied):
        services_funding.partner_save(actor=member_user, name="X", kind=PartnerKind.OTHER)
    with pytest.raises(PermissionDenied):
        services_funding.project_partner_save(actor=owner, project=project, partner=partner,
                                              role=PartnerRole.IMPLEMENTATION)
    assert not ProjectPartner.objects.exists()


def test_a_partner_is_linked_to_a_project_once_with_a_role(staff_user, partner, project):
    link = services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                                 role=PartnerRole.REACHING, note="nuorten tavoittaminen")
    assert AuditEvent.objects.filter(action="project_partner.create", object_id=str(link.pk)).exists()
    with pytest.raises(ValidationError):
        services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                              role=PartnerRole.OTHER)
    assert ProjectPartner.objects.count() == 1


# --- In-kind work ---------------------------------------------------------------------------------------------------


def _work(actor, project, **overrides):
    fields = {"unit": "Nuorisopalvelut", "measure": WorkMeasure.HOURS, "amount": Decimal(120),
              "period_start": dt.date(2026, 9, 1), "period_end": dt.date(2026, 12, 31)}
    fields.update(overrides)
    return services_funding.in_kind_work_save(actor=actor, project=project, **fields)


def test_the_responsible_person_records_in_kind_work_on_their_own_project(owner, project):
    work = _work(owner, project)
    assert work.recorded_by == owner
    assert AuditEvent.objects.filter(action="in_kind_work.create", actor=owner).exists()


def test_nobody_else_but_staff_may_record_in_kind_work(owner, project, member_user, staff_user, goals):
    other = Project.objects.create(name_fi="Toinen", year=2026)
    with pytest.raises(PermissionDenied):
        _work(owner, other)
    with pytest.raises(PermissionDenied):
        _work(member_user, project)
    _work(staff_user, other)
    assert InKindWork.objects.filter(project=project).count() == 0


@pytest.mark.parametrize(("overrides", "field"), [
    ({"amount": Decimal(0)}, "amount"),
    ({"amount": Decimal(-3)}, "amount"),
    ({"measure": WorkMeasure.PERSON_YEARS, "amount": Decimal(120)}, "amount"),
    ({"period_end": dt.date(2026, 8, 1)}, "period_end"),
    ({"period_start": dt.date(2025, 12, 1)}, "period_start"),
    ({"period_end": dt.date(2029, 12, 31)}, "period_end"),
    ({"unit": "  "}, "unit"),
])
def test_bad_in_kind_work_is_refused_naming_the_field(owner, project, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _work(owner, project, **overrides)
    assert field in exc.value.error_dict
    assert not InKindWork.objects.exists()


def test_in_kind_work_of_another_project_cannot_be_edited_through_this_one(owner, project, staff_user):
    other = Project.objects.create(name_fi="Toinen", year=2026)
    foreign = _work(staff_user, other)
    with pytest.raises(PermissionDenied):
        services_funding.in_kind_work_save(actor=staff_user, project=project, work=foreign, amount=Decimal(1))
    foreign.refresh_from_db()
    assert foreign.amount == Decimal(120)


# --- Pages ----------------------------------------------------------------------------------------------------------


def test_the_pipeline_is_for_the_steering_group_and_staff(client, plain_user, member_user, staff_user):
    url = reverse("programme:funding-list")
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    _application(staff_user, call="Kehittämisavustus 2026")
    client.force_login(member_user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kehittämisavustus 2026" in html
    assert reverse("programme:funding-create") not in html  # members read, staff write


def test_staff_create_an_application_from_the_page(staff_client, project):
    response = staff_client.post(reverse("programme:funding-create"), {
        "source_kind": "eu", "funder": "ESR+", "call": "Osallisuushaku", "deadline": "2026-10-31",
        "status": "applied", "amount_applied": "180 000,00", "projects": [project.pk]}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 302
    application = FundingApplication.objects.get()
    assert application.amount_applied == Decimal(180000)
    assert list(application.projects.all()) == [project]


@pytest.mark.parametrize(("data", "label", "message"), [
    ({"amount_applied": "-100"}, "Haettu summa (€)", "Haettu summa ei voi olla negatiivinen."),
    ({"status": "granted", "amount_applied": "1000", "amount_granted": "2000"}, "Myönnetty summa (€)",
     "enemmän kuin haettu summa"),
    ({"deadline": ""}, "Määräaika", "Anna haun määräaika."),
])
def test_a_bad_application_form_names_the_field_in_finnish_and_stores_nothing(staff_client, data, label, message):
    post = {"source_kind": "eu", "funder": "ESR+", "call": "Osallisuushaku", "deadline": "2026-10-31",
            "status": "applied", "amount_applied": "1000", **data}
    response = staff_client.post(reverse("programme:funding-create"), post, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    html = response.content.decode()
    assert label in html
    assert message in html
    assert not FundingApplication.objects.exists()


def test_a_member_cannot_post_an_application(member_client):
    response = member_client.post(reverse("programme:funding-create"), {
        "source_kind": "eu", "funder": "ESR+", "call": "x", "deadline": "2026-10-31", "status": "idea"})
    assert response.status_code == 403
    assert not FundingApplication.objects.exists()


def test_the_partner_register_is_public_with_the_table_3_roles(client, partner, staff_user, project):
    services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                          role=PartnerRole.REACHING)
    html = client.get(reverse("programme:partner-list"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Hello Espoo" in html
    assert "Kohderyhmien tavoittaminen" in html  # the group's role from Table 3
    assert "Kohtaamisalusta" in html  # its project
    assert reverse("programme:partner-create") not in html


def test_staff_add_a_partner_and_others_get_403(staff_client, client, plain_user, group):
    url = reverse("programme:partner-create")
    response = staff_client.post(url, {"name": "Omnia", "kind": "school", "group": group.pk,
                                       "contact_role": "yhteyshenkilö", "active": "on"})
    assert response.status_code == 302
    assert Partner.objects.get().name == "Omnia"
    client.force_login(plain_user)
    assert client.post(url, {"name": "Toinen", "kind": "other"}).status_code == 403
    assert Partner.objects.count() == 1


def test_the_project_page_shows_partners_granted_funding_and_in_kind_work_apart_from_costs(
        client, staff_user, owner, partner, project):
    services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                          role=PartnerRole.CO_DEVELOPMENT)
    _application(staff_user, call="Myönnetty haku", status=FundingStatus.GRANTED, amount_granted=Decimal(25000),
                 decision_date=dt.date(2026, 6, 1), projects=[project])
    _application(staff_user, call="Vireillä oleva haku", projects=[project])
    _work(owner, project, amount=Decimal("320"))
    html = client.get(reverse("programme:project-detail", args=[project.pk]),
                      HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Hello Espoo" in html and "kehittää yhdessä" in html
    assert "Myönnetty haku" in html
    assert "Vireillä oleva haku" not in html  # the public sees granted funding only
    assert "Nuorisopalvelut" in html and "320 tuntia" in html
    assert "eikä se sisälly yllä oleviin kehitysohjelman kustannuksiin" in html  # said plainly, beside the costs
    assert reverse("programme:in-kind-create", args=[project.pk]) not in html


def test_the_steering_group_sees_every_application_of_the_project(member_client, staff_user, project):
    _application(staff_user, call="Vireillä oleva haku", projects=[project])
    html = member_client.get(reverse("programme:project-detail", args=[project.pk])).content.decode()
    assert "Vireillä oleva haku" in html


def test_the_owner_records_in_kind_work_from_the_page_and_a_stranger_gets_403(client, owner, project, plain_user):
    url = reverse("programme:in-kind-create", args=[project.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(plain_user)
    assert client.post(url, {"unit": "X", "measure": "hours", "amount": "5", "period_start": "2026-09-01",
                             "period_end": "2026-09-30"}).status_code == 403
    client.force_login(owner)
    response = client.post(url, {"unit": "Nuorisopalvelut", "measure": "hours", "amount": "12,5",
                                 "period_start": "2026-09-01", "period_end": "2026-09-30"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 302
    assert InKindWork.objects.get().amount == Decimal("12.5")


def test_bad_in_kind_work_from_the_page_is_refused_in_finnish(client, owner, project):
    client.force_login(owner)
    response = client.post(reverse("programme:in-kind-create", args=[project.pk]), {
        "unit": "Nuorisopalvelut", "measure": "hours", "amount": "-4", "period_start": "2026-09-30",
        "period_end": "2026-09-01"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Työn määrä" in html and "Työn määrän on oltava enemmän kuin nolla." in html
    assert "Jakso ei saa päättyä ennen kuin se alkaa." in html
    assert not InKindWork.objects.exists()


def test_removing_in_kind_work_takes_a_post_by_the_owner(client, owner, project, plain_user):
    work = _work(owner, project)
    url = reverse("programme:in-kind-delete", args=[project.pk, work.pk])
    client.force_login(plain_user)
    assert client.post(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not InKindWork.objects.exists()
    assert AuditEvent.objects.filter(action="in_kind_work.delete").exists()


def test_staff_link_and_unlink_a_partner_from_the_project_page(staff_client, partner, project):
    response = staff_client.post(reverse("programme:project-partner-create", args=[project.pk]),
                                 {"partner": partner.pk, "role": "spaces", "note": "tilat"})
    assert response.status_code == 302
    link = ProjectPartner.objects.get()
    assert link.role == PartnerRole.SPACES
    staff_client.post(reverse("programme:project-partner-delete", args=[project.pk, link.pk]))
    assert not ProjectPartner.objects.exists()


def test_pages_work_in_swedish(staff_client, partner, project, staff_user):
    _application(staff_user)
    html = staff_client.get(reverse("programme:funding-list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Extern finansiering" in html
    html = staff_client.get(reverse("programme:partner-list"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Partner och intressenter" in html and "Nå målgrupperna" in html


# --- API and demo ---------------------------------------------------------------------------------------------------


def test_the_api_gives_partners_granted_funding_and_in_kind_work(client, staff_user, owner, partner, project):
    services_funding.project_partner_save(actor=staff_user, project=project, partner=partner,
                                          role=PartnerRole.REACHING)
    _application(staff_user, call="granted", status=FundingStatus.GRANTED, amount_granted=Decimal(100),
                 decision_date=dt.date(2026, 6, 1), projects=[project])
    _application(staff_user, call="pending")
    _work(owner, project)
    partners = client.get("/api/v1/partners").json()
    assert partners[0]["name"] == "Hello Espoo"
    assert partners[0]["projects"][0] == {"project_id": project.pk, "role": "reaching",
                                          "role_label": partners[0]["projects"][0]["role_label"], "note": ""}
    assert [a["call"] for a in client.get("/api/v1/funding").json()] == ["granted"]
    client.force_login(staff_user)
    assert {a["call"] for a in client.get("/api/v1/funding").json()} == {"granted", "pending"}
    work = client.get(f"/api/v1/projects/{project.pk}/in-kind").json()
    assert work["included_in_programme_costs"] is False
    assert Decimal(work["hours"]) == 120 and Decimal(work["person_years"]) == 0
    summary = client.get("/api/v1/funding/summary/2026").json()
    assert Decimal(summary["external_funding"]["granted"]) == 100
    assert client.get("/api/v1/projects/999999/in-kind").status_code == 404


def test_the_demo_loads_table_3_and_marked_examples_once(demo):
    assert StakeholderGroup.objects.count() == 11
    assert StakeholderGroup.objects.filter(name_fi="Espoon asunnot",
                                           role_fi__startswith="Tiedon tuottaminen").exists()
    applications = list(FundingApplication.objects.all())
    assert len(applications) >= 4
    assert all("Esimerkki" in a.note for a in applications)
    assert all("esimerkki" in w.note for w in InKindWork.objects.all())
    counts = (Partner.objects.count(), FundingApplication.objects.count(), InKindWork.objects.count(),
              ProjectPartner.objects.count())
    demo.load(io.StringIO())
    assert counts == (Partner.objects.count(), FundingApplication.objects.count(), InKindWork.objects.count(),
                      ProjectPartner.objects.count())
    summary = selectors_funding.funding_council_summary(year=2026)
    assert summary["external_funding"]["granted"] > 0
    assert summary["in_kind"]["hours"] > 0
