"""Reads of the knowledge base for pages, the API, exports and the council reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from shapely.geometry import Point, shape
from shapely.prepared import prep

from yhteiso.areas.crosswalk import apply
from yhteiso.areas.models import Area, AreaLevel, Crosswalk
from yhteiso.core.formatting import dissimilarity as format_d
from yhteiso.core.publishers import localise_source
from yhteiso.knowledge import computations as comp
from yhteiso.knowledge.models import Computation, Dataset, IndexValue, Observation, Variable
from yhteiso.knowledge.recipes import DISSIMILARITY_GROUP, state_of
from yhteiso.knowledge.variables import kind_of

COUNT_UNITS = {"persons", "households"}
COUNT_PREFIXES = ("he_", "ko_", "pt_", "te_", "ra_", "tp_", "hr_", "tr_")
AVERAGE_CODES = {"he_kika", "hr_ktu", "hr_mtu", "hr_ovy", "tr_ktu", "tr_mtu", "tr_ovy", "te_takk", "te_as_valj",
                 "ra_as_kpa", "pinta_ala"}
INDEX_KEYS = ("status_index", "sum_index")
WITHIN_KEY = "dissimilarity_within"
"""The map key of a larger area's D over its own small areas (the plan's group, ``computations.compute_segregation_
within``)."""
MAP_INDEX_KEYS = (*INDEX_KEYS, WITHIN_KEY)


def _index_filter(code: str) -> dict:
    """The IndexValue filter of a map index key."""
    if code == WITHIN_KEY:
        return {"computation__kind": comp.ROLLED_SEGREGATION, "index": "dissimilarity", "group": DISSIMILARITY_GROUP}
    return {"index": code, "group": ""}


def _index_label(code: str) -> str:
    if code == WITHIN_KEY:
        return str(_("dissimilarity index D of foreign-language speakers over the area's small areas"))
    return str(comp.INDEX_LABELS.get(code, code))
LEVEL_LABELS = dict(AreaLevel.choices)
MAP_LEVELS = (AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA, AreaLevel.STATISTICAL_AREA, AreaLevel.MAJOR_DISTRICT,
              AreaLevel.CITY_CENTRE)
UNIT_LABELS = {"persons": _("persons"), "households": _("households"), "years": _("years"), "%": "%", "€": "€"}


def is_count(variable: Variable) -> bool:
    kind = kind_of(variable.code)
    if kind is not None:
        return kind.kind == "count"
    if variable.unit:
        return variable.unit in COUNT_UNITS
    return variable.code.startswith(COUNT_PREFIXES) and variable.code not in AVERAGE_CODES


def levels_with_data() -> list[tuple[str, str]]:
    # order_by(): the default ordering (variable, year, area) would make DISTINCT return every observation
    present = set(Observation.objects.order_by().values_list("area__level", flat=True).distinct())
    return [(lvl, LEVEL_LABELS[lvl]) for lvl in MAP_LEVELS if lvl in present]


def indicator_choices(level: str) -> list[tuple[str, str]]:
    """(key, label) of what can be mapped on a level: the stored indices, then every variable with data."""
    out = []
    for key in MAP_INDEX_KEYS:
        if IndexValue.objects.filter(computation__level=level, area__isnull=False, **_index_filter(key)).exists():
            out.append((f"idx:{key}", _index_label(key)))
    variables = list(Variable.objects.filter(observations__area__level=level).distinct().order_by("code"))
    # The name alone (a raw column code means nothing to a reader); the code only tells apart two equal names.
    names = [v.name for v in variables]
    for v in variables:
        out.append((f"var:{v.code}", v.name if names.count(v.name) == 1 else f"{v.name} ({v.code})"))
    return out


def _split_key(key: str) -> tuple[str, str]:
    kind, _, code = key.partition(":")
    if kind not in ("var", "idx") or not code:
        raise ValueError(f"unknown indicator {key!r}")
    return kind, code


def indicator_label(key: str) -> str:
    kind, code = _split_key(key)
    if kind == "idx":
        return _index_label(code)
    var = Variable.objects.filter(code=code).first()
    return var.name if var else code


def indicator_years(level: str, key: str) -> list[int]:
    kind, code = _split_key(key)
    if kind == "idx":
        qs = Computation.objects.filter(level=level, values__area__isnull=False, **{
            k.replace("computation__", "").replace("index", "values__index").replace("group", "values__group"): v
            for k, v in _index_filter(code).items()})
    else:
        qs = Observation.objects.filter(area__level=level, variable__code=code)
    return sorted(set(qs.order_by().values_list("year", flat=True).distinct()))


def indicator_years_for_areas(level: str, area_codes) -> dict[str, list[int]]:
    """Every indicator key of ``level`` (as :func:`indicator_choices`) with the years in which at least one of the
    areas ``area_codes`` has a value — two queries, however many indicators."""
    codes = list(area_codes)
    found: dict[str, set[int]] = defaultdict(set)
    for key in MAP_INDEX_KEYS:
        for year in IndexValue.objects.filter(
                computation__level=level, area__code__in=codes, area__level=level, value__isnull=False,
                **_index_filter(key)).order_by().values_list("computation__year", flat=True).distinct():
            found[f"idx:{key}"].add(year)
    for code, year in Observation.objects.filter(
            area__level=level, area__division="", area__code__in=codes, value__isnull=False).order_by().values_list(
            "variable__code", "year").distinct():
        found[f"var:{code}"].add(year)
    return {key: sorted(years) for key, years in found.items()}


def indicator_unit(key: str) -> str:
    """The unit of an indicator: the variable's (``%``, ``€``, ``persons`` …), ``index`` for an index."""
    kind, code = _split_key(key)
    if kind == "idx":
        return "index"
    return Variable.objects.filter(code=code).values_list("unit", flat=True).first() or ""


