"""Targeting and effect follow-up: areas in need (from the knowledge base's indices) joined with the programme's
projects that reach them. Reads only; it lives in ``programme`` because it joins the two, and data flows from
areas and knowledge down to the programme, never back (docs/architecture.md).

Moved here from ``knowledge/selectors.py`` (issue 11).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from shapely.geometry import shape
from shapely.prepared import prep

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge import computations as comp
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.knowledge.models import Computation, IndexValue
from yhteiso.knowledge.selectors import INDEX_KEYS
from yhteiso.programme.models import Project, ProjectStatus
from yhteiso.programme.models_intake import not_in_intake

ACTIVE_PROJECT_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS)

# Areas whose index does not measure what targeting is after (docs/methods/knowledge-base.md, "Caveats"):
# a student area, where students' low incomes and short careers make the index look needy (in the demo the
# Otaniemi campus: 36 % students against a median of 7.6 % and a next highest of 10.9 %), and an area with very few
# residents — a hospital, a campus edge or a rural fringe — where a few households move the index.
STUDENT_SHARE_MIN = 20.0  # % of residents by main activity who are students (Paavo pt_opisk / pt_vakiy)
POPULATION_MIN = 500  # residents


def area_caveats(*, level: str, year: int) -> dict[str, list[dict]]:
    """The caveats of each area of ``level`` (by area code): ``{"kind": "students", "share", "year",
    "estimated"}`` when students are at least :data:`STUDENT_SHARE_MIN` % of the residents, and ``{"kind":
    "few_residents", "population", "year"}`` when fewer than :data:`POPULATION_MIN` people live there; figures
    from the year nearest ``year``."""
    out: dict[str, list[dict]] = defaultdict(list)
    for code, s in knowledge_selectors.student_shares(level, year).items():
        if s["share"] >= STUDENT_SHARE_MIN:
            out[code].append({"kind": "students", **s})
    pop_year, population = knowledge_selectors.population_nearest(level, year)
    for code, n in population.items():
        if n < POPULATION_MIN:
            out[code].append({"kind": "few_residents", "population": n, "year": pop_year})
    return dict(out)


def _reacher(level: str):
    """A function from target areas to the areas of ``level`` they reach (see :func:`areas_reached`). The level's
    areas and their ancestry are read once, their interior points only when a target needs them, so that many
    projects can be matched against one level without reading and parsing its boundaries again for each."""
    parents = dict(Area.objects.values_list("pk", "parent_id"))
    ancestry: dict[int, set[int]] = {}
    for pk in Area.objects.filter(level=level, division="").values_list("pk", flat=True):
        chain: set[int] = set()
        node: int | None = pk
        while node and node not in chain:
            chain.add(node)
            node = parents.get(node)
        ancestry[pk] = chain
    points: dict[int, Any] | None = None

    def reached(targets) -> set[int]:
        nonlocal points
        target_ids = {t.pk for t in targets}
        out = {pk for pk, chain in ancestry.items() if chain & target_ids}
        spatial = [t for t in targets if t.level != level and t.geometry_wgs84 and t.level != AreaLevel.CITY]
        if spatial and points is None:
            points = {pk: shape(geometry).representative_point() for pk, geometry in Area.objects.filter(
                level=level, division="", geometry_wgs84__isnull=False).values_list("pk", "geometry_wgs84")}
        for t in spatial:
            geom = prep(shape(t.geometry_wgs84))
            out.update(pk for pk, pt in (points or {}).items() if geom.contains(pt))
        return out

    return reached


def areas_reached(targets, level: str) -> set[int]:
    """Areas of ``level`` that a set of target areas reaches: the targets themselves, their descendants, and — for
    a target of another geography with a boundary (e.g. a city centre or a postal area) — the areas whose interior
    point lies inside it."""
    return _reacher(level)(targets)


def projects_by_area(level: str) -> dict[int, list]:
    """Programme projects reaching each area of the level (see :func:`areas_reached`)."""
    reach = _reacher(level)
    out: dict[int, list] = defaultdict(list)
    for project in Project.objects.filter(not_in_intake(), target_areas__isnull=False).distinct().prefetch_related(
            "target_areas").order_by("pk"):
        for pk in reach(list(project.target_areas.all())):
            out[pk].append(project)
    return out


def targeting(*, level: str, year: int | None = None, index: str = "sum_index", weights: dict[str, float] | None = None,
              exclude_flagged: bool = False) -> dict:
    """Areas ranked by need. ``index``: ``sum_index`` (higher = more need), ``status_index`` (lower = more need) or
    ``combined`` (mean of the two as z-scores, with ``weights``). Flags the sum index's weakest decile and the areas
    with a caveat (:func:`area_caveats`), lists the projects reaching each area and the areas in need no active
    action reaches. With ``exclude_flagged`` the areas with a caveat leave the ranking (and the gaps) and are listed
    in ``excluded`` with their rank among all areas; the weakest decile stays as computed for all areas."""
    years = sorted(set(Computation.objects.filter(level=level, kind__in=INDEX_KEYS).values_list("year", flat=True)))
    if not years:
        return {"level": level, "year": None, "years": [], "index": index, "rows": [], "gaps": [], "excluded": [],
                "flagged": []}
    if year not in years:
        year = years[-1]
    values = {}
    for key in INDEX_KEYS:
        values[key] = {a: v for a, v in IndexValue.objects.filter(
            computation__level=level, computation__year=year, index=key, group="", area__isnull=False)
            .values_list("area_id", "value") if v is not None}
    decile_qs = IndexValue.objects.filter(computation__level=level, computation__year=year, index="weakest_decile",
                                          value=1.0)
    decile_by = "sum_index"
    decile = set(decile_qs.filter(group="").values_list("area_id", flat=True))
    if not decile:  # no sum index on this geography: the weakest decile by the status index
        decile_by = "status_index"
        decile = set(decile_qs.filter(group="status_index").values_list("area_id", flat=True))
    available = [k for k in INDEX_KEYS if values[k]]
    requested = index
    if index not in ("combined", *INDEX_KEYS):
        raise ValueError(f"unknown index {index!r}")
    lacking = len(available) < 2 if index == "combined" else index not in available
    if lacking and available:
        index = available[0]
    if index == "combined":
        w = weights or {"sum_index": 0.5, "status_index": 0.5}
        need: dict[int, float] = {}
        parts = {}
        for key, sign in (("sum_index", 1), ("status_index", -1)):
            vals = values[key]
            if not vals or not w.get(key):
                continue
            mean = sum(vals.values()) / len(vals)
            sd = math.sqrt(sum((v - mean) ** 2 for v in vals.values()) / len(vals)) or 1.0
            parts[key] = {a: sign * (v - mean) / sd for a, v in vals.items()}
        common = set.intersection(*(set(p) for p in parts.values())) if parts else set()
        total_w = sum(w.get(k, 0) for k in parts) or 1.0
        for a in common:
            need[a] = sum(w.get(k, 0) * parts[k][a] for k in parts) / total_w
    else:
        sign = 1 if index == "sum_index" else -1
        need = {a: sign * v for a, v in values[index].items()}
    projects = projects_by_area(level)
    areas = {a.pk: a for a in Area.objects.filter(pk__in=list(need))}
    ranked = sorted(need, key=lambda a: (-need[a], areas[a].code))
    caveats = area_caveats(level=level, year=year)
    rows: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    for full_rank, pk in enumerate(ranked, start=1):
        reaching = projects.get(pk, [])
        active = [p for p in reaching if p.status in ACTIVE_PROJECT_STATUSES]
        row = {"rank": full_rank, "full_rank": full_rank, "area": areas[pk], "need": need[pk],
               "sum_index": values["sum_index"].get(pk), "status_index": values["status_index"].get(pk),
               "weakest_decile": pk in decile, "projects": reaching, "active_projects": active,
               "caveats": caveats.get(areas[pk].code, [])}
        if exclude_flagged and row["caveats"]:
            excluded.append(row)
            continue
        row["rank"] = len(rows) + 1
        rows.append(row)
    n_need = max(1, math.ceil(len(rows) / 10))
    gaps = [r for r in rows if (r["weakest_decile"] or (not decile and r["rank"] <= n_need))
            and not r["active_projects"]]
    return {"level": level, "year": year, "years": years, "index": index, "rows": rows, "gaps": gaps,
            "excluded": excluded, "flagged": [r for r in rows if r["caveats"]] or excluded,
            "exclude_flagged": exclude_flagged, "has_decile": bool(decile), "decile_by": decile_by,
            "substituted": str(comp.INDEX_LABELS[index]) if index != requested else ""}


def areas_in_need(*, level: str = AreaLevel.POSTAL_AREA, year: int | None = None, index: str = "sum_index") -> list:
    """The areas in need (the weakest decile) that no approved or ongoing action reaches — the coverage gaps."""
    return [r["area"] for r in targeting(level=level, year=year, index=index)["gaps"]]


def projects_with_targets() -> list:
    return list(Project.objects.filter(not_in_intake(), target_areas__isnull=False).distinct().order_by("pk"))


def projects_reaching(area: Area) -> list:
    """The programme's projects that reach ``area`` (for the area profile of the knowledge base): the same rule as
    :func:`areas_reached`, evaluated for this one area only (the area or one of its ancestors is a target, or its
    interior point lies inside a target of another geography)."""
    parents = dict(Area.objects.values_list("pk", "parent_id"))
    chain: set[int] = set()
    node: int | None = area.pk
    while node and node not in chain:
        chain.add(node)
        node = parents.get(node)
    point = shape(area.geometry_wgs84).representative_point() if area.geometry_wgs84 else None
    out = []
    for project in Project.objects.filter(not_in_intake(), target_areas__isnull=False).distinct().prefetch_related(
            "target_areas").order_by("pk"):
        targets = list(project.target_areas.all())
        if any(t.pk in chain for t in targets) or (point is not None and any(
                t.level != area.level and t.level != AreaLevel.CITY and t.geometry_wgs84
                and prep(shape(t.geometry_wgs84)).contains(point) for t in targets)):
            out.append(project)
    return out
