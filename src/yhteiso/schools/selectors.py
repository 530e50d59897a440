"""Reads of the schools app. Every count shown to the public passes through :func:`shown` (small cells hidden with
the shared suppression rules); computed shares and indices are taken from the unsuppressed aggregates but a share is
shown only where its base reaches the policy's ``min_n``."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import lru_cache

from django.db.models import Sum

from yhteiso.analytics.suppression import Policy, suppress_counts
from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge.models import IndexValue, Observation
from yhteiso.schools import analysis
from yhteiso.schools.models import (
    Application,
    CatchmentArea,
    CatchmentFlow,
    Cohort,
    IndicatorProposal,
    IndicatorProposalStatus,
    PupilCount,
    School,
    SchoolImport,
)

POLICY = Policy(min_count=5, min_n=10)


def shown(counts: list[int]) -> list[int | None]:
    """Counts of one partition with small cells (and a recoverable complement) hidden."""
    return suppress_counts([int(c) for c in counts], policy=POLICY)


def share(num: int, den: int) -> float | None:
    return num / den if den >= POLICY.min_n else None


def example_sources() -> list[SchoolImport]:
    return list(SchoolImport.objects.filter(is_example=True))


def has_data() -> bool:
    return PupilCount.objects.exists() or CatchmentFlow.objects.exists()


def years() -> list[int]:
    # order_by("year"): the models' default ordering would join the schools and make DISTINCT return every row
    ys = set(PupilCount.objects.order_by("year").values_list("year", flat=True).distinct())
    ys |= set(CatchmentFlow.objects.order_by("year").values_list("year", flat=True).distinct())
    return sorted(ys)


def latest_year() -> int | None:
    ys = years()
    return ys[-1] if ys else None


# --- Goal 3 indicators -------------------------------------------------------------------------------------------


def local_share(year: int, language: str) -> tuple[int, int]:
    rows = CatchmentFlow.objects.filter(year=year).values_list("catchment__code", "school__code") \
        .annotate(n=Sum("count"))
    local = dict(CatchmentArea.objects.values_list("code", "school__code"))
    lang = dict(School.objects.values_list("code", "language"))
    return analysis.local_share(((c, s, n) for c, s, n in rows), local, lang, language)


def application_rate(year: int, grades=(1, 7)) -> tuple[int, int]:
    apps = Application.objects.filter(year=year).values_list("grade").annotate(n=Sum("count"))
    cohorts = Cohort.objects.filter(year=year).values_list("grade").annotate(n=Sum("count"))
    return analysis.application_rate(list(apps), list(cohorts), grades)


def goal3_series(years_: list[int] | None = None) -> list[dict]:
    """The Goal 3 figures of every year (or of ``years_``): the same figures as :func:`local_share` and
    :func:`application_rate`, read with one query per table for all years."""
    ys = years() if years_ is None else years_
    local = dict(CatchmentArea.objects.values_list("code", "school__code"))
    lang = dict(School.objects.values_list("code", "language"))
    flows: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for y, c, s, n in CatchmentFlow.objects.filter(year__in=ys).values_list("year", "catchment__code",
                                                                            "school__code").annotate(n=Sum("count")):
        flows[y].append((c, s, n))
    apps: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for y, g, n in Application.objects.filter(year__in=ys).values_list("year", "grade").annotate(n=Sum("count")):
        apps[y].append((g, n))
    cohorts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for y, g, n in Cohort.objects.filter(year__in=ys).values_list("year", "grade").annotate(n=Sum("count")):
        cohorts[y].append((g, n))
    out = []
    for y in ys:
        fi = analysis.local_share(flows[y], local, lang, "fi")
        sv = analysis.local_share(flows[y], local, lang, "sv")
        a = analysis.application_rate(apps[y], cohorts[y])
        a1 = analysis.application_rate(apps[y], cohorts[y], (1,))
        a7 = analysis.application_rate(apps[y], cohorts[y], (7,))
        out.append({"year": y, "local_fi": fi, "local_sv": sv, "applications": a, "applications_1": a1,
                    "applications_7": a7,
                    "local_fi_pct": 100 * fi[0] / fi[1] if fi[1] else None,
                    "local_sv_pct": 100 * sv[0] / sv[1] if sv[1] else None,
                    "applications_ratio": a[0] / a[1] if a[1] else None,
                    "applications_1_ratio": a1[0] / a1[1] if a1[1] else None,
                    "applications_7_ratio": a7[0] / a7[1] if a7[1] else None})
    return out


def proposals(status: str | None = IndicatorProposalStatus.PROPOSED) -> list[IndicatorProposal]:
    qs = IndicatorProposal.objects.select_related("source")
    if status:
        qs = qs.filter(status=status)
    return list(qs)


# --- composition and segregation ----------------------------------------------------------------------------------


def school_counts(year: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for code, group, n in PupilCount.objects.filter(year=year, dimension="language") \
            .values_list("school__code", "group").annotate(n=Sum("count")).values_list("school__code", "group", "n"):
        out[code][group] = int(n)
    return dict(out)


def _district_of_schools() -> dict[str, str]:
    """School → major district (the grandparent of the small area the school stands in); "?" when unknown.
    Only codes are read: the areas' boundaries are large."""
    return {code: district or "?" for code, district in
            School.objects.values_list("code", "small_area__parent__parent__code")}