def indicator_values(level: str, key: str, year: int) -> dict[str, dict]:
    """``{area_code: {"value": float|None, "suppressed": bool}}`` for one indicator and year."""
    kind, code = _split_key(key)
    out: dict[str, dict] = {}
    if kind == "idx":
        for area_code, value in IndexValue.objects.filter(
                computation__level=level, computation__year=year, area__isnull=False,
                **_index_filter(code)).values_list("area__code", "value"):
            out[area_code] = {"value": value, "suppressed": False}
    else:
        for area_code, value, suppressed, computed, used, total in Observation.objects.filter(
                area__level=level, area__division="", variable__code=code, year=year).values_list(
                "area__code", "value", "suppressed", "computed_from", "parts_used", "parts_total"):
            out[area_code] = {"value": value, "suppressed": suppressed,
                              "computed": computed_label(computed, used, total),
                              "partial": bool(computed and total and used is not None and used < total)}
    return out


COMPUTED_FROM = {
    AreaLevel.SMALL_AREA: _("computed from small areas"),
    AreaLevel.STATISTICAL_AREA: _("computed from statistical areas"),
    AreaLevel.MAJOR_DISTRICT: _("computed from major districts"),
    AreaLevel.POSTAL_AREA: _("computed from postal code areas"),
    AreaLevel.GRID_CELL: _("computed from grid cells"),
}


def computed_label(computed_from: str, parts_used: int | None = None, parts_total: int | None = None) -> str:
    """"computed from small areas (84 of 88)": how a rolled-up figure was made, for pages and exports ("" for an
    imported figure). The count of parts is given only when some had no published figure."""
    if not computed_from:
        return ""
    phrase = str(COMPUTED_FROM.get(computed_from, computed_from))
    if parts_total and parts_used is not None and parts_used < parts_total:
        return str(_("%(phrase)s (%(used)s of %(total)s)")) % {"phrase": phrase, "used": parts_used,
                                                               "total": parts_total}
    return phrase


def computed_from_for(level: str, key: str, year: int) -> str:
    """The level a map's figures were rolled up from ("" when they were imported as they are)."""
    kind, code = _split_key(key)
    if kind != "var":
        return ""
    levels = set(Observation.objects.filter(area__level=level, variable__code=code, year=year)
                 .order_by().values_list("computed_from", flat=True).distinct())
    return next((lvl for lvl in sorted(levels) if lvl), "")


def attributions_for(level: str, key: str | None = None) -> list[Dataset]:
    """The datasets behind an indicator on a level (or behind everything on it)."""
    qs = Observation.objects.filter(area__level=level)
    if key:
        kind, code = _split_key(key)
        if kind == "var":
            qs = qs.filter(variable__code=code)
    ids = set(qs.order_by().values_list("dataset_id", flat=True).distinct())
    return list(Dataset.objects.filter(pk__in=ids))


