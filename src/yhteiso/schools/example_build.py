"""Build the constructed example school package in ``data/example/`` (run ``python -m yhteiso.schools.example_build``).

The package is **constructed**: no school-level data for Espoo is public. It places example schools in Espoo's real
small areas, builds catchment areas as unions of the real small-area polygons (HSY, CC BY 4.0) and derives pupil
numbers from the real 2025 small-area population and foreign-language shares (Helsingin seudun aluesarjat) with a
stated, simple school-choice model. Deterministic: the same inputs give byte-identical files. See PROVENANCE.md."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge" / "data"
OUT = Path(__file__).resolve().parent / "data" / "example"
YEARS = (2023, 2024, 2025)
GRADES = range(1, 10)
CHILDREN_PER_GRADE = 0.0115  # children of one birth year per resident (Espoo ≈ 1.1–1.2 %)
SWEDISH_SHARE = 0.075  # of domestic-language children (constructed; Espoo's Swedish speakers ≈ 7 %)
AREA_PER_CATCHMENT = 11000  # residents per Finnish-language catchment (sets the number of schools)
SV_DISTRICTS = {"0491000000": "0491000000", "0492000000": "0492000000", "0493000000": "0493000000",
                "0494000000": "0494000000", "0495000000": "0495000000", "0496000000": "0496000000",
                "0497000000": "0496000000"}  # Pohjois-Espoo shares Vanha-Espoo's Swedish-language school
SUURALUE_SV = {"Suur-Leppävaara": "Stor-Alberga", "Suur-Tapiola": "Stor-Hagalund", "Suur-Matinkylä": "Stor-Mattby",
               "Suur-Espoonlahti": "Stor-Esboviken", "Suur-Kauklahti": "Stor-Köklax", "Vanha-Espoo": "Gamla Esbo"}


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    s = sum(weights)
    if total <= 0 or s <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


def _round_geom(geom, ndigits: int = 5):
    g = mapping(geom.simplify(0.0002, preserve_topology=True))

    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], ndigits), round(c[1], ndigits)]
        return [r(x) for x in c]

    return {"type": g["type"], "coordinates": r(g["coordinates"])}


def build(out: Path = OUT) -> dict[str, int]:
    with open(KNOWLEDGE / "espoo_pienalue_indicators_2025" / "espoo_pienalue_indicators_2025.csv",
              encoding="utf-8") as f:
        stats = {r["kokotun"]: r for r in csv.DictReader(f)}
    b = KNOWLEDGE / "espoo_small_area_boundaries"
    small = {ft["properties"]["kokotun"]: ft
             for ft in json.loads((b / "espoo_pienalue.geojson").read_text())["features"]}
    districts = {ft["properties"]["kokotun"]: ft for ft in
                 json.loads((b / "espoo_suuralue.geojson").read_text())["features"]}
    pop = {c: int(stats[c]["population"] or 0) for c in small}
    fshare = {c: float(stats[c]["foreign_language_share_pct"] or 0) / 100 for c in small}

    # Finnish-language catchments: the small areas of each statistical area, split into groups of similar size.
    by_stat: dict[str, list[str]] = defaultdict(list)
    for c in sorted(small):
        by_stat[c[:7]].append(c)
    catchments: list[dict] = []
    for _stat, codes in sorted(by_stat.items()):
        total = sum(pop[c] for c in codes)
        k = max(1, min(len(codes), round(total / AREA_PER_CATCHMENT)))
        groups: list[list[str]] = [[] for _ in range(k)]
        acc, gi = 0.0, 0
        for c in codes:
            if gi < k - 1 and acc >= (gi + 1) * total / k and groups[gi]:
                gi += 1
            groups[gi].append(c)
            acc += pop[c]
        for g in groups:
            if g:
                catchments.append({"language": "fi", "members": g})
    for i, cat in enumerate(catchments, start=1):
        cat["code"] = f"OA-FI-{i:02d}"
        cat["school"] = f"EX-FI-{i:02d}"
        cat["geom"] = unary_union([shape(small[c]["geometry"]) for c in cat["members"]])
        cat["seat"] = max(cat["members"], key=lambda c: (pop[c], c))
    sv: dict[str, list[str]] = defaultdict(list)
    for c in sorted(small):
        sv[SV_DISTRICTS[c[:4] + "000000"]].append(c)
    sv_catchments = []
    for i, (dist, members) in enumerate(sorted(sv.items()), start=1):
        geom = unary_union([shape(districts[d]["geometry"]) for d in districts if SV_DISTRICTS[d] == dist])
        sv_catchments.append({"language": "sv", "members": members, "code": f"OA-SV-{i}", "school": f"EX-SV-{i}",
                              "geom": geom, "seat": max(members, key=lambda c: (pop[c], c)),
                              "district": districts[dist]["properties"]["nimi"]})
    fi_of = {c: cat for cat in catchments for c in cat["members"]}
    sv_of = {c: cat for cat in sv_catchments for c in cat["members"]}

    # School seats and "nearest other schools" (by distance between seats).
    def seat_xy(cat):
        p = shape(small[cat["seat"]]["geometry"]).representative_point()
        return p.x, p.y

    for cat in (*catchments, *sv_catchments):
        cat["xy"] = seat_xy(cat)
        cpop = sum(pop[c] for c in cat["members"])
        cat["fshare"] = sum(pop[c] * fshare[c] for c in cat["members"]) / cpop if cpop else 0.0

    def nearest(cat, pool, k):
        x, y = cat["xy"]
        others = [o for o in pool if o is not cat]
        others.sort(key=lambda o: ((o["xy"][0] - x) ** 2 * 0.3 + (o["xy"][1] - y) ** 2, o["code"]))
        return others[:k]

    city_f = sum(pop[c] * fshare[c] for c in small) / sum(pop.values())
    flows: dict[tuple, int] = defaultdict(int)  # (catchment, school, year, grade, group) -> pupils
    sv_children: dict[tuple, int] = defaultdict(int)
    cohort: dict[tuple, int] = defaultdict(int)  # (Finnish-language catchment, year, grade) -> children living there
    for year in YEARS:
        growth = 1 - 0.015 * (2025 - year)
        fdrift = 1 - 0.04 * (2025 - year)
        for c in sorted(small):
            for grade in GRADES:
                n = round(pop[c] * CHILDREN_PER_GRADE * growth * (1 + 0.02 * (5 - grade)))
                if n <= 0:
                    continue
                n_foreign = round(n * min(0.95, fshare[c] * 1.25 * fdrift))  # children: higher share than adults
                n_sv = round((n - n_foreign) * SWEDISH_SHARE)
                n_fi = n - n_foreign - n_sv
                cat = fi_of[c]
                cohort[(cat["code"], year, grade)] += n
                alts = nearest(cat, catchments, 3)
                upper = grade >= 7
                for group, count in (("fi", n_fi), ("foreign", n_foreign)):
                    gap = cat["fshare"] - city_f
                    p_local = (0.86 - (0.55 if group == "fi" else 0.15) * max(gap, 0.0) - (0.07 if upper else 0)
                               - (0.06 if group == "foreign" else 0))
                    p_local = min(0.95, max(0.5, p_local))
                    w = ([max(0.05, 1 - 2.2 * a["fshare"]) ** 2 for a in alts] if group == "fi"
                         else [1.0 for _ in alts])
                    s = sum(w)
                    parts = _largest_remainder(count, [p_local, *((1 - p_local) * x / s for x in w)])
                    for target, k in zip([cat, *alts], parts, strict=True):
                        if k:
                            flows[(cat["code"], target["school"], year, grade, group)] += k
                sv_children[(sv_of[c]["code"], year, grade)] += n_sv
    for scat in sv_catchments:
        salt = nearest(scat, sv_catchments, 1)
        for year in YEARS:
            for grade in GRADES:
                parts = _largest_remainder(sv_children[(scat["code"], year, grade)], [0.9, 0.1])
                for target, k in zip([scat, *salt], parts, strict=True):
                    if k:
                        flows[(scat["code"], target["school"], year, grade, "sv")] += k

    out.mkdir(parents=True, exist_ok=True)
    schools_rows = []
    for cat in (*catchments, *sv_catchments):
        seat = stats[cat["seat"]]["pienalue_name"]
        nr = cat["school"].rsplit("-", 1)[1]
        place = seat if cat["language"] == "fi" else cat["district"]
        place_sv = place if cat["language"] == "fi" else SUURALUE_SV.get(place, place)
        schools_rows.append([cat["school"], f"Esimerkkikoulu {nr} ({place})", f"Exempelskola {nr} ({place_sv})",
                             cat["language"], 1, 9, round(cat["xy"][1], 5), round(cat["xy"][0], 5),
                             "2020-08-01", ""])
    _write_csv(out / "schools.csv", ["school_code", "name_fi", "name_sv", "language", "grade_min", "grade_max",
                                     "latitude", "longitude", "valid_from", "valid_to"], schools_rows)
    features = [{"type": "Feature", "properties": {"catchment_code": cat["code"], "school_code": cat["school"],
                                                   "language": cat["language"], "valid_from": "2020-08-01",
                                                   "valid_to": ""},
                 "geometry": _round_geom(cat["geom"])} for cat in (*catchments, *sv_catchments)]
    (out / "catchments.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
        + "\n", encoding="utf-8")
    pupils: dict[tuple, int] = defaultdict(int)
    flow_tot: dict[tuple, int] = defaultdict(int)
    for (cc, sc, y, g, grp), k in flows.items():
        pupils[(sc, y, g, grp)] += k
        flow_tot[(cc, sc, y, g)] += k
    _write_csv(out / "pupils.csv", ["school_code", "year", "grade", "dimension", "group", "pupils"],
               [[sc, y, g, "language", grp, k] for (sc, y, g, grp), k in sorted(pupils.items())])
    _write_csv(out / "flows.csv", ["catchment_code", "school_code", "year", "grade", "pupils"],
               [[cc, sc, y, g, k] for (cc, sc, y, g), k in sorted(flow_tot.items())])
    local = {cat["code"]: cat["school"] for cat in (*catchments, *sv_catchments)}
    apps, cohorts = [], []
    for (cc, sc, y, g), k in sorted(flow_tot.items()):
        if g in (1, 7) and local[cc] != sc:
            apps.append([cc, sc, y, g, round(k * 1.3) + 1])
    for (cc, y, g), n in sorted(cohort.items()):
        if g in (1, 7):
            cohorts.append([cc, y, g, n])
    _write_csv(out / "applications.csv", ["catchment_code", "school_code", "year", "grade", "applications"], apps)
    _write_csv(out / "cohorts.csv", ["catchment_code", "year", "grade", "cohort"], cohorts)
    (out / "package.json").write_text(json.dumps({
        "title": "Esimerkkiaineisto: koulut ja oppilaaksiottoalueet (konstruoitu, ei Espoon lukuja)",
        "publisher": "Yhteisö-alusta (konstruoitu esimerkki)",
        "licence": "CC BY 4.0 (pohja-aineistot: HSY, Helsingin seudun aluesarjat)",
        "attribution": "Konstruoitu esimerkki; pienalueiden rajat HSY (CC BY 4.0), väestö Helsingin seudun "
                       "aluesarjat -tilastokanta ja Tilastokeskus",
        "example": True,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"schools": len(schools_rows), "catchments": len(features), "pupils": len(pupils),
            "flows": len(flow_tot), "applications": len(apps), "cohorts": len(cohorts)}


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    print(build())
