"""The programme columns become NOT NULL (issue 14 item 9, hprog2b): the migration first attaches any row still
without a programme to the default programme, and moves the plan's indicator 3.4 from its old qualitative unit to
the count of campaigns only when no stored measurement contradicts a count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from yhteiso.governance.models import Meeting, SteeringGroupMember
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetYear,
    Indicator,
    IndicatorCell,
    Measurement,
    Programme,
    Project,
)
from yhteiso.reports.models import PublishedReport

BEFORE = [("programme", "0011_hprog_programmes"), ("governance", "0007_hprog_programmes"),
          ("reports", "0004_hprog_programmes")]
TABLES = ("programme_benefitgoal", "programme_budgetyear", "programme_project", "governance_meeting",
          "governance_steeringgroupmember", "reports_publishedreport")


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _qualitative_3_4() -> Indicator:
    goal = BenefitGoal.objects.create(number=3, name_fi="Myönteinen asenneilmapiiri")
    indicator = Indicator.objects.create(goal=goal, code="3.4", order=4, unit="qualitative",
                                         name_fi="Toteutuneet viestinnän toimenpiteet tai kampanjat")
    IndicatorCell.objects.create(indicator=indicator, label_fi="Koko Espoo", target_kind="qualitative")
    return indicator


@pytest.mark.django_db(transaction=True)
def test_rows_without_a_programme_get_the_default_before_the_columns_become_not_null():
    BenefitGoal.objects.create(number=1, name_fi="Osallisuus")
    BudgetYear.objects.create(year=2026, total=Decimal(200000))
    Project.objects.create(name_fi="Kohtaamisalusta", year=2026)
    SteeringGroupMember.objects.create(name="Taru Salovaara")
    Meeting.objects.create(date=dt.date(2026, 3, 2), start_time=dt.time(14, 0))
    PublishedReport.objects.create(kind="annual", as_of=dt.date(2025, 12, 31), language="fi", snapshot_json="{}",
                                   snapshot_sha256="0" * 64)
    indicator = _qualitative_3_4()
    _migrate(BEFORE)
    with connection.cursor() as cursor:  # a row written by some path that left the (then nullable) column empty
        for table in TABLES:
            cursor.execute(f"UPDATE {table} SET programme_id = NULL")
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    default = Programme.objects.get(is_default=True)
    for model in (BenefitGoal, BudgetYear, Project, SteeringGroupMember, Meeting, PublishedReport):
        assert set(model.objects.values_list("programme_id", flat=True)) == {default.pk}, model.__name__
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE programme_project SET programme_id = NULL")
    indicator.refresh_from_db()
    cell = indicator.cells.get()
    assert (indicator.unit, indicator.scale_min, indicator.scale_max) == ("count", Decimal(0), None)
    assert (cell.target_kind, cell.target_value, cell.target_year) == ("campaign_count", Decimal(1), 2029)


@pytest.mark.django_db(transaction=True)
def test_a_qualitative_3_4_with_a_measurement_that_is_no_count_keeps_its_unit():
    indicator = _qualitative_3_4()
    Measurement.objects.create(cell=indicator.cells.get(), value=Decimal("3.5"), measured_on=dt.date(2026, 6, 1),
                               source="Arvio")
    _migrate(BEFORE)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    indicator.refresh_from_db()
    assert indicator.unit == "qualitative"
    assert indicator.cells.get().target_kind == "qualitative"