def boundary_attributions(level: str) -> list[str]:
    return sorted({a for a in Area.objects.filter(level=level).exclude(boundary_source=None)
                  .values_list("boundary_source__attribution", flat=True) if a})


def display_geometry(geometry: dict, tolerance: float = 0.0002) -> dict:
    """The boundary simplified for a city-wide map (0.0002° ≈ 10–20 m; topology kept, so no area vanishes)."""
    from shapely.geometry import mapping, shape

    return mapping(shape(geometry).simplify(tolerance, preserve_topology=True))


# The colour rule of every map (more need = darker and warmer): the direction of each index that has a meaning of
# need, and the centre of the indices scaled so that the city = 100. Pages and reports read it here.
NEED_DIRECTION = {"idx:status_index": "low", "idx:sum_index": "high"}
CITY_100 = {"idx:status_index", "idx:sum_index"}


def map_colour_rule(key: str) -> tuple[str, float | None]:
    """``(need, center)`` for a map variable: whether low or high values mean more need, and the centre of a
    diverging scale (100 for the indices with city = 100, else ``None``)."""
    return NEED_DIRECTION.get(key, "high"), (100.0 if key in CITY_100 else None)


def map_features(level: str, key: str, year: int, *, simplify: bool = True) -> list[dict]:
    values = indicator_values(level, key, year)
    features = []
    for area in Area.objects.filter(level=level, division="").exclude(geometry_wgs84=None).order_by("code"):
        v = values.get(area.code, {})
        geometry = display_geometry(area.geometry_wgs84) if simplify else area.geometry_wgs84
        features.append({"code": area.code, "name": area.name, "geometry": geometry,
                         "value": v.get("value"), "suppressed": v.get("suppressed", False),
                         "computed": v.get("computed", ""), "partial": v.get("partial", False)})
    return features


def recipe_note(computation: Computation | None, group: str = "") -> str:
    """The sentence saying that a stored figure of the plan (its D, status index or sum index) is computed from a
    stand-in or lacks a component, naming them; "" when it follows the plan's definition or is not the plan's."""
    if computation is None:
        return ""
    if computation.kind == comp.ROLLED_SEGREGATION and not group:
        group = DISSIMILARITY_GROUP  # a larger area's map of D is the plan's D
    state = state_of(computation.kind, computation.parameters or {}, group)
    return state.note() if state else ""


def computation_for(level: str, key: str, year: int) -> Computation | None:
    kind, code = _split_key(key)
    if kind != "idx":
        return None
    return Computation.objects.filter(level=level, year=year,
                                      kind=comp.ROLLED_SEGREGATION if code == WITHIN_KEY else code).first()


# -- city values and area profiles --------------------------------------------------------------------------------


def population_nearest(level: str, year: int) -> tuple[int | None, dict[str, float]]:
    """The areas' populations (``population``, else Paavo's ``he_vakiy``) from the year nearest ``year`` (the
    earlier of two equally near): ``(year used, {area_code: persons})``; ``(None, {})`` without any."""
    for code in ("population", "he_vakiy"):
        years = list(Observation.objects.filter(area__level=level, variable__code=code, value__isnull=False)
                     .order_by().values_list("year", flat=True).distinct())
        if years:
            best = min(years, key=lambda y: (abs(y - year), y))
            return best, dict(Observation.objects.filter(
                area__level=level, variable__code=code, year=best, value__isnull=False).values_list(
                "area__code", "value"))
    return None, {}


def latest_populations(level: str) -> dict[int, dict]:
    """Each area's latest population on ``level``, for figures that need nothing else of the area: ``{area id:
    {"value", "year", "variable", "source", "licence"}}`` from ``population``, else Paavo's ``he_vakiy`` (the newer
    year first; in one year ``population`` first). One query for the whole level (reading every statistic of each
    area took a query and a few hundred rows per area); the source names a roll-up as :func:`area_observations`
    does."""
    rows = (Observation.objects.filter(area__level=level, variable__code__in=("population", "he_vakiy"),
                                       value__isnull=False)
            .order_by().values_list("area_id", "variable__code", "year", "value", "dataset__attribution",
                                    "dataset__licence", "computed_from", "parts_used", "parts_total"))
    best: dict[int, tuple[tuple[int, bool], dict]] = {}
    for area_id, variable, year, value, attribution, licence, computed_from, used, total in rows:
        rank = (year, variable == "population")
        if area_id not in best or rank > best[area_id][0]:
            best[area_id] = (rank, {"value": value, "year": year, "variable": variable, "licence": licence,
                                    "source": "; ".join(filter(None, [attribution, computed_label(
                                        computed_from, used, total)]))})
    return {area_id: figure for area_id, (_rank, figure) in best.items()}


