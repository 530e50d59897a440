"""Indices of the larger areas (issue 16 item 3): D of a statistical area, major district, city centre and the city
computed over their own small areas, and the status and sum index recomputed from the larger areas' rolled-up
counts on the small areas' scale — cross-checked against numpy by hand; city-centre membership by the small areas'
interior points (a concave small area whose centroid lies outside it). Constructed test geography and figures."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.urls import reverse
from shapely.geometry import shape

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge.models import Computation, ImportKind, IndexValue, Observation
from yhteiso.knowledge.selectors import indicator_choices, indicator_values, rollup_members
from yhteiso.knowledge.services import statistics_import
from yhteiso.knowledge.tests.conftest import SMALL

DATASET = {"code": "rolled-test", "title": "Constructed small-area counts (test)", "publisher": "Test publisher",
           "licence": "CC BY 4.0", "attribution": "Lähde: testi"}
def _counts():
    rows = []
    for i in range(12):
        pop = 1000 + 150 * i
        foreign = 60 + 41 * ((i * 7) % 12)
        adults = int(pop * 0.8)
        basic = int(adults * (0.05 + 0.02 * (i % 6)))
        employed = int(adults * 0.6)
        unemployed = int(employed * (0.04 + 0.01 * ((i * 5) % 7)))
        low = int(adults * (0.1 + 0.015 * ((i * 3) % 8)))
        rows.append({"pop": pop, "foreign": foreign, "adults": adults, "basic": basic, "employed": employed,
                     "unemployed": unemployed, "low": low})
    return rows


def _import():
    out = io.StringIO()
    out.write("code,population,foreign_language_count_est,foreign_language_share_pct,ko_ika18y,ko_perus,pt_tyoll,"
              "pt_tyott,hr_tuy,hr_pi_tul\n")
    for code, r in zip(SMALL, _counts(), strict=True):
        out.write(f"{code},{r['pop']},{r['foreign']},{100 * r['foreign'] / r['pop']!r},{r['adults']},{r['basic']},"
                  f"{r['employed']},{r['unemployed']},{r['adults']},{r['low']}\n")
    return statistics_import(kind=ImportKind.TABLE, data=out.getvalue().encode(), filename="small.csv",
                             level=AreaLevel.SMALL_AREA, dataset=DATASET, options={"area_column": "code", "year": 2024})


def _d(x, t):
    """Duncan's D by hand: half the sum of |group share − rest share| over the units."""
    x, t = np.asarray(x, float), np.asarray(t, float)
    return 0.5 * np.abs(x / x.sum() - (t - x) / (t - x).sum()).sum()


def _index(level, code, index, group=""):
    return IndexValue.objects.get(computation__level=level, area__code=code, index=index, group=group,
                                  computation__year=2024)


@pytest.mark.django_db
def test_city_centre_membership_uses_an_interior_point_not_the_centroid(hierarchy):
    l_area = Area.objects.get(code=SMALL[0])
    centroid = shape(l_area.geometry_wgs84).centroid
    centre = shape(Area.objects.get(code="keskus").geometry_wgs84)
    # the trap: the L's centroid is outside the L and inside the centre
    assert not shape(l_area.geometry_wgs84).contains(centroid) and centre.contains(centroid)
    members = rollup_members(AreaLevel.SMALL_AREA)[AreaLevel.CITY_CENTRE]
    assert members == {"keskus": [SMALL[1]]}


@pytest.mark.django_db
def test_d_of_a_major_district_is_computed_over_its_own_small_areas(hierarchy):
    _import()
    rows = _counts()
    for m, major in enumerate(hierarchy["majors"]):
        part = rows[6 * m:6 * m + 6]
        expected = _d([r["foreign"] for r in part], [r["pop"] for r in part])
        value = IndexValue.objects.get(computation__kind="segregation_within", area=major, index="dissimilarity",
                                       group="foreign_language").value
        assert value == pytest.approx(expected, rel=1e-9)
    # the city's D over all its small areas is the small-area computation's city-wide D
    city = IndexValue.objects.get(computation__kind="segregation_within", area=hierarchy["city"],
                                  index="dissimilarity", group="foreign_language").value
    assert city == pytest.approx(_d([r["foreign"] for r in rows], [r["pop"] for r in rows]), rel=1e-9)
    assert city == pytest.approx(IndexValue.objects.get(computation__kind="segregation", area=None,
                                                        index="dissimilarity", group="foreign_language").value)
    # a statistical area and the city centre (its one small area: no D over a single unit)
    stat = hierarchy["stats"][3]
    part = rows[9:12]
    assert _index(AreaLevel.STATISTICAL_AREA, stat.code, "dissimilarity", "foreign_language").value == \
        pytest.approx(_d([r["foreign"] for r in part], [r["pop"] for r in part]), rel=1e-9)
    assert not IndexValue.objects.filter(area__code="keskus", computation__kind="segregation_within").exists()


