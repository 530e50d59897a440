import pytest
from hypothesis import given
from hypothesis import strategies as st

from yhteiso.analytics.suppression import Policy, suppress_counts, suppress_partition, suppress_table


def test_counts_under_five_are_hidden_and_zero_is_shown():
    out = suppress_counts([0, 4, 5, 30, 12], policy=Policy())
    assert out[0] == 0 and out[1] is None and out[3] == 30


def test_a_single_hidden_count_takes_the_next_smallest_with_it_so_the_total_cannot_reveal_it():
    out = suppress_counts([30, 2, 12, 7], policy=Policy())
    assert out == [30, None, 12, None]


def test_no_secondary_suppression_when_the_total_is_not_shown():
    assert suppress_counts([30, 2, 12], policy=Policy(), total_shown=False) == [30, None, 12]


def test_statistics_are_shown_only_from_the_surveys_minimum_n():
    rows = [{"n": 25, "value": 61.0}, {"n": 8, "value": 70.0}, {"n": 15, "value": 55.0}, {"n": 0, "value": None}]
    out, total = suppress_partition(rows, policy=Policy(min_count=5, min_n=10), total={"n": 48, "value": 60.0})
    assert out[0]["value"] == 61.0
    assert out[1]["n"] == 8 and out[1]["value"] is None and out[1]["suppressed"] == "n"
    # The total mean and the other means would reveal the hidden one: secondary suppression of the smallest other.
    assert out[2]["value"] is None and out[2]["suppressed"] == "secondary"
    assert out[3]["suppressed"] is None
    assert total["value"] == 60.0


def test_a_stricter_policy_of_a_survey_hides_more():
    rows = [{"n": 25, "value": 1.0}, {"n": 25, "value": 2.0}]
    out, _ = suppress_partition(rows, policy=Policy(min_count=5, min_n=30), total={"n": 50, "value": 1.5})
    assert all(r["value"] is None for r in out)


def test_a_tiny_total_hides_its_count_and_statistics():
    _, total = suppress_partition([], policy=Policy(), total={"n": 3, "value": 5.0, "ci_low": 1.0, "ci_high": 9.0})
    assert total["n"] is None and total["value"] is None and total["ci_low"] is None


def test_policy_refuses_inconsistent_thresholds():
    with pytest.raises(ValueError):
        Policy(min_count=0)
    with pytest.raises(ValueError):
        Policy(min_count=10, min_n=5)


def test_partition_refuses_rows_without_a_count():
    with pytest.raises(ValueError, match="row #1"):
        suppress_partition([{"n": 5}, {"n": -1}], policy=Policy())


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_no_partition_ever_leaves_exactly_one_hidden_nonempty_cell(sizes):
    counts = suppress_counts(sizes, policy=Policy())
    hidden = [i for i, c in enumerate(counts) if c is None]
    assert all(sizes[i] > 0 for i in hidden)
    assert all(c is None for c, s in zip(counts, sizes, strict=True) if 0 < s < 5)
    if len(hidden) == 1:
        # Only allowed when no other non-empty cell exists to hide with it.
        assert sum(1 for s in sizes if s > 0) == 1

    rows = [{"n": s, "value": float(s)} for s in sizes]
    out, _ = suppress_partition(rows, policy=Policy(), total={"n": sum(sizes), "value": 1.0})
    stat_hidden = [i for i, r in enumerate(out) if r["value"] is None and sizes[i] > 0]
    assert all(out[i]["value"] is None for i, s in enumerate(sizes) if 0 < s < 10)
    if len(stat_hidden) == 1:
        assert sum(1 for s in sizes if s > 0) == 1


def test_a_two_way_table_protects_every_row_column_and_margin():
    t = suppress_table([[20, 3, 9], [12, 15, 30], [0, 0, 0]], policy=Policy())
    assert t.cells[0][1] is None
    assert t.cells[0][2] is None  # its row would reveal the 3
    assert t.cells[1][1] is None  # its column would reveal the 3
    assert t.total == 89 and t.cells[2] == [0, 0, 0]


@given(st.lists(st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3), min_size=1, max_size=6))
def test_no_row_or_column_of_a_table_leaves_exactly_one_hidden_cell(matrix):
    t = suppress_table(matrix, policy=Policy())
    full = [[*row, t.row_totals[i]] for i, row in enumerate(t.cells)] + [[*t.column_totals, t.total]]
    raw = [[*row, sum(row)] for row in matrix]
    raw.append([*[sum(r[j] for r in matrix) for j in range(3)], sum(map(sum, matrix))])
    lines = [list(zip(f, r, strict=True)) for f, r in zip(full, raw, strict=True)]
    lines += [[(full[i][j], raw[i][j]) for i in range(len(full))] for j in range(4)]
    for line in lines:
        hidden = [v for shown, v in line if shown is None and v > 0]
        assert len(hidden) != 1 or sum(1 for _s, v in line if v > 0) == 1
    assert all(shown is None for row_f, row_r in zip(full, raw, strict=True)
               for shown, v in zip(row_f, row_r, strict=True) if 0 < v < 5)