def _population(level: str, year: int) -> dict[str, float]:
    return population_nearest(level, year)[1]


STUDENTS, MAIN_ACTIVITY_TOTAL = "pt_opisk", "pt_vakiy"


def _student_counts(level: str, year: int) -> tuple[int | None, dict[str, float], dict[str, float]]:
    rows = Observation.objects.filter(area__level=level, area__division="", value__isnull=False,
                                      variable__code__in=(STUDENTS, MAIN_ACTIVITY_TOTAL))
    years = set(rows.filter(variable__code=STUDENTS).order_by().values_list("year", flat=True).distinct())
    years &= set(rows.filter(variable__code=MAIN_ACTIVITY_TOTAL).order_by().values_list("year", flat=True)
                 .distinct())
    if not years:
        return None, {}, {}
    best = min(years, key=lambda y: (abs(y - year), y))
    counts: dict[str, dict[str, float]] = {STUDENTS: {}, MAIN_ACTIVITY_TOTAL: {}}
    for code, area, value in rows.filter(year=best).values_list("variable__code", "area__code", "value"):
        counts[code][area] = value
    return best, counts[STUDENTS], counts[MAIN_ACTIVITY_TOTAL]


def student_shares(level: str, year: int) -> dict[str, dict]:
    """Students' share (%) of the residents by main activity (Paavo ``pt_opisk`` / ``pt_vakiy``) per area code, from
    the year nearest ``year``: ``{code: {"share": %, "year": y, "estimated": bool}}``. A geography without these
    variables (the pienalue) gets them from the postal areas through the crosswalk — both counts split by the
    weights, then divided — marked as estimated. Empty when neither exists."""
    best, students, total = _student_counts(level, year)
    estimated = False
    if best is None:
        source = AreaLevel.POSTAL_AREA
        best, src_students, src_total = _student_counts(source, year)
        links = Crosswalk.objects.filter(source__level=source, target__level=level)
        method = "population" if links.filter(method="population").exists() else "land_area"
        weights = {(s, t): w for s, t, w in links.filter(method=method).values_list(
            "source__code", "target__code", "weight")}
        if best is None or not weights:
            return {}
        students = {k: v for k, v in apply(src_students, weights, kind="count").items() if v is not None}
        total = {k: v for k, v in apply(src_total, weights, kind="count").items() if v is not None}
        estimated = True
    return {code: {"share": 100.0 * n / total[code], "year": best, "estimated": estimated}
            for code, n in students.items() if total.get(code)}


def _city_from_rows(variable: Variable, rows: list[tuple[str, float]], pop: dict[str, float]) -> float | None:
    if not rows:
        return None
    if is_count(variable):
        return float(sum(v for _, v in rows))
    weighted = [(pop.get(a), v) for a, v in rows if pop.get(a)]
    if weighted:
        return sum(p * v for p, v in weighted) / sum(p for p, _ in weighted)
    return sum(v for _, v in rows) / len(rows)


def city_value(level: str, variable: Variable, year: int) -> float | None:
    """Espoo's value: the sum of the areas for counts; the population-weighted mean of the areas otherwise."""
    rows = list(Observation.objects.filter(area__level=level, area__division="", variable=variable, year=year,
                                           value__isnull=False).values_list("area__code", "value"))
    return _city_from_rows(variable, rows, {} if is_count(variable) else _population(level, year))