@pytest.mark.django_db
def test_the_sum_index_of_a_major_district_is_recomputed_from_its_counts_not_averaged(hierarchy):
    _import()
    rows = _counts()
    tot = {k: sum(r[k] for r in rows) for k in rows[0]}
    city = {"low_education": tot["basic"] / tot["adults"], "low_income": tot["low"] / tot["adults"],
            "unemployment": tot["unemployed"] / (tot["employed"] + tot["unemployed"])}
    for m, major in enumerate(hierarchy["majors"]):
        p = {k: sum(r[k] for r in rows[6 * m:6 * m + 6]) for k in rows[0]}
        rates = {"low_education": p["basic"] / p["adults"], "low_income": p["low"] / p["adults"],
                 "unemployment": p["unemployed"] / (p["employed"] + p["unemployed"])}
        expected = np.mean([100 * rates[k] / city[k] for k in city])
        stored = _index(AreaLevel.MAJOR_DISTRICT, major.code, "sum_index").value
        assert stored == pytest.approx(expected, rel=1e-9)
        small = [_index(AreaLevel.SMALL_AREA, c, "sum_index").value for c in SMALL[6 * m:6 * m + 6]]
        assert abs(stored - np.mean(small)) > 0.01  # not the mean of the small areas' indices
    # the city is 100 by construction
    assert _index(AreaLevel.CITY, "049", "sum_index").value == pytest.approx(100.0)


@pytest.mark.django_db
def test_the_status_index_of_a_major_district_is_on_the_small_areas_scale(hierarchy):
    _import()
    rows = _counts()
    pop = np.array([r["pop"] for r in rows], float)
    w = pop / pop.sum()

    def rates(r):
        return {"education": r["basic"] / r["adults"],
                "unemployment": r["unemployed"] / (r["employed"] + r["unemployed"]),
                "foreign_language": r["foreign"] / r["pop"]}

    small = [rates(r) for r in rows]
    z = {}
    ref = {}
    for k in small[0]:
        v = np.array([s[k] for s in small])
        mu = w @ v
        sd = np.sqrt(w @ (v - mu) ** 2)
        ref[k] = (mu, sd)
        z[k] = -(v - mu) / sd  # every component: higher = lower status
    c = sum(z.values()) / 3
    mu_c, sd_c = w @ c, np.sqrt(w @ (c - w @ c) ** 2)
    # the small areas' own index matches (mean 100, SD 10)
    assert _index(AreaLevel.SMALL_AREA, SMALL[4], "status_index").value == pytest.approx(
        100 + 10 * (c[4] - mu_c) / sd_c, rel=1e-9)
    for m, major in enumerate(hierarchy["majors"]):
        p = {k: sum(r[k] for r in rows[6 * m:6 * m + 6]) for k in rows[0]}
        cm = np.mean([-(rates(p)[k] - ref[k][0]) / ref[k][1] for k in ref])
        assert _index(AreaLevel.MAJOR_DISTRICT, major.code, "status_index").value == pytest.approx(
            100 + 10 * (cm - mu_c) / sd_c, rel=1e-9)
    # the stand-in note travels with it (no income variable in this file: the component is missing)
    computation = Computation.objects.get(kind="status_index", level=AreaLevel.MAJOR_DISTRICT, year=2024)
    assert computation.parameters["computed_from"] == AreaLevel.SMALL_AREA


@pytest.mark.django_db
def test_maps_and_area_pages_show_the_rolled_up_indices(hierarchy, client):
    _import()
    keys = dict(indicator_choices(AreaLevel.MAJOR_DISTRICT))
    assert {"idx:status_index", "idx:sum_index", "idx:dissimilarity_within"} <= set(keys)
    values = indicator_values(AreaLevel.MAJOR_DISTRICT, "idx:dissimilarity_within", 2024)
    assert set(values) == {m.code for m in hierarchy["majors"]}
    url = reverse("knowledge:area-profile", args=[hierarchy["majors"][0].code])
    fi = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Segregaatio alueen sisällä" in fi and "6/6" in fi.replace(" / ", "/").replace(" ", "")
    assert "Laskettu pienalueiden luvuista" in fi
    sv = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Segregation inom området" in sv
    page = client.get(reverse("knowledge:map") + "?level=suuralue&indicator=idx:dissimilarity_within&year=2024",
                      HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    # the rolled-up population is there too, so the index is not from a level with its own imported figures
    assert Observation.objects.get(area=hierarchy["majors"][0], variable__code="population").computed_from
