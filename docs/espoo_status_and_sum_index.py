"""Status index and socioeconomic sum index of Espoo's postal areas from Paavo 2019.

Reproduces the tables in ``docs/espoo-status-and-sum-index.md``::

    python docs/espoo_status_and_sum_index.py            # Markdown tables to stdout
    python docs/espoo_status_and_sum_index.py --csv      # one CSV row per postal area

Input: ``src/yhteiso/analytics/tests/data/paavo_2019_espoo_postal_areas.csv`` (Statistics Finland, Paavo 2019,
CC BY 4.0; see the PROVENANCE file beside it). Paavo's ``-1`` (suppressed) and empty cells become NaN, so the
suppressed area gets no index. Reference years in the 2019 release: education and population 31.12.2017;
income and main activity (unemployment) 2016.

Variables (Paavo field codes):

* basic-education-only share = ``ko_perus / ko_ika18y`` (adults 18+ with basic education only)
* unemployment rate = ``pt_tyott / (pt_tyoll + pt_tyott)``
* income level = ``hr_mtu`` (median income of inhabitants 18+, €)
* low-income share = ``tr_pi_tul / tr_kuty`` (households in the lowest of Statistics Finland's national income
  classes) — the closest Paavo variable to "households in the lowest income quintile"
* foreign-language share: **not in Paavo**, so the status index here is the platform's variant without the
  language variable.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yhteiso.analytics.composites import (  # noqa: E402
    city_rate,
    status_index,
    sum_index,
    weakest_decile,
)

DATA = ROOT / "src" / "yhteiso" / "analytics" / "tests" / "data" / "paavo_2019_espoo_postal_areas.csv"


def read_paavo(path: Path = DATA) -> dict[str, np.ndarray]:
    """Columns of the Paavo CSV; numbers as float with ``-1`` and blanks as NaN, codes and names as str."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, np.ndarray] = {}
    for col in rows[0]:
        if col in ("posti_alue", "nimi", "namn", "kunta"):
            out[col] = np.array([r[col] for r in rows])
        else:
            vals = []
            for r in rows:
                s = r[col].strip()
                v = float(s) if s else math.nan
                vals.append(math.nan if v == -1 else v)
            out[col] = np.array(vals)
    return out


def compute(path: Path = DATA) -> dict:
    """Compute every number shown in the document."""
    p = read_paavo(path)
    labour = p["pt_tyoll"] + p["pt_tyott"]
    basic = p["ko_perus"] / p["ko_ika18y"]
    unemp = p["pt_tyott"] / labour
    lowinc = p["tr_pi_tul"] / p["tr_kuty"]
    ids = p["posti_alue"].tolist()
    status = status_index(
        {"basic_education_share": basic, "unemployment_rate": unemp, "median_income": p["hr_mtu"]},
        population=p["he_vakiy"], area_ids=ids,
    )
    city = {
        "basic_education_share": city_rate(p["ko_perus"], p["ko_ika18y"], name="basic_education_share"),
        "low_income_share": city_rate(p["tr_pi_tul"], p["tr_kuty"], name="low_income_share"),
        "unemployment_rate": city_rate(p["pt_tyott"], labour, name="unemployment_rate"),
    }
    sums = sum_index(
        {"basic_education_share": basic, "low_income_share": lowinc, "unemployment_rate": unemp}, city,
        area_ids=ids,
    )
    sum_values = sums.index.filled(np.nan)
    status_values = status.index.filled(np.nan)
    pop = p["he_vakiy"]
    return {
        "paavo": p, "basic": basic, "unemp": unemp, "lowinc": lowinc, "status": status, "sums": sums,
        "city": city,
        "sum_decile_w": weakest_decile(sum_values, pop, weighted=True, reference=100.0),
        "sum_decile_u": weakest_decile(sum_values, pop, weighted=False, reference=100.0),
        "status_decile_w": weakest_decile(status_values, pop, weighted=True, higher_is_weaker=False),
        "status_decile_u": weakest_decile(status_values, pop, weighted=False, higher_is_weaker=False),
    }


def _f(x: float, nd: int = 1) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def _g(x: float) -> str:
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.4f}"


