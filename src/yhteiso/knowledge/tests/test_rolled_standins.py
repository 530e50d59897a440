"""Status and sum index of the larger areas when a component of the small areas' index does not roll up (issue 16,
item 1 of session 5): a median income, or a share whose denominator is not in the data (the shipped small-area
file's tertiary share of the population aged 15+). The larger areas' index is then computed from the recipe's
stated stand-in that rolls up — mean income = total income / adults; the share weighted by all inhabitants — on
the small areas' scale of that same stand-in, never averaged from the small areas' index values, and labelled as
the stand-in. Cross-checked with numpy by hand. Constructed test geography and figures."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.urls import reverse

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge import recipes
from yhteiso.knowledge.models import Computation, ImportKind, IndexValue
from yhteiso.knowledge.services import statistics_import
from yhteiso.knowledge.tests.conftest import SMALL

DATASET = {"code": "rolled-standin-test", "title": "Constructed small-area figures (test)",
           "publisher": "Test publisher", "licence": "CC BY 4.0", "attribution": "Lähde: testi"}


def _rows():
    rows = []
    for i in range(12):
        pop = 1000 + 150 * i
        adults = int(pop * 0.8)
        employed = int(adults * 0.6)
        rows.append({
            "pop": pop, "adults": adults, "employed": employed,
            "unemployed": int(employed * (0.04 + 0.01 * ((i * 5) % 7))),
            "low": int(adults * (0.1 + 0.015 * ((i * 3) % 8))),
            "median": 21000 + 700 * ((i * 7) % 12),
            "total_income": adults * (24000 + 900 * ((i * 5) % 12)),
            "foreign_share": 8 + 2.5 * ((i * 7) % 12),
            "tertiary15": 30 + 3.0 * ((i * 5) % 9),
        })
    return rows


def _import(columns):
    out = io.StringIO()
    out.write("code," + ",".join(name for name, _ in columns) + "\n")
    for code, r in zip(SMALL, _rows(), strict=True):
        out.write(code + "," + ",".join(repr(get(r)) for _, get in columns) + "\n")
    return statistics_import(kind=ImportKind.TABLE, data=out.getvalue().encode(), filename="small.csv",
                             level=AreaLevel.SMALL_AREA, dataset=DATASET, options={"area_column": "code", "year": 2024})


INCOME_FILE = [("population", lambda r: r["pop"]), ("foreign_language_share_pct", lambda r: r["foreign_share"]),
               ("pt_tyoll", lambda r: r["employed"]), ("pt_tyott", lambda r: r["unemployed"]),
               ("hr_tuy", lambda r: r["adults"]), ("hr_mtu", lambda r: r["median"]),
               ("hr_ovy", lambda r: r["total_income"]), ("hr_pi_tul", lambda r: r["low"])]
SHIPPED_LIKE = [("population", lambda r: r["pop"]), ("foreign_language_share_pct", lambda r: r["foreign_share"]),
                ("tertiary_educated_15plus_share_pct", lambda r: r["tertiary15"])]


def _value(level, code, index="status_index", group=""):
    return IndexValue.objects.get(computation__level=level, computation__year=2024, area__code=code, index=index,
                                  group=group).value


def _scale(small: dict[str, np.ndarray], signs: dict[str, float], w: np.ndarray):
    ref = {k: (w @ v, np.sqrt(w @ (v - w @ v) ** 2)) for k, v in small.items()}
    c = sum(signs[k] * (v - ref[k][0]) / ref[k][1] for k, v in small.items()) / len(small)
    return ref, w @ c, np.sqrt(w @ (c - w @ c) ** 2), c


@pytest.mark.django_db
def test_a_median_income_is_replaced_by_the_mean_income_for_a_major_district(hierarchy):
    _import(INCOME_FILE)
    rows = _rows()
    small_index = Computation.objects.get(kind="status_index", level=AreaLevel.SMALL_AREA, year=2024)
    assert small_index.parameters["components"]["income"]["variables"] == ["hr_mtu"]  # the small areas: median
    pop = np.array([r["pop"] for r in rows], float)
    w = pop / pop.sum()

    def comps(r):
        return {"unemployment": r["unemployed"] / (r["employed"] + r["unemployed"]),
                "income": r["total_income"] / r["adults"],  # mean income, the stand-in
                "foreign_language": r["foreign_share"] / 100}

    signs = {"unemployment": -1.0, "income": 1.0, "foreign_language": -1.0}
    small = {k: np.array([comps(r)[k] for r in rows]) for k in signs}
    ref, mu_c, sd_c, _c = _scale(small, signs, w)
    for m, major in enumerate(hierarchy["majors"]):
        part = rows[6 * m:6 * m + 6]
        p = {k: sum(r[k] for r in part) for k in ("employed", "unemployed", "total_income", "adults")}
        foreign = sum(r["foreign_share"] * r["pop"] for r in part) / sum(r["pop"] for r in part) / 100
        district = {"unemployment": p["unemployed"] / (p["employed"] + p["unemployed"]),
                    "income": p["total_income"] / p["adults"], "foreign_language": foreign}
        cm = np.mean([signs[k] * (district[k] - ref[k][0]) / ref[k][1] for k in signs])
        stored = _value(AreaLevel.MAJOR_DISTRICT, major.code)
        assert stored == pytest.approx(100 + 10 * (cm - mu_c) / sd_c, rel=1e-9)
        small_values = [_value(AreaLevel.SMALL_AREA, c) for c in SMALL[6 * m:6 * m + 6]]
        assert abs(stored - np.mean(small_values)) > 0.01  # never the mean of the small areas' index values
    # labelled: the income component is the stated stand-in, which replaces the small areas' median
    district = Computation.objects.get(kind="status_index", level=AreaLevel.MAJOR_DISTRICT, year=2024)
    income = district.parameters["components"]["income"]
    assert income["variables"] == ["hr_ovy"] and income["denominator"] == ["hr_tuy"] and income["stand_in"]
    assert income["replaces"]["variables"] == ["hr_mtu"]
    assert set(district.parameters[recipes.ROLLUP_STAND_INS]) == {"income"}
    state = recipes.state_of("status_index", district.parameters)
    assert "keskitulot" in state.note()  # the active language is Finnish


@pytest.mark.django_db
def test_the_sum_index_of_a_major_district_uses_the_mean_income_over_its_city_rate(hierarchy):
    # no lowest-income-class count: the small areas' sum index takes the median income, reversed
    _import([c for c in INCOME_FILE if c[0] not in ("hr_pi_tul", "hr_mtu")]
            + [("median_income_eur", lambda r: r["median"])])
    rows = _rows()
    small_index = Computation.objects.get(kind="sum_index", level=AreaLevel.SMALL_AREA, year=2024)
    assert small_index.parameters["components"]["low_income"]["variables"] == ["median_income_eur"]
    tot = {k: sum(r[k] for r in rows) for k in ("adults", "total_income", "employed", "unemployed")}
    city = {"low_income": tot["adults"] / tot["total_income"],
            "unemployment": tot["unemployed"] / (tot["employed"] + tot["unemployed"])}
    for m, major in enumerate(hierarchy["majors"]):
        p = {k: sum(r[k] for r in rows[6 * m:6 * m + 6]) for k in tot}
        rates = {"low_income": p["adults"] / p["total_income"],
                 "unemployment": p["unemployed"] / (p["employed"] + p["unemployed"])}
        expected = np.mean([100 * rates[k] / city[k] for k in city])
        assert _value(AreaLevel.MAJOR_DISTRICT, major.code, "sum_index") == pytest.approx(expected, rel=1e-9)
    district = Computation.objects.get(kind="sum_index", level=AreaLevel.MAJOR_DISTRICT, year=2024)
    assert district.parameters["components"]["low_income"]["variables"] == ["hr_tuy"]
    assert "keskitulot" in recipes.state_of("sum_index", district.parameters).note()
    assert _value(AreaLevel.CITY, "049", "sum_index") == pytest.approx(100.0)


@pytest.mark.django_db
def test_a_share_without_its_denominator_is_weighted_by_inhabitants_and_said_so(hierarchy, client):
    # the shipped small-area file: the tertiary share of the 15+ population, no 15+ count
    _import(SHIPPED_LIKE)
    rows = _rows()
    pop = np.array([r["pop"] for r in rows], float)
    w = pop / pop.sum()
    signs = {"education": 1.0, "foreign_language": -1.0}
    small = {"education": np.array([r["tertiary15"] / 100 for r in rows]),
             "foreign_language": np.array([r["foreign_share"] / 100 for r in rows])}
    ref, mu_c, sd_c, _c = _scale(small, signs, w)
    major = hierarchy["majors"][1]
    part = rows[6:12]
    wp = np.array([r["pop"] for r in part], float)
    district = {"education": wp @ np.array([r["tertiary15"] for r in part]) / wp.sum() / 100,
                "foreign_language": wp @ np.array([r["foreign_share"] for r in part]) / wp.sum() / 100}
    cm = np.mean([signs[k] * (district[k] - ref[k][0]) / ref[k][1] for k in signs])
    assert _value(AreaLevel.MAJOR_DISTRICT, major.code) == pytest.approx(100 + 10 * (cm - mu_c) / sd_c, rel=1e-9)
    # every larger level has it
    assert _value(AreaLevel.STATISTICAL_AREA, hierarchy["stats"][0].code) is not None
    assert _value(AreaLevel.CITY, "049") is not None
    # the page says which stand-in, in Finnish and Swedish
    url = reverse("knowledge:area-profile", args=[major.code])
    fi = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "kaikilla asukkailla painotettuina" in fi
    sv = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "viktade med alla invånare" in sv


@pytest.mark.django_db
def test_without_a_stand_in_that_rolls_up_the_larger_areas_get_no_index(hierarchy):
    # the median alone: no total income in the data, so no honest figure for a district
    _import([c for c in INCOME_FILE if c[0] not in ("hr_ovy",)])
    assert Computation.objects.filter(kind="status_index", level=AreaLevel.SMALL_AREA).exists()
    assert not Computation.objects.filter(kind="status_index", level=AreaLevel.MAJOR_DISTRICT).exists()
