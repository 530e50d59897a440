import mapclassify
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yhteiso.analytics.classify import breaks_for, class_of, equal_interval_breaks, natural_breaks, quantile_breaks


def test_equal_intervals_divide_the_range():
    assert equal_interval_breaks([0, 3, 10, None], 5) == [2.0, 4.0, 6.0, 8.0]


def test_quantiles_put_equal_counts_in_each_class():
    values = list(range(1, 101))
    breaks = quantile_breaks(values, 4)
    counts = np.bincount([class_of(v, breaks) for v in values])
    assert list(counts) == [25, 25, 25, 25]


def test_natural_breaks_agree_with_mapclassify_on_skewed_data():
    rng = np.random.default_rng(7)
    values = rng.lognormal(3, 1, 150)
    assert natural_breaks(values, 5) == pytest.approx(list(mapclassify.FisherJenks(values, 5).bins[:-1]))


def test_natural_breaks_find_obvious_clusters():
    assert natural_breaks([1, 1.1, 1.2, 5, 5.1, 9, 9.2], 3) == [1.2, 5.1]


def test_few_distinct_values_give_fewer_classes():
    assert natural_breaks([2, 2, 3], 5) == [2.0]
    assert quantile_breaks([4, 4, 4], 3) == []


def test_unknown_methods_and_bad_class_counts_are_refused():
    with pytest.raises(ValueError, match="unknown classification"):
        breaks_for([1, 2], "kmeans", 3)
    with pytest.raises(ValueError, match="positive integer"):
        quantile_breaks([1, 2], 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60), st.integers(2, 7),
       st.sampled_from(["quantiles", "equal_interval", "natural_breaks"]))
def test_breaks_are_ascending_within_the_data_and_at_most_k_minus_one(values, k, method):
    breaks = breaks_for(values, method, k)
    assert len(breaks) <= k - 1
    assert breaks == sorted(set(breaks))
    if breaks:
        assert min(values) <= breaks[0] and breaks[-1] <= max(values)