def markdown(r: dict) -> str:
    p = r["paavo"]
    st, su = r["status"], r["sums"]
    lines = []
    lines.append(f"City rates from totals: basic education only {100 * r['city']['basic_education_share']:.2f} %, "
                 f"households in the lowest income class {100 * r['city']['low_income_share']:.2f} %, "
                 f"unemployment rate {100 * r['city']['unemployment_rate']:.2f} %.")
    lines.append("")
    lines.append(
        "Status-index weights: " + ", ".join(f"{k} {v:.3f}" for k, v in st.weights.items())
        + "; population-weighted means: " + ", ".join(f"{k} {_g(v)}" for k, v in st.means.items())
        + "; SDs: " + ", ".join(f"{k} {_g(v)}" for k, v in st.sds.items()) + "."
    )
    lines.append("")
    lines.append("| postal area | name | population | basic educ. % | unemployment % | median income € | "
                 "low-income households % | status index | sum index | weakest decile (sum, pop.-weighted) |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|")
    order = np.argsort(-su.index.filled(-np.inf), kind="stable")
    for i in order:
        lines.append(
            f"| {p['posti_alue'][i]} | {p['nimi'][i]} | {_f(p['he_vakiy'][i], 0)} | {_f(100 * r['basic'][i])} | "
            f"{_f(100 * r['unemp'][i])} | {_f(p['hr_mtu'][i], 0)} | {_f(100 * r['lowinc'][i])} | "
            f"{_f(float(st.index.filled(np.nan)[i]))} | {_f(float(su.index.filled(np.nan)[i]))} | "
            f"{'yes' if r['sum_decile_w'].mask[i] else ''} |"
        )
    lines.append("")
    for key, label in (("sum_decile_w", "sum index, population-weighted"),
                       ("sum_decile_u", "sum index, a tenth of the areas"),
                       ("status_decile_w", "status index, population-weighted"),
                       ("status_decile_u", "status index, a tenth of the areas")):
        d = r[key]
        members = ", ".join(f"{p['posti_alue'][i]} {p['nimi'][i]}" for i in np.flatnonzero(d.mask))
        share = float(np.nansum(p["he_vakiy"][d.mask]) / np.nansum(p["he_vakiy"][~np.isnan(su.index.filled(np.nan))]))
        lines.append(f"- Weakest decile, {label}: {int(d.mask.sum())} areas ({100 * share:.1f} % of the population) — "
                     f"{members}; threshold {d.threshold:.1f}, decile mean {d.decile_mean:.1f}, "
                     f"city {d.city_mean:.1f}, gap {d.gap:+.1f}.")
    return "\n".join(lines)


def write_csv(r: dict, out) -> None:
    p = r["paavo"]
    w = csv.writer(out)
    w.writerow(["posti_alue", "nimi", "he_vakiy", "basic_education_share", "unemployment_rate", "median_income",
                "low_income_share", "status_index", *(f"status_sub_{k}" for k in r["status"].subscores),
                "sum_index", *(f"sum_component_{k}" for k in r["sums"].components), "sum_weakest_decile"])
    for i in range(len(p["posti_alue"])):
        st = r["status"].index.filled(np.nan)[i]
        w.writerow([p["posti_alue"][i], p["nimi"][i], _f(p["he_vakiy"][i], 0), _f(r["basic"][i], 6),
                    _f(r["unemp"][i], 6), _f(p["hr_mtu"][i], 0), _f(r["lowinc"][i], 6), _f(float(st), 4),
                    *(_f(float(s.filled(np.nan)[i]), 4) for s in r["status"].subscores.values()),
                    _f(float(r["sums"].index.filled(np.nan)[i]), 4),
                    *(_f(float(c.filled(np.nan)[i]), 4) for c in r["sums"].components.values()),
                    int(r["sum_decile_w"].mask[i])])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", action="store_true", help="print CSV instead of Markdown")
    ap.add_argument("--data", type=Path, default=DATA, help="Paavo 2019 Espoo CSV")
    a = ap.parse_args(argv)
    r = compute(a.data)
    if a.csv:
        write_csv(r, sys.stdout)
    else:
        print(markdown(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
