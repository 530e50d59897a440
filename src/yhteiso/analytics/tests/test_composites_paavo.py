"""Status and sum index on the real Paavo 2019 Espoo postal areas (the numbers in docs/)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from yhteiso.analytics.composites import city_rate, status_index, sum_index, weakest_decile

DATA = Path(__file__).parent / "data" / "paavo_2019_espoo_postal_areas.csv"
COLUMNS = ["he_vakiy", "ko_ika18y", "ko_perus", "hr_mtu", "tr_kuty", "tr_pi_tul", "pt_tyoll", "pt_tyott"]


@pytest.fixture(scope="module")
def paavo():
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {"posti_alue": [r["posti_alue"] for r in rows]}
    for col in COLUMNS:
        vals = [float(r[col]) if r[col].strip() else math.nan for r in rows]
        out[col] = np.array([math.nan if v == -1 else v for v in vals])  # Paavo's -1 = suppressed
    return out


@pytest.fixture(scope="module")
def indices(paavo):
    p = paavo
    labour = p["pt_tyoll"] + p["pt_tyott"]
    rates = {"basic_education_share": p["ko_perus"] / p["ko_ika18y"],
             "low_income_share": p["tr_pi_tul"] / p["tr_kuty"],
             "unemployment_rate": p["pt_tyott"] / labour}
    city = {"basic_education_share": city_rate(p["ko_perus"], p["ko_ika18y"]),
            "low_income_share": city_rate(p["tr_pi_tul"], p["tr_kuty"]),
            "unemployment_rate": city_rate(p["pt_tyott"], labour)}
    status = status_index(
        {"basic_education_share": rates["basic_education_share"], "unemployment_rate": rates["unemployment_rate"],
         "median_income": p["hr_mtu"]}, p["he_vakiy"], area_ids=p["posti_alue"])
    return status, sum_index(rates, city, area_ids=p["posti_alue"]), city


def test_the_paavo_file_has_the_46_espoo_postal_areas_with_one_suppressed(paavo):
    assert len(paavo["posti_alue"]) == 46
    suppressed = [c for c, v in zip(paavo["posti_alue"], paavo["ko_perus"], strict=True) if np.isnan(v)]
    assert suppressed == ["02290"]


def test_the_suppressed_hospital_area_gets_no_index_and_the_others_all_do(paavo, indices):
    status, sums, _ = indices
    i = paavo["posti_alue"].index("02290")
    assert status.index.tolist()[i] is None and sums.index.tolist()[i] is None
    assert status.valid.sum() == sums.valid.sum() == 45


def test_the_espoo_status_index_has_population_weighted_mean_100_and_sd_10(paavo, indices):
    status, _, _ = indices
    ok = status.valid
    w = paavo["he_vakiy"][ok]
    s = status.index.compressed()
    mu = np.dot(w, s) / w.sum()
    assert mu == pytest.approx(100.0, abs=1e-9)
    assert math.sqrt(np.dot(w, (s - mu) ** 2) / w.sum()) == pytest.approx(10.0, abs=1e-9)


def test_tapiolas_sum_index_matches_a_hand_computation(paavo, indices):
    """02100 Tapiola: 608/4393 basic, 386/2734 low-income households, pt_tyott/(pt_tyoll+pt_tyott) unemployed.

    City rates from Espoo's totals over the 45 published areas. Sum index = mean of 100 × area / city.
    """
    _, sums, city = indices
    i = paavo["posti_alue"].index("02100")
    p = {k: v[i] for k, v in paavo.items() if k != "posti_alue"}
    assert (p["ko_perus"], p["ko_ika18y"], p["tr_pi_tul"], p["tr_kuty"]) == (608, 4393, 386, 2734)
    ok = ~np.isnan(paavo["ko_perus"])
    espoo_basic = paavo["ko_perus"][ok].sum() / paavo["ko_ika18y"][ok].sum()
    espoo_low = paavo["tr_pi_tul"][ok].sum() / paavo["tr_kuty"][ok].sum()
    espoo_unemp = paavo["pt_tyott"][ok].sum() / (paavo["pt_tyoll"][ok].sum() + paavo["pt_tyott"][ok].sum())
    assert city["basic_education_share"] == pytest.approx(espoo_basic, rel=1e-12)
    expected = (100 * (608 / 4393) / espoo_basic + 100 * (386 / 2734) / espoo_low
                + 100 * (p["pt_tyott"] / (p["pt_tyoll"] + p["pt_tyott"])) / espoo_unemp) / 3
    assert float(sums.index[i]) == pytest.approx(expected, rel=1e-12)
    assert float(sums.index[i]) == pytest.approx(80.4, abs=0.05)  # the value shown in docs/


def test_the_weakest_decile_of_the_sum_index_is_the_one_shown_in_the_docs(paavo, indices):
    _, sums, _ = indices
    d = weakest_decile(sums.index.filled(np.nan), paavo["he_vakiy"], reference=100.0)
    members = sorted(np.array(paavo["posti_alue"])[d.mask].tolist())
    assert members == ["02150", "02610", "02760", "02770", "02980"]
    assert d.gap == pytest.approx(38.0, abs=0.05)


def test_status_and_sum_index_rank_espoo_areas_in_broadly_opposite_order(indices):
    status, sums, _ = indices
    s, t = status.index.compressed(), sums.index.compressed()
    rs, rt = np.argsort(np.argsort(s)), np.argsort(np.argsort(t))
    spearman = np.corrcoef(rs, rt)[0, 1]
    assert spearman < -0.7


def test_the_espoo_document_shows_exactly_what_its_script_computes():
    import importlib.util

    root = Path(__file__).resolve().parents[4]
    script = root / "docs" / "espoo_status_and_sum_index.py"
    document = root / "docs" / "espoo-status-and-sum-index.md"
    if not script.exists() or not document.exists():
        pytest.skip("docs/ not present (installed package)")
    spec = importlib.util.spec_from_file_location("espoo_status_and_sum_index", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.markdown(module.compute(DATA)) in document.read_text(encoding="utf-8")