def area_statistics(area: Area) -> list[dict]:
    """Every variable of the area: latest value and year, the city value, the series (trend) and the source."""
    out = []
    obs = (Observation.objects.filter(area=area).select_related("variable", "dataset").order_by("variable__code",
                                                                                                 "year"))
    by_var: dict[int, list[Observation]] = defaultdict(list)
    for o in obs:
        by_var[o.variable_id].append(o)
    level_rows: dict[tuple[int, int], list[tuple[str, float]]] = defaultdict(list)
    for var_id, year, code, value in Observation.objects.filter(
            area__level=area.level, area__division="", variable_id__in=list(by_var), value__isnull=False
    ).values_list("variable_id", "year", "area__code", "value"):
        level_rows[(var_id, year)].append((code, value))
    pops: dict[int, dict[str, float]] = {}
    # Espoo's own figure where it is stored (rolled up from the small areas: summed numerators and denominators),
    # the same for every area page; otherwise worked out from this level's areas as before.
    city_stored: dict[tuple[int, int], float | None] = {}
    for var_id, year, value, suppressed in Observation.objects.filter(
            area__level=AreaLevel.CITY, area__division="", variable_id__in=list(by_var)).order_by(
            "computed_from").values_list("variable_id", "year", "value", "suppressed"):
        city_stored.setdefault((var_id, year), None if suppressed else value)

    def city(var: Variable, year: int) -> float | None:
        if (var.pk, year) in city_stored:
            return city_stored[(var.pk, year)]
        if not is_count(var) and year not in pops:
            pops[year] = _population(area.level, year)
        return _city_from_rows(var, level_rows.get((var.pk, year), []), pops.get(year, {}))

    for items in by_var.values():
        var = items[0].variable
        latest = items[-1]
        series = [(o.year, o.value) for o in items]
        city_series = [(y, city(var, y)) for y, _ in series] if len(series) > 1 else []
        values = [v for _, v in series if v is not None]
        trend = values[-1] - values[0] if len(values) >= 2 else None
        out.append({
            "code": var.code, "name": var.name, "unit": str(UNIT_LABELS.get(var.unit, var.unit)), "year": latest.year,
            "value": latest.value,
            "suppressed": latest.suppressed, "city": city(var, latest.year),
            "series": series, "city_series": city_series, "trend": trend,
            "first_year": series[0][0], "dataset": latest.dataset, "is_count": is_count(var),
            "computed": computed_label(latest.computed_from, latest.parts_used, latest.parts_total),
        })
    out.sort(key=lambda r: (r["is_count"], str(r["name"])))
    return out


def area_observations(area: Area) -> list[dict]:
    """Every stored statistic of the area with its variable, year, source and licence (for the API)."""
    # a figure rolled up from smaller areas says so in its source ("…; computed from small areas (84 of 88)")
    return [{"variable": o.variable.code, "name": o.variable.name, "unit": o.variable.unit, "year": o.year,
             "value": o.value, "suppressed": o.suppressed,
             "source": "; ".join(filter(None, [o.dataset.attribution, computed_label(
                 o.computed_from, o.parts_used, o.parts_total)])),
             "licence": o.dataset.licence}
            for o in Observation.objects.filter(area=area).select_related("variable", "dataset")
            .order_by("variable__code", "year")]


def area_index_values(area: Area) -> list[dict]:
    """The area's stored index values (status index, sum index …) per year, with their computation (for the API)."""
    return [{"index": v.index, "year": v.computation.year, "value": v.value, "computation": v.computation_id}
            for v in IndexValue.objects.filter(area=area, group="").select_related("computation")
            .order_by("index", "computation__year")]


def area_indices(area: Area) -> list[dict]:
    """The area's status index and sum index over the years (the city is 100 for both)."""
    out = []
    for key in INDEX_KEYS:
        rows = list(IndexValue.objects.filter(area=area, index=key, group="").select_related("computation")
                    .order_by("computation__year"))
        if rows:
            out.append({"index": key, "label": comp.INDEX_LABELS[key],
                        "series": [(r.computation.year, r.value) for r in rows],
                        "latest": rows[-1].value, "year": rows[-1].computation.year,
                        "computation": rows[-1].computation, "note": recipe_note(rows[-1].computation),
                        "rolled": bool((rows[-1].computation.parameters or {}).get("computed_from"))})
    in_decile = (IndexValue.objects.filter(area=area, index="weakest_decile", group="")
                 .order_by("-computation__year").select_related("computation").first()
                 or IndexValue.objects.filter(area=area, index="weakest_decile", group="status_index")
                 .order_by("-computation__year").select_related("computation").first())
    if in_decile:
        out.append({"index": "weakest_decile", "label": comp.INDEX_LABELS["weakest_decile"],
                    "series": [], "latest": in_decile.value, "year": in_decile.computation.year,
                    "computation": in_decile.computation, "note": ""})
    return out


