"""The portfolio balance and the front page per programme (issue 14 item 9, hprog3): a programme's balance counts
only the decided projects it leads, with the euros on its own budget lines; the page takes ``?ohjelma=`` and has
the switcher; the front page counts only the default programme's deadlines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Programme,
    Project,
    ReportingDeadline,
)
from yhteiso.programme.selectors_portfolio import portfolio_balance

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    return Programme.objects.create(slug="kestava-espoo", name_fi="Kestävä Espoo", start_year=2025, end_year=2029)


@pytest.fixture
def two_portfolios(other):
    default = Programme.objects.default()
    out = {}
    for programme, name, cost, spent in ((default, "Oletuksen hanke", 10000, 1000), (other, "Toisen hanke", 7000, 700)):
        goal = BenefitGoal.objects.create(programme=programme, number=1, name_fi=f"{name} tavoite")
        project = Project.objects.create(programme=programme, name_fi=name, status="approved",
                                         planned_cost_max=Decimal(cost))
        project.goals.set([goal])
        year = BudgetYear.objects.create(programme=programme, year=2026, total=Decimal(100000))
        line = BudgetLine.objects.create(budget_year=year, name_fi="Toteutus", amount=Decimal(50000))
        BudgetEntry.objects.create(line=line, kind="spent", amount=Decimal(spent), project=project,
                                   entry_date=dt.date(2026, 5, 1))
        out[programme.slug] = project
    return out


def test_each_programme_s_balance_counts_only_its_own_projects(two_portfolios, other):
    a = portfolio_balance(as_of=dt.date(2026, 12, 31))["total"]
    b = portfolio_balance(as_of=dt.date(2026, 12, 31), programme=other)["total"]
    assert (a["projects"], a["planned"], a["spent"]) == (1, Decimal(10000), Decimal(1000))
    assert (b["projects"], b["planned"], b["spent"]) == (1, Decimal(7000), Decimal(700))


def test_a_partner_programme_s_booking_on_a_led_project_is_not_counted_in_the_lead_s_balance(two_portfolios, other):
    """Money is counted where it is booked: B's entry on A's project stays out of A's balance."""
    b_line = BudgetLine.objects.get(budget_year__programme=other)
    BudgetEntry.objects.create(line=b_line, kind="spent", amount=Decimal(5), project=two_portfolios["yhteisollinen-espoo"],
                               entry_date=dt.date(2026, 6, 1))
    assert portfolio_balance(as_of=dt.date(2026, 12, 31))["total"]["spent"] == Decimal(1000)


def test_the_portfolio_page_shows_one_programme_with_the_switcher(two_portfolios, member_client):
    url = reverse("programme:portfolio-balance")
    a = member_client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Oletuksen hanke tavoite" in a and "Toisen hanke tavoite" not in a
    assert 'id="programme-switch"' in a and f'action="{url}"' in a
    b = member_client.get(url + "?ohjelma=kestava-espoo", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Toisen hanke tavoite" in b and "Oletuksen hanke tavoite" not in b
    assert "Kestävä Espoo" in b
    assert f'href="{url}?ohjelma=kestava-espoo"' in b  # the nav keeps the choice
    assert member_client.get(url + "?ohjelma=ei-ole").status_code == 404


def test_the_balance_api_takes_the_programme(two_portfolios, client):
    a = client.get("/api/v1/portfolio-balance?as_of=2026-12-31").json()
    b = client.get("/api/v1/portfolio-balance?as_of=2026-12-31&programme=kestava-espoo").json()
    assert Decimal(a["total"]["planned"]) == Decimal(10000) and Decimal(b["total"]["planned"]) == Decimal(7000)
    assert client.get("/api/v1/portfolio-balance?programme=ei-ole").status_code == 404


def test_the_front_page_counts_only_the_default_programme(two_portfolios, other, client):
    today = dt.date.today()
    ReportingDeadline.objects.create(programme=other, kind="other", title_fi="Toisen raportti", year=today.year,
                                     date=today + dt.timedelta(days=2))
    ReportingDeadline.objects.create(kind="other", title_fi="Oletuksen raportti", year=today.year,
                                     date=today + dt.timedelta(days=9))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Oletuksen raportti" in page and "Toisen raportti" not in page
