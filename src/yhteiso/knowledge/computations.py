"""Which indices the knowledge base computes from which statistics, and the computation itself.

Everything here is declared as data so the methods page, the parameters stored with each result and the code
agree. Each indicator lists *alternatives* in order of preference: the first whose variables exist for the year
(exactly, or failing that one year off — Paavo releases mix statistics years) is used, and the choice is stored in
the computation's parameters. Stand-ins are marked ``stand_in=True`` and explained in docs/methods/knowledge-base.md.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

import yhteiso
from yhteiso.analytics.composites import decile_turnover, status_index, sum_index, weakest_decile
from yhteiso.analytics.indices import multigroup_indices, two_group_indices
from yhteiso.knowledge import recipes
from yhteiso.knowledge.recipes import Alternative, IndicatorRecipe

__all__ = ["Alternative", "IndicatorRecipe"]  # re-exported: the recipes' building blocks


# The plan's figures and their stand-ins are declared once, in recipes.py.
STATUS_COMPONENTS = recipes.STATUS_INDEX.components
SUM_COMPONENTS = recipes.SUM_INDEX.components

# Weights used to form city rates from area rates when the counts are not in the data (fixed base year).
RATE_BASES = {
    "tertiary_educated_share_pct": ("ko_ika18y",),
    "unemployment_rate_pct": ("pt_tyoll", "pt_tyott"),
    "median_income_eur": ("hr_tuy",),
    "foreign_language_share_pct": ("population",),
    "tertiary_educated_15plus_share_pct": ("population",),
}
POPULATION = (("population",), ("he_vakiy",))


@dataclass(frozen=True)
class GroupSpec:
    """A group for D and M: counts (``group``/``total``) or a published rate × fixed-base totals, or a recipe
    component whose alternatives (the plan's definition first) give the counts."""

    group: str
    label: object
    count: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    rate: str | None = None  # a percentage variable
    base: tuple[str, ...] = ()
    recipe: IndicatorRecipe | None = None


def _counts(group: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    count, whole = recipes.DISSIMILARITY_COUNTS[group]
    return (count,), whole


GROUPS = (
    # The plan's D (Chart 1): residents of foreign vs Finnish background; foreign-language speakers as its stand-in.
    GroupSpec(recipes.DISSIMILARITY_GROUP, _("foreign-language speakers"), recipe=recipes.FOREIGN_BACKGROUND),
    GroupSpec("unemployed", _("unemployed"), count=_counts("unemployed"),
              rate="unemployment_rate_pct", base=recipes.DISSIMILARITY_COUNTS["unemployed"][1]),
    GroupSpec("low_income", _("people in the lowest income class"), count=_counts("low_income")),
    GroupSpec("basic_education_only", _("adults with basic education only"), count=_counts("basic_education_only")),
    GroupSpec("tertiary_educated", _("tertiary-educated adults"), rate="tertiary_educated_share_pct",
              base=("ko_ika18y",)),
)
GROUP_LABELS = {g.group: g.label for g in GROUPS}
GROUP_LABELS[recipes.FOREIGN_BACKGROUND.code] = recipes.FOREIGN_BACKGROUND.label  # the plan's D, once imported

TWO_GROUP_STORED = ("dissimilarity", "gini", "theil_entropy", "atkinson", "isolation", "interaction",
                    "correlation_ratio", "min_max")
MULTIGROUP_STORED = ("mutual_information", "multigroup_theil", "multigroup_dissimilarity")
INDEX_LABELS = {
    "dissimilarity": _("dissimilarity index D"),
    "gini": _("Gini index"),
    "theil_entropy": _("Theil's entropy index H"),
    "atkinson": _("Atkinson index"),
    "isolation": _("isolation index"),
    "interaction": _("interaction index"),
    "correlation_ratio": _("correlation ratio"),
    "min_max": _("min–max index"),
    "mutual_information": _("mutual information index M"),
    "multigroup_theil": _("multigroup Theil index H"),
    "multigroup_dissimilarity": _("multigroup dissimilarity index"),
    "status_index": _("status index"),
    "sum_index": _("socioeconomic sum index"),
    "weakest_decile": _("in the weakest decile"),
    "weakest_decile_mean": _("weakest decile, mean sum index"),
    "weakest_decile_gap": _("weakest decile, gap to the city"),
    "weakest_decile_threshold": _("weakest decile, threshold"),
    "decile_turnover": _("weakest decile turnover from the previous year"),
}
AREA_INDICES = ("status_index", "sum_index")

Data = dict[str, dict[int, dict[str, float | None]]]  # variable → year → area → value (None = suppressed)


def _floats(arr) -> list[float | None]:
    """Plain floats from a (masked) array; masked or NaN → None."""
    filled = np.ma.filled(np.ma.asarray(arr, dtype=float), np.nan)
    return [None if math.isnan(v) else float(v) for v in filled.tolist()]


def engine_version() -> str:
    return f"yhteiso {yhteiso.__version__}"


def input_hash(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _sum(data: Data, variables: tuple[str, ...], year: int) -> dict[str, float | None] | None:
    """Σ of the variables per area for a year, or None when a variable has no data that year."""
    per_var = [data.get(v, {}).get(year) for v in variables]
    if any(p is None for p in per_var):
        return None
    areas = set.intersection(*(set(p) for p in per_var))  # type: ignore[arg-type]
    out: dict[str, float | None] = {}
    for a in areas:
        vals = [p[a] for p in per_var]  # type: ignore[index]
        out[a] = None if any(v is None for v in vals) else float(sum(vals))  # type: ignore[arg-type]
    return out


def alternative_values(data: Data, alt: Alternative, year: int) -> dict[str, float | None] | None:
    num = _sum(data, alt.num, year)
    if num is None:
        return None
    den = _sum(data, alt.den, year) if alt.den else None
    if alt.den and den is None:
        return None
    out: dict[str, float | None] = {}
    for a, n in num.items():
        if n is None:
            out[a] = None
            continue
        if alt.den:
            d = den.get(a)  # type: ignore[union-attr]
            if d is None or d == 0:
                out[a] = None
                continue
            v = n / d
        else:
            v = n
        v = v * alt.scale
        if alt.complement:
            v = 1.0 - v
        if alt.reciprocal:
            v = 1.0 / v if v else None
        out[a] = v
    return out


def nearest_values(data: Data, variables: tuple[str, ...], year: int) -> tuple[dict[str, float | None], int | None]:
    """Σ variables from the year nearest to ``year`` that has them all (earlier year wins a tie)."""
    years = set.intersection(*(set(data.get(v, {})) for v in variables)) if variables else set()
    if not years:
        return {}, None
    best = min(years, key=lambda y: (abs(y - year), y))
    return _sum(data, variables, best) or {}, best


def population_for(data: Data, year: int) -> tuple[dict[str, float | None], str, int | None]:
    for variables in POPULATION:
        values, used = nearest_values(data, variables, year)
        if values:
            return values, variables[0], used
    return {}, "", None


def candidate_years(data: Data) -> list[int]:
    years: set[int] = set()
    for var in data.values():
        years.update(var)
    return sorted(years)


# ----------------------------------------------------------------------------------------------------------------
# the three computations; each returns (parameters, inputs, values) or None when the data do not allow it.
# values: list of (index, group, area_code | None, value)
# ----------------------------------------------------------------------------------------------------------------


def compute_segregation(data: Data, year: int):
    params: dict = {"groups": {}, "atkinson_b": 0.5}
    inputs: dict = {}
    values: list = []
    for spec in GROUPS:
        group = total = None
        method = ""
        described: dict = {}
        if spec.recipe:  # the plan's definition when its variables exist this year, else the stand-in
            for index, alt in enumerate(spec.recipe.alternatives):
                g, t = _sum(data, alt.num, year), _sum(data, alt.den, year)
                if g and t:
                    group, total, method = g, t, f"counts {'+'.join(alt.num)} / {'+'.join(alt.den)}"
                    described = {"components": {spec.recipe.code: {
                        "variables": list(alt.num), "denominator": list(alt.den), "stand_in": alt.stand_in,
                        "note": alt.note, "alternative": index, "year": year}},
                        "shown_as": spec.group if alt.stand_in else spec.recipe.code}
                    break
        if group is None and spec.count:
            g, t = _sum(data, spec.count[0], year), _sum(data, spec.count[1], year)
            if g and t:
                group, total, method = g, t, f"counts {'+'.join(spec.count[0])} / {'+'.join(spec.count[1])}"
        if group is None and spec.rate and data.get(spec.rate, {}).get(year):
            base, base_year = nearest_values(data, spec.base, year)
            if base:
                rates = data[spec.rate][year]
                total = base
                group = {a: (None if r is None or base.get(a) is None else r / 100 * base[a])  # type: ignore[operator]
                         for a, r in rates.items()}
                method = (f"{spec.rate} × {'+'.join(spec.base)} of {base_year} "
                          f"(fixed-base estimate; see the methods page)")
        if group is None or total is None:
            continue
        codes = sorted(a for a in group if group[a] is not None and total.get(a) is not None)
        if len(codes) < 2:
            continue
        x = [min(float(group[a]), float(total[a])) for a in codes]  # type: ignore[arg-type]
        t = [float(total[a]) for a in codes]  # type: ignore[arg-type]
        try:
            two = two_group_indices(x, t, unit_ids=codes)
            multi = multigroup_indices([[xi, ti - xi] for xi, ti in zip(x, t, strict=True)],
                                       names=list(MULTIGROUP_STORED), unit_ids=codes)
        except ValueError as err:
            params["groups"][spec.group] = {"skipped": str(err)}
            continue
        params["groups"][spec.group] = {"method": method, "areas": len(codes),
                                        "excluded_areas": sorted(set(group) - set(codes)), **described}
        inputs[spec.group] = [codes, x, t]
        for name in TWO_GROUP_STORED:
            if name in two:
                values.append((name, spec.group, None, two[name]))
        for name in MULTIGROUP_STORED:
            if name in multi:
                values.append((name, spec.group, None, multi[name]))
    if not values:
        return None
    return params, inputs, values


def series_alternative(data: Data, indicator: IndicatorRecipe) -> Alternative | None:
    """The alternative with data in the most years (the earlier-listed one on a tie), so that a series uses the
    same variables every year."""
    best, best_years = None, 0
    years = candidate_years(data)
    for alt in indicator.alternatives:
        n = sum(1 for y in years if alternative_values(data, alt, y))
        if n > best_years:
            best, best_years = alt, n
    return best


def _components(data: Data, components, year: int, *, tolerance: int = 1):
    chosen = {}
    for ind in components:
        alt = series_alternative(data, ind)
        if alt is None:
            continue
        for offset in range(tolerance + 1):
            hit = next(((alternative_values(data, alt, y), y) for y in sorted({year - offset, year + offset})
                        if alternative_values(data, alt, y)), None)
            if hit:
                chosen[ind.code] = (ind, hit[0], alt, hit[1])
                break
    return chosen


def _describe(ind, alt, used) -> dict:
    return {"variables": list(alt.num), "denominator": list(alt.den), "scale": alt.scale,
            "alternative": ind.alternatives.index(alt),
            "reciprocal": alt.reciprocal, "complement": alt.complement, "stand_in": alt.stand_in,
            "note": alt.note, "year": used, "higher_is_better": _hib(ind, alt)}


def _hib(ind: IndicatorRecipe, alt: Alternative) -> bool:
    return ind.higher_is_better if alt.higher_is_better is None else alt.higher_is_better


def compute_status_index(data: Data, year: int, *, require_exact: Callable[[dict], bool] | None = None):
    chosen = _components(data, STATUS_COMPONENTS, year)
    if not any(used == year for _, _, _, used in chosen.values()) or len(chosen) < 2:
        return None
    population, pop_var, pop_year = population_for(data, year)
    codes = sorted(a for a in population if population[a] and all(
        vals.get(a) is not None for _, vals, _, _ in chosen.values()))
    if len(codes) < 3:
        return None
    variables = {k: [float(vals[a]) for a in codes] for k, (_, vals, _, _) in chosen.items()}
    hib = {k: _hib(ind, alt) for k, (ind, _, alt, _) in chosen.items()}
    pop = [float(population[a]) for a in codes]  # type: ignore[arg-type]
    result = status_index(variables, pop, higher_is_better=hib)
    params = {"components": {k: _describe(ind, alt, used) for k, (ind, _, alt, used) in chosen.items()},
              "population": {"variable": pop_var, "year": pop_year}, "weights": "equal",
              "scaling": "population-weighted z-scores, mean 100, SD 10"}
    inputs = {"codes": codes, "variables": variables, "population": pop}
    index = _floats(result.index)
    values = [("status_index", "", a, v) for a, v in zip(codes, index, strict=True)]
    for k, sub in result.subscores.items():
        values += [("status_index", k, a, v) for a, v in zip(codes, _floats(sub), strict=True)]
    decile = weakest_decile([math.nan if v is None else v for v in index], pop, weighted=True,
                            higher_is_weaker=False, reference=100.0)
    values += [("weakest_decile", "status_index", a, 1.0 if m else 0.0)
               for a, m in zip(codes, decile.mask, strict=True)]
    params["weakest_decile"] = "population-weighted, lowest status index"
    return params, inputs, values


def _city_rate(data: Data, alt: Alternative, year: int, rates: dict[str, float | None], codes: list[str]):
    """City rate from totals: Σnum/Σden when the counts exist; else the base-weighted mean of the area rates."""
    if alt.den:
        num, den = _sum(data, alt.num, year), _sum(data, alt.den, year)
        n = sum(num[a] for a in codes if num.get(a) is not None)  # type: ignore[union-attr,misc]
        d = sum(den[a] for a in codes if den.get(a) is not None)  # type: ignore[union-attr,misc]
        return (n / d) * alt.scale, "totals"
    base_vars = RATE_BASES.get(alt.num[0], ())
    base, base_year = nearest_values(data, base_vars, year) if base_vars else ({}, None)
    w = [(float(base[a]), float(rates[a])) for a in codes if base.get(a) and rates.get(a) is not None]  # type: ignore[arg-type]
    if not w:
        return None, ""
    if alt.reciprocal:  # city median income ≈ weighted mean of area medians
        mean_income = sum(b / r for b, r in w) / sum(b for b, _ in w)
        return 1.0 / mean_income, f"1 / mean of area medians weighted by {'+'.join(base_vars)} of {base_year}"
    if alt.complement:  # 1 − weighted mean share
        share = sum(b * (1 - r) for b, r in w) / sum(b for b, _ in w)
        return 1 - share, f"1 − mean share weighted by {'+'.join(base_vars)} of {base_year}"
    return sum(b * r for b, r in w) / sum(b for b, _ in w), f"mean weighted by {'+'.join(base_vars)} of {base_year}"


def compute_sum_index(data: Data, year: int, previous_members: list[str] | None = None):
    chosen = _components(data, SUM_COMPONENTS, year)
    if not any(used == year for _, _, _, used in chosen.values()) or len(chosen) < 2:
        return None
    population, pop_var, pop_year = population_for(data, year)
    rates = {k: vals for k, (_, vals, _, _) in chosen.items()}
    codes = sorted(a for a in population if population[a] and all(r.get(a) is not None for r in rates.values()))
    if len(codes) < 10:
        return None
    city_rates, city_method = {}, {}
    for k, (_ind, _vals, alt, used) in chosen.items():
        rate, how = _city_rate(data, alt, used, rates[k], codes)
        if rate is None or rate <= 0:
            return None
        city_rates[k], city_method[k] = rate, how
    arrays = {k: [float(rates[k][a]) for a in codes] for k in chosen}  # type: ignore[arg-type]
    result = sum_index(arrays, city_rates)
    pop = [float(population[a]) for a in codes]  # type: ignore[arg-type]
    index = _floats(result.index)
    decile = weakest_decile([math.nan if v is None else v for v in index], pop, weighted=True, reference=100.0)
    members = [a for a, m in zip(codes, decile.mask, strict=True) if m]
    params = {"components": {k: _describe(ind, alt, used) | {"city_rate": city_rates[k], "city_rate_from":
                                                              city_method[k]}
                             for k, (ind, _, alt, used) in chosen.items()},
              "population": {"variable": pop_var, "year": pop_year},
              "weakest_decile": "population-weighted"}
    inputs = {"codes": codes, "rates": arrays, "city_rates": city_rates, "population": pop}
    values = [("sum_index", "", a, v) for a, v in zip(codes, index, strict=True)]
    for k, comp in result.components.items():
        values += [("sum_index", k, a, v) for a, v in zip(codes, _floats(comp), strict=True)]
    values += [("weakest_decile", "", a, 1.0 if a in members else 0.0) for a in codes]
    values += [("weakest_decile_mean", "", None, float(decile.decile_mean)),
               ("weakest_decile_gap", "", None, float(decile.gap)),
               ("weakest_decile_threshold", "", None, float(decile.threshold)),
               ("sum_index", "city", None, 100.0)]
    if previous_members is not None:
        values.append(("decile_turnover", "", None, float(decile_turnover(previous_members, members))))
    return params, inputs, values


# ----------------------------------------------------------------------------------------------------------------
# indices of the larger areas (statistical areas, major districts, city centres, the city), computed from the small
# areas' figures — never averaged from the small areas' index values
# ----------------------------------------------------------------------------------------------------------------

ROLLED_SEGREGATION = "segregation_within"
"""The kind of the computation holding each larger area's D over its own small areas."""

ROLLED_TWO_GROUP = ("dissimilarity", "isolation")
"""The two-group indices stored for a larger area, computed over the small areas inside it."""


def compute_segregation_within(source_inputs: dict, source_params: dict, members: dict[str, list[str]]):
    """D (and isolation) of each larger area over its own small areas: the segregation inside a major district is
    the unevenness of the group over the district's small areas (the counts of the small-area computation), not a
    mean of anything. An area with fewer than two small areas with figures, or with no one of the group, gets no
    value. Returns (parameters, inputs, values) like the other computations, or None."""
    params: dict = {"groups": {}, "computed_from": "pienalue", "atkinson_b": 0.5}
    inputs: dict = {}
    values: list = []
    for group, (codes, x, t) in sorted(source_inputs.items()):
        by_code = {c: (xi, ti) for c, xi, ti in zip(codes, x, t, strict=True)}
        parts: dict[str, list[int]] = {}
        for area, small in sorted(members.items()):
            used = [c for c in small if c in by_code and by_code[c][1] > 0]
            if len(used) < 2:
                continue
            gx = [by_code[c][0] for c in used]
            gt = [by_code[c][1] for c in used]
            if sum(gx) <= 0 or sum(gx) >= sum(gt):
                continue
            try:
                two = two_group_indices(gx, gt, names=list(ROLLED_TWO_GROUP), unit_ids=used)
            except ValueError:
                continue
            parts[area] = [len(used), len(small)]
            inputs.setdefault(group, {})[area] = [used, gx, gt]
            values += [(name, group, area, float(two[name])) for name in ROLLED_TWO_GROUP if name in two]
        if parts:
            described = dict((source_params.get("groups") or {}).get(group) or {})
            described.pop("excluded_areas", None)
            params["groups"][group] = {**described, "parts": parts}
    if not values:
        return None
    return params, inputs, values


def _reference_values(data: Data, components: dict, recipe_components) -> dict[str, dict[str, float | None]]:
    """Per component code: the area values of the alternative the source computation used, in its year (a
    component whose variable the larger areas do not have is left out)."""
    out: dict[str, dict[str, float | None]] = {}
    for ind in recipe_components:
        described = components.get(ind.code)
        if described is None:
            continue
        index = described.get("alternative")
        if not isinstance(index, int) or not 0 <= index < len(ind.alternatives):
            continue
        values = alternative_values(data, ind.alternatives[index], int(described["year"]))
        if values:  # else the variable does not roll up (the caller looks for a stand-in that does)
            out[ind.code] = values
    return out


def _finish(alt: Alternative, v: float | None) -> float | None:
    """``scale``, ``complement`` and ``reciprocal`` applied to a ratio (as ``alternative_values`` does)."""
    if v is None:
        return None
    v = v * alt.scale
    if alt.complement:
        v = 1.0 - v
    if alt.reciprocal:
        return 1.0 / v if v else None
    return v


def rolled_alternative_values(small: Data, alt: Alternative, year: int, members: dict[str, list[str]]):
    """The values of a recipe alternative for larger areas, computed from their small areas' published figures:
    Σnum / Σden over the parts (a ratio of counts), or for a ``weight``-ed stand-in the weighted mean of the parts'
    values. As in ``analytics.rollup``, only the parts with published figures enter (a hidden or missing part is
    left out, so nothing hidden can be recovered from the result); None when the small areas do not have the
    alternative's variables that year."""
    if alt.weight:
        num, weight = _sum(small, alt.num, year), _sum(small, alt.weight, year)
        if not num or not weight:
            return None
        pairs = {a: (num[a], weight.get(a)) for a in num}
    else:
        num = _sum(small, alt.num, year)
        den = _sum(small, alt.den, year) if alt.den else None
        if not num or (alt.den and not den):
            return None
        pairs = {a: (num[a], den.get(a) if den is not None else 1.0) for a in num}
    out: dict[str, float | None] = {}
    for area, parts in members.items():
        got = [p for p in (pairs.get(c) for c in parts) if p is not None and p[0] is not None and p[1] is not None]
        if not got:
            continue
        if alt.weight:
            total = sum(float(p[1]) for p in got)  # type: ignore[index,arg-type]
            ratio = (sum(float(p[0]) * float(p[1]) for p in got) / total) if total > 0 else None  # type: ignore[index,arg-type]
        elif alt.den:
            total = sum(float(p[1]) for p in got)  # type: ignore[index,arg-type]
            ratio = sum(float(p[0]) for p in got) / total if total > 0 else None  # type: ignore[index,arg-type]
        else:
            ratio = sum(float(p[0]) for p in got)  # type: ignore[index,arg-type]
        out[area] = _finish(alt, ratio)
    return out


def _rollup_stand_in(ind: IndicatorRecipe, described: dict, small: Data, members: dict[str, list[str]],
                     codes: list[str]):
    """A later alternative of the component that can be computed for the larger areas (counts, or a ``weight``-ed
    mean) where the alternative the small areas used cannot (a median; a share with no denominator in the data):
    (alternative, its index, the small areas' values for ``codes``, the larger areas' values), or None. Its year is
    the small-area computation's, and every small area of the index must have it, so that the reference scale is
    that of the same variable."""
    year = int(described["year"])
    used = described.get("alternative")
    for index, alt in enumerate(ind.alternatives):
        if index == used or not alt.stand_in or not (alt.den or alt.weight):
            continue
        small_values = alternative_values(small, alt, year)
        if not small_values or any(small_values.get(c) is None for c in codes):
            continue
        target = rolled_alternative_values(small, alt, year, members)
        if target:
            return alt, index, {c: float(small_values[c]) for c in codes}, target  # type: ignore[arg-type]
    return None


def _missing_stand_ins(recipe, components: dict, target: dict, small_data, members, codes: list[str]):
    """For each component of ``recipe`` the larger areas lack (``target``), its roll-up stand-in:
    ``[(indicator, described, found)]`` with ``found`` from :func:`_rollup_stand_in`; None when one has none."""
    out = []
    for ind in recipe:
        described = components.get(ind.code)
        if described is None or target.get(ind.code):
            continue
        found = (_rollup_stand_in(ind, described, small_data, members, codes)
                 if small_data is not None and members is not None else None)
        if found is None:
            return None
        out.append((ind, described, found))
    return out


def compute_status_index_rolled(source: tuple, target_data: Data, target_codes: list[str], *,
                                small_data: Data | None = None, members: dict[str, list[str]] | None = None):
    """The status index of larger areas on the small areas' scale: each component recomputed for the larger area
    from its rolled-up counts (e.g. the district's unemployed over its labour force), turned into a z-score with the
    small areas' population-weighted mean and SD, and the composite scaled with the small areas' composite SD — so
    a major district at 95 is where a small area at 95 would be. A component whose small-area variable does not roll
    up (a median, or a share whose denominator is not in the data) is computed from the recipe's stand-in that does
    (``recipes``: mean income from total income / adults; a share weighted by inhabitants), for the small areas and
    the larger areas alike (``small_data``, ``members``: larger area → its small areas), and stored as a stand-in
    (parameters ``rollup_stand_ins``). Never an average of the small areas' index values. None when a component
    has no such stand-in."""
    params, inputs, _values = source
    components = dict(params.get("components") or {})
    target = _reference_values(target_data, components, STATUS_COMPONENTS)
    codes = list(inputs["codes"])
    small_values = {n: dict(zip(codes, inputs["variables"][n], strict=True)) for n in components}
    replaced: dict[str, str] = {}
    missing = _missing_stand_ins(STATUS_COMPONENTS, components, target, small_data, members, codes)
    if missing is None:
        return None
    for ind, described, (alt, _index, small_values[ind.code], target[ind.code]) in missing:
        components[ind.code] = _describe(ind, alt, int(described["year"])) | {"replaces": described}
        replaced[ind.code] = alt.note
    if set(target) != set(components):
        return None
    pop = np.asarray(inputs["population"], dtype=float)
    weight = pop / pop.sum()
    names = list(components)
    z_small = {}
    reference = {}
    for name in names:
        v = np.asarray([small_values[name][c] for c in codes], dtype=float)
        mu = float(weight @ v)
        sd = math.sqrt(float(weight @ (v - mu) ** 2))
        sign = 1.0 if components[name].get("higher_is_better") else -1.0
        if not sd > 0:
            return None
        z_small[name] = sign * (v - mu) / sd
        reference[name] = {"mean": mu, "sd": sd, "sign": sign}
    composite = sum(z_small[n] for n in names) / len(names)
    mu_c = float(weight @ composite)
    sd_c = math.sqrt(float(weight @ (composite - mu_c) ** 2))
    if not sd_c > 0:
        return None
    values = []
    used_inputs: dict[str, dict[str, float]] = {}
    for code in target_codes:
        comp_values = {n: target[n].get(code) for n in names}
        if any(v is None for v in comp_values.values()):
            continue
        z = {n: reference[n]["sign"] * (float(comp_values[n]) - reference[n]["mean"]) / reference[n]["sd"]  # type: ignore[arg-type]
             for n in names}
        c = sum(z.values()) / len(names)
        values.append(("status_index", "", code, 100.0 + 10.0 * (c - mu_c) / sd_c))
        values += [("status_index", n, code, 100.0 + 10.0 * z[n]) for n in names]
        used_inputs[code] = {n: float(comp_values[n]) for n in names}  # type: ignore[arg-type]
    if not used_inputs:
        return None
    out_params = {"components": components, "population": params.get("population"), "weights": "equal",
                  "scaling": "on the small areas' scale: their population-weighted means and SDs",
                  "computed_from": "pienalue", "reference": reference,
                  "composite_reference": {"mean": mu_c, "sd": sd_c}}
    if replaced:
        out_params[recipes.ROLLUP_STAND_INS] = replaced
    return out_params, {"values": used_inputs, "reference": reference}, values


def compute_sum_index_rolled(source: tuple, target_data: Data, target_codes: list[str], *,
                             small_data: Data | None = None, members: dict[str, list[str]] | None = None):
    """The sum index of larger areas: each rate recomputed for the larger area from its rolled-up counts, over
    the city rate the small-area index used (city = 100). A component whose small-area variable does not roll up is
    computed from the recipe's stand-in that does, over that stand-in's city rate from the small areas' totals (as
    in ``compute_status_index_rolled``). None when a component has no such stand-in."""
    params, inputs, _values = source
    components = dict(params.get("components") or {})
    target = _reference_values(target_data, components, SUM_COMPONENTS)
    codes = list(inputs["codes"])
    city = {n: float(components[n]["city_rate"]) for n in components}
    replaced: dict[str, str] = {}
    missing = _missing_stand_ins(SUM_COMPONENTS, components, target, small_data, members, codes)
    if missing is None:
        return None
    for ind, described, (alt, _index, _small, target[ind.code]) in missing:
        year = int(described["year"])
        rate, how = (_weighted_city_rate(small_data, alt, year, codes) if alt.weight else  # type: ignore[arg-type]
                     _city_rate(small_data, alt, year, _small, codes))  # type: ignore[arg-type]
        if rate is None or rate <= 0:
            return None
        city[ind.code] = rate
        components[ind.code] = (_describe(ind, alt, year) | {"city_rate": rate, "city_rate_from": how,
                                                             "replaces": described})
        replaced[ind.code] = alt.note
    if set(target) != set(components):
        return None
    names = list(components)
    values = []
    used_inputs: dict[str, dict[str, float]] = {}
    for code in target_codes:
        rates = {n: target[n].get(code) for n in names}
        if any(v is None for v in rates.values()):
            continue
        parts = {n: 100.0 * float(rates[n]) / city[n] for n in names}  # type: ignore[arg-type]
        values.append(("sum_index", "", code, sum(parts.values()) / len(parts)))
        values += [("sum_index", n, code, v) for n, v in parts.items()]
        used_inputs[code] = {n: float(rates[n]) for n in names}  # type: ignore[arg-type]
    if not used_inputs:
        return None
    out_params = {"components": components, "population": params.get("population"), "computed_from": "pienalue"}
    if replaced:
        out_params[recipes.ROLLUP_STAND_INS] = replaced
    return out_params, {"values": used_inputs, "city_rates": city}, values


def _weighted_city_rate(small: Data, alt: Alternative, year: int, codes: list[str]):
    values, weight = alternative_values(small, alt, year) or {}, _sum(small, alt.weight, year) or {}
    pairs = [(float(values[c]), float(weight[c])) for c in codes  # type: ignore[arg-type]
             if values.get(c) is not None and weight.get(c) is not None]
    total = sum(w for _, w in pairs)
    if not total:
        return None, ""
    return sum(v * w for v, w in pairs) / total, f"mean of the small areas weighted by {'+'.join(alt.weight)}"
