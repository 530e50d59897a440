"""Goal 3 figures from the aggregated school tables: plain functions on plain data (no database), so they can be
tested and reused. The definitions are documented in ``docs/methods/schools.md``.

- **Local-school share (indicator 3.3)**: of the pupils attending schools of one language of instruction, the
  share whose school is the local school of the catchment area they live in (flows catchment → school).
- **Applications relative to the cohort (indicator 3.2)**: applications to a non-local school for grades 1 and 7
  divided by the size of the age cohorts starting grades 1 and 7 (both summed over the catchment areas).
- **Between-school segregation**: D of foreign-language pupils against the others, and the multigroup mutual
  information index M and Theil's H over language groups, with M (and H = M / E) decomposed into the part between
  major districts and the part between schools within them (Mora & Ruiz-Castillo 2011).
- **Mixed school** (the plan's targeting rule, §3): a school whose foreign-language pupil share lies within the
  interquartile range of the schools of the same language of instruction *and* whose catchment area's status
  index (population-weighted over the small areas it covers) lies within the interquartile range of the catchment
  areas — neither end of the distribution on either count."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from yhteiso.analytics import indices as ix

LANGUAGE_GROUPS = ("fi", "sv", "foreign")
FOREIGN = "foreign"


def local_share(flows: Iterable[tuple[str, str, int]], local_school: dict[str, str],
                school_language: dict[str, str], language: str) -> tuple[int, int]:
    """(pupils in their local school, all pupils) of the schools of ``language``.

    ``flows`` are (catchment, school, pupils); ``local_school`` maps a catchment to its school.

    >>> local_share([("A", "a", 8), ("A", "b", 2), ("B", "b", 5)], {"A": "a", "B": "b"}, {"a": "fi", "b": "fi"}, "fi")
    (13, 15)
    """
    num = den = 0
    for catchment, school, n in flows:
        if school_language.get(school) != language:
            continue
        den += n
        if local_school.get(catchment) == school:
            num += n
    return num, den


def application_rate(applications: Iterable[tuple[int, int]], cohorts: Iterable[tuple[int, int]],
                     grades: Sequence[int] = (1, 7)) -> tuple[int, int]:
    """(applications to a non-local school, cohort size) over ``grades``; inputs are (grade, count) pairs.

    >>> application_rate([(1, 10), (7, 20), (3, 99)], [(1, 100), (7, 100)])
    (30, 200)
    """
    a = sum(n for g, n in applications if g in grades)
    c = sum(n for g, n in cohorts if g in grades)
    return a, c


@dataclass
class BetweenSchools:
    year: int
    schools: int
    pupils: int
    dissimilarity: float
    mutual_information: float
    theil_h: float
    entropy: float
    m_between_districts: float
    m_within_districts: float
    within: dict[str, float]
    weights: dict[str, float]

    @property
    def h_between_districts(self) -> float:
        return self.m_between_districts / self.entropy if self.entropy > 0 else math.nan

    @property
    def h_within_districts(self) -> float:
        return self.m_within_districts / self.entropy if self.entropy > 0 else math.nan

    def as_dict(self) -> dict:
        return {"year": self.year, "schools": self.schools, "pupils": self.pupils,
                "dissimilarity": self.dissimilarity, "mutual_information": self.mutual_information,
                "theil_h": self.theil_h, "m_between_districts": self.m_between_districts,
                "m_within_districts": self.m_within_districts, "h_between_districts": self.h_between_districts,
                "h_within_districts": self.h_within_districts, "m_within_by_district": self.within,
                "district_weights": self.weights}


def between_schools(year: int, counts: dict[str, dict[str, int]], district_of: dict[str, str]) -> BetweenSchools:
    """Indices between schools from school → {language group → pupils}; ``district_of`` maps school → district."""
    codes = sorted(s for s, c in counts.items() if sum(c.values()) > 0)
    if len(codes) < 2:
        raise ValueError("between-school indices need at least two schools with pupils")
    table = np.array([[counts[s].get(g, 0) for g in LANGUAGE_GROUPS] for s in codes], dtype=float)
    keep = table.sum(axis=0) > 0
    table = table[:, keep]
    foreign = table[:, list(np.array(LANGUAGE_GROUPS)[keep]).index(FOREIGN)] if keep[2] else np.zeros(len(codes))
    total = table.sum(axis=1)
    d = ix.dissimilarity(foreign, total, unit_ids=codes)
    dec = ix.mutual_information_decomposition(table, [[district_of.get(s, "?") for s in codes]],
                                              level_names=["district"], unit_ids=codes)
    pi = table.sum(axis=0) / table.sum()
    entropy = float(-(pi[pi > 0] * np.log(pi[pi > 0])).sum())
    return BetweenSchools(
        year=year, schools=len(codes), pupils=int(table.sum()), dissimilarity=float(d),
        mutual_information=float(dec.total), theil_h=float(dec.total / entropy) if entropy > 0 else math.nan,
        entropy=entropy, m_between_districts=float(dec.between[0]), m_within_districts=float(dec.between[1]),
        within={str(k): float(v) for k, v in dec.within[1].items()},
        weights={str(k): float(v) for k, v in dec.weights[1].items()})


def area_weights(catchments: dict[str, dict], small_areas: dict[str, dict]) -> dict[str, dict[str, float]]:
    """For each catchment, the share of each small area's land that falls inside it (area-weighted overlay in
    EPSG:3067, so shares are in square metres, not degrees). Geometries are GeoJSON in EPSG:4326."""
    from pyproj import Transformer
    from shapely.geometry import shape
    from shapely.ops import transform
    from shapely.strtree import STRtree

    to_m = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True).transform
    sa_codes = sorted(small_areas)
    sa_geoms = [transform(to_m, shape(small_areas[c])).buffer(0) for c in sa_codes]
    tree = STRtree(sa_geoms)
    out: dict[str, dict[str, float]] = {}
    for code, geom in catchments.items():
        g = transform(to_m, shape(geom)).buffer(0)
        weights: dict[str, float] = {}
        for i in tree.query(g):
            sa = sa_geoms[int(i)]
            if sa.area <= 0:
                continue
            share = g.intersection(sa).area / sa.area
            if share > 1e-4:
                weights[sa_codes[int(i)]] = min(1.0, share)
        out[code] = weights
    return out


def residential_composition(weights: dict[str, float], population: dict[str, float | None],
                            foreign: dict[str, float | None]) -> tuple[float, float] | None:
    """(residents, foreign-language residents) of a catchment from area-weighted small-area counts."""
    p = f = 0.0
    for code, w in weights.items():
        if population.get(code) is None or foreign.get(code) is None:
            continue
        p += w * float(population[code])  # type: ignore[arg-type]
        f += w * float(foreign[code])  # type: ignore[arg-type]
    return (p, f) if p > 0 else None


def weighted_mean(weights: dict[str, float], values: dict[str, float | None],
                  population: dict[str, float | None]) -> float | None:
    """Population-weighted mean of small-area values over a catchment (overlay weight × population)."""
    s = w_sum = 0.0
    for code, w in weights.items():
        v, p = values.get(code), population.get(code)
        if v is None or p is None or (isinstance(v, float) and math.isnan(v)):
            continue
        s += w * float(p) * float(v)
        w_sum += w * float(p)
    return s / w_sum if w_sum > 0 else None


def middle_band(values: Sequence[float]) -> tuple[float, float]:
    """The interquartile range (25th and 75th percentile, linear interpolation)."""
    arr = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if arr.size == 0:
        return (math.nan, math.nan)
    return float(np.percentile(arr, 25)), float(np.percentile(arr, 75))


def mixed_flags(school_share: dict[str, float | None], school_language: dict[str, str],
                catchment_status: dict[str, float | None]) -> dict[str, bool]:
    """The plan's "socioeconomically mixed" schools: both the school's foreign-language share (against the schools
    of the same language) and its catchment's status index (against all catchments) in the middle band.

    >>> mixed_flags({"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.4, "e": 0.5}, dict.fromkeys("abcde", "fi"),
    ...             {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 5.0})
    {'a': False, 'b': True, 'c': True, 'd': True, 'e': False}
    """
    by_lang: dict[str, list[float]] = defaultdict(list)
    for s, v in school_share.items():
        if v is not None:
            by_lang[school_language[s]].append(v)
    bands = {lang: middle_band(vals) for lang, vals in by_lang.items()}
    s_lo, s_hi = middle_band([v for v in catchment_status.values() if v is not None])
    out = {}
    for s in school_share:
        share, status = school_share[s], catchment_status.get(s)
        lo, hi = bands.get(school_language[s], (math.nan, math.nan))
        out[s] = bool(share is not None and status is not None and lo <= share <= hi and s_lo <= status <= s_hi)
    return out
