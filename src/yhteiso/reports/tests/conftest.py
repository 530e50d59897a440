"""Test data for the reports app: a small programme with Finnish and Swedish texts, created once per module
(committed, removed at the end) so that each report format is generated only once per module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

AS_OF = dt.date(2025, 12, 31)  # a cut-off date that has passed
ON = dt.date(2026, 3, 1)  # "today" for building snapshots
APPROVED = dt.datetime(2026, 2, 15, 12, tzinfo=dt.UTC)  # when the seeded measurements were approved


def seed_programme() -> dict:
    from yhteiso.programme.models import (
        BenefitGoal,
        BudgetEntry,
        BudgetLine,
        BudgetYear,
        Indicator,
        IndicatorCell,
        Measurement,
        Project,
        Risk,
    )

    g1 = BenefitGoal.objects.create(number=1, name_fi="Osallisuus ja yhteisöllisyys vahvistuvat",
                                    name_sv="Delaktigheten och gemenskapen stärks",
                                    description_fi="Asukkaiden osallisuuden kokemus vahvistuu.",
                                    description_sv="Invånarnas upplevelse av delaktighet stärks.")
    g2 = BenefitGoal.objects.create(number=2, name_fi="Turvallisuuden tunne kasvaa",
                                    name_sv="Känslan av trygghet ökar")
    i1 = Indicator.objects.create(goal=g1, code="1.1", order=1, name_fi="Osallisuusindikaattori",
                                  name_sv="Delaktighetsindikatorn", unit="score_100",
                                  definition_fi="THL:n osallisuusindikaattorin keskiarvo.",
                                  definition_sv="Medelvärdet av THL:s delaktighetsindikator.",
                                  data_source_fi="THL, Kuntapalvelututkimus", data_source_sv="THL, kommunenkäten")
    i2 = Indicator.objects.create(goal=g2, code="2.1", order=1, name_fi="Suositteluindeksi (NPS)",
                                  name_sv="Rekommendationsindex (NPS)", unit="nps")
    c_all = IndicatorCell.objects.create(indicator=i1, order=1, label_fi="Koko Espoo", label_sv="Hela Esbo",
                                         baseline_value=Decimal("75.9"), baseline_year=2024, baseline_source="THL",
                                         target_kind="direction", target_direction="increasing")
    c_young = IndicatorCell.objects.create(indicator=i1, order=2, label_fi="20–29-vuotiaat",
                                           label_sv="20–29-åringar", disaggregation="age_group",
                                           baseline_value=Decimal("73.4"), baseline_year=2024,
                                           baseline_source="THL", target_kind="number",
                                           target_value=Decimal("76.5"), target_year=2029)
    c_nps = IndicatorCell.objects.create(indicator=i2, order=1, label_fi="Koko Espoo", label_sv="Hela Esbo",
                                         baseline_value=Decimal("21"), baseline_year=2024,
                                         baseline_source="Kuntapalvelututkimus", target_kind="direction",
                                         target_direction="increasing")
    Measurement.objects.create(cell=c_all, value=Decimal("76.2"), measured_on=dt.date(2025, 6, 30), source="THL", approved_at=APPROVED)
    Measurement.objects.create(cell=c_all, value=Decimal("76.8"), measured_on=dt.date(2025, 11, 30), source="THL", approved_at=APPROVED)
    Measurement.objects.create(cell=c_young, value=Decimal("74.05"), measured_on=dt.date(2025, 9, 30),
                               source="THL", approved_at=APPROVED)
    # After the cut-off date: must not appear in the report of 31.12.2025.
    Measurement.objects.create(cell=c_all, value=Decimal("79.9"), measured_on=dt.date(2026, 2, 1), source="THL", approved_at=APPROVED)
    p1 = Project.objects.create(name_fi="Nuorten aikuisten kohtaamispaikat", name_sv="Mötesplatser för unga vuxna",
                                intended_outputs="Kolme kohtaamispaikkaa ja 20 tapahtumaa.", status="in_progress",
                                responsible_unit="Nuorisopalvelut", year=2025,
                                planned_cost_min=Decimal("12000"), planned_cost_max=Decimal("15000"))
    p1.goals.set([g1])
    p2 = Project.objects.create(name_fi="Turvallisuuskävelyt", name_sv="Trygghetsvandringar", status="proposed",
                                responsible_unit="Turvallisuusyksikkö", year=2026,
                                planned_cost_max=Decimal("4000"))
    p2.goals.set([g2])
    p3 = Project.objects.create(name_fi="Hylätty ehdotus", name_sv="Avslaget förslag", status="rejected", year=2025)
    p3.goals.set([g1])
    by = BudgetYear.objects.create(year=2025, total=Decimal("200000"))
    staff = BudgetLine.objects.create(budget_year=by, order=1, name_fi="Henkilöstökulut", name_sv="Personalkostnader",
                                      amount=Decimal("77000"))
    actions = BudgetLine.objects.create(budget_year=by, order=2, name_fi="Projektien ja toimenpiteiden toteutus",
                                        name_sv="Genomförande av projekt och åtgärder", amount=Decimal("123000"))
    BudgetEntry.objects.create(line=staff, kind="spent", amount=Decimal("70250.50"), entry_date=dt.date(2025, 12, 1))
    BudgetEntry.objects.create(line=actions, kind="committed", amount=Decimal("5000"), project=p1,
                               entry_date=dt.date(2025, 3, 1))
    BudgetEntry.objects.create(line=actions, kind="spent", amount=Decimal("1200"), project=p1,
                               entry_date=dt.date(2025, 5, 1))
    BudgetEntry.objects.create(line=actions, kind="spent", amount=Decimal("999"), project=p1,
                               entry_date=dt.date(2026, 1, 15))  # after the cut-off
    Risk.objects.create(title_fi="Asukkaiden odotukset eivät täyty", title_sv="Invånarnas förväntningar uppfylls inte",
                        category="expectations", likelihood=3, impact=4, mitigation="Viestitään avoimesti.",
                        owner="Ohjelmapäällikkö")
    return {"goals": [g1, g2], "indicators": [i1, i2], "cells": [c_all, c_young, c_nps],
            "projects": [p1, p2, p3], "lines": [staff, actions]}


def clear_programme() -> None:
    from yhteiso.core.models import AuditEvent
    from yhteiso.governance.models import Meeting
    from yhteiso.programme.models import (
        BenefitGoal,
        BudgetEntry,
        BudgetYear,
        Indicator,
        Project,
        Risk,
    )
    from yhteiso.reports.models import ActionAssessment, PublishedReport

    PublishedReport.objects.all().delete()
    ActionAssessment.objects.all().delete()
    Meeting.objects.all().delete()  # agenda items and decisions protect projects and budget lines
    BudgetEntry.objects.all().delete()
    BudgetYear.objects.all().delete()
    Project.objects.all().delete()
    Indicator.objects.all().delete()
    BenefitGoal.objects.all().delete()
    Risk.objects.all().delete()
    AuditEvent.objects.all().delete()


@pytest.fixture(scope="module")
def programme(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        clear_programme()
        data = seed_programme()
        yield data
        clear_programme()
