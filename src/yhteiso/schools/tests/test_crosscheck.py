"""The between-school M/H decomposition checked against an independent implementation, PySAL ``segregation``'s
multigroup divergence (M) and information theory (H) indices: M of all units, M between the coarser areas (PySAL on the aggregated table)
and M within them (PySAL per area, weighted by the area's share of the population)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from segregation.multigroup import MultiDivergence, MultiInfoTheory
from shapely.geometry import Point, shape

from yhteiso.schools import analysis

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "data" / "example"
DISTRICTS = HERE.parents[1] / "knowledge" / "data" / "espoo_small_area_boundaries" / "espoo_suuralue.geojson"
SACRAMENTO = HERE.parents[1] / "analytics" / "tests" / "data" / "sacramento1.geojson"


def _frame(table: np.ndarray) -> tuple[pd.DataFrame, list[str]]:
    cols = [f"g{i}" for i in range(table.shape[1])]
    return pd.DataFrame(table, columns=cols), cols


def _pysal_m(table: np.ndarray) -> float:
    """PySAL's multigroup divergence index is the mutual information index M."""
    return float(MultiDivergence(*_frame(table)).statistic)


def _pysal_h(table: np.ndarray) -> float:
    """PySAL's multigroup information theory index is Theil's H = M / E."""
    return float(MultiInfoTheory(*_frame(table)).statistic)


def _pysal_decomposition(table: np.ndarray, labels: list[str]) -> tuple[float, float, float]:
    total = _pysal_m(table)
    uniq = sorted(set(labels))
    lab = np.array(labels)
    agg = np.array([table[lab == u].sum(axis=0) for u in uniq])
    between = _pysal_m(agg)
    within = 0.0
    for u in uniq:
        sub = table[lab == u]
        if sub.shape[0] > 1:
            within += sub.sum() / table.sum() * _pysal_m(sub)
    return total, between, within


def test_between_school_decomposition_agrees_with_pysal_on_the_example_schools():
    districts = [(ft["properties"]["kokotun"], shape(ft["geometry"]))
                 for ft in json.loads(DISTRICTS.read_text())["features"]]
    with open(EXAMPLE / "schools.csv", encoding="utf-8") as f:
        district_of = {r["school_code"]: next(code for code, g in districts
                                              if g.contains(Point(float(r["longitude"]), float(r["latitude"]))))
                       for r in csv.DictReader(f)}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(EXAMPLE / "pupils.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["year"] == "2025":
                counts[r["school_code"]][r["group"]] += int(r["pupils"])
    ours = analysis.between_schools(2025, counts, district_of)
    codes = sorted(counts)
    table = np.array([[counts[s].get(g, 0) for g in analysis.LANGUAGE_GROUPS] for s in codes], dtype=float)
    total, between, within = _pysal_decomposition(table, [district_of[s] for s in codes])
    assert ours.mutual_information == pytest.approx(total, abs=1e-12)
    assert ours.m_between_districts == pytest.approx(between, abs=1e-12)
    assert ours.m_within_districts == pytest.approx(within, abs=1e-12)
    assert ours.m_between_districts + ours.m_within_districts == pytest.approx(ours.mutual_information, abs=1e-12)
    assert 0 < ours.m_within_districts < ours.mutual_information  # both parts are present in the example
    assert ours.theil_h == pytest.approx(_pysal_h(table), abs=1e-12)
    assert ours.h_between_districts + ours.h_within_districts == pytest.approx(ours.theil_h, abs=1e-12)


def test_nested_decomposition_agrees_with_pysal_on_real_public_tracts():
    """Sacramento's 403 census tracts (the data PySAL tests on), nested in their counties."""
    feats = json.loads(SACRAMENTO.read_text())["features"]
    groups = ("WHITE_", "BLACK_", "ASIAN_", "HISP_")
    table = np.array([[ft["properties"][g] for g in groups] for ft in feats], dtype=float)
    counties = [ft["properties"]["FIPS"][:5] for ft in feats]
    from yhteiso.analytics.indices import mutual_information_decomposition

    dec = mutual_information_decomposition(table, [counties])
    total, between, within = _pysal_decomposition(table, counties)
    assert len(set(counties)) == 4
    assert dec.total == pytest.approx(total, abs=1e-12)
    assert dec.between[0] == pytest.approx(between, abs=1e-12)
    assert dec.between[1] == pytest.approx(within, abs=1e-12)
