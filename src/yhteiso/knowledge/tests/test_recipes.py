"""The plan's three figures as named recipes (issue 16, item 5): computed from a stated stand-in while the plan's
variables are missing, labelled so wherever they appear, and switched to the plan's definition once the variables
are imported. The imported file here is CONSTRUCTED for the test (derived from the real small-area populations by
fixed rules below); it is no statistic of Espoo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge import recipes, selectors
from yhteiso.knowledge.models import Computation, IndexValue, Observation
from yhteiso.knowledge.services import import_remove, statistics_import

CONSTRUCTED = {"code": "constructed-plan-variables", "title": "Constructed test file (not Espoo's statistics)",
               "publisher": "Yhteisö tests", "licence": "CC0", "attribution": "Constructed test data"}


def _constructed_plan_variables() -> bytes:
    """The plan's missing variables for every small area with a 2025 population, built from its population and
    foreign-language share by fixed rules."""
    rows = Observation.objects.filter(area__level=AreaLevel.SMALL_AREA, year=2025, computed_from="",
                                      variable__code__in=["population", "foreign_language_share_pct"],
                                      value__isnull=False).values_list("area__code", "variable__code", "value")
    by_area: dict[str, dict[str, float]] = {}
    for code, var, value in rows:
        if value is not None:
            by_area.setdefault(code, {})[var] = value
    out = io.StringIO()
    out.write("code,foreign_background_count,finnish_background_count,ko_ika18y,ko_perus,pt_tyoll,pt_tyott,"
              "hr_tuy,lowest_income_quintile_count,hr_mtu\n")
    for code, v in sorted(by_area.items()):
        if "foreign_language_share_pct" not in v:
            continue
        p, share = v["population"], v["foreign_language_share_pct"]
        foreign = min(p, round(p * share / 100 * 1.08))
        adults = round(0.8 * p)
        employed = round(0.5 * p)
        out.write(f"{code},{foreign},{p - foreign},{adults},{round(adults * (0.05 + share / 400))},{employed},"
                  f"{round(employed * (0.03 + share / 500))},{adults},{round(adults * (0.1 + share / 300))},"
                  f"{round(30000 - 100 * share)}\n")
    return out.getvalue().encode()


def _d_computation() -> Computation:
    return Computation.objects.get(kind="segregation", level=AreaLevel.SMALL_AREA, year=2025)


@pytest.mark.django_db
def test_each_recipe_lists_the_variables_the_plan_needs():
    assert recipes.BACKGROUND_DISSIMILARITY.variables == ("foreign_background_count", "finnish_background_count")
    assert recipes.STATUS_INDEX.variables == ("ko_perus", "ko_ika18y", "pt_tyott", "pt_tyoll", "hr_mtu",
                                              "foreign_language_share_pct")
    assert recipes.SUM_INDEX.variables == ("ko_perus", "ko_ika18y", "lowest_income_quintile_count", "hr_tuy",
                                           "pt_tyott", "pt_tyoll")
    # every stand-in says in words what it uses instead
    for recipe in recipes.RECIPES.values():
        for component in recipe.components:
            assert not component.alternatives[0].stand_in
            assert all(str(a.label) for a in component.alternatives if a.stand_in)


@pytest.mark.django_db
def test_a_stand_in_is_labelled_until_the_plans_variables_are_imported(demo_data, client):
    with translation.override("en"):
        d_note = selectors.recipe_note(_d_computation(), recipes.DISSIMILARITY_GROUP)
        status = Computation.objects.get(kind="status_index", level=AreaLevel.SMALL_AREA, year=2025)
        status_note = selectors.recipe_note(status)
    assert "foreign-language speakers of all inhabitants" in d_note and "Chart 1" in d_note
    assert "tertiary degree (15+)" in status_note and "; missing: unemployment rate, median income" in status_note
    assert not Computation.objects.filter(kind="sum_index", level=AreaLevel.SMALL_AREA).exists()
    d_before = IndexValue.objects.get(computation=_d_computation(), index="dissimilarity", group="foreign_language")
    # … on the map, in its export, on the area pages and in the council report's notes
    query = "?level=pienalue&indicator=idx:status_index&year=2025"
    assert "Korvaava muuttuja:" in client.get(reverse("knowledge:map") + query, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ei vielä ohjelmasuunnitelman määritelmä" in client.get(
        reverse("knowledge:export", args=["csv"]) + query, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    targeting = reverse("programme:targeting") + "?level=pienalue&index=status_index&year=2025"
    assert "Ei vielä ohjelmasuunnitelman määritelmä" in client.get(targeting, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    area = status.values.exclude(area=None).first().area
    profile = client.get(reverse("knowledge:area-profile", args=[area.code]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Ännu inte planens definition" in profile.content.decode()
    api = client.get("/api/v1/indices?level=pienalue&year=2025", HTTP_ACCEPT_LANGUAGE="en").json()
    d_row = next(r for r in api if r["index"] == "dissimilarity" and r["group"] == "foreign_language")
    assert "foreign-language speakers of all inhabitants" in d_row["stand_in"]
    with translation.override("en"):
        notes = selectors.report_highlights(as_of=dt.date(2026, 12, 31))["recipe_notes"]
    assert any(n.startswith("foreign-language speakers (small area): Not yet the plan's definition") and "Chart 1" in n
               for n in notes)

    report = statistics_import(kind="table", data=_constructed_plan_variables(), filename="plan-variables.csv",
                               level=AreaLevel.SMALL_AREA, dataset=CONSTRUCTED,
                               options={"area_column": "code", "year": 2025})
    assert "segregation pienalue 2025" in report.recomputed

    d = _d_computation()
    described = d.parameters["groups"]["foreign_language"]
    assert described["components"]["foreign_background"]["variables"] == ["foreign_background_count"]
    assert described["shown_as"] == "foreign_background"
    assert selectors.recipe_note(d, recipes.DISSIMILARITY_GROUP) == ""
    d_after = IndexValue.objects.get(computation=d, index="dissimilarity", group="foreign_language")
    assert d_after.value != pytest.approx(d_before.value)
    with translation.override("en"):
        assert "residents of foreign background (small area)" in [s["label"] for s in selectors.dissimilarity_series()]
    for kind in ("status_index", "sum_index"):
        computed = Computation.objects.get(kind=kind, level=AreaLevel.SMALL_AREA, year=2025)
        assert selectors.recipe_note(computed) == "", kind
    assert "Korvaava muuttuja:" not in client.get(reverse("knowledge:map") + query,
                                                  HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ei vielä" not in client.get(reverse("knowledge:export", args=["csv"]) + query,
                                        HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    api = client.get("/api/v1/indices?level=pienalue&year=2025").json()
    assert all(r["stand_in"] == "" for r in api)
    assert "Ei vielä" not in client.get(targeting, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    # the imported counts roll up to the larger areas too
    assert Observation.objects.filter(area__level=AreaLevel.CITY, variable__code="foreign_background_count",
                                      computed_from=AreaLevel.SMALL_AREA).exists()

    # removing the import takes its roll-ups with it and brings the stand-in (and its label) back
    assert report.batch is not None
    import_remove(batch=report.batch)
    assert not Observation.objects.filter(variable__code="foreign_background_count").exists()
    assert selectors.recipe_note(_d_computation(), recipes.DISSIMILARITY_GROUP) != ""
    assert IndexValue.objects.get(computation=_d_computation(), index="dissimilarity",
                                  group="foreign_language").value == pytest.approx(d_before.value)
