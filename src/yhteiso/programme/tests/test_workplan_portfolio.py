"""The whole-period work plan (Table 2) and the portfolio balance: the demo loads the plan's milestones, staff keep
their status, the pages show them, and the balance adds up projects, pilots and euros by goal, group and area."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yhteiso.areas.models import Area
from yhteiso.core.models import AuditEvent
from yhteiso.programme import demo_workplan
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Pilot,
    Project,
    ProjectTargetGroup,
)
from yhteiso.programme.models_workplan import MilestoneStatus, WorkPlanMilestone
from yhteiso.programme.selectors_portfolio import portfolio_balance
from yhteiso.programme.services_workplan import milestone_update

pytestmark = pytest.mark.django_db


def test_the_demo_loads_table_2_of_the_plan_once():
    assert demo_workplan.load() == 13
    assert demo_workplan.load() == 0  # idempotent
    by_period = {}
    for m in WorkPlanMilestone.objects.all():
        by_period.setdefault(m.period_label, []).append(m.title_fi)
    assert {k: len(v) for k, v in by_period.items()} == {"2025": 3, "2026": 5, "2027–2028": 3, "2029": 2}
    assert by_period["2027–2028"][1] == "Puolivälitarkastelu 9/27"
    assert by_period["2029"][1] == "Suositukset jatkoon ja suunnitelma ohjelman oppien hyödyntämiseksi"
    assert all(m.title_sv and m.title_en and m.responsible_unit for m in WorkPlanMilestone.objects.all())


def test_a_milestone_whose_period_ended_undone_shows_as_late():
    m = WorkPlanMilestone(start_year=2026, end_year=2026, title_fi="x", status=MilestoneStatus.IN_PROGRESS)
    assert m.status_on(dt.date(2026, 12, 31)) == MilestoneStatus.IN_PROGRESS
    assert m.status_on(dt.date(2027, 1, 1)) == MilestoneStatus.LATE
    m.status = MilestoneStatus.DONE
    assert m.status_on(dt.date(2027, 1, 1)) == MilestoneStatus.DONE
    with pytest.raises(ValidationError):
        WorkPlanMilestone(start_year=2028, end_year=2027, title_fi="x").full_clean()


def test_staff_update_a_milestone_with_an_audit_row_and_members_may_not(staff_user, member_user):
    demo_workplan.load()
    m = WorkPlanMilestone.objects.get(title_fi="Verkoston kokoaminen ja kumppanuuksien luominen")
    milestone_update(milestone=m, actor=staff_user, status=MilestoneStatus.DONE, responsible_unit="Kulttuuri",
                     note="Kumppanit koottu.")
    m.refresh_from_db()
    assert (m.status, m.responsible_unit) == ("done", "Kulttuuri")
    event = AuditEvent.objects.get(action="programme.milestone.update")
    assert event.before["status"] == "in_progress" and event.after["status"] == "done"
    with pytest.raises(PermissionDenied):
        milestone_update(milestone=m, actor=member_user, status=MilestoneStatus.LATE)
    with pytest.raises(ValidationError):
        milestone_update(milestone=m, actor=staff_user, status="forgotten")
    m.refresh_from_db()
    assert m.status == "done"
    member = Client()
    member.force_login(member_user)
    assert member.post(reverse("programme:milestone-edit", args=[m.pk]), {"status": "late"}).status_code == 403


def test_the_work_plan_page_lists_the_milestones_in_finnish_and_swedish(staff_client):
    demo_workplan.load()
    client = Client()
    page = client.get(reverse("programme:work-plan"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ohjelmakauden työsuunnitelma" in page and "Puolivälitarkastelu 9/27" in page
    assert "Muokkaa" not in page  # public: no edit links
    sv = Client().get(reverse("programme:work-plan"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Halvtidsöversyn 9/27" in sv and "Arbetsplan för programperioden" in sv
    assert "Muokkaa" in staff_client.get(reverse("programme:work-plan"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    m = WorkPlanMilestone.objects.get(title_fi="Valmisteluvaihe")
    response = staff_client.post(reverse("programme:milestone-edit", args=[m.pk]),
                                 {"status": "done", "responsible_unit": "Ohjelmatoimisto", "note": ""})
    assert response.status_code == 302


@pytest.fixture
def portfolio(db):
    g1 = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    g2 = BenefitGoal.objects.create(number=2, name_fi="Kohtaamiset")
    area = Area.objects.create(level="city_centre", code="LEP", name_fi="Leppävaara")
    a = Project.objects.create(name_fi="A", status="in_progress", kind="project", planned_cost_max=Decimal(10000))
    a.goals.set([g1, g2])
    a.target_areas.set([area])
    ProjectTargetGroup.objects.create(project=a, group="young_adults")
    b = Project.objects.create(name_fi="B", status="approved", kind="action", planned_cost_min=Decimal(5000))
    b.goals.set([g1])
    c = Project.objects.create(name_fi="Ehdotus", status="proposed", planned_cost_max=Decimal(99999))
    c.goals.set([g2])
    Pilot.objects.create(project=a, name="Pilotti")
    line = BudgetLine.objects.create(budget_year=BudgetYear.objects.create(year=2026, total=Decimal(200000)),
                                     name_fi="Toteutus", amount=Decimal(100000))
    BudgetEntry.objects.create(line=line, kind="committed", amount=Decimal(3000), project=a,
                               entry_date=dt.date(2026, 5, 1))
    BudgetEntry.objects.create(line=line, kind="spent", amount=Decimal(1000), project=b,
                               entry_date=dt.date(2026, 6, 1))
    BudgetEntry.objects.create(line=line, kind="spent", amount=Decimal(500), project=b,
                               entry_date=dt.date(2027, 1, 10))  # after the date asked for
    return a, b, c


def test_the_portfolio_balance_counts_the_decided_projects_by_goal_group_and_area(portfolio):
    balance = portfolio_balance(as_of=dt.date(2026, 12, 31))
    total = balance["total"]
    assert (total["projects"], total["actions"], total["pilots"]) == (2, 1, 1)  # the proposal is not counted
    assert (total["planned"], total["committed"], total["spent"]) == (Decimal(15000), Decimal(3000), Decimal(1000))
    goals = {r["key"]: r for r in balance["goals"]}
    assert (goals["goal-1"]["projects"], goals["goal-1"]["planned"], goals["goal-1"]["planned_share"]) == (
        2, Decimal(15000), Decimal(100))
    assert (goals["goal-2"]["projects"], goals["goal-2"]["planned"], goals["goal-2"]["planned_share"]) == (
        1, Decimal(10000), Decimal(67))
    groups = {r["key"]: r for r in balance["groups"]}
    assert groups["young_adults"]["projects"] == 1 and groups["none"]["projects"] == 1
    areas = {r["key"]: r for r in balance["areas"]}
    assert areas["area-city_centre-LEP"]["committed"] == Decimal(3000) and areas["citywide"]["spent"] == Decimal(1000)
    assert portfolio_balance(as_of=dt.date(2027, 2, 1))["total"]["spent"] == Decimal(1500)


def test_the_portfolio_page_is_for_the_steering_group(portfolio, member_client):
    page = member_client.get(reverse("programme:portfolio-balance"), HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tasapaino hyötytavoitteittain" in text and "Leppävaara" in text and "67 %" in text
    assert Client().get(reverse("programme:portfolio-balance")).status_code == 302  # anonymous: sign in


def test_the_api_gives_the_work_plan_the_balance_and_progress(portfolio, client):
    demo_workplan.load()
    plan = client.get("/api/v1/work-plan").json()
    assert len(plan) == 13 and plan[0]["period"] == "2025" and plan[0]["status"] == "done"
    balance = client.get("/api/v1/portfolio-balance?as_of=2026-12-31").json()
    assert balance["total"]["projects"] == 2 and Decimal(balance["total"]["spent"]) == Decimal(1000)
    assert client.get("/api/v1/portfolio-balance?as_of=2040-01-01").status_code == 404
    a = portfolio[0]
    progress = client.get(f"/api/v1/projects/{a.pk}/progress").json()
    assert progress["reports"] == [] and [p["name"] for p in progress["pilots"]] == ["Pilotti"]
    assert client.get("/api/v1/projects/999999/progress").status_code == 404
    assert [p["name"] for p in client.get("/api/v1/pilots").json()] == ["Pilotti"]


def test_the_demo_runs_with_the_work_plan(demo):
    out = io.StringIO()
    demo.load(out)
    assert WorkPlanMilestone.objects.count() == 13
