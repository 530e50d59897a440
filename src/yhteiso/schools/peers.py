"""Espoo next to the other large Finnish cities (Helsinki, Vantaa, Tampere, Turku, Oulu): the same indices by
postal code area from the all-Finland Paavo 2019 file (Statistics Finland, CC BY 4.0), computed the same way for
every city. No Django models: the command line and the page share it; the D groups are the knowledge base's
(``knowledge.recipes.DISSIMILARITY_COUNTS``).

Per city, over its postal code areas:

- D of people in the lowest income class (``hr_pi_tul`` of ``hr_tuy``), of adults with basic education only
  (``ko_perus`` of ``ko_ika18y``) and of the unemployed (``pt_tyott`` of ``pt_tyoll + pt_tyott``);
- the multigroup M and H over the three income classes (lowest, middle, highest);
- the distribution of the socioeconomic sum index (low education, low income, unemployment; the city's own rates
  from its totals = 100): 10th percentile, median, 90th percentile, maximum and the population-weighted weakest
  decile's mean.

Caveat: postal areas are not small areas and their size differs between cities (Helsinki has 84, Turku 27), and
D and M grow with finer units; Paavo 2019 describes 2016 (income, activity) and 31.12.2017 (population,
education). Paavo has no language or background variable, so the plan's D of Finnish- vs foreign-background
residents cannot be compared between cities from it. Areas with Paavo's suppression marker ``-1`` are left out."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from yhteiso.analytics import indices as ix
from yhteiso.analytics.composites import sum_index, weakest_decile
from yhteiso.knowledge.recipes import DISSIMILARITY_COUNTS

DATA = Path(__file__).resolve().parent / "data" / "peer_cities" / "paavo_2019_peer_cities.csv"
CITIES = (("049", "Espoo", "Esbo"), ("091", "Helsinki", "Helsingfors"), ("092", "Vantaa", "Vanda"),
          ("837", "Tampere", "Tammerfors"), ("853", "Turku", "Åbo"), ("564", "Oulu", "Uleåborg"))
COLUMNS = ("he_vakiy", "ko_ika18y", "ko_perus", "hr_tuy", "hr_pi_tul", "hr_ke_tul", "hr_hy_tul", "pt_tyoll",
           "pt_tyott")
D_GROUPS = DISSIMILARITY_COUNTS  # the knowledge base's groups (knowledge.recipes): one definition of each D


def read(path: Path = DATA) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


def _values(rows: list[dict], columns) -> tuple[list[str], dict[str, np.ndarray]]:
    keep = []
    for r in rows:
        try:
            vals = [float(r[c]) for c in columns]
        except (TypeError, ValueError):
            continue
        if all(v >= 0 and math.isfinite(v) for v in vals) and float(r["he_vakiy"] or 0) > 0:
            keep.append(r)
    return [r["posti_alue"] for r in keep], {c: np.array([float(r[c]) for r in keep]) for c in columns}


def city_figures(rows: list[dict]) -> dict:
    """The indices of one city's postal areas (rows of the Paavo file)."""
    codes, v = _values(rows, COLUMNS)
    out: dict = {"areas": len(codes), "areas_in_file": len(rows), "population": int(v["he_vakiy"].sum())}
    for name, (g, den) in D_GROUPS.items():
        total = sum(v[c] for c in den)
        out[f"dissimilarity_{name}"] = float(ix.dissimilarity(v[g], total, unit_ids=codes))
    income = np.column_stack([v["hr_pi_tul"], v["hr_ke_tul"], v["hr_hy_tul"]])
    out["mutual_information_income"] = float(ix.mutual_information(income, unit_ids=codes))
    out["theil_h_income"] = float(ix.multigroup_theil(income, unit_ids=codes))
    rates = {"low_education": v["ko_perus"] / np.where(v["ko_ika18y"] > 0, v["ko_ika18y"], np.nan),
             "low_income": v["hr_pi_tul"] / np.where(v["hr_tuy"] > 0, v["hr_tuy"], np.nan),
             "unemployment": v["pt_tyott"] / np.where(v["pt_tyoll"] + v["pt_tyott"] > 0,
                                                      v["pt_tyoll"] + v["pt_tyott"], np.nan)}
    city_rates = {"low_education": v["ko_perus"].sum() / v["ko_ika18y"].sum(),
                  "low_income": v["hr_pi_tul"].sum() / v["hr_tuy"].sum(),
                  "unemployment": v["pt_tyott"].sum() / (v["pt_tyoll"].sum() + v["pt_tyott"].sum())}
    res = sum_index(rates, city_rates, area_ids=codes)
    idx = np.array([math.nan if x is None else x for x in res.index.tolist()], dtype=float)
    ok = ~np.isnan(idx)
    dec = weakest_decile(idx[ok], v["he_vakiy"][ok], weighted=True, reference=100.0)
    out.update({"sum_index_p10": float(np.percentile(idx[ok], 10)),
                "sum_index_median": float(np.percentile(idx[ok], 50)),
                "sum_index_p90": float(np.percentile(idx[ok], 90)), "sum_index_max": float(idx[ok].max()),
                "sum_index_weakest_decile_mean": float(dec.decile_mean)})
    return out


def compare(path: Path = DATA) -> list[dict]:
    """One row per city (Espoo first): code, names and :func:`city_figures`."""
    rows = read(path)
    out = []
    for code, name_fi, name_sv in CITIES:
        mine = [r for r in rows if r["kunta"] == code]
        out.append({"municipality": code, "name_fi": name_fi, "name_sv": name_sv} | city_figures(mine))
    return out