def levels_with_segregation_within() -> set[str]:
    """The area levels whose areas have their own D over their small areas (one query; for callers that would
    otherwise ask area by area)."""
    return set(IndexValue.objects.filter(computation__kind=comp.ROLLED_SEGREGATION, area__isnull=False)
               .values_list("area__level", flat=True).distinct())


def area_segregation_within(area: Area) -> list[dict]:
    """A larger area's segregation over its own small areas, latest year per group: D (and the isolation index)
    computed from the small areas' counts, with how many of its small areas had figures and the city's D over all
    small areas of the same year for comparison."""
    rows = list(IndexValue.objects.filter(area=area, computation__kind=comp.ROLLED_SEGREGATION,
                                          index="dissimilarity").select_related("computation")
                .order_by("group", "-computation__year"))
    if not rows:
        return []
    city = {(v.group, v.computation.year): v.value for v in IndexValue.objects.filter(
        index="dissimilarity", area__isnull=True, computation__kind="segregation",
        computation__level=AreaLevel.SMALL_AREA)}
    out, seen = [], set()
    for v in rows:
        if v.group in seen:
            continue
        seen.add(v.group)
        c = v.computation
        described = ((c.parameters or {}).get("groups") or {}).get(v.group) or {}
        used, total = (described.get("parts") or {}).get(area.code, [None, None])
        shown_as = described.get("shown_as", v.group)
        out.append({"group": v.group,
                    "label": str(comp.GROUP_LABELS.get(shown_as, comp.GROUP_LABELS.get(v.group, v.group))),
                    "year": c.year, "value": v.value, "city": city.get((v.group, c.year)),
                    "shown": format_d(v.value), "city_shown": format_d(city.get((v.group, c.year))),
                    "parts_used": used, "parts_total": total, "computation": c,
                    "note": recipe_note(c, v.group) if v.group == DISSIMILARITY_GROUP else ""})
    out.sort(key=lambda r: (r["group"] != DISSIMILARITY_GROUP, r["label"]))
    return out


def crosswalked_statistics(area: Area) -> list[dict]:
    """Rates of another geography carried onto this area through the crosswalk (e.g. Paavo postal-area figures
    on a pienalue), for the latest year of each variable. Counts are split by the weights, rates averaged."""
    weights = list(Crosswalk.objects.filter(target=area).select_related("source"))
    if not weights:
        return []
    sources = {w.source_id: w.weight for w in weights}
    out = []
    # named variables only (the raw Paavo count columns stay on the postal areas' own pages)
    variables = [v for v in Variable.objects.filter(observations__area_id__in=list(sources)).distinct()
                 if v.name_fi]
    for var in variables:
        latest = Observation.objects.filter(area_id__in=list(sources), variable=var).aggregate(y=Max("year"))["y"]
        vals = dict(Observation.objects.filter(area_id__in=list(sources), variable=var, year=latest)
                .values_list("area_id", "value"))
        result = apply(vals, {(a, "t"): w for a, w in sources.items() if a in vals},
                       kind="count" if is_count(var) else "rate")
        if "t" in result:
            out.append({"code": var.code, "name": var.name, "unit": str(UNIT_LABELS.get(var.unit, var.unit)),
                        "year": latest,
                        "value": result["t"], "sources": len(vals), "count": is_count(var),
                        "source_level": str(LEVEL_LABELS.get(weights[0].source.level, weights[0].source.level))})
    out.sort(key=lambda r: r["name"])
    return out


# -- series for the charts ----------------------------------------------------------------------------------------


def dissimilarity_series(*, max_year: int | None = None, index: str = "dissimilarity") -> list[dict]:
    """Kaavio 1: one series per group and geography ``{"group", "level", "label", "points": [(year, value)]}``."""
    qs = IndexValue.objects.filter(index=index, area__isnull=True).select_related("computation")
    if max_year:
        qs = qs.filter(computation__year__lte=max_year)
    groups: dict[tuple[str, str], list] = defaultdict(list)
    latest: dict[tuple[str, str], Computation] = {}
    for v in qs.order_by("computation__year"):
        groups[(v.group, v.computation.level)].append((v.computation.year, v.value))
        latest[(v.group, v.computation.level)] = v.computation
    out = []
    for (group, level), points in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        c = latest[(group, level)]
        # the plan's D is named by what it was computed from: foreign background, or its stand-in
        shown_as = ((c.parameters or {}).get("groups") or {}).get(group, {}).get("shown_as", group)
        name = str(comp.GROUP_LABELS.get(shown_as, comp.GROUP_LABELS.get(group, group)))
        label = f"{name} ({LEVEL_LABELS.get(level, level)})"
        out.append({"group": group, "level": level, "label": label, "name": name, "points": points,
                    "note": recipe_note(c, group) if group == DISSIMILARITY_GROUP else ""})
    return out


