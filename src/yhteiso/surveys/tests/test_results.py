import csv
import io
import uuid

from openpyxl import load_workbook

from yhteiso.surveys import services
from yhteiso.surveys.models import Response
from yhteiso.surveys.results import find_result, survey_results


def _add(survey, count, **answers):
    Response.objects.bulk_create([
        Response(survey=survey, submission_id=uuid.uuid4(), language="fi", answers=answers)
        for _i in range(count)])


def _fill(survey):
    _add(survey, 30, nps=10, bg_area="1", safety_area="very_safe", **{f"thl_{i}": 4 for i in range(1, 11)})
    _add(survey, 12, nps=3, bg_area="2", safety_area="fairly_unsafe", **{f"thl_{i}": 2 for i in range(1, 11)})
    _add(survey, 3, nps=9, bg_area="3", safety_area="very_safe")  # a small group
    services.survey_release(survey=survey, actor=None)


def test_nps_share_and_participation_score_for_all_respondents(survey):
    _fill(survey)
    nps = find_result(survey, metric="nps", breakdown="all", group="all")
    assert nps["n"] == 45
    assert round(nps["value"], 4) == round(100 * (33 - 12) / 45, 4)
    part = find_result(survey, metric="participation", breakdown="all", group="all")
    assert part["n"] == 42 and round(part["value"], 4) == round((30 * 75 + 12 * 25) / 42, 4)
    safe = find_result(survey, metric="safety_area", breakdown="all", group="all")
    assert round(safe["value"], 4) == round(100 * 33 / 45, 4)
    assert safe["ci_low"] < safe["value"] < safe["ci_high"]


def test_small_groups_are_hidden_with_secondary_suppression(survey):
    _fill(survey)
    rows = {r["group"]: r for r in next(t for m in survey_results(survey)["metrics"] if m["key"] == "nps"
                                        for t in m["tables"] if t["breakdown"] == "bg_area")["rows"]}
    assert rows["3"]["n"] is None and rows["3"]["value"] is None  # 3 respondents
    assert rows["2"]["n"] is None and rows["2"]["suppressed"] == "secondary"  # so 45 − 30 − x can't reveal it
    assert rows["1"]["n"] == 30 and rows["1"]["value"] == 100.0


def test_every_output_shows_only_suppressed_figures(client, survey):
    _fill(survey)
    page = client.get(f"/kyselyt/{survey.pk}/tulokset/").content.decode()
    assert "Suur-Leppävaara" in page
    api = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert api["n"] == 45
    area = next(t for m in api["metrics"] if m["key"] == "nps" for t in m["tables"] if t["breakdown"] == "bg_area")
    assert {r["group"]: r["n"] for r in area["rows"]}["3"] is None
    csv_text = client.get(f"/kyselyt/{survey.pk}/tulokset.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    hidden = next(r for r in rows if r["metric"] == "nps" and r["breakdown"] == "bg_area" and r["group"] == "3")
    assert [hidden[k] for k in ("n", "value", "ci_low", "ci_high")] == ["", "", "", ""]
    sheet = load_workbook(io.BytesIO(client.get(f"/kyselyt/{survey.pk}/tulokset.xlsx").content))["results"]
    xlsx_rows = [r for r in sheet.iter_rows(values_only=True) if r[0] == "nps" and r[2] == "bg_area" and r[3] == "3"]
    assert xlsx_rows[0][5] is None and xlsx_rows[0][6] is None


def test_a_result_becomes_a_programme_measurement_linked_to_the_survey(client, survey, staff):
    from yhteiso.programme.models import BenefitGoal, Indicator, IndicatorCell, Measurement

    _fill(survey)
    goal = BenefitGoal.objects.create(**_minimal(BenefitGoal, number=1, name_fi="Osallisuus"))
    indicator = Indicator.objects.create(**_minimal(Indicator, goal=goal, code="1.1", name_fi="Osallisuus"))
    cell = IndicatorCell.objects.create(indicator=indicator, label_fi="Koko Espoo")
    client.force_login(staff)
    resp = client.post(f"/kyselyt/hallinta/{survey.pk}/mittaus/", {
        "metric": "participation", "breakdown": "all", "group": "all", "cell": cell.pk, "measured_on": "2026-11-27"})
    assert resp.status_code == 302, resp.context["form"].errors
    measurement = Measurement.objects.get(cell=cell)
    assert float(measurement.value) == round((30 * 75 + 12 * 25) / 42, 4)
    assert f"#{survey.pk}" in measurement.note
    assert survey.measurements.get().measurement == measurement
    # A hidden result cannot be used.
    resp = client.post(f"/kyselyt/hallinta/{survey.pk}/mittaus/", {
        "metric": "nps", "breakdown": "bg_area", "group": "3", "cell": cell.pk, "measured_on": "2026-11-27"})
    assert resp.status_code == 200 and Measurement.objects.count() == 1


def _minimal(model, **given):
    """Fill the required plain fields of a programme model the test does not care about."""
    from django.db import models as m

    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.name in values or field.primary_key or field.has_default() or field.null or field.blank:
            continue
        if isinstance(field, m.ForeignKey):
            continue
        if isinstance(field, m.CharField | m.TextField):
            values[field.name] = field.choices[0][0] if field.choices else "x"
        elif isinstance(field, m.IntegerField | m.PositiveSmallIntegerField):
            values[field.name] = 1
    return values
