"""More than one programme (issue 14 item 9), seen from the top layer: the migration attaches every old row of
the programme, governance and reports apps to the default programme, and the council report is per programme.
(Programme-level behaviour is tested in ``programme/tests/test_programmes.py``.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yhteiso.governance.models import Meeting, SteeringGroupMember
from yhteiso.programme import services_programmes
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetLine,
    BudgetYear,
    Programme,
    Project,
    ProjectStatus,
)
from yhteiso.reports.document import document_title
from yhteiso.reports.models import PublishedReport
from yhteiso.reports.selectors import build_snapshot


@pytest.fixture
def other(db):
    return Programme.objects.create(slug="tapahtumien-espoo", name_fi="Tapahtumien Espoo",
                                    name_sv="Evenemangens Esbo", start_year=2025, end_year=2029)


@pytest.fixture
def cofunded(other, db):
    """A project led by the default programme that the other one co-funds (5 000 €); each has a 2026 budget."""
    for programme, total in ((Programme.objects.default(), 200000), (other, 80000)):
        year = BudgetYear.objects.create(programme=programme, year=2026, total=Decimal(total))
        BudgetLine.objects.create(budget_year=year, name_fi="Hankkeet", amount=Decimal(total))
    project = Project.objects.create(name_fi="Kesäkatu", year=2026, status=ProjectStatus.IN_PROGRESS)
    services_programmes.programme_share_set(project=project, programme=other, contribution=Decimal(5000),
                                            actor=None)
    return project


# --- the migration -----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_attaches_every_existing_row_to_communal_espoo_as_the_default():
    """Rows stored before programmes existed (migrated back to before them, where the column does not exist) all
    belong to the default programme Communal Espoo 2025–2029 after the migration: goals, budget years, projects,
    steering-group members, meetings, published reports."""
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    BenefitGoal.objects.create(number=2, name_fi="Kohtaamiset")
    BudgetYear.objects.create(year=2026, total=Decimal(200000))
    Project.objects.create(name_fi="Kohtaamisalusta", year=2026)
    SteeringGroupMember.objects.create(name="Taru Salovaara")
    Meeting.objects.create(date=dt.date(2026, 3, 2), start_time=dt.time(14, 0))
    PublishedReport.objects.create(kind="annual", as_of=dt.date(2025, 12, 31), language="fi", snapshot_json="{}",
                                   snapshot_sha256="0" * 64)
    executor = MigrationExecutor(connection)
    executor.migrate([("programme", "0010_hlevels_cell_group")])
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        columns = [c.name for c in connection.introspection.get_table_description(cursor, "programme_benefitgoal")]
    assert "programme_programme" not in tables and "programme_id" not in columns
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    default = Programme.objects.get()
    assert (default.slug, default.name_fi, default.period, default.is_default) == (
        "yhteisollinen-espoo", "Yhteisöllinen Espoo", "2025–2029", True)
    for model, n in ((BenefitGoal, 2), (BudgetYear, 1), (Project, 1), (SteeringGroupMember, 1), (Meeting, 1),
                     (PublishedReport, 1)):
        assert model.objects.count() == n
        assert set(model.objects.values_list("programme_id", flat=True)) == {default.pk}, model.__name__



def test_the_council_report_is_per_programme_and_its_title_says_which(cofunded, other):
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    BenefitGoal.objects.create(programme=other, number=1, name_fi="Tapahtumat kaikille")
    on = dt.date(2027, 1, 15)
    default = build_snapshot(as_of=dt.date(2026, 12, 31), on=on)
    theirs = build_snapshot(as_of=dt.date(2026, 12, 31), on=on, programme=other)
    assert [g["name"] for g in default["goals"]] == ["Osallisuus"]
    assert [g["name"] for g in theirs["goals"]] == ["Tapahtumat kaikille"]
    assert [Decimal(b["total"]) for b in theirs["budget"]] == [80000]
    assert document_title(default).startswith("Yhteisöllinen Espoo -kehitysohjelma")
    assert document_title(theirs).startswith("Tapahtumien Espoo -kehitysohjelma")
    assert "programme" not in default  # the default programme's reports stay as they were
