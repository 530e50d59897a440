"""Communication plan and campaigns (issue 14 item 6): who may write them (403 / PermissionDenied for others),
bad input refused in Finnish and Swedish naming the field with nothing saved, the count of campaigns carried out
feeding indicator 3.4 through the approval step, the public page, the project page, the API and the council
report's data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import override

from yhteiso.core.models import AuditEvent
from yhteiso.programme import selectors, services, services_comms
from yhteiso.programme.models import (
    CommsCampaign,
    CommsPlan,
    CommsStatus,
    Indicator,
    IndicatorCell,
    IndicatorUnit,
    Measurement,
    Project,
    TargetKind,
)
from yhteiso.programme.tests.conftest import _user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reset_language")]


@pytest.fixture
def owner(project_owner):
    return project_owner


@pytest.fixture
def comms_indicator(goals):
    indicator = Indicator.objects.create(goal=goals[2], code="3.4", name_fi="Viestintäkampanjat",
                                         unit=IndicatorUnit.COUNT, scale_min=Decimal(0))
    IndicatorCell.objects.create(indicator=indicator, label_fi="Koko Espoo", baseline_year=2026,
                                 baseline_date=dt.date(2026, 1, 1), target_kind=TargetKind.CAMPAIGN_COUNT,
                                 target_value=Decimal(2), target_year=2029)
    return indicator


def campaign(**extra):
    data = {"kind": "campaign", "title_fi": "Kohtaamisillat somessa", "status": CommsStatus.RUNNING,
            "start_date": dt.date(2026, 9, 1), "channels": ["social_media", "printed"],
            "audiences": "Nuoret aikuiset Leppävaarassa", "reach_people": 1200,
            "reach_source": "Somepalvelun tilasto"}
    return {**data, **extra}


DONE = {"status": CommsStatus.COMPLETED, "end_date": dt.date(2026, 10, 31), "evaluation": "Tarinat toimivat.",
        "rating": 4}


# --- roles ------------------------------------------------------------------------------------------------------


def test_the_responsible_person_records_a_campaign_of_the_project_with_an_audit_row(owner, project):
    c = services_comms.comms_campaign_save(actor=owner, project=project, **campaign())
    assert c.project == project and c.recorded_by == owner
    assert c.channel_labels == ["sosiaalinen media", "painotuotteet"]  # in words, Finnish by default
    assert AuditEvent.objects.filter(action="comms_campaign.create", actor=owner, object_id=str(c.pk)).exists()


@pytest.mark.parametrize("who", ["member_user", "plain_user"])
def test_others_may_not_record_a_projects_campaign(who, request, project):
    with pytest.raises(PermissionDenied):
        services_comms.comms_campaign_save(actor=request.getfixturevalue(who), project=project, **campaign())
    assert not CommsCampaign.objects.exists()


def test_only_staff_keep_the_plan_and_the_programmes_own_campaigns(owner, staff_user, member_user):
    for actor in (owner, member_user):
        with pytest.raises(PermissionDenied):
            services_comms.comms_plan_save(actor=actor, goals_fi="Näkyvyys")
        with pytest.raises(PermissionDenied):
            services_comms.comms_campaign_save(actor=actor, project=None, **campaign())
    plan = services_comms.comms_plan_save(actor=staff_user, goals_fi="Näkyvyys", goals_sv="Synlighet")
    again = services_comms.comms_plan_save(actor=staff_user, key_messages_fi="Yhdessä")
    assert plan.pk == again.pk and CommsPlan.objects.count() == 1
    assert (again.goals_fi, again.key_messages_fi) == ("Näkyvyys", "Yhdessä")
    assert AuditEvent.objects.filter(action="comms_plan.update", actor=staff_user).exists()
    assert services_comms.comms_campaign_save(actor=staff_user, project=None, **campaign()).project is None


def test_a_campaign_of_another_project_cannot_be_changed_through_this_one(owner, project, staff_user):
    other = Project.objects.create(name_fi="Toinen", year=2026)
    foreign = services_comms.comms_campaign_save(actor=staff_user, project=other, **campaign(title_fi="Toisen"))
    with pytest.raises(PermissionDenied):
        services_comms.comms_campaign_save(actor=owner, project=project, campaign=foreign, title_fi="Muutettu")
    with pytest.raises(PermissionDenied):  # nor turned into the programme's own
        services_comms.comms_campaign_save(actor=staff_user, project=None, campaign=foreign, title_fi="Muutettu")
    foreign.refresh_from_db()
    assert foreign.title_fi == "Toisen"


def test_pages_refuse_strangers_and_anonymous_users(client, project, owner, plain_user, member_user):
    create = reverse("programme:project-campaign-create", args=[project.pk])
    assert client.get(create).status_code == 302
    assert client.get(reverse("programme:comms-plan-edit")).status_code == 302
    client.force_login(plain_user)
    assert client.post(create, {"title_fi": "x"}).status_code == 403
    for user in (plain_user, member_user, owner):
        client.force_login(user)
        assert client.get(reverse("programme:comms-plan-edit")).status_code == 403
        assert client.get(reverse("programme:comms-campaign-create")).status_code == 403
    c = services_comms.comms_campaign_save(actor=owner, project=project, **campaign())
    delete = reverse("programme:project-campaign-delete", args=[project.pk, c.pk])
    client.force_login(plain_user)
    assert client.post(delete).status_code == 403
    client.force_login(owner)
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not CommsCampaign.objects.exists()
    assert AuditEvent.objects.filter(action="comms_campaign.delete", actor=owner).exists()


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field"), [
    ({"end_date": dt.date(2026, 8, 1)}, "end_date"),               # before the start
    ({"reach_people": -5}, "reach_people"),
    ({"reach_source": "  "}, "reach_source"),                     # a figure without its source
    ({"channels": []}, "channels"),
    ({"channels": ["telepathy"]}, "channels"),
    ({"start_date": dt.date(2030, 1, 1)}, "start_date"),          # outside the programme
    ({"status": CommsStatus.COMPLETED, "end_date": dt.date(2026, 10, 1)}, "evaluation"),
    ({"status": CommsStatus.COMPLETED, "end_date": dt.date(2026, 10, 1), "evaluation": "Hyvä"}, "rating"),
    ({"status": CommsStatus.COMPLETED}, "end_date"),
])
def test_bad_campaigns_are_refused_naming_the_field(owner, project, fields, field):
    with pytest.raises(ValidationError) as exc:
        services_comms.comms_campaign_save(actor=owner, project=project, **campaign(**fields))
    assert field in exc.value.message_dict
    assert not CommsCampaign.objects.exists()


@pytest.mark.parametrize(("lang", "order", "negative"), [
    ("fi", "Päättymispäivä ei voi olla ennen alkamispäivää.",
     "Tavoitettujen ihmisten määrän on oltava kokonaisluku, vähintään nolla."),
    ("sv", "Slutdatumet får inte vara före startdatumet.",
     "Antalet nådda personer måste vara ett heltal, minst noll."),
])
def test_the_form_says_what_is_wrong_in_finnish_and_swedish(client, owner, project, lang, order, negative):
    client.force_login(owner)
    url = reverse("programme:project-campaign-create", args=[project.pk])
    response = client.post(url, {
        "kind": "campaign", "title_fi": "Kampanja", "status": "running", "start_date": "2026-09-10",
        "end_date": "2026-09-01", "channels": ["web"], "audiences": "Asukkaat", "reach_people": "-3",
        "reach_source": "Laskenta"}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    html = response.content.decode()
    assert negative in html
    assert not CommsCampaign.objects.exists()
    response = client.post(url, {
        "kind": "campaign", "title_fi": "Kampanja", "status": "running", "start_date": "2026-09-10",
        "end_date": "2026-09-01", "channels": ["web"], "audiences": "Asukkaat"}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 400
    assert order in response.content.decode()
    assert not CommsCampaign.objects.exists()


# --- indicator 3.4 ----------------------------------------------------------------------------------------------


def test_campaigns_carried_out_count_towards_3_4_after_approval(owner, project, staff_user, comms_indicator):
    first = services_comms.comms_campaign_save(actor=owner, project=project, **campaign(**DONE))
    services_comms.comms_campaign_save(actor=staff_user, project=None, **campaign(
        title_fi="Ohjelma tutuksi", kind="action", **{**DONE, "end_date": dt.date(2027, 2, 1)}))
    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(title_fi="Käynnissä"))
    counts = list(Measurement.objects.filter(from_campaigns=True).order_by("measured_on")
                  .values_list("measured_on", "value", "approved_at"))
    assert [(d, v) for d, v, _ in counts] == [(dt.date(2026, 10, 31), 1), (dt.date(2027, 2, 1), 2)]
    assert all(approved is None for *_, approved in counts)  # proposed: not public before a second person approves
    assert not Measurement.objects.filter(from_pilots=True).exists()
    overview = selectors.programme_overview(as_of=dt.date(2027, 6, 1))
    entry = next(i for g in overview for i in g["indicators"] if i["code"] == "3.4")
    assert entry["cells"][0]["latest"] is None
    checker = _user("tarkastaja", "programme_staff")
    for m in Measurement.objects.filter(from_campaigns=True):
        services.measurement_approve(measurement=m, actor=checker)
    overview = selectors.programme_overview(as_of=dt.date(2027, 6, 1))
    entry = next(i for g in overview for i in g["indicators"] if i["code"] == "3.4")
    assert entry["cells"][0]["latest"]["value"] == 2
    with override("fi"):
        assert selectors.target_description(comms_indicator.cells.get()) == "2 kampanjaa vuoteen 2029 mennessä"
    # reopened, then removed: the counts follow, and the changed one waits for approval again
    services_comms.comms_campaign_save(actor=owner, project=project, campaign=first, status=CommsStatus.RUNNING)
    assert list(Measurement.objects.filter(from_campaigns=True).values_list("measured_on", "value")) == [
        (dt.date(2027, 2, 1), 1)]
    assert Measurement.objects.get(from_campaigns=True).approved_at is None
    services_comms.comms_campaign_delete(actor=staff_user, campaign=CommsCampaign.objects.get(project=None))
    assert not Measurement.objects.filter(from_campaigns=True).exists()


def test_the_demo_counts_campaigns_in_3_4(demo):
    cell = IndicatorCell.objects.get(indicator__code="3.4")
    assert cell.target_kind == TargetKind.CAMPAIGN_COUNT and cell.indicator.unit == IndicatorUnit.COUNT
    with override("fi"):
        assert selectors.target_description(cell) == "1 kampanja vuoteen 2029 mennessä"
    with override("sv"):
        assert selectors.target_description(cell) == "1 kampanj före 2029"


# --- pages, API, report -----------------------------------------------------------------------------------------


def test_the_public_page_and_the_project_page_show_what_ran_and_not_the_planned(client, owner, project,
                                                                                staff_user):
    services_comms.comms_plan_save(actor=staff_user, goals_fi="Sisäinen näkyvyys", goals_sv="Intern synlighet")
    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(**DONE))
    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(
        title_fi="Suunnitteilla", status=CommsStatus.PLANNED, reach_people=None, reach_source=""))
    html = client.get(reverse("programme:comms-overview"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Sisäinen näkyvyys" in html and "Kohtaamisillat somessa" in html and "Suunnitteilla" not in html
    assert "sosiaalinen media" in html and "1\u00a0200" in html and "4 – toimi hyvin" in html
    assert "social_media" not in html and reverse("programme:comms-plan-edit") not in html
    html = client.get(reverse("programme:comms-overview"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Intern synlighet" in html and "sociala medier" in html
    page = reverse("programme:project-detail", args=[project.pk])
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kohtaamisillat somessa" in html and "Suunnitteilla" not in html
    assert reverse("programme:project-campaign-create", args=[project.pk]) not in html
    client.force_login(owner)
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Suunnitteilla" in html and reverse("programme:project-campaign-create", args=[project.pk]) in html


def test_the_api_lists_started_campaigns_and_the_summary(client, owner, project, staff_user):
    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(**DONE))
    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(
        title_fi="Suunnitteilla", status=CommsStatus.PLANNED))
    rows = client.get("/api/v1/communication/campaigns").json()
    assert [r["title"]["fi"] for r in rows] == ["Kohtaamisillat somessa"]
    assert rows[0]["channels"][0]["channel"] == "social_media" and rows[0]["rating"] == 4
    assert client.get(f"/api/v1/communication/campaigns?project={project.pk + 1}").json() == []
    summary = client.get("/api/v1/communication/summary?year=2026").json()
    assert (summary["count"], summary["completed"], summary["reach"]) == (1, 1, 1200)
    assert client.get("/api/v1/communication/plan").status_code == 200


def test_the_council_report_data_has_the_years_campaigns(owner, project):
    from yhteiso.reports.selectors_sections import communication

    services_comms.comms_campaign_save(actor=owner, project=project, **campaign(**DONE))
    with override("sv"):
        data = communication(year=2026, language="sv")
    assert (data["count"], data["completed"], data["reach"]) == (1, 1, 1200)
    assert data["campaigns"][0]["channels"] == "sociala medier, trycksaker"
    with override("fi"):
        assert communication(year=2027, language="fi")["count"] == 0