def sum_index_series(*, max_year: int | None = None) -> list[dict]:
    """Kaavio 2: the weakest decile's mean sum index per year for each geography (city = 100)."""
    qs = IndexValue.objects.filter(index="weakest_decile_mean", area__isnull=True).select_related("computation")
    if max_year:
        qs = qs.filter(computation__year__lte=max_year)
    by_level: dict[str, list] = defaultdict(list)
    turnover = {(v.computation.level, v.computation.year): v.value for v in
                IndexValue.objects.filter(index="decile_turnover").select_related("computation")}
    notes: dict[str, str] = {}
    for v in qs.order_by("computation__year"):
        by_level[v.computation.level].append((v.computation.year, v.value,
                                              turnover.get((v.computation.level, v.computation.year))))
        notes[v.computation.level] = recipe_note(v.computation)
    return [{"level": lvl, "label": str(LEVEL_LABELS.get(lvl, lvl)), "points": pts, "note": notes[lvl]}
            for lvl, pts in by_level.items()]


# -- council report ------------------------------------------------------------------------------------------------


def report_highlights(*, as_of: dt.date) -> dict:
    """Figures for the council reports, using statistics up to ``as_of``'s year: the dissimilarity trend per group,
    the sum index's weakest-decile series (city = 100), the status index map of the latest year and the latest
    values, with the attributions. Empty structures when there are no data."""
    max_year = as_of.year
    dissimilarity = dissimilarity_series(max_year=max_year)
    sum_series = sum_index_series(max_year=max_year)
    status = {"level": None, "year": None, "features": [], "computation": None}
    comp_qs = Computation.objects.filter(kind="status_index", year__lte=max_year)
    best = None
    for lvl in (AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA):
        c = comp_qs.filter(level=lvl).order_by("-year").first()
        if c:
            best = c
            break
    if best:
        status = {"level": best.level, "year": best.year,
                  "features": map_features(best.level, "idx:status_index", best.year),
                  "computation": {"id": best.pk, "engine_version": best.engine_version,
                                  "input_hash": best.input_hash, "parameters": best.parameters},
                  "note": recipe_note(best)}
    latest = {}
    for s in dissimilarity:
        if s["points"]:
            y, v = s["points"][-1]
            latest[f"dissimilarity:{s['group']}:{s['level']}"] = {"label": s["label"], "year": y, "value": v}
    for s in sum_series:
        if s["points"]:
            y, v, _t = s["points"][-1]
            latest[f"weakest_decile_mean:{s['level']}"] = {"label": s["label"], "year": y, "value": v}
    datasets = list(Dataset.objects.filter(observations__year__lte=max_year).distinct())
    attributions = sorted({localise_source(a, get_language() or "fi") for a in
                           {d.attribution for d in datasets if d.attribution}
                           | {a for lvl in MAP_LEVELS for a in boundary_attributions(lvl)}})
    # a figure of the plan computed from a stand-in says so in the report too (one sentence per recipe and level)
    notes = {f"{s['label']}: {s['note']}" for s in dissimilarity if s.get("note")}
    notes |= {f"{comp.INDEX_LABELS['sum_index']} ({s['label']}): {s['note']}" for s in sum_series if s.get("note")}
    if status.get("note"):
        notes.add(f"{comp.INDEX_LABELS['status_index']}: {status['note']}")
    recipe_notes = sorted(notes)
    return {"as_of": as_of, "dissimilarity": dissimilarity, "sum_index_weakest_decile": sum_series,
            "status_index_map": status, "latest": latest, "attributions": attributions,
            "recipe_notes": recipe_notes}


