"""Who took part: the participants of a survey, map survey or round who left the optional background profile
(``respondents.profiles``), compared with the population of Espoo and of each major district from the knowledge
base (``knowledge.selectors_population``), for staff, the public results pages, the API and the CSV export.

**Suppression.** Every count is one cell of one release, suppressed with ``analytics.suppression.suppress_linked``:
the cells are participants by home area × age band and home area × language group (with "prefer not to say" and
"not answered" as their own columns and rows), the totals of every row and column, the answered subtotals (the
denominators of the shares) and the grand total; the relations are every sum among them. So a hidden cell cannot
be worked out from the totals, the shares or another table (complementary suppression). A share is shown only when
its count and its denominator are shown and the denominator is at least ``min_n``.

**Under-represented target groups.** The programme's weakly participating target groups (children, young people,
young adults, older people; foreign-language speakers for minorities) are flagged when their share among the
participants who answered is at least ``UNDER_PP`` percentage points below their share of the population.
"""

from __future__ import annotations

from collections.abc import Hashable

from yhteiso.analytics.suppression import Policy, suppress_linked
from yhteiso.knowledge.selectors_population import CITY, population_by_district
from yhteiso.respondents import profiles
from yhteiso.respondents.subjects import subject as find_subject

POLICY = Policy(min_count=5, min_n=10)
UNDER_PP = 3.0
TARGET_GROUPS = frozenset({"children", "young_people", "young_adults", "older_people", "foreign"})
DIMENSIONS: dict[str, tuple[str, ...]] = {"age_group": profiles.AGE_GROUPS, "language": ("domestic", "foreign")}
UNSAID, NONE, ANSWERED, TOTAL, REST = profiles.UNSAID, "none", "answered", "total", "rest"


def _language(code: str) -> str:
    if code in ("", profiles.UNSAID):
        return code or NONE
    return "domestic" if code in profiles.DOMESTIC_LANGUAGES else "foreign"


def _suppressed(rows: list[tuple[str, str, str]], areas: list[str]) -> tuple[dict, set]:
    """The cells and the hidden ones. Keys: ("n",) grand total; ("area", a) the home areas' totals (``a`` a major
    district, ``OUTSIDE``, ``UNSAID``, ``NONE`` or ``ANSWERED`` — the districts together); ("rest",) everyone
    who named no district; (dim, a, c) cells with ``a`` a district, ``REST`` or ``TOTAL`` and ``c`` a category,
    ``UNSAID``, ``NONE`` or ``ANSWERED``. The REST tables are not published, but they are in the release as if
    they were (a reader can work them out from the city's and the districts' tables)."""
    others = [profiles.OUTSIDE, UNSAID, NONE]
    cells: dict[Hashable, int] = {("n",): len(rows), ("rest",): 0, ("area", ANSWERED): 0}
    for a in [*areas, *others]:
        cells[("area", a)] = 0
    tables = [*areas, REST]
    for dim, cats in DIMENSIONS.items():
        for a in [*tables, TOTAL]:
            for c in [*cats, UNSAID, NONE, ANSWERED]:
                cells[(dim, a, c)] = 0
    for home, age, lang in rows:
        a = home if home in areas else REST
        cells[("area", home if home in areas or home in others else NONE)] += 1
        if a == REST:
            cells[("rest",)] += 1
        else:
            cells[("area", ANSWERED)] += 1
        for dim, value in (("age_group", age or NONE), ("language", _language(lang))):
            for where in (a, TOTAL):
                cells[(dim, where, value)] += 1
                if value not in (UNSAID, NONE):
                    cells[(dim, where, ANSWERED)] += 1
    relations: list[list[Hashable]] = [
                 [("n",), *[("area", a) for a in [*areas, *others]]],
                 [("n",), ("area", ANSWERED), ("rest",)],
                 [("area", ANSWERED), *[("area", a) for a in areas]],
                 [("rest",), *[("area", a) for a in others]]]
    for dim, cats in DIMENSIONS.items():
        for a in [*tables, TOTAL]:
            whole = {TOTAL: ("n",), REST: ("rest",)}.get(a, ("area", a))
            relations.append([whole, (dim, a, ANSWERED), (dim, a, UNSAID), (dim, a, NONE)])
            relations.append([(dim, a, ANSWERED), *[(dim, a, c) for c in cats]])
        for c in [*cats, UNSAID, NONE, ANSWERED]:
            relations.append([(dim, TOTAL, c), *[(dim, a, c) for a in tables]])
    # the number of profiles is always published (hidden only when it is itself a small count): never chosen to
    # protect another cell, so the protection falls on the cells themselves
    return cells, suppress_linked(cells, relations=relations, policy=POLICY, fixed=[("n",)],
                                  primary=[("n",)] if 0 < len(rows) < POLICY.min_count else [])


