"""Shares by population group across area levels (issue 16, session 5 item 2): a small area's hidden share must
not follow from its major district's share of the same group and the district's other small areas' shares (with
the persons each share is of, which are published counts) — whichever of the two files comes first. The attack is
the reader's linear algebra over the *amounts* share × persons: in each area the whole's amount = the groups'
amounts, and for each group the district's amount = the sum of its small areas'. Constructed test geography and
figures (conftest ``hierarchy``)."""

from __future__ import annotations

import numpy as np
import pytest

from yhteiso.areas.models import AreaLevel
from yhteiso.knowledge.models import ImportKind, Observation
from yhteiso.knowledge.services import statistics_import
from yhteiso.knowledge.tests.conftest import SMALL

DATASET = {"code": "hobby-share-test", "title": "Harrastavien osuus sukupuolen mukaan (rakennettu testiaineisto)",
           "publisher": "Test publisher", "licence": "CC BY 4.0", "attribution": "Lähde: testi"}
MAJOR = "0491000000"  # the first major district: small areas p00 … p05
OTHER_MAJOR = "0491010000"
SHARE = "hobby_share_pct"


def _small_rows():
    """(area, group, persons, hobbies): p00 has 20 women — a count that is shown, but too few for a share."""
    rows = []
    for i, code in enumerate(SMALL):
        women, men = (20 if i == 0 else 300 + 7 * i), 310 + 5 * i
        w_hobby, m_hobby = (13 if i == 0 else 150 + 3 * i), 120 + 4 * i
        rows += [(code, "all", women + men, w_hobby + m_hobby), (code, "women", women, w_hobby),
                 (code, "men", men, m_hobby)]
    return rows


def _major_rows():
    by_major: dict[tuple[str, str], list[int]] = {}
    for code, group, persons, hobby in _small_rows():
        major = MAJOR if SMALL.index(code) < 6 else OTHER_MAJOR
        got = by_major.setdefault((major, group), [0, 0])
        got[0] += persons
        got[1] += hobby
    return [(m, g, p, h) for (m, g), (p, h) in sorted(by_major.items())]


def _import(rows, level, filename):
    data = ("area,group,population," + SHARE + "\n" + "".join(
        f"{a},{g},{p},{100 * h / p!r}\n" for a, g, p, h in rows)).encode()
    return statistics_import(kind=ImportKind.TABLE, data=data, filename=filename, level=level,
                             dataset={**DATASET, "code": f"{DATASET['code']}-{level}"},
                             options={"area_column": "area", "year": 2024, "group_column": "group",
                                      "base_variable": "population"})


def _published(variable) -> dict[tuple[str, str, str], float | None]:
    return {(lvl, code, group): value for lvl, code, group, value in Observation.by_group.filter(
        variable__code=variable, year=2024, computed_from="").values_list("area__level", "area__code", "group",
                                                                         "value")}


def _recoverable(shares: dict, persons: dict, target: tuple[str, str, str]) -> bool:
    """The attacker: the amounts share × persons of the published shares are known (the persons are published
    counts); every additive relation — whole = women + men in an area, district = Σ its six small areas for each
    group — is solved over the hidden amounts (numpy); the target's share is recovered when its amount is
    determined and its persons are published."""
    if shares.get(target) is not None:
        return True
    if persons.get(target) is None:
        return False
    hidden = sorted(k for k, v in shares.items() if v is None)
    relations = []
    for lvl, code, group in shares:
        if group == "all":
            relations.append(((lvl, code, "all"), [(lvl, code, "women"), (lvl, code, "men")]))
    for group in ("all", "women", "men"):
        relations.append(((AreaLevel.MAJOR_DISTRICT, MAJOR, group),
                          [(AreaLevel.SMALL_AREA, c, group) for c in SMALL[:6]]))
    rows = []
    for total, parts in relations:
        keys = [total, *parts]
        # a relation is usable when every share in it is published or hidden-but-of-known-persons
        if all(k in shares and persons.get(k) is not None for k in keys):
            rows.append([(1.0 if k == total else -1.0) if k in keys else 0.0 for k in hidden])
    if not rows:
        return False
    matrix = np.array(rows)
    goal = np.array([1.0 if k == target else 0.0 for k in hidden])
    solution, *_ = np.linalg.lstsq(matrix.T, goal, rcond=None)
    return bool(np.allclose(matrix.T @ solution, goal))


def _amounts_check(shares, persons, target):
    """Recover the target's share numerically from the published figures (the attack carried out), or None."""
    if not _recoverable(shares, persons, target):
        return None
    _lvl, _code, group = target
    district = (AreaLevel.MAJOR_DISTRICT, MAJOR, group)
    others = [(AreaLevel.SMALL_AREA, c, group) for c in SMALL[1:6]]
    if shares.get(district) is None or any(shares.get(k) is None for k in others):
        return None  # recoverable by a longer chain; the solver above already said so
    amount = shares[district] * persons[district] - sum(shares[k] * persons[k] for k in others)
    return amount / persons[target]


def test_the_attackers_solver_works_across_levels():
    """Without protection across levels the attack succeeds (so the test below could fail)."""
    shares = {(AreaLevel.SMALL_AREA, a, g): 100 * h / p for a, g, p, h in _small_rows() if a in SMALL[:6]}
    persons = {(AreaLevel.SMALL_AREA, a, g): float(p) for a, g, p, _h in _small_rows() if a in SMALL[:6]}
    target = (AreaLevel.SMALL_AREA, "p00", "women")
    shares[target] = shares[(AreaLevel.SMALL_AREA, "p00", "men")] = None  # protected within its own area …
    assert not _recoverable(shares, persons, target)
    for m, g, p, h in _major_rows():
        shares[(AreaLevel.MAJOR_DISTRICT, m, g)] = 100 * h / p
        persons[(AreaLevel.MAJOR_DISTRICT, m, g)] = float(p)
    assert _recoverable(shares, persons, target)  # … but not across levels
    assert _amounts_check(shares, persons, target) == pytest.approx(100 * 13 / 20)


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["small areas first", "major districts first"])
def test_a_hidden_small_area_share_cannot_be_recovered_from_the_major_district(hierarchy, order):
    steps = [(_small_rows(), AreaLevel.SMALL_AREA, "small.csv"),
             (_major_rows(), AreaLevel.MAJOR_DISTRICT, "major.csv")]
    if order == "major districts first":
        steps.reverse()
    for rows, level, filename in steps:
        _import(rows, level, filename)
    shares, persons = _published(SHARE), _published("population")
    target = (AreaLevel.SMALL_AREA, "p00", "women")
    assert shares[target] is None  # a share of 20 persons
    assert persons[target] == 20  # the count itself is shown: the attack has its weights
    assert not _recoverable(shares, persons, target)
    assert not _recoverable(shares, persons, (AreaLevel.SMALL_AREA, "p00", "men"))
    # what is hidden stays small: the other major district's shares are all shown
    assert sum(v is None for v in shares.values()) <= 6
    assert shares[(AreaLevel.MAJOR_DISTRICT, OTHER_MAJOR, "women")] is not None
