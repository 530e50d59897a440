"""``suppress_linked``: one pattern for a set of tables that share groups; checked against linear algebra (a hidden
cell is recoverable from the published figures exactly when its unit vector lies in the row space of the
published relations restricted to the hidden cells)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yhteiso.analytics.suppression import Policy, suppress_linked


def _recoverable(cells, relations, hidden):
    """Hidden cells whose value the published cells and relations fix (ignoring non-negativity)."""
    unknown = sorted(hidden, key=str)
    if not unknown:
        return set()
    index = {key: i for i, key in enumerate(unknown)}
    rows = []
    for relation in relations:
        row = np.zeros(len(unknown))
        for position, key in enumerate(relation):
            if key in index:
                row[index[key]] = 1.0 if position == 0 else -1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    out = set()
    for key, i in index.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            out.add(key)
    return out


@st.composite
def linked_tables(draw):
    """Several tables over the same groups (e.g. one breakdown across several results), totals first."""
    groups = draw(st.integers(min_value=2, max_value=6))
    tables = draw(st.integers(min_value=1, max_value=4))
    cells, relations = {}, []
    for t in range(tables):
        counts = draw(st.lists(st.integers(min_value=0, max_value=40), min_size=groups, max_size=groups))
        for g, c in enumerate(counts):
            cells[(t, g)] = c
        cells[(t, "total")] = sum(counts)
        relations.append([(t, "total"), *[(t, g) for g in range(groups)]])
    links = [[(t, g) for t in range(tables)] for g in range(groups)]
    return cells, relations, links


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_tables())
def test_no_hidden_nonzero_count_can_be_solved_from_the_tables_of_a_release(tables):
    cells, relations, links = tables
    hidden = suppress_linked(cells, relations=relations, links=links, policy=Policy())
    assert {key for key, v in cells.items() if 0 < v < 5} <= hidden  # primary
    for group in links:  # one pattern: a group hidden in one table is hidden in all
        assert all(key in hidden for key in group) or not any(key in hidden for key in group)
    exposed = {key for key in _recoverable(cells, relations, hidden) if cells[key] > 0}
    assert exposed == set()


def test_the_two_tables_of_the_issue_hide_the_same_groups():
    # Distribution of home area (answered) and NPS by home area (with "not stated"): 3 has 2 people.
    cells = {("d", "tot"): 52, ("d", 1): 30, ("d", 2): 12, ("d", 3): 2, ("d", 4): 8, ("d", "ns"): 0,
             ("n", "tot"): 58, ("n", 1): 30, ("n", 2): 12, ("n", 3): 2, ("n", 4): 8, ("n", "ns"): 6}
    relations = [[("d", "tot"), ("d", 1), ("d", 2), ("d", 3), ("d", 4), ("d", "ns")],
                 [("n", "tot"), ("n", 1), ("n", 2), ("n", 3), ("n", 4), ("n", "ns")]]
    links = [[("d", g), ("n", g)] for g in (1, 2, 3, 4, "ns")]
    hidden = suppress_linked(cells, relations=relations, links=links, policy=Policy())
    assert {g for (_t, g) in hidden if _t == "d"} == {g for (_t, g) in hidden if _t == "n"}
    assert ("d", 3) in hidden and not _recoverable(cells, relations, hidden) - {k for k in cells if cells[k] == 0}