def district_names() -> dict[str, str]:
    return {a.code: a.name for a in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT, division="")
            .only("code", "name_fi", "name_sv")}


def between_schools(year: int, language: str | None = None) -> analysis.BetweenSchools | None:
    counts = school_counts(year)
    if language:
        lang = dict(School.objects.values_list("code", "language"))
        counts = {s: c for s, c in counts.items() if lang.get(s) == language}
    try:
        return analysis.between_schools(year, counts, _district_of_schools())
    except ValueError:
        return None


def between_series(language: str | None = None, years_: list[int] | None = None) -> list[analysis.BetweenSchools]:
    return [b for y in (years() if years_ is None else years_) if (b := between_schools(y, language)) is not None]


def catchment_weights(catchments: list[CatchmentArea]) -> dict[str, dict[str, float]]:
    """Catchment code → {small area → share of its land inside}: stored at import; computed (and cached in the
    process) only for catchments imported before the small areas existed."""
    import json

    if all(c.small_area_weights for c in catchments):
        return {c.code: c.small_area_weights for c in catchments}
    # geometries are dicts (unhashable): key the cache on their JSON text
    return _overlay_from_text(tuple((c.code, json.dumps(c.geometry_wgs84, sort_keys=True)) for c in catchments))


@lru_cache(maxsize=4)
def _overlay_from_text(key: tuple) -> dict[str, dict[str, float]]:
    import json

    catchments = {code: json.loads(text) for code, text in key}
    small = {a.code: a.geometry_wgs84 for a in Area.objects.filter(level=AreaLevel.SMALL_AREA, division="",
                                                                     geometry_wgs84__isnull=False)}
    return analysis.area_weights(catchments, small)


def small_area_values(variable: str) -> tuple[dict[str, float | None], int | None]:
    rows = Observation.objects.filter(variable__code=variable, area__level=AreaLevel.SMALL_AREA,
                                      area__division="")
    year = rows.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return {}, None
    return dict(rows.filter(year=year).values_list("area__code", "value")), year


def small_area_status() -> tuple[dict[str, float | None], int | None]:
    rows = IndexValue.objects.filter(computation__kind="status_index", computation__level=AreaLevel.SMALL_AREA,
                                     index="status_index", group="", area__isnull=False)
    year = rows.order_by("-computation__year").values_list("computation__year", flat=True).first()
    if year is None:
        return {}, None
    return dict(rows.filter(computation__year=year).values_list("area__code", "value")), year


def current_catchments(year: int) -> list[CatchmentArea]:
    import datetime as dt

    day = dt.date(year, 8, 1)
    out: dict[str, CatchmentArea] = {}
    for c in CatchmentArea.objects.select_related("school").order_by("code", "valid_from"):
        if c.valid_from <= day and (c.valid_to is None or c.valid_to >= day):
            out[c.code] = c
        elif c.code not in out and c.valid_from > day:
            continue
    return list(out.values())


