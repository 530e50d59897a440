"""The population of each major district by age band and by language group, for comparing participants with the
population ("who took part", ``programme.participation``).

* Language: the major districts' (suuralue) ``population``, ``foreign_language_count_est`` and
  ``other_language_count_est`` of the newest year; "domestic" is Finnish, Swedish and Sámi speakers together (the
  knowledge base does not split them).
* Age: Statistics Finland's Paavo postal-code areas (``he_*`` counts) of the newest year, each postal area put in
  the major district that holds its label point; the age bands are ``knowledge.groups.AGE_BANDS``, from the age
  of 12 (the youngest who may vote in a participatory budget): 12 is a sixth of ``he_7_12``, 12–14 of
  ``he_13_15`` two thirds (ages spread evenly inside a Paavo band).
"""

from __future__ import annotations

from collections import defaultdict

from shapely.geometry import Point, shape
from shapely.prepared import prep

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.knowledge.models import Observation

LANGUAGE_VARIABLES = ("population", "foreign_language_count_est", "other_language_count_est")
AGE_PARTS: dict[str, tuple[tuple[str, float], ...]] = {
    "children": (("he_7_12", 1 / 6), ("he_13_15", 2 / 3)),
    "young_people": (("he_13_15", 1 / 3), ("he_16_17", 1.0), ("he_18_19", 1.0)),
    "young_adults": (("he_20_24", 1.0), ("he_25_29", 1.0)),
    "working_age": tuple((f"he_{a}_{a + 4}", 1.0) for a in range(30, 65, 5)),
    "older_people": (*((f"he_{a}_{a + 4}", 1.0) for a in range(65, 85, 5)), ("he_85_", 1.0)),
}
"""Each age band as Paavo's age counts (variable, fraction of it)."""
CITY = ""
"""The key of the whole city in the results."""


def _newest(level: str, codes) -> tuple[int | None, list]:
    years = (Observation.objects.filter(area__level=level, area__division="", variable__code__in=codes,
                                        value__isnull=False).order_by("-year").values_list("year", flat=True)[:1])
    year = years[0] if years else None
    if year is None:
        return None, []
    return year, list(Observation.objects.filter(area__level=level, area__division="", variable__code__in=codes,
                                                 year=year, value__isnull=False)
                      .values_list("area_id", "variable__code", "value"))


def population_by_district() -> dict:
    """``{"districts": {code: name}, "language_year", "age_year", "population": {code: persons},
    "language": {code: {"domestic": persons, "foreign": persons}}, "age": {code: {band: persons}}}`` with the
    whole city under the key ``""``; a missing source leaves its part empty."""
    districts = {a.code: a for a in Area.objects.filter(level=AreaLevel.MAJOR_DISTRICT, division="")}
    by_pk = {a.pk: a.code for a in districts.values()}
    language_year, rows = _newest(AreaLevel.MAJOR_DISTRICT, LANGUAGE_VARIABLES)
    population: dict[str, float] = defaultdict(float)
    language: dict[str, dict[str, float]] = defaultdict(lambda: {"domestic": 0.0, "foreign": 0.0})
    for area_id, code, value in rows:
        district = by_pk.get(area_id)
        if district is None:
            continue
        for key in (district, CITY):
            if code == "population":
                population[key] += value
            elif code == "foreign_language_count_est":
                language[key]["foreign"] += value
            else:
                language[key]["domestic"] += value
    age_codes = {code for parts in AGE_PARTS.values() for code, _f in parts}
    age_year, age_rows = _newest(AreaLevel.POSTAL_AREA, age_codes)
    age: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(AGE_PARTS, 0.0))
    if age_rows:
        shapes = [(code, prep(shape(a.geometry_wgs84))) for code, a in districts.items() if a.geometry_wgs84]
        points = {pk: (x, y) for pk, x, y in Area.objects.filter(pk__in={r[0] for r in age_rows})
                  .values_list("pk", "label_lon", "label_lat")}
        home: dict[int, str | None] = {}
        for pk, (x, y) in points.items():
            home[pk] = next((code for code, inside in shapes if x is not None and y is not None
                             and inside.contains(Point(x, y))), None)
        for area_id, code, value in age_rows:
            for band, parts in AGE_PARTS.items():
                for part, fraction in parts:
                    if part == code:
                        for where in (home.get(area_id), CITY):
                            if where is not None:
                                age[where][band] += value * fraction
    return {"districts": {code: a.name_fi for code, a in districts.items()}, "language_year": language_year,
            "age_year": age_year, "population": dict(population),
            "language": {k: v for k, v in language.items() if sum(v.values()) > 0},
            "age": {k: v for k, v in age.items() if sum(v.values()) > 0}}
