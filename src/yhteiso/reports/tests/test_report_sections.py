"""The council report shows each goal's projects' latest progress report (traffic light, outputs, reach) and pilots
with their evaluation, the work plan's milestones and the portfolio balance — as of the report's date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yhteiso.core.permissions import PROGRAMME_STAFF
from yhteiso.programme import demo_workplan, services_progress
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Indicator,
    IndicatorCell,
    Pilot,
    Project,
    ReportingDeadline,
)
from yhteiso.reports import renderers
from yhteiso.reports.selectors import build_snapshot
from yhteiso.reports.tests.test_views import make_user

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 31)
ON = dt.date(2027, 2, 1)


@pytest.fixture
def reported():
    staff = make_user("staff", PROGRAMME_STAFF)
    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus vahvistuu", name_sv="Delaktigheten stärks")
    indicator = Indicator.objects.create(goal=goal, code="1.1", order=1, name_fi="Kokeilut", name_sv="Försök",
                                         unit="count")
    IndicatorCell.objects.create(indicator=indicator, order=1, label_fi="Koko Espoo", label_sv="Hela Esbo",
                                 baseline_year=2026, target_kind="pilot_count", target_value=Decimal(4),
                                 target_year=2029)
    project = Project.objects.create(name_fi="Kohtaamisillat", name_sv="Mötesaftnar", status="in_progress",
                                     year=2026, planned_cost_max=Decimal(8000))
    project.goals.set([goal])
    period = ReportingDeadline.objects.create(kind="council_report", title_fi="Raportti valtuustolle 2026",
                                              title_sv="Rapport till fullmäktige 2026", year=2026,
                                              date=dt.date(2026, 12, 31))
    services_progress.progress_report_save(
        actor=staff, project=project, deadline=period, status="yellow", status_note="Käynnistynyt hitaasti.",
        outputs="Kaksi kohtaamisiltaa ja koulutusmalli.", reach=[("young_adults", None, 86), ("everyone", None, 40)])
    services_progress.pilot_save(
        actor=staff, project=project, name="Vertaisohjaajien illat", indicator=indicator, status="completed",
        start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 11, 30),
        evaluation_method="Osallistujakysely.", findings="Osallistujat palasivat.",
        positive_mechanisms="Vertaisohjaaja tuttu entuudestaan.")
    Pilot.objects.create(project=project, name="Tuleva kokeilu", start_date=dt.date(2027, 3, 1))  # after the date
    line = BudgetLine.objects.create(budget_year=BudgetYear.objects.create(year=2026, total=Decimal(200000)),
                                     name_fi="Toteutus", name_sv="Genomförande", amount=Decimal(100000))
    BudgetEntry.objects.create(line=line, kind="spent", amount=Decimal(2500), project=project,
                               entry_date=dt.date(2026, 10, 1))
    demo_workplan.load()
    return project


def test_the_council_report_shows_progress_pilots_work_plan_and_balance(reported):
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    progress = snapshot["progress"][0]["projects"][0]
    assert (progress["light"], progress["reached"]) == ("yellow", 126)
    assert [p["name"] for p in progress["pilots"]] == ["Vertaisohjaajien illat"]  # the later pilot is left out
    html = " ".join(renderers.render(snapshot, "html").decode().split())
    for text in ("Projektien ja toimenpiteiden eteneminen", "Kaksi kohtaamisiltaa ja koulutusmalli.", "126",
                 "Kokeilut ja niiden arviointi", "Osallistujakysely.", "Osallistujat palasivat.",
                 "Ohjelmakauden työsuunnitelma", "Puolivälitarkastelu 9/27", "tehty 3", "käynnissä 5",
                 "Projektisalkun tasapaino", "Tasapaino hyötytavoitteittain", "2 500 €"):
        assert text in html, text
    sv = build_snapshot(as_of=AS_OF, language="sv", on=ON)
    sv_html = " ".join(renderers.render(sv, "html").decode().split())
    for text in ("Hur projekten och åtgärderna framskrider", "Mötesaftnar", "Halvtidsöversyn 9/27",
                 "Portföljens balans", 'lang="fi"'):
        assert text in sv_html, text


def test_a_progress_report_filed_after_the_cut_off_is_not_in_the_report(reported):
    early = build_snapshot(as_of=dt.date(2026, 6, 30), language="fi", on=dt.date(2026, 7, 1))
    assert early["progress"] == [] or all(not p["light"] for g in early["progress"] for p in g["projects"])


def test_the_spreadsheet_annex_has_the_balance_work_plan_and_progress(reported):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(renderers.render(build_snapshot(as_of=AS_OF, language="fi", on=ON), "xlsx")))
    assert {"Salkun tasapaino", "Työsuunnitelma", "Eteneminen"} <= set(wb.sheetnames)
    balance = [list(r) for r in wb["Salkun tasapaino"].iter_rows(values_only=True)]
    total = next(r for r in balance if r[0] == "Yhteensä")
    assert total[2] == 1 and total[4] == 8000 and total[7] == 2500  # numbers stay numbers
    progress = [list(r) for r in wb["Eteneminen"].iter_rows(values_only=True)]
    assert progress[-1][:2] == ["1", "Kohtaamisillat"] and progress[-1][5] == 126
    assert len(list(wb["Työsuunnitelma"].iter_rows(values_only=True))) == 14  # header and 13 milestones


def test_the_council_report_shows_external_funding_and_the_units_own_work_apart_from_the_costs(reported):
    import io

    from openpyxl import load_workbook

    from yhteiso.programme import services_funding
    from yhteiso.programme.models_funding import FundingSourceKind, FundingStatus, WorkMeasure

    staff = make_user("staff2", PROGRAMME_STAFF)
    granted = services_funding.funding_application_save(
        actor=staff, source_kind=FundingSourceKind.STATE, funder="Ministeriö", call="Kehittämisavustus",
        deadline=dt.date(2026, 3, 31), status=FundingStatus.APPLIED, amount_applied=Decimal("40000"),
        projects=[reported])
    services_funding.funding_application_save(actor=staff, application=granted, status=FundingStatus.GRANTED,
                                              amount_granted=Decimal("25000"), decision_date=dt.date(2026, 6, 12))
    services_funding.funding_application_save(
        actor=staff, source_kind=FundingSourceKind.STATE, funder="Säätiö", call="Syyshaku",
        deadline=dt.date(2026, 10, 15), status=FundingStatus.APPLIED, amount_applied=Decimal("12000"))
    services_funding.in_kind_work_save(actor=staff, project=reported, unit="Nuorisopalvelut",
                                       measure=WorkMeasure.HOURS, amount=Decimal(320),
                                       period_start=dt.date(2026, 8, 1), period_end=dt.date(2026, 12, 31))
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    fu = snapshot["funding"]
    assert (fu["sent"], fu["applied"], fu["granted"], fu["awaiting"]) == (2, "52000", "25000", "12000")
    assert (fu["in_kind_hours"], fu["projects_funded"]) == ("320", 1)
    html = " ".join(renderers.render(snapshot, "html").decode().split())
    for text in ("Ulkoinen rahoitus, kumppanit ja kaupungin oma työ", "52 000 €", "25 000 €", "12 000 €",
                 "320 tuntia", "Tätä työtä ei lasketa ohjelman kustannuksiin."):
        assert text in html, text
    assert "2 500 €" in html  # the programme's own spending is unchanged by the funding and the work
    wb = load_workbook(io.BytesIO(renderers.render(snapshot, "xlsx")))
    rows = [list(r) for r in wb["Ulkoinen rahoitus"].iter_rows(values_only=True)]
    assert ["Oma työ, tuntia", None, 320, None] in rows
    sv = " ".join(renderers.render(build_snapshot(as_of=AS_OF, language="sv", on=ON), "html").decode().split())
    assert "Extern finansiering, partner och stadens eget arbete" in sv


def test_a_report_published_before_the_funding_section_regenerates_without_it(reported):
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    old = {k: v for k, v in snapshot.items() if k != "funding"}
    html = renderers.render(old, "html").decode()
    assert "Ulkoinen rahoitus" not in html and "Projektisalkun tasapaino" in html


def test_the_council_report_says_which_communication_campaigns_ran_and_whom_they_reached(reported):
    import io

    from openpyxl import load_workbook

    from yhteiso.programme import services_comms

    staff = make_user("staff3", PROGRAMME_STAFF)
    services_comms.comms_campaign_save(
        actor=staff, project=reported, kind="campaign", title_fi="Kohtaamisillat somessa",
        title_sv="Mötesträffar i sociala medier", status="completed", start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 10, 31), channels=["social_media", "printed"], audiences="Nuoret aikuiset",
        reach_people=2400, reach_source="Somepalvelun tilasto", evaluation="Tarinat toimivat.", rating=4)
    services_comms.comms_campaign_save(
        actor=staff, project=None, kind="action", title_fi="Suunnitteilla", status="planned",
        start_date=dt.date(2026, 11, 1), channels=["web"], audiences="Asukkaat")
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    assert (snapshot["communication"]["count"], snapshot["communication"]["reach"]) == (1, 2400)
    html = " ".join(renderers.render(snapshot, "html").decode().split())
    for text in ("Viestintä", "Kohtaamisillat somessa", "sosiaalinen media, painotuotteet", "2 400",
                 "4 – toimi hyvin", "mittariin 3.4"):
        assert text in html, text
    assert "Suunnitteilla" not in html  # planned, not run
    wb = load_workbook(io.BytesIO(renderers.render(snapshot, "xlsx")))
    rows = [list(r) for r in wb["Viestintä"].iter_rows(values_only=True)]
    assert rows[1][0] == "Kohtaamisillat somessa" and rows[1][6] == 2400
    sv = " ".join(renderers.render(build_snapshot(as_of=AS_OF, language="sv", on=ON), "html").decode().split())
    assert "Kommunikation" in sv and "Mötesträffar i sociala medier" in sv and "sociala medier, trycksaker" in sv


def test_a_report_published_before_the_communication_section_regenerates_without_it(reported):
    snapshot = build_snapshot(as_of=AS_OF, language="fi", on=ON)
    none_ran = "Vuonna 2026 ei toteutettu viestintäkampanjoita tai -toimenpiteitä."
    assert none_ran in " ".join(renderers.render(snapshot, "html").decode().split())
    old = {k: v for k, v in snapshot.items() if k != "communication"}
    assert none_ran not in " ".join(renderers.render(old, "html").decode().split())