def schools_overview(year: int) -> dict:
    """One row per school for ``year``: pupils, foreign-language share, share from its own catchment, the
    catchment's residential foreign-language share (area-weighted), the gap, the catchment's status index and the
    'mixed' flag. Counts are suppressed; shares only with a base of at least ``min_n``."""
    counts = school_counts(year)
    schools = list(School.objects.all())
    catchments = current_catchments(year)
    by_school: dict[int, list[CatchmentArea]] = defaultdict(list)
    for c in catchments:
        by_school[c.school_id].append(c)
    weights = catchment_weights(catchments) if catchments else {}
    pop, pop_year = small_area_values("population")
    foreign, _fy = small_area_values("foreign_language_count_est")
    status, status_year = small_area_status()
    inflow = defaultdict(int)
    own = defaultdict(int)
    local = {c.pk: c.school_id for c in catchments}
    for cat_id, school_id, n in CatchmentFlow.objects.filter(year=year).values_list("catchment_id", "school_id") \
            .annotate(n=Sum("count")):
        inflow[school_id] += n
        if local.get(cat_id) == school_id:
            own[school_id] += n
    rows = []
    for s in schools:
        c = counts.get(s.code, {})
        total = sum(c.values())
        f = c.get("foreign", 0)
        cats = by_school.get(s.pk, [])
        w: dict[str, float] = {}
        for cat in cats:
            for code, x in weights.get(cat.code, {}).items():
                w[code] = min(1.0, w.get(code, 0.0) + x)
        res = analysis.residential_composition(w, pop, foreign) if w else None
        res_share = res[1] / res[0] if res else None
        sch_share = share(f, total)
        rows.append({
            "school": s, "pupils": shown([total])[0], "pupils_raw": total, "foreign_share": sch_share,
            "own_catchment_share": share(own[s.pk], inflow[s.pk]) if inflow[s.pk] else None,
            "catchments": cats, "residential_foreign_share": res_share,
            "gap": (sch_share - res_share) if sch_share is not None and res_share is not None else None,
            "catchment_status": analysis.weighted_mean(w, status, pop) if w else None,
        })
    flags = analysis.mixed_flags({r["school"].code: r["foreign_share"] for r in rows},
                                 {r["school"].code: r["school"].language for r in rows},
                                 {r["school"].code: r["catchment_status"] for r in rows})
    for r in rows:
        r["mixed"] = flags[r["school"].code]
    return {"rows": rows, "population_year": pop_year, "status_year": status_year}


def school_composition(school: School) -> list[dict]:
    """Pupils by language group per year, suppressed per year (the groups partition the school's pupils)."""
    out = []
    for y in sorted(set(school.pupils.values_list("year", flat=True))):
        rows = dict(school.pupils.filter(year=y, dimension="language").values_list("group")
                    .annotate(n=Sum("count")).values_list("group", "n"))
        groups = [g for g in analysis.LANGUAGE_GROUPS if g in rows] + sorted(set(rows) - set(analysis.LANGUAGE_GROUPS))
        counts = [int(rows[g]) for g in groups]
        total = sum(counts)
        hidden = shown(counts)
        out.append({"year": y, "total": shown([total])[0], "groups": [
            {"group": g, "count": h, "share": (counts[i] / total if h is not None and total >= POLICY.min_n
                                               else None)} for i, (g, h) in enumerate(zip(groups, hidden,
                                                                                          strict=True))]})
    return out


def flows_table(year: int, language: str) -> list[dict]:
    """Per catchment area of ``language``: where its pupils go (school → pupils), suppressed per catchment, with
    the local school first."""
    catchments = [c for c in current_catchments(year) if c.language == language]
    data: dict[int, dict[int, int]] = defaultdict(dict)
    for cat_id, school_id, n in CatchmentFlow.objects.filter(year=year, catchment__language=language) \
            .values_list("catchment_id", "school_id").annotate(n=Sum("count")):
        data[cat_id][school_id] = int(n)
    schools = {s.pk: s for s in School.objects.all()}
    out = []
    for c in sorted(catchments, key=lambda c: c.code):
        d = data.get(c.pk, {})
        order = sorted(d, key=lambda sid: (sid != c.school_id, -d[sid], schools[sid].code))
        counts = [d[sid] for sid in order]
        total = sum(counts)
        hidden = shown(counts)
        out.append({"catchment": c, "total": shown([total])[0], "local": d.get(c.school_id, 0),
                    "local_share": share(d.get(c.school_id, 0), total),
                    "to": [{"school": schools[sid], "count": h, "local": sid == c.school_id}
                           for sid, h in zip(order, hidden, strict=True)]})
    return out


def catchment_map_features(year: int, language: str, values: dict[str, float | None]) -> list[dict]:
    """GeoJSON-like features for :func:`yhteiso.viz.choropleth` (one per catchment, value of its school)."""
    return [{"code": c.code, "name": c.school.name, "geometry": c.geometry_wgs84,
             "value": values.get(c.school.code)} for c in current_catchments(year) if c.language == language]


def finite(v):
    return v is not None and not (isinstance(v, float) and math.isnan(v))
