"""The demo is the plan of 13.4.2026: the numbers of Table 1, Annex 1, the budget, the risks and the calendar."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from yhteiso.areas.models import Area
from yhteiso.programme.models import (
    BenefitGoal,
    BudgetLine,
    BudgetYear,
    Indicator,
    IndicatorCell,
    Project,
    ReportingDeadline,
    Risk,
)

pytestmark = pytest.mark.django_db


def _baseline(code, label):
    return IndicatorCell.objects.get(indicator__code=code, label_fi=label).baseline_value


def test_the_three_benefit_goals_are_loaded_with_translations(demo):
    goals = list(BenefitGoal.objects.all())
    assert [g.number for g in goals] == [1, 2, 3]
    assert goals[2].name_fi == "Lähikoulujen vetovoima kasvaa ja koulusegregaatio vähenee"
    assert all(g.name_sv and g.name_en for g in goals)


def test_every_indicator_of_table_1_is_loaded(demo):
    assert list(Indicator.objects.values_list("code", flat=True)) == [
        "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3", "3.4"]


@pytest.mark.parametrize(("label", "value"), [
    ("20–29-vuotiaat", "73.4"), ("Yli 70-vuotiaat", "74.4"), ("Koko Espoo", "75.9"), ("Leppävaara", "73.1"),
    ("Ei vähemmistöön kuuluvat", "78.2"), ("Kaikki vähemmistöön kuuluvat", "71.2"), ("Vammaiset", "59.1"),
])
def test_the_participation_indicator_has_the_plans_baselines(demo, label, value):
    assert _baseline("1.2", label) == Decimal(value)


def test_the_participation_groups_converge_towards_all_of_espoo(demo):
    cell = IndicatorCell.objects.get(indicator__code="1.2", label_fi="Vammaiset")
    assert cell.target_kind == "converge" and cell.reference_cell.label_fi == "Koko Espoo"
    assert cell.baseline_year == 2026 and cell.baseline_source == "Espoon osallisuus- ja hyvinvointikysely 2026"


@pytest.mark.parametrize(("label", "value"), [
    ("Espoon keskus: asuinalue", "4.05"), ("Espoon keskus: alueen keskus", "3.55"),
    ("Leppävaara: asuinalue", "4.13"), ("Leppävaara: alueen keskus", "3.72"),
    ("Matinkylä-Olari: asuinalue", "4.15"), ("Matinkylä-Olari: alueen keskus", "4.01"),
])
def test_safety_of_the_residential_area_and_its_centre(demo, label, value):
    assert _baseline("2.2", label) == Decimal(value)


def test_racism_indicator_values_and_decreasing_target(demo):
    cells = IndicatorCell.objects.filter(indicator__code="2.3").order_by("order")
    assert [c.baseline_value for c in cells] == [19, 29, 30, 58]
    assert {c.target_direction for c in cells} == {"decreasing"}


def test_nps_by_area(demo):
    values = dict(IndicatorCell.objects.filter(indicator__code="2.4").values_list("label_fi", "baseline_value"))
    assert values == {"Koko Espoo": 21, "Espoon keskus": 9, "Espoonlahti": 21, "Leppävaara": 15,
                      "Matinkylä-Olari": 29, "Tapiola": 39}


def test_local_school_attendance_target(demo):
    cell = IndicatorCell.objects.get(indicator__code="3.3", label_fi="Suomenkieliset peruskoulut")
    assert (cell.baseline_value, cell.target_value, cell.target_year) == (Decimal("76.82"), 78, 2029)
    assert cell.baseline_date == dt.date(2026, 3, 31)


def test_pilot_counts(demo):
    counts = {c.indicator.code: (c.target_value, c.target_value_max)
              for c in IndicatorCell.objects.filter(target_kind="pilot_count")}
    assert counts == {"1.1": (5, None), "2.1": (4, None), "3.1": (1, 2)}


def test_where_the_plan_gives_no_number_none_is_stored(demo):
    assert _baseline("3.2", "1. ja 7. luokka") is None
    assert IndicatorCell.objects.get(indicator__code="1.1").baseline_value is None
    assert Risk.objects.filter(likelihood__isnull=False).count() == 0
    ihmisoikeus = Project.objects.get(name_fi__startswith="Espoo ihmisoikeuskaupunkina")
    assert (ihmisoikeus.planned_cost_min, ihmisoikeus.planned_cost_max) == (8000, 10000)
    leppavaara = Project.objects.get(name_fi__startswith="20–29-vuotiaiden")
    assert leppavaara.planned_cost_min is None and leppavaara.planned_cost_max is None


def test_the_six_projects_of_annex_1(demo):
    projects = Project.objects.order_by("id")
    assert projects.count() == 6
    assert all(p.year == 2026 and p.goals.exists() for p in projects)
    tieto = Project.objects.get(name_fi="Kaupungin yhteisen segregaatiotietopohjan kehittäminen")
    assert sorted(tieto.goals.values_list("number", flat=True)) == [2, 3]
    assert tieto.partners == "KOTO, KYT, strateginen kehittäminen ja tietojohdaminen"
    kameleontti = Project.objects.get(name_fi__contains="Kameleontenissa")
    assert set(kameleontti.target_group_codes) == {"children", "young_people"}
    assert "Leppävaara" in [a.name_fi for a in kameleontti.target_areas.all()]


def test_the_2026_budget(demo):
    year = BudgetYear.objects.get(year=2026)
    assert year.total == 200000
    assert list(BudgetLine.objects.filter(budget_year=year).values_list("amount", flat=True)) == [
        77000, 25000, 10000, 88000]


def test_the_four_risks_of_section_9(demo):
    assert sorted(Risk.objects.values_list("category", flat=True)) == [
        "communication", "expectations", "resources", "segregation"]


def test_the_reporting_calendar(demo):
    dates = {(d.kind, d.year): d.date for d in ReportingDeadline.objects.all()}
    assert dates[("council_report", 2026)] == dt.date(2026, 12, 31)
    assert dates[("mid_term_review", 2027)] == dt.date(2027, 7, 31)
    assert dates[("final_report", 2029)] is None
    assert ReportingDeadline.objects.get(kind="final_report").when_fi == "alkuvuosi 2029"


def test_the_five_city_centres_exist_as_areas(demo):
    names = set(Area.objects.filter(level="city_centre").values_list("name_fi", flat=True))
    assert {"Espoon keskus", "Espoonlahti", "Leppävaara", "Matinkylä-Olari", "Tapiola"} <= names


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in (BenefitGoal, Indicator, IndicatorCell, Project, BudgetLine, Risk,
                                          ReportingDeadline, Area)]
    demo.load(io.StringIO())
    assert counts == [m.objects.count() for m in (BenefitGoal, Indicator, IndicatorCell, Project, BudgetLine, Risk,
                                                  ReportingDeadline, Area)]


def test_the_demo_keeps_what_staff_have_edited(demo):
    IndicatorCell.objects.filter(indicator__code="2.4", label_fi="Tapiola").update(baseline_value=40)
    demo.load(io.StringIO())
    assert _baseline("2.4", "Tapiola") == 40
