"""Bad counts raise ValueError naming the unit and column; undefined indices never return NaN."""

from __future__ import annotations

import math

import numpy as np
import pytest

from yhteiso.analytics import indices as ix
from yhteiso.analytics._validate import as_counts, check_group_total, require_columns

IDS = ["Leppävaara", "Tapiola", "Kivenlahti"]


@pytest.mark.parametrize(
    ("group", "message"),
    [
        ([1.0, math.nan, 2.0], r"unit Tapiola, column 'foreign': missing or non-numeric value \(NaN\)"),
        ([1.0, 2.0, math.inf], r"unit Kivenlahti, column 'foreign': infinite value"),
        ([1.0, -3.0, 2.0], r"unit Tapiola, column 'foreign': negative count -3.0"),
        ([1.0, 2.0, 11.0], r"unit Kivenlahti, column 'foreign': group count 11.0 exceeds total 'population' 10.0"),
    ],
)
def test_bad_group_counts_are_rejected_naming_unit_and_column(group, message):
    with pytest.raises(ValueError, match=message):
        check_group_total(group, [10.0, 10.0, 10.0], unit_ids=IDS, group_name="foreign", total_name="population")


@pytest.mark.parametrize("name", ix.TWO_GROUP_INDEX_NAMES)
def test_every_two_group_index_rejects_nan_naming_the_unit(name):
    with pytest.raises(ValueError, match="unit Tapiola"):
        getattr(ix, name)([1.0, math.nan, 2.0], [10.0, 10.0, 10.0], unit_ids=IDS)


@pytest.mark.parametrize("name", ix.MULTIGROUP_INDEX_NAMES)
def test_every_multigroup_index_rejects_a_negative_count_naming_the_unit(name):
    counts = np.array([[1.0, 2.0], [3.0, -1.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match=r"unit Tapiola, column 2: negative count"):
        getattr(ix, name)(counts, unit_ids=IDS)


def test_multigroup_indices_name_the_group_column_in_errors():
    counts = np.array([[1.0, 2.0], [3.0, math.nan]])
    with pytest.raises(ValueError, match=r"unit B, column 'sv': missing"):
        ix.multigroup_indices(counts, group_names=["fi", "sv"], unit_ids=["A", "B"])


def test_text_in_counts_is_rejected_naming_the_cell():
    with pytest.raises(ValueError, match=r"unit at row 2, column 1: not a number \('many'\)"):
        as_counts([1, "many", 3])


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match=r"areas.csv: missing column 'vieraskieliset'"):
        require_columns({"population": []}, ["vieraskieliset"], source="areas.csv")


@pytest.mark.parametrize(
    ("x", "t", "message"),
    [
        ([0.0, 0.0], [5.0, 5.0], "no members"),
        ([5.0, 5.0], [5.0, 5.0], "everyone belongs to the group"),
        ([0.0, 0.0], [0.0, 0.0], "total population is zero"),
    ],
)
@pytest.mark.parametrize("name", ix.TWO_GROUP_INDEX_NAMES)
def test_undefined_two_group_indices_raise_instead_of_returning_nan(name, x, t, message):
    with pytest.raises(ValueError, match=message):
        getattr(ix, name)(x, t)


@pytest.mark.parametrize("name", ix.MULTIGROUP_INDEX_NAMES)
def test_multigroup_indices_with_a_single_group_raise_instead_of_returning_nan(name):
    with pytest.raises(ValueError, match="at least two groups"):
        getattr(ix, name)([[3.0, 0.0], [4.0, 0.0]])


def test_atkinson_rejects_a_shape_parameter_outside_zero_to_one():
    for b in (-0.1, 1.0, 1.5, math.nan):
        with pytest.raises(ValueError, match="shape parameter"):
            ix.atkinson([1.0, 2.0], [4.0, 4.0], b=b)


def test_unknown_index_names_are_rejected_with_the_list_of_valid_ones():
    with pytest.raises(ValueError, match=r"unknown two-group index 'dissimilarty'.*dissimilarity"):
        ix.two_group_indices([1.0, 2.0], [4.0, 4.0], names=["dissimilarty"])
    with pytest.raises(ValueError, match="unknown multigroup index 'gini'"):
        ix.multigroup_indices([[1.0, 2.0], [3.0, 1.0]], names=["gini"])


def test_fractional_counts_are_accepted():
    assert ix.dissimilarity([0.5, 2.5], [3.0, 3.0]) == pytest.approx(2 / 3)


def test_published_rounding_may_make_the_group_exceed_the_total_by_a_hair():
    g, t = check_group_total([10.0 + 1e-12], [10.0])
    assert g[0] > t[0]
