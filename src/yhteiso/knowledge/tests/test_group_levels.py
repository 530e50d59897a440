"""Figures by population group across area levels (issue 16 item 4): group counts rolled up from the small areas,
and the small-cell rule protected across levels — a small area's hidden figure must not follow from its major
district's figure minus the district's other small areas, whichever of the two files comes first. Constructed
test geography and figures (conftest ``hierarchy``)."""

from __future__ import annotations

import numpy as np
import pytest

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge.models import ImportKind, Observation
from yhteiso.knowledge.services import statistics_import
from yhteiso.knowledge.tests.conftest import SMALL

DATASET = {"code": "by-gender-test", "title": "Asukkaat sukupuolen mukaan (rakennettu testiaineisto)",
           "publisher": "Test publisher", "licence": "CC BY 4.0", "attribution": "Lähde: testi"}
MAJOR = "0491000000"  # the first major district: small areas p00 … p05
PARTITION = ("all", ("women", "men"))


def _small_rows():
    """Women and men per small area; p00 has 3 women (hidden by the small-count rule)."""
    rows = []
    for i, code in enumerate(SMALL):
        women = 3 if i == 0 else 300 + 7 * i
        men = 310 + 5 * i
        rows += [(code, "all", women + men), (code, "women", women), (code, "men", men)]
    return rows


def _major_rows():
    by_major: dict[tuple[str, str], int] = {}
    for code, group, value in _small_rows():
        major = MAJOR if SMALL.index(code) < 6 else "0491010000"
        by_major[(major, group)] = by_major.get((major, group), 0) + value
    return [(m, g, v) for (m, g), v in sorted(by_major.items())]


def _import(rows, level, filename):
    data = ("area,group,population\n" + "".join(f"{a},{g},{v}\n" for a, g, v in rows)).encode()
    return statistics_import(kind=ImportKind.TABLE, data=data, filename=filename, level=level,
                             dataset={**DATASET, "code": f"{DATASET['code']}-{level}"},
                             options={"area_column": "area", "year": 2024, "group_column": "group"})


def _published(level=None) -> dict[tuple[str, str, str], float | None]:
    qs = Observation.by_group.filter(variable__code="population", year=2024, computed_from="")
    if level:
        qs = qs.filter(area__level=level)
    return {(lvl, code, group): value for lvl, code, group, value in
            qs.values_list("area__level", "area__code", "group", "value")}


def _determined(published: dict, target: tuple[str, str, str]) -> bool:
    """The attacker: every additive relation the public can form — in each area the whole = women + men, and for
    each group the major district = the sum of its six small areas — solved as a linear system over the hidden
    cells (numpy): the target is determined when its unit vector lies in the row space of the relations."""
    hidden = sorted(k for k, v in published.items() if v is None)
    if target not in hidden:
        return True
    relations = []
    for lvl, code, group in published:
        if group == "all":
            relations.append(((lvl, code, "all"), [(lvl, code, "women"), (lvl, code, "men")]))
    for group in ("all", "women", "men"):
        relations.append(((AreaLevel.MAJOR_DISTRICT, MAJOR, group),
                          [(AreaLevel.SMALL_AREA, c, group) for c in SMALL[:6]]))
    rows = []
    for total, parts in relations:
        keys = [total, *parts]
        if all(k in published for k in keys):
            rows.append([(1.0 if k == total else -1.0) if k in keys else 0.0 for k in hidden])
    if not rows:
        return False
    matrix = np.array(rows)
    goal = np.array([1.0 if k == target else 0.0 for k in hidden])
    solution, *_ = np.linalg.lstsq(matrix.T, goal, rcond=None)
    return bool(np.allclose(matrix.T @ solution, goal))


def test_the_attackers_solver_works_across_levels():
    """Without protection across levels the attack succeeds: so the tests below could fail."""
    published = {(AreaLevel.SMALL_AREA, c, g): float(v) for c, g, v in _small_rows() if c in SMALL[:6]}
    published[(AreaLevel.SMALL_AREA, "p00", "women")] = None
    published[(AreaLevel.SMALL_AREA, "p00", "men")] = None  # protected within its own area …
    target = (AreaLevel.SMALL_AREA, "p00", "women")
    assert not _determined(published, target)
    for m, g, v in _major_rows():
        published[(AreaLevel.MAJOR_DISTRICT, m, g)] = float(v)
    assert _determined(published, target)  # … but the district's women minus the other small areas' gives it


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["small areas first", "major districts first"])
def test_a_hidden_small_area_figure_cannot_be_recovered_from_the_major_district(hierarchy, order):
    steps = [(_small_rows(), AreaLevel.SMALL_AREA, "small.csv"), (_major_rows(), AreaLevel.MAJOR_DISTRICT,
                                                                   "major.csv")]
    if order == "major districts first":
        steps.reverse()
    for rows, level, filename in steps:
        _import(rows, level, filename)
    published = _published()
    target = (AreaLevel.SMALL_AREA, "p00", "women")
    assert published[target] is None  # 3 persons
    assert not _determined(published, target)
    assert not _determined(published, (AreaLevel.SMALL_AREA, "p00", "men"))
    # what is hidden stays small: the other major district and most figures are shown
    assert sum(v is None for v in published.values()) <= 6
    assert published[(AreaLevel.MAJOR_DISTRICT, "0491010000", "women")] is not None


@pytest.mark.django_db
def test_group_counts_are_rolled_up_from_the_small_areas_published_figures(hierarchy):
    _import(_small_rows(), AreaLevel.SMALL_AREA, "small.csv")
    small = _published(AreaLevel.SMALL_AREA)
    rolled = {(o.area.level, o.area.code, o.group): o for o in Observation.by_group.filter(
        variable__code="population", year=2024).exclude(computed_from="").select_related("area")}
    # the second major district: every small area published, the sum of the six
    second = rolled[(AreaLevel.MAJOR_DISTRICT, "0491010000", "women")]
    assert second.value == sum(small[(AreaLevel.SMALL_AREA, c, "women")] for c in SMALL[6:])
    assert (second.parts_used, second.parts_total) == (6, 6)
    # the first: only the published small areas enter, and the figure says so (5 of 6)
    first = rolled[(AreaLevel.MAJOR_DISTRICT, MAJOR, "women")]
    assert first.value == sum(small[(AreaLevel.SMALL_AREA, c, "women")] for c in SMALL[1:6])
    assert (first.parts_used, first.parts_total) == (5, 6)
    # statistical areas, the city and the city centre by group too
    assert (AreaLevel.STATISTICAL_AREA, "0491001000", "men") in rolled
    assert rolled[(AreaLevel.CITY, "049", "men")].value == sum(310 + 5 * i for i in range(1, 12))  # p00 hidden
    assert rolled[(AreaLevel.CITY_CENTRE, "keskus", "men")].value == 315  # its one small area, p01
    # the whole-population queries still see only the whole population
    assert set(Observation.objects.values_list("group", flat=True)) == {"all"}