def _share(count: int | None, denominator: int | None) -> float | None:
    if count is None or denominator is None or denominator < POLICY.min_n:
        return None
    return 100.0 * count / denominator


def _population_shares(population: dict, dim: str, where: str) -> dict[str, float]:
    source = population["age" if dim == "age_group" else "language"].get(where)
    if not source:
        return {}
    whole = sum(source.values())
    return {c: 100.0 * v / whole for c, v in source.items()} if whole else {}


def _table(cells: dict, hidden: set, population: dict, dim: str, where: str) -> dict:
    def shown(key):
        return None if key in hidden else cells[key]

    denominator = shown((dim, where, ANSWERED))
    pop = _population_shares(population, dim, CITY if where == TOTAL else where)
    rows = []
    for c in DIMENSIONS[dim]:
        count = shown((dim, where, c))
        share = _share(count, denominator)
        pop_share = pop.get(c)
        gap = None if share is None or pop_share is None else share - pop_share
        rows.append({"code": c, "count": count, "share": share, "population_share": pop_share, "gap_pp": gap,
                     "target": c in TARGET_GROUPS,
                     "under": bool(c in TARGET_GROUPS and gap is not None and gap <= -UNDER_PP)})
    return {"dimension": dim, "answered": denominator, "unsaid": shown((dim, where, UNSAID)),
            "none": shown((dim, where, NONE)), "rows": rows}


def who_took_part(kind: str, subject_id: int, *, population: dict | None = None) -> dict | None:
    """The comparison for one subject (None for an unknown subject)::

        {"kind", "subject_id", "title", "n" (None when hidden), "waiting", "language_year", "age_year",
         "city": {"age_group": table, "language": table},
         "areas": [{"code", "name", "n", "population_share", "share", "gap_pp", "age_group": table,
                    "language": table}],
         "areas_answered" (the denominator of the areas' shares), "outside", "area_unsaid", "area_none"}

    with ``table = {"dimension", "answered", "unsaid", "none", "rows": [{"code", "count", "share",
    "population_share", "gap_pp", "target", "under"}]}`` (shares and gaps in per cent / percentage points; None
    where hidden or unknown)."""
    found = find_subject(kind, subject_id)
    if found is None:
        return None
    if found.ended:
        # nobody takes part any more: count its last few waiting ones (only its own: the others wait for a batch)
        profiles.profiles_mix(subject=(kind, subject_id))
    population = population if population is not None else population_by_district()
    districts = population["districts"]
    rows = profiles.profile_rows(kind, subject_id)
    cells, hidden = _suppressed(rows, list(districts))

    def shown(key):
        return None if key in hidden else cells[key]

    answered_area = shown(("area", ANSWERED))
    city_pop = population["population"].get(CITY) or 0
    areas = []
    for code, name in districts.items():
        n = shown(("area", code))
        pop_share = 100.0 * population["population"].get(code, 0) / city_pop if city_pop else None
        share = _share(n, answered_area)
        areas.append({"code": code, "name": name, "n": n, "population_share": pop_share, "share": share,
                      "gap_pp": None if share is None or pop_share is None else share - pop_share,
                      **{dim: _table(cells, hidden, population, dim, code) for dim in DIMENSIONS}})
    return {"kind": kind, "subject_id": subject_id, "title": found.title, "n": shown(("n",)),
            "waiting": profiles.profiles_waiting(), "language_year": population["language_year"],
            "age_year": population["age_year"],
            "city": {dim: _table(cells, hidden, population, dim, TOTAL) for dim in DIMENSIONS},
            "areas": areas, "areas_answered": answered_area,
            "outside": shown(("area", profiles.OUTSIDE)), "area_unsaid": shown(("area", UNSAID)),
            "area_none": shown(("area", NONE))}
