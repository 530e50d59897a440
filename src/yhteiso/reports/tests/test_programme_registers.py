"""The registers that were installation-wide are per programme (issue 14 item 9): risks, the reporting calendar, the
work plan, the communication plan and campaigns, the steering group's texts and key messages, funding applications
and indicator codes. A row of programme B never appears on programme A's pages, API, exports or council report;
the migration attaches every old row to the default programme; the default programme's published report still
verifies and its snapshot is unchanged by another programme's rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from yhteiso.core.permissions import PROGRAMME_STAFF, STEERING_GROUP
from yhteiso.governance.models import Decision, Meeting
from yhteiso.programme import notices as programme_notices
from yhteiso.programme import selectors, selectors_progress, services_comms, services_progress
from yhteiso.programme.models import (
    BenefitGoal,
    CommsCampaign,
    CommsPlan,
    CommsStatus,
    FundingApplication,
    Indicator,
    IndicatorCell,
    IndicatorUnit,
    Programme,
    Project,
    ProjectStatus,
    ReportingDeadline,
    Risk,
)
from yhteiso.programme.models_workplan import WorkPlanMilestone
from yhteiso.programme.selectors_comms import campaign_count_timeline
from yhteiso.reports.models import KeyMessages, PublishedReport
from yhteiso.reports.models_narrative import Narrative
from yhteiso.reports.selectors import build_snapshot, load_snapshot, revisions
from yhteiso.reports.services import key_messages_save, report_publish
from yhteiso.reports.services_narrative import narrative_approve, narrative_save, narrative_submit
from yhteiso.reports.snapshot import canonical_json
from yhteiso.reports.tests.test_views import make_user

OTHER = "tapahtumien-espoo"
AS_OF = dt.date(2026, 6, 30)
ON = dt.date(2026, 7, 15)


@pytest.fixture
def other(db):
    return Programme.objects.create(slug=OTHER, name_fi="Tapahtumien Espoo", name_sv="Evenemangens Esbo",
                                    start_year=2025, end_year=2029)


@pytest.fixture
def staff(db):
    return make_user("staff", PROGRAMME_STAFF)


def _deadline(programme, title, *, year=2026, day=dt.date(2026, 12, 31), kind="council_report"):
    return ReportingDeadline.objects.create(programme=programme, kind=kind, year=year, date=day, title_fi=title)


def _registers(programme, tag: str) -> None:
    """One row of every per-programme register, each naming ``tag``."""
    Risk.objects.create(programme=programme, title_fi=f"Riski {tag}", category="other", likelihood=3, impact=4)
    WorkPlanMilestone.objects.create(programme=programme, start_year=2026, end_year=2026, title_fi=f"Välitavoite {tag}")
    CommsPlan.objects.create(programme=programme, goals_fi=f"Viestinnän tavoite {tag}")
    CommsCampaign.objects.create(programme=programme, title_fi=f"Kampanja {tag}", status=CommsStatus.RUNNING,
                                 start_date=dt.date(2026, 3, 1), channels=["web"], audiences="kaikki")
    FundingApplication.objects.create(programme=programme, source_kind="eu", funder=f"Rahoittaja {tag}",
                                      call=f"Haku {tag}", deadline=dt.date(2026, 5, 1), status="applied",
                                      amount_applied=Decimal(10000))


# --- the migration -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_attaches_every_existing_register_row_to_its_programme():
    """Rows stored before the registers were per programme belong, after the migration, to the default programme;
    an indicator, a project's campaign and a goal's assessment to their goal's or project's programme."""
    other = Programme.objects.create(slug=OTHER, name_fi="Tapahtumien Espoo", start_year=2025, end_year=2029)
    default = Programme.objects.default()
    _registers(None, "vanha")
    _deadline(None, "Raportti 2026")
    theirs_goal = BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    Indicator.objects.create(goal=theirs_goal, code="9.9", name_fi="Tapahtumia", unit=IndicatorUnit.COUNT)
    own_goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    Indicator.objects.create(goal=own_goal, code="1.1", name_fi="Osallisuus", unit=IndicatorUnit.COUNT)
    theirs_project = Project.objects.create(programme=other, name_fi="Kesäfestari", year=2026)
    CommsCampaign.objects.create(project=theirs_project, title_fi="Festarikampanja", start_date=dt.date(2026, 3, 1),
                                 channels=["web"], audiences="kaikki")
    Narrative.objects.create(section="goal_assessment", goal=theirs_goal, year=2026, text_fi="Arvio")
    Narrative.objects.create(section="outlook", year=2027, text_fi="Näkymät")
    KeyMessages.objects.create(kind="annual", as_of=dt.date(2026, 12, 31), text_fi="Viesti")

    executor = MigrationExecutor(connection)
    executor.migrate([("programme", "0011_hprog_programmes"), ("reports", "0004_hprog_programmes")])
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "programme_risk")]
    assert "programme_id" not in columns
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for model in (Risk, ReportingDeadline, WorkPlanMilestone, CommsPlan, FundingApplication, KeyMessages):
        assert set(model.objects.values_list("programme_id", flat=True)) == {default.pk}, model.__name__
    assert dict(Indicator.objects.values_list("code", "programme_id")) == {"9.9": other.pk, "1.1": default.pk}
    assert dict(CommsCampaign.objects.values_list("title_fi", "programme_id")) == {
        "Kampanja vanha": default.pk, "Festarikampanja": other.pk}
    assert dict(Narrative.objects.values_list("section", "programme_id")) == {
        "goal_assessment": other.pk, "outlook": default.pk}


# --- indicator codes ---------------------------------------------------------------------------------------------


def test_two_programmes_may_both_have_indicator_1_1_but_one_programme_only_once(other, client):
    mine = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    theirs = BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    Indicator.objects.create(goal=mine, code="1.1", name_fi="Osallistuminen kasvaa", unit=IndicatorUnit.COUNT)
    Indicator.objects.create(goal=theirs, code="1.1", name_fi="Tapahtumakävijät", unit=IndicatorUnit.COUNT)
    assert set(Indicator.objects.values_list("programme__slug", flat=True)) == {"yhteisollinen-espoo", OTHER}

    again = Indicator(goal=theirs, code="1.1", name_fi="Toinen", unit=IndicatorUnit.COUNT)
    with pytest.raises(ValidationError) as exc:
        again.full_clean()
    assert "code" in exc.value.message_dict and "1.1" in " ".join(exc.value.message_dict["code"])
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        Indicator.objects.create(goal=theirs, code="1.1", name_fi="Toinen", unit=IndicatorUnit.COUNT)

    # every lookup by code is programme-aware: the address names the programme
    default_page = client.get("/ohjelma/mittarit/1.1/").content.decode()
    other_page = client.get(f"/ohjelma/mittarit/1.1/?ohjelma={OTHER}").content.decode()
    assert "Osallistuminen kasvaa" in default_page and "Tapahtumakävijät" not in default_page
    assert "Tapahtumakävijät" in other_page and "Osallistuminen kasvaa" not in other_page
    dashboard = client.get(f"/ohjelma/?ohjelma={OTHER}").content.decode()
    assert f"/ohjelma/mittarit/1.1/?ohjelma={OTHER}" in dashboard


def test_the_indicator_form_refuses_a_code_taken_in_the_goals_programme(other, client, staff):
    theirs = BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    Indicator.objects.create(goal=theirs, code="1.1", name_fi="Tapahtumakävijät", unit=IndicatorUnit.COUNT)
    client.force_login(staff)
    response = client.post("/ohjelma/hallinta/mittarit/uusi/", {
        "goal": theirs.pk, "code": "1.1", "order": 0, "name_fi": "Toinen", "unit": IndicatorUnit.COUNT})
    assert response.status_code == 400
    assert "Ohjelmalla on jo mittari, jonka koodi on 1.1" in response.content.decode()
    assert Indicator.objects.filter(code="1.1").count() == 1


# --- pages, API and exports --------------------------------------------------------------------------------------


def test_no_row_of_programme_b_appears_on_programme_a_pages_or_api(other, client):
    _registers(None, "Espoo-A")
    _registers(other, "Tapahtumat-B")
    _deadline(None, "Raportti A 31.12.2026")
    _deadline(other, "Raportti B 31.12.2026")
    member = make_user("member", STEERING_GROUP)
    client.force_login(member)
    for path in ("/ohjelma/riskit/", "/ohjelma/raportointi/", "/ohjelma/tyosuunnitelma/", "/ohjelma/viestinta/",
                 "/ohjelma/rahoitus/"):
        mine = client.get(path).content.decode()
        theirs = client.get(f"{path}?ohjelma={OTHER}").content.decode()
        assert "Tapahtumat-B" not in mine and "Raportti B" not in mine, path
        assert "Espoo-A" not in theirs and "Raportti A" not in theirs, path
    assert "Riski Espoo-A" in client.get("/ohjelma/riskit/").content.decode()
    risks_b = client.get(f"/ohjelma/riskit/?ohjelma={OTHER}").content.decode()
    assert "Riski Tapahtumat-B" in risks_b
    assert 'action="/ohjelma/riskit/"' in risks_b  # the switcher stays on the page
    assert "Viestinnän tavoite Tapahtumat-B" in client.get(f"/ohjelma/viestinta/?ohjelma={OTHER}").content.decode()
    assert "Haku Tapahtumat-B" in client.get(f"/ohjelma/rahoitus/?ohjelma={OTHER}").content.decode()

    def api(path, programme=None):
        query = f"?programme={programme}" if programme else ""
        return client.get(f"/api/v1/{path}{query}").json()

    assert [r["title"] for r in api("risks")] == ["Riski Espoo-A"]
    assert [r["title"] for r in api("risks", OTHER)] == ["Riski Tapahtumat-B"]
    assert [d["title"] for d in api("reporting-calendar", OTHER)] == ["Raportti B 31.12.2026"]
    assert [m["title"] for m in api("work-plan", OTHER)] == ["Välitavoite Tapahtumat-B"]
    assert api("communication/plan", OTHER)["goals"]["fi"] == "Viestinnän tavoite Tapahtumat-B"
    assert [c["title"]["fi"] for c in api("communication/campaigns")] == ["Kampanja Espoo-A"]
    assert api("communication/summary", OTHER)["count"] == 1
    assert [a["call"] for a in api("funding", OTHER)] == ["Haku Tapahtumat-B"]
    assert api("funding/summary/2026", OTHER)["external_funding"]["applications_sent"] == 1
    assert client.get("/api/v1/risks?programme=ei-tallaista").status_code == 404
    assert client.get("/ohjelma/riskit/?ohjelma=ei-tallaista").status_code == 404


def test_another_programmes_dashboard_shows_its_own_next_report_or_none(other, client):
    _deadline(None, "Raportti valtuustolle A")
    page = client.get(f"/ohjelma/?ohjelma={OTHER}").content.decode()
    assert "Raportti valtuustolle A" not in page and "Seuraava raportti" not in page
    assert "Raportti valtuustolle A" in client.get("/ohjelma/").content.decode()
    _deadline(other, "Tapahtumaohjelman raportti")
    page = client.get(f"/ohjelma/?ohjelma={OTHER}").content.decode()
    assert "Tapahtumaohjelman raportti" in page and "Raportti valtuustolle A" not in page
    assert selectors.next_deadline(today=dt.date(2026, 7, 1), programme=other).title_fi == \
        "Tapahtumaohjelman raportti"


def test_each_programme_has_its_own_calendar_kind_and_year(other):
    _deadline(None, "A 2026")
    _deadline(other, "B 2026")  # the same kind and year in another programme: allowed
    duplicate = ReportingDeadline(programme=other, kind="council_report", year=2026, date=dt.date(2026, 12, 31),
                                  title_fi="B uudestaan")
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "tämän lajin määräaika tälle vuodelle" in str(exc.value)


def test_staff_create_rows_in_the_chosen_programme(other, client, staff):
    client.force_login(staff)
    response = client.post(f"/ohjelma/hallinta/riskit/uusi/?ohjelma={OTHER}", {
        "title_fi": "Sää pilaa tapahtumat", "category": "other"})
    assert response.status_code == 302 and response["Location"].endswith(f"?ohjelma={OTHER}")
    assert Risk.objects.get(title_fi="Sää pilaa tapahtumat").programme == other
    client.post(f"/ohjelma/hallinta/raportointi/uusi/?ohjelma={OTHER}", {
        "kind": "council_report", "year": 2026, "date": "2026-12-31", "title_fi": "B:n raportti"})
    assert ReportingDeadline.objects.get(title_fi="B:n raportti").programme == other
    client.post(f"/ohjelma/hallinta/viestinta/uusi/?ohjelma={OTHER}", {
        "kind": "campaign", "title_fi": "Kesäkampanja", "status": "planned", "start_date": "2026-06-01",
        "channels": ["web"], "audiences": "kaikki"})
    assert CommsCampaign.objects.get(title_fi="Kesäkampanja").programme == other
    client.post(f"/ohjelma/hallinta/viestintasuunnitelma/?ohjelma={OTHER}", {"goals_fi": "B:n viestintä"})
    assert CommsPlan.objects.get(programme=other).goals_fi == "B:n viestintä"
    assert not CommsPlan.objects.filter(programme=Programme.objects.default()).exists()
    client.post(f"/ohjelma/hallinta/rahoitus/uusi/?ohjelma={OTHER}", {
        "source_kind": "eu", "funder": "EU", "call": "B:n haku", "deadline": "2026-09-01", "status": "idea"})
    assert FundingApplication.objects.get(call="B:n haku").programme == other


def test_a_project_reports_on_its_own_programmes_deadlines(other, staff):
    mine = _deadline(None, "A:n raportti", day=dt.date(2026, 3, 31))
    theirs = _deadline(other, "B:n raportti", day=dt.date(2026, 3, 31))
    project = Project.objects.create(programme=other, name_fi="Kesäfestari", year=2026,
                                     status=ProjectStatus.IN_PROGRESS, start_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services_progress.progress_report_save(actor=staff, project=project, deadline=mine, status="green",
                                               reach=[])
    assert "deadline" in exc.value.message_dict
    overdue = selectors_progress.overdue_reports(today=dt.date(2026, 4, 15))
    assert [(r["project"].pk, r["deadline"].pk) for r in overdue] == [(project.pk, theirs.pk)]
    assert selectors_progress.overdue_reports(today=dt.date(2026, 4, 15), programme=Programme.objects.default()) \
        == []


# --- the council report ------------------------------------------------------------------------------------------


def _approved_outlook(staff, programme, text):
    meeting = Meeting.objects.create(programme=programme, date=dt.date(2027, 1, 20), start_time=dt.time(14))
    n = narrative_save(actor=staff, section="outlook", year=2027, text_fi=text, text_sv=text, programme=programme)
    n = narrative_submit(narrative=n, meeting=meeting, actor=staff)
    meeting.status = "minutes_checked"
    meeting.save(update_fields=["status"])
    Decision.objects.create(item=n.agenda_item, text="Hyväksytty.", outcome="approved")
    return narrative_approve(narrative=n, actor=staff)


def test_each_programmes_report_has_its_own_registers_and_texts(other, staff):
    _registers(None, "Espoo-A")
    _registers(other, "Tapahtumat-B")
    key_messages_save(kind="midterm", as_of=dt.date(2027, 7, 31), actor=staff, text_fi="Avainviesti B",
                      text_sv="Nyckelbudskap B", programme=other)
    _approved_outlook(staff, None, "Näkymät A")
    _approved_outlook(staff, other, "Näkymät B")
    on = dt.date(2027, 8, 15)
    mine = build_snapshot(as_of=dt.date(2027, 7, 31), kind="midterm", on=on)
    theirs = build_snapshot(as_of=dt.date(2027, 7, 31), kind="midterm", on=on, programme=other)
    text_mine, text_theirs = canonical_json(mine), canonical_json(theirs)
    for tag in ("Riski", "Välitavoite"):
        assert f"{tag} Espoo-A" in text_mine and f"{tag} Tapahtumat-B" not in text_mine
        assert f"{tag} Tapahtumat-B" in text_theirs and f"{tag} Espoo-A" not in text_theirs
    assert [n["text"] for n in mine["narratives"]] == ["Näkymät A"]
    assert [n["text"] for n in theirs["narratives"]] == ["Näkymät B"]
    assert mine["key_messages"] == [] and [m["text"] for m in theirs["key_messages"]] == ["Avainviesti B"]


def test_a_text_cannot_go_to_another_programmes_meeting(other, staff):
    meeting = Meeting.objects.create(date=dt.date(2027, 1, 20), start_time=dt.time(14))  # the default programme's
    n = narrative_save(actor=staff, section="outlook", year=2027, text_fi="B", text_sv="B", programme=other)
    with pytest.raises(ValidationError) as exc:
        narrative_submit(narrative=n, meeting=meeting, actor=staff)
    assert "meeting" in exc.value.message_dict


def test_the_default_programmes_published_report_still_verifies_when_another_programme_fills_its_registers(
        other, staff):
    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    Indicator.objects.create(goal=goal, code="1.1", name_fi="Osallistuminen", unit=IndicatorUnit.COUNT)
    _registers(None, "Espoo-A")
    report = report_publish(as_of=AS_OF, kind="annual", language="fi", actor=staff, on=ON)
    assert report.programme.is_default
    before = build_snapshot(as_of=AS_OF, on=ON)

    _registers(other, "Tapahtumat-B")
    _deadline(other, "B 2026")
    theirs_goal = BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat")
    Indicator.objects.create(goal=theirs_goal, code="1.1", name_fi="Kävijät", unit=IndicatorUnit.COUNT)
    key_messages_save(kind="annual", as_of=AS_OF, actor=staff, text_fi="B:n viesti", text_sv="B", programme=other)

    published = load_snapshot(PublishedReport.objects.get(pk=report.pk))  # the integrity check passes
    assert canonical_json(build_snapshot(as_of=AS_OF, on=ON)) == canonical_json(before)
    assert revisions(published, programme=report.programme) == []
    # and the other programme may publish its own report of the same date
    theirs = report_publish(as_of=AS_OF, kind="annual", language="fi", actor=staff, on=ON, programme=other)
    assert theirs.programme == other and "Riski Tapahtumat-B" in theirs.snapshot_json
    assert "Riski Espoo-A" not in theirs.snapshot_json


def test_the_council_report_page_takes_the_programme(other, client, staff):
    _registers(None, "Espoo-A")
    _registers(other, "Tapahtumat-B")
    client.force_login(staff)
    query = "as_of=2026-06-30&kind=annual&lang=fi"
    mine = client.get(f"/raportit/valtuustoraportti/?{query}").content.decode()
    theirs = client.get(f"/raportit/valtuustoraportti/?{query}&ohjelma={OTHER}").content.decode()
    assert "Riski Espoo-A" in mine and "Riski Tapahtumat-B" not in mine
    assert "Riski Tapahtumat-B" in theirs and "Riski Espoo-A" not in theirs
    assert "Tapahtumien Espoo" in theirs


def test_campaigns_count_only_towards_their_own_programmes_indicator(other, staff):
    services_comms.campaign_counts_sync(actor=staff)  # nothing to count: no error
    CommsCampaign.objects.create(programme=other, title_fi="B valmis", status=CommsStatus.COMPLETED,
                                 start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 31), channels=["web"],
                                 audiences="kaikki", evaluation="Toimi", rating=4)
    goal = BenefitGoal.objects.create(number=3, name_fi="Viestintä")
    indicator = Indicator.objects.create(goal=goal, code="3.4", name_fi="Kampanjat", unit=IndicatorUnit.COUNT)
    cell = IndicatorCell(indicator=indicator, label_fi="Koko Espoo")
    assert campaign_count_timeline(cell) == []
    theirs_goal = BenefitGoal.objects.create(programme=other, number=3, name_fi="Viestintä B")
    theirs = Indicator.objects.create(goal=theirs_goal, code="3.4", name_fi="Kampanjat B", unit=IndicatorUnit.COUNT)
    assert campaign_count_timeline(IndicatorCell(indicator=theirs, label_fi="Koko Espoo")) == [
        (dt.date(2026, 3, 31), 1)]


def test_a_deadline_reminds_only_the_owners_of_its_programmes_projects(other):
    owner = make_user("owner", None)
    owner.email = "owner@example.org"
    owner.save(update_fields=["email"])
    Project.objects.create(programme=other, name_fi="Kesäfestari", year=2026, status=ProjectStatus.IN_PROGRESS,
                           responsible_user=owner)
    mine = _deadline(None, "A:n raportti", day=dt.date(2026, 3, 31))
    theirs = _deadline(other, "B:n raportti", day=dt.date(2026, 3, 31), kind="other")
    notices = programme_notices.reporting_deadlines({"from": "2026-03-20", "until": "2026-04-03"})
    owners = [n for n in notices if n.user == owner]
    assert [n.key for n in owners] == [f"deadline:{theirs.pk}:{theirs.date}"]
    assert not any(n.key.startswith(f"deadline:{mine.pk}:") and n.user == owner for n in notices)
    assert owners[0].context["calendar_url"].endswith(f"/ohjelma/raportointi/?ohjelma={OTHER}")
