"""More than one programme in one installation (issue 14 item 9): the migration attaches every old row to the
default programme; two programmes' goals and budgets do not mix; a co-funded project's money is counted once per
programme; the switcher; only staff create a programme; the API and the council report per programme."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yhteiso.core.models import AuditEvent
from yhteiso.programme import selectors, selectors_programmes, services, services_programmes
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Programme,
    ProgrammeShare,
    Project,
    ProjectStatus,
)


@pytest.fixture
def other(db):
    """A second programme (the default one, Communal Espoo, comes from the migration)."""
    return Programme.objects.create(slug="tapahtumien-espoo", name_fi="Tapahtumien Espoo",
                                    name_sv="Evenemangens Esbo", start_year=2025, end_year=2029)


def _budget(programme, total, line_amount):
    year = BudgetYear.objects.create(programme=programme, year=2026, total=Decimal(total))
    return BudgetLine.objects.create(budget_year=year, name_fi="Hankkeet", amount=Decimal(line_amount))


def test_a_row_written_without_a_programme_belongs_to_the_default_one(db):
    goal = BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    assert goal.programme == Programme.objects.default() and goal.programme.is_default


def test_only_one_programme_is_the_default(other):
    other.is_default = True
    with pytest.raises(ValidationError) as exc:
        other.full_clean()
    assert "Vain yksi ohjelma voi olla oletuksena" in str(exc.value)


# --- two programmes do not mix -----------------------------------------------------------------------------------


def test_two_programmes_goals_and_budgets_do_not_mix(other):
    default = Programme.objects.default()
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")  # same number, allowed
    _budget(default, 200000, 150000)
    _budget(other, 80000, 60000)

    mine = selectors.programme_overview()
    theirs = selectors.programme_overview(programme=other)
    assert [g["name"] for g in mine] == ["Osallisuus"]
    assert [g["name"] for g in theirs] == ["Tapahtumat kaikille"]
    assert selectors.budget_overview(year=2026)["total"] == Decimal(200000)
    assert selectors.budget_overview(year=2026, programme=other)["total"] == Decimal(80000)
    assert selectors.budget_years(programme=other) == [2026]
    with pytest.raises(ValidationError):
        BenefitGoal(programme=other, number=1, name_fi="Kaksi kertaa").full_clean()


def test_a_programme_page_shows_only_its_own_goals(client, other):
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus vahvistuu")
    BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    default_page = client.get("/ohjelma/").content.decode()
    other_page = client.get("/ohjelma/?ohjelma=tapahtumien-espoo").content.decode()
    assert "Osallisuus vahvistuu" in default_page and "Tapahtumat kaikille" not in default_page
    assert "Tapahtumat kaikille" in other_page and "Osallisuus vahvistuu" not in other_page
    assert "Tapahtumien Espoo" in other_page
    assert client.get("/ohjelma/?ohjelma=ei-tallaista").status_code == 404


# --- shared and co-funded projects -------------------------------------------------------------------------------


@pytest.fixture
def cofunded(other, staff_user):
    """A project led by Communal Espoo (10 000 € from its own budget) that Tapahtumien Espoo co-funds with an
    agreed 5 000 €, of which 3 000 € is booked on its own budget line."""
    default = Programme.objects.default()
    own_line, other_line = _budget(default, 200000, 150000), _budget(other, 80000, 60000)
    project = Project.objects.create(name_fi="Kesäkatu", year=2026, status=ProjectStatus.IN_PROGRESS)
    services_programmes.programme_share_set(project=project, programme=other, contribution=Decimal(5000),
                                            actor=staff_user)
    services.budget_commit(line=own_line, amount=Decimal(10000), project=project, actor=staff_user)
    services.budget_spend(line=other_line, amount=Decimal(3000), project=project, actor=staff_user)
    return project


def test_co_funded_money_is_counted_once_for_each_programme_never_twice(cofunded, other):
    default = Programme.objects.default()
    assert selectors.budget_overview(year=2026)["totals"]["used"] == Decimal(10000)
    assert selectors.budget_overview(year=2026, programme=other)["totals"]["used"] == Decimal(3000)
    mine = selectors_programmes.programme_project_money(default)
    theirs = selectors_programmes.programme_project_money(other)
    assert (mine["led"], mine["shared"], mine["total"]) == (Decimal(10000), 0, Decimal(10000))
    assert (theirs["led"], theirs["shared"], theirs["total"]) == (0, Decimal(5000), Decimal(5000))
    assert mine["total"] + theirs["total"] == Decimal(15000)
    assert selectors_programmes.programme_contribution(project=cofunded, programme=default) == Decimal(10000)
    assert selectors_programmes.programme_contribution(project=cofunded, programme=other) == Decimal(5000)


def test_money_for_a_project_comes_only_from_its_lead_or_partner_programmes(cofunded, staff_user):
    third = Programme.objects.create(slug="kolmas", name_fi="Kolmas", start_year=2025, end_year=2029)
    line = _budget(third, 1000, 1000)
    with pytest.raises(ValidationError) as exc:
        services.budget_spend(line=line, amount=Decimal(100), project=cofunded, actor=staff_user)
    assert "project" in exc.value.message_dict
    assert not BudgetEntry.objects.filter(line=line).exists()


def test_a_shared_project_appears_on_the_partners_list_marked_as_shared(client, cofunded, other):
    assert list(selectors.project_list(programme=other)) == [cofunded]
    assert list(selectors.project_list()) == [cofunded]
    page = client.get("/ohjelma/projektit/?ohjelma=tapahtumien-espoo").content.decode()
    assert "Kesäkatu" in page and "Yhteinen hanke, vetäjänä Yhteisöllinen Espoo" in page
    own = client.get("/ohjelma/projektit/").content.decode()
    assert "Kesäkatu" in own and "Yhteinen hanke" not in own
    detail = client.get(f"/ohjelma/projektit/{cofunded.pk}/").content.decode()
    assert "Kumppaniohjelma Tapahtumien Espoo: osuus 5\u00a0000\u00a0€" in detail


def test_the_lead_programme_cannot_also_be_a_partner(cofunded, staff_user):
    with pytest.raises(ValidationError):
        services_programmes.programme_share_set(project=cofunded, programme=Programme.objects.default(),
                                                contribution=Decimal(1), actor=staff_user)
    assert ProgrammeShare.objects.filter(project=cofunded).count() == 1


# --- the switcher ------------------------------------------------------------------------------------------------


def test_the_switcher_appears_only_with_more_than_one_programme(client, db):
    assert 'name="ohjelma"' not in client.get("/ohjelma/").content.decode()
    Programme.objects.create(slug="tapahtumien-espoo", name_fi="Tapahtumien Espoo", start_year=2025, end_year=2029)
    page = client.get("/ohjelma/projektit/?ohjelma=tapahtumien-espoo").content.decode()
    assert '<select id="programme-switch" name="ohjelma">' in page
    assert '<option value="tapahtumien-espoo" selected>' in page
    assert '<option value="yhteisollinen-espoo">' in page
    # the nav keeps the choice on the programme's own pages; the default programme keeps its old addresses
    assert 'href="/ohjelma/talousarvio/?ohjelma=tapahtumien-espoo"' in page
    assert 'href="/ohjelma/talousarvio/"' in client.get("/ohjelma/").content.decode()


# --- creating a programme: staff only, audited -------------------------------------------------------------------

NEW = {"slug": "yritysten-espoo", "name_fi": "Yritysten ja yrittäjyyden Espoo", "name_sv": "", "name_en": "",
       "start_year": "2025", "end_year": "2029"}


def test_staff_create_a_programme_and_it_is_audited(staff_client):
    response = staff_client.post("/ohjelma/hallinta/ohjelmat/uusi/", NEW)
    assert response.status_code == 302
    created = Programme.objects.get(slug="yritysten-espoo")
    assert not created.is_default and Programme.objects.default().slug == "yhteisollinen-espoo"
    assert AuditEvent.objects.filter(action="programme.create", object_id=str(created.pk)).exists()
    assert "Yritysten ja yrittäjyyden Espoo" in staff_client.get("/ohjelma/hallinta/ohjelmat/").content.decode()


@pytest.mark.parametrize("who", ["member_client", "plain"])
def test_a_non_staff_user_cannot_create_a_programme(request, client, plain_user, who):
    if who == "plain":
        client.force_login(plain_user)
    else:
        client = request.getfixturevalue(who)
    assert client.post("/ohjelma/hallinta/ohjelmat/uusi/", NEW).status_code == 403
    assert client.get("/ohjelma/hallinta/ohjelmat/").status_code == 403
    assert not Programme.objects.filter(slug="yritysten-espoo").exists()
    assert not AuditEvent.objects.filter(action="programme.create").exists()


def test_the_service_refuses_a_non_staff_actor(plain_user):
    with pytest.raises(PermissionDenied):
        services_programmes.programme_create(slug="x", name_fi="X", start_year=2025, end_year=2029, actor=plain_user)
    assert not Programme.objects.filter(slug="x").exists()


def test_a_bad_programme_is_refused_naming_the_field_and_nothing_is_saved(staff_client):
    response = staff_client.post("/ohjelma/hallinta/ohjelmat/uusi/",
                                 {**NEW, "slug": "yhteisollinen-espoo", "end_year": "2024"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "slug" in form.errors and "end_year" in form.errors
    assert Programme.objects.count() == 1


# --- API and reports ---------------------------------------------------------------------------------------------


def test_the_api_lists_programmes_and_scopes_lists_by_programme(client, cofunded, other):
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    listed = client.get("/api/v1/programmes").json()
    assert [p["slug"] for p in listed] == ["yhteisollinen-espoo", "tapahtumien-espoo"]
    assert listed[0]["is_default"] and not listed[1]["is_default"]
    assert [g["name"] for g in client.get("/api/v1/goals").json()] == ["Osallisuus"]
    assert [g["name"] for g in client.get("/api/v1/goals?programme=tapahtumien-espoo").json()] == [
        "Tapahtumat kaikille"]
    projects = client.get("/api/v1/projects?programme=tapahtumien-espoo").json()
    assert projects[0]["lead_programme"] == "yhteisollinen-espoo"
    shares = projects[0]["partner_programmes"]
    assert [(s["programme"], Decimal(s["contribution"])) for s in shares] == [("tapahtumien-espoo", 5000)]
    assert Decimal(client.get("/api/v1/budget/2026?programme=tapahtumien-espoo").json()["spent"]) == 3000
    assert client.get("/api/v1/goals?programme=ei-tallaista").status_code == 404