def load_data(level: str) -> comp.Data:
    data: comp.Data = {}
    rows = Observation.objects.filter(area__level=level, area__division="").values_list(
        "variable__code", "year", "area__code", "value")
    for var, year, area, value in rows:
        data.setdefault(var, {}).setdefault(year, {})[area] = value
    return data


# -- population margins for survey weighting ------------------------------------------------------------------------

MARGIN_VARIABLES = {"population": "population", "foreign": "foreign_language_count_est",
                    "domestic": "other_language_count_est"}


def population_margin_years() -> list[int]:
    """Years for which small-area populations exist (the margins' possible years), newest first."""
    return sorted(Observation.objects.filter(area__level=AreaLevel.SMALL_AREA, variable__code="population",
                                             value__isnull=False).order_by().values_list("year", flat=True)
                  .distinct(),
                  reverse=True)


def population_margins(year: int | None = None) -> dict | None:
    """Espoo's population by major district and by language group, summed from the small areas (pienalue) of one
    year (default: the newest), for weighting survey answers (``docs/methods/survey-weighting.md``)::

        {"year": 2025, "area": {suuralue code: persons}, "language": {"domestic": persons, "other": persons},
         "age": None}

    "domestic" is Finnish, Swedish and Sámi speakers together (the knowledge base does not split them); "age" is
    None because no population by the surveys' age groups is stored. None when no population exists for the year.
    """
    years = population_margin_years()
    if year is None:
        year = years[0] if years else None
    if year is None or year not in years:
        return None
    rows = (Observation.objects.filter(area__level=AreaLevel.SMALL_AREA, area__division="", year=year,
                                       variable__code__in=MARGIN_VARIABLES.values(), value__isnull=False)
            .values_list("area_id", "variable__code", "value"))
    by_area: dict[int, dict[str, float]] = defaultdict(dict)
    for area_id, code, value in rows:
        by_area[area_id][code] = value
    major = {}
    # Only the fields the walk up needs: the boundaries (two JSON geometries per area) would be decoded for nothing.
    for area in Area.objects.filter(pk__in=by_area).select_related("parent__parent").only(
            "level", "code", "parent", "parent__level", "parent__code", "parent__parent",
            "parent__parent__level", "parent__parent__code"):
        node = area
        while node is not None and node.level != AreaLevel.MAJOR_DISTRICT:
            node = node.parent
        if node is not None:
            major[area.pk] = node.code
    area_margin: dict[str, float] = defaultdict(float)
    language = {"domestic": 0.0, "other": 0.0}
    for area_id, values in by_area.items():
        if area_id in major and "population" in values:
            area_margin[major[area_id]] += values["population"]
        if MARGIN_VARIABLES["foreign"] in values and MARGIN_VARIABLES["domestic"] in values:
            language["other"] += values[MARGIN_VARIABLES["foreign"]]
            language["domestic"] += values[MARGIN_VARIABLES["domestic"]]
    if not area_margin:
        return None
    return {"year": year, "area": dict(area_margin),
            "language": language if sum(language.values()) > 0 else None, "age": None}


def rollup_members(source_level: str) -> dict[str, dict[str, list[str]]]:
    """``{target level: {target code: [source codes]}}``: every area above the source level's areas in the
    hierarchy (through their parents), and, from small areas, each city centre's small areas (those whose interior
    point lies inside the centre's boundary: a centre is drawn from statistical areas, not a parent of them)."""
    rows = list(Area.objects.filter(division="").values_list("pk", "level", "code", "parent_id", "label_lon",
                                                              "label_lat"))
    by_pk = {pk: (level, code, parent) for pk, level, code, parent, _x, _y in rows}
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    sources = [(code, parent, x, y) for _pk, level, code, parent, x, y in rows if level == source_level]
    for code, parent, _x, _y in sources:
        node = by_pk.get(parent)
        while node is not None:
            members[node[0]][node[1]].append(code)
            node = by_pk.get(node[2])
    if source_level == AreaLevel.SMALL_AREA:
        for centre in Area.objects.filter(level=AreaLevel.CITY_CENTRE, division="").exclude(geometry_wgs84=None):
            inside = prep(shape(centre.geometry_wgs84))
            for code, _parent, x, y in sources:
                if x is not None and y is not None and inside.contains(Point(x, y)):
                    members[AreaLevel.CITY_CENTRE][centre.code].append(code)
    return {level: dict(m) for level, m in members.items()}
