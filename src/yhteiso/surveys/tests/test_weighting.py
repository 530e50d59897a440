"""Weighted survey results: population margins from the knowledge base, raking, and the outputs."""

import csv
import io
import uuid
from pathlib import Path

import pytest

from yhteiso.knowledge.selectors import population_margins
from yhteiso.knowledge.tests.espoo_data import espoo_demo_data
from yhteiso.respondents.areas import home_area_options
from yhteiso.surveys import services
from yhteiso.surveys.models import Response
from yhteiso.surveys.results import find_result, survey_results, survey_weights

CSV = (Path(__file__).resolve().parents[2] / "knowledge" / "data" / "espoo_pienalue_indicators_2025"
       / "espoo_pienalue_indicators_2025.csv")


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The real Espoo areas and statistics, loaded once for this module and removed afterwards."""
    with espoo_demo_data(django_db_blocker):
        yield


@pytest.fixture
def demo(_demo_module, db):
    return None


def _add(survey, count, **answers):
    Response.objects.bulk_create([
        Response(survey=survey, submission_id=uuid.uuid4(), language="fi", answers=answers) for _i in range(count)])


def test_margins_are_the_small_area_populations_summed(demo):
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    margins = population_margins()
    assert margins["year"] == 2025 and margins["age"] is None
    assert len(margins["area"]) == 7
    assert sum(margins["area"].values()) == pytest.approx(sum(float(r["population"]) for r in rows if r["population"]))
    assert margins["language"]["other"] == pytest.approx(
        sum(float(r["foreign_language_count_est"]) for r in rows if r["foreign_language_count_est"]))
    assert margins["language"]["domestic"] == pytest.approx(
        sum(float(r["other_language_count_est"]) for r in rows if r["other_language_count_est"]))
    assert population_margins(1990) is None


def test_weighted_share_equals_the_population_share_of_the_only_group_that_says_yes(demo, survey):
    districts = [o["value"] for o in home_area_options()]
    # district 0 over-represented and the only one feeling safe; nobody answers the language question
    _add(survey, 60, bg_area=districts[0], safety_area="very_safe", nps=10)
    for code in districts[1:]:
        _add(survey, 10, bg_area=code, safety_area="fairly_unsafe", nps=5)
    _add(survey, 12, bg_area="prefer_not", safety_area="fairly_unsafe", nps=5)
    services.survey_release(survey=survey, actor=None)
    margins = population_margins()
    target = margins["area"][districts[0]] / sum(margins["area"].values())

    results = survey_results(survey)
    assert results["weighting"]["applied"] and results["weighting"]["dimensions"] == ["area"]
    assert results["weighting"]["year"] == 2025 and results["weighting"]["deff"] > 1
    assert results["weighting"]["n_eff"] < 132
    total = find_result(survey, metric="safety_area", breakdown="all", group="all")
    assert total["value"] == pytest.approx(100 * 60 / 132)
    # those who prefer not to say keep their own share; the stated ones are raked to the district margins
    answers = list(Response.objects.filter(survey=survey).values_list("answers", flat=True))
    weights, _info = survey_weights(survey, answers)
    stated = [w for a, w in zip(answers, weights, strict=True) if a["bg_area"] != "prefer_not"]
    first = [w for a, w in zip(answers, weights, strict=True) if a["bg_area"] == districts[0]]
    assert sum(first) / sum(stated) == pytest.approx(target, abs=1e-5)
    yes = sum(first)
    assert total["w_value"] == pytest.approx(100 * yes / sum(weights))
    assert total["w_ci_low"] < total["w_value"] < total["w_ci_high"]
    assert total["deff"] > 1 and total["n_eff"] < total["n"]
    # within a district every weight is equal: the weighted figure equals the unweighted one, deff 1
    row = find_result(survey, metric="safety_area", breakdown="bg_area", group=districts[0])
    assert row["w_value"] == pytest.approx(row["value"]) and row["deff"] == pytest.approx(1.0)


def test_weighted_figures_are_hidden_where_the_unweighted_cell_is_suppressed(demo, survey, client):
    districts = [o["value"] for o in home_area_options()]
    for i, code in enumerate(districts):
        _add(survey, 3 if i == 6 else 20, bg_area=code, bg_language="fi" if i % 2 else "other", nps=8 + i % 3)
    services.survey_release(survey=survey, actor=None)
    results = survey_results(survey)
    assert results["weighting"]["dimensions"] == ["area", "language"]
    table = next(t for m in results["metrics"] if m["key"] == "nps" for t in m["tables"]
                 if t["breakdown"] == "bg_area")
    rows = {r["group"]: r for r in table["rows"]}
    assert rows[districts[6]]["value"] is None and rows[districts[6]]["w_value"] is None
    assert rows[districts[6]]["n_eff"] is None and rows[districts[6]]["deff"] is None
    shown = [r for r in table["rows"] if r["value"] is not None]
    assert shown and all(r["w_value"] is not None for r in shown)
    exported = list(csv.DictReader(io.StringIO(client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode())))
    hidden = next(r for r in exported if r["metric"] == "nps" and r["breakdown"] == "bg_area"
                  and r["group"] == districts[6])
    assert [hidden[k] for k in ("w_value", "w_ci_low", "w_ci_high", "n_eff", "deff")] == [""] * 5
    shown_row = next(r for r in exported if r["metric"] == "nps" and r["breakdown"] == "bg_area"
                     and r["group"] != "all" and r["value"] != "")
    assert float(shown_row["deff"]) >= 1 and shown_row["w_value"] != ""
    # two groups hidden in the area table (one small, one secondary): no weighted total (see the attack test)
    total = next(r for r in exported if r["metric"] == "nps" and r["breakdown"] == "all")
    assert total["value"] != "" and total["w_value"] == ""
    page = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Painotettu" in page and "efektiivinen" in page.lower()


def test_a_district_without_respondents_stops_weighting_and_says_which(demo, survey, client):
    districts = home_area_options()
    for o in districts[:-1]:
        _add(survey, 12, bg_area=o["value"], nps=9)
    services.survey_release(survey=survey, actor=None)
    results = survey_results(survey)
    assert not results["weighting"]["applied"]
    assert districts[-1]["label"]["fi"] in results["weighting"]["reason"]
    assert find_result(survey, metric="nps", breakdown="all", group="all")["w_value"] is None
    assert client.get(f"/kyselyt/{survey.pk}/tulokset/").status_code == 200


def test_without_population_figures_results_are_unweighted(survey):
    _add(survey, 20, bg_area="1", nps=9)
    services.survey_release(survey=survey, actor=None)
    results = survey_results(survey)
    assert results["weighting"]["applied"] is False and results["weighting"]["reason"]
    assert find_result(survey, metric="nps", breakdown="all", group="all")["w_value"] is None


def test_the_weighted_total_cannot_be_used_to_solve_two_hidden_groups(demo, survey):
    """Attack: unweighted total = Σ n_g·y_g / n and weighted total = Σ W_g·y_g / ΣW over the same groups; with two
    groups' statistics hidden (n known, 5 ≤ n < 10) and W_g fixed by the area margins, the two totals solve both."""
    districts = [o["value"] for o in home_area_options()]
    for i, code in enumerate(districts):
        _add(survey, 6 if i in (5, 6) else 25, bg_area=code, nps=10 if i == 6 else 8)
    services.survey_release(survey=survey, actor=None)
    results = survey_results(survey)
    assert results["weighting"]["applied"]
    nps = next(m for m in results["metrics"] if m["key"] == "nps")
    area = next(t for t in nps["tables"] if t["breakdown"] == "bg_area")
    hidden = [r for r in area["rows"] if r["value"] is None and r["n"]]
    assert len(hidden) == 2  # shown n, hidden statistics: the attack's precondition
    assert area["total"]["value"] is not None
    for table in nps["tables"]:
        assert table["total"]["w_value"] is None and table["total"]["n_eff"] is None
