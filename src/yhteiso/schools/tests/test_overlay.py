"""The catchment overlay on the real Espoo small areas: a catchment built as a union of small areas gets (nearly)
all of each of them, so its residents' foreign-language share equals the share computed from those small areas'
own counts; and the 'mixed' flag follows its documented rule."""

from __future__ import annotations

import csv
import io

import pytest

from yhteiso.schools import analysis, selectors
from yhteiso.schools.services import school_data_import
from yhteiso.schools.tests.conftest import EXAMPLE

KNOWLEDGE_CSV = (EXAMPLE.parents[2] / "knowledge" / "data" / "espoo_pienalue_indicators_2025"
                 / "espoo_pienalue_indicators_2025.csv")

pytestmark = pytest.mark.django_db


def test_the_residents_of_a_catchment_are_those_of_the_small_areas_it_is_made_of(espoo, example_files):
    school_data_import(files=example_files)
    overview = {r["school"].code: r for r in selectors.schools_overview(2025)["rows"]}
    # OA-FI-01 (school EX-FI-01) is the union of the first statistical area's first small areas (see PROVENANCE)
    weights = selectors.catchment_weights([c for c in selectors.current_catchments(2025) if c.code == "OA-FI-01"])
    members = {code for code, w in weights["OA-FI-01"].items() if w > 0.9}
    assert members and all(code.startswith("049101") for code in members)
    with open(KNOWLEDGE_CSV, encoding="utf-8") as f:
        rows = {r["kokotun"]: r for r in csv.DictReader(io.StringIO(f.read()))}
    pop = sum(float(rows[c]["population"]) for c in members)
    foreign = sum(float(rows[c]["foreign_language_count_est"]) for c in members)
    got = overview["EX-FI-01"]["residential_foreign_share"]
    assert got == pytest.approx(foreign / pop, abs=0.01)  # edges of neighbours touch only slivers


def test_mixed_schools_are_in_the_middle_band_on_both_counts(espoo, example_files):
    school_data_import(files=example_files)
    rows = selectors.schools_overview(2025)["rows"]
    fi = [r for r in rows if r["school"].language == "fi"]
    lo, hi = analysis.middle_band([r["foreign_share"] for r in fi])
    s_lo, s_hi = analysis.middle_band([r["catchment_status"] for r in rows if r["catchment_status"] is not None])
    mixed = [r for r in fi if r["mixed"]]
    assert 0 < len(mixed) < len(fi)
    for r in fi:
        inside = lo <= r["foreign_share"] <= hi and s_lo <= r["catchment_status"] <= s_hi
        assert r["mixed"] == inside, r["school"].code
