"""Raking, post-stratification, design effect and weighted estimates (analytics.weighting)."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipfn import ipfn

from yhteiso.analytics import weighting
from yhteiso.analytics.weighting import (
    design_effect,
    effective_n,
    poststratify,
    rake,
    weighted_mean,
    weighted_share,
)

AREAS = ["a", "b", "c"]
LANGS = ["dom", "other"]


def _margins(respondents, weights, dims):
    out = {}
    for d in dims:
        sums = {}
        for r, w in zip(respondents, weights, strict=True):
            sums[r[d]] = sums.get(r[d], 0.0) + w
        out[d] = sums
    return out


@st.composite
def samples(draw):
    """Respondents covering every category of both dimensions, and positive population margins."""
    n = draw(st.integers(min_value=6, max_value=60))
    rows = [{"area": AREAS[i % 3], "lang": LANGS[i % 2]} for i in range(6)]  # every category present
    for _ in range(n - 6):
        rows.append({"area": draw(st.sampled_from(AREAS)), "lang": draw(st.sampled_from(LANGS))})
    pop = st.integers(min_value=50, max_value=5000)
    margins = {"area": {a: draw(pop) for a in AREAS}, "lang": {lang: draw(pop) for lang in LANGS}}
    return rows, margins


@settings(max_examples=60, deadline=None)
@given(samples())
def test_converged_weighted_margins_equal_the_targets_and_weights_are_positive(sample):
    rows, margins = sample
    result = rake(rows, margins, trim=None, max_iter=500, tol=1e-9)
    if not result.converged:  # raking of a 3x2 table with all cells touched by the design always converges here
        pytest.fail(f"did not converge: {result}")
    assert all(w > 0 for w in result.weights)
    assert sum(result.weights) == pytest.approx(len(rows))
    got = _margins(rows, result.weights, ["area", "lang"])
    for dim, margin in margins.items():
        total = sum(margin.values())
        for cat, pop in margin.items():
            assert got[dim][cat] / len(rows) == pytest.approx(pop / total, abs=1e-8)
    assert design_effect(result.weights) >= 1 - 1e-12
    assert effective_n(result.weights) == pytest.approx(len(rows) / design_effect(result.weights))


@settings(max_examples=60, deadline=None)
@given(samples())
def test_margins_equal_to_the_samples_own_give_weights_of_one(sample):
    rows, _margins_unused = sample
    own = {d: {} for d in ("area", "lang")}
    for r in rows:
        for d in own:
            own[d][r[d]] = own[d].get(r[d], 0) + 7  # any multiple of the sample's own counts
    result = rake(rows, own)
    assert result.converged and result.iterations == 0
    assert result.weights == pytest.approx([1.0] * len(rows))
    assert design_effect(result.weights) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(samples())
def test_trimmed_weights_stay_within_the_bounds(sample):
    rows, margins = sample
    result = rake(rows, margins, trim=(0.5, 2.0))
    mean = sum(result.weights) / len(result.weights)
    assert mean == pytest.approx(1.0)
    # the final renormalisation can move trimmed weights by the (small) change in the mean
    assert min(result.weights) > 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=50))
def test_design_effect_is_at_least_one(weights):
    assert design_effect(weights) >= 1 - 1e-9


def test_matches_the_independent_ipfn_implementation():
    rng = np.random.default_rng(7)
    rows = [{"area": AREAS[i % 3], "lang": LANGS[i % 2]} for i in range(6)]
    rows += [{"area": str(rng.choice(AREAS, p=[0.6, 0.3, 0.1])), "lang": str(rng.choice(LANGS, p=[0.8, 0.2]))}
             for _ in range(200)]
    margins = {"area": {"a": 1000.0, "b": 1500.0, "c": 2500.0}, "lang": {"dom": 3500.0, "other": 1500.0}}
    ours = rake(rows, margins, trim=None, tol=1e-10, max_iter=1000)
    assert ours.converged

    # ipfn works on the cross-table of counts; each respondent's weight is its cell's fitted count / cell count.
    frame = pd.DataFrame(rows)
    cells = frame.groupby(["area", "lang"]).size().rename("total").reset_index()
    counts = cells.set_index(["area", "lang"])["total"].to_dict()
    total = 5000.0
    agg_area = pd.Series({k: v / total * len(rows) for k, v in margins["area"].items()}).rename_axis("area")
    agg_lang = pd.Series({k: v / total * len(rows) for k, v in margins["lang"].items()}).rename_axis("lang")
    fitted = ipfn.ipfn(cells.astype({"total": float}), [agg_area, agg_lang], [["area"], ["lang"]],
                       convergence_rate=1e-12, max_iteration=2000).iteration()
    theirs = {(r.area, r.lang): r.total / counts[(r.area, r.lang)] for r in fitted.itertuples()}
    for r, w in zip(rows, ours.weights, strict=True):
        assert w == pytest.approx(theirs[(r["area"], r["lang"])], rel=1e-6)


def test_hand_computed_poststratification_and_kish():
    # 2 young + 6 old respondents; population 40 % young, 60 % old (textbook post-stratification)
    rows = [{"age": "young"}] * 2 + [{"age": "old"}] * 6
    result = poststratify(rows, {("young",): 400, ("old",): 600}, dimensions=["age"])
    assert result.weights == pytest.approx([1.6, 1.6, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8])
    # deff = 8 * (2*1.6² + 6*0.8²) / 8² = (5.12 + 3.84) / 8 = 1.12; n_eff = 8 / 1.12
    assert design_effect(result.weights) == pytest.approx(1.12)
    assert effective_n(result.weights) == pytest.approx(8 / 1.12)
    # the young all say yes, the old none: unweighted 25 %, weighted 40 %
    e = weighted_share([True, True] + [False] * 6, result.weights)
    assert e.value == pytest.approx(0.4)
    # s² = 8/7 * 0.4*0.6 ; se = sqrt(s² / n_eff)
    assert e.se == pytest.approx((8 / 7 * 0.24 / (8 / 1.12)) ** 0.5)
    assert e.n == 8 and e.deff == pytest.approx(1.12)


def test_equal_weights_give_the_ordinary_mean_and_standard_error():
    values = [2.0, 4.0, 9.0, 1.0]
    e = weighted_mean(values, [1.0] * 4)
    assert e.value == pytest.approx(np.mean(values))
    assert e.se == pytest.approx(np.std(values, ddof=1) / 2)
    assert e.n_eff == pytest.approx(4)


def test_a_category_without_a_margin_is_refused_by_name():
    with pytest.raises(ValueError, match="'x' of dimension 'area' has no population margin"):
        rake([{"area": "a"}, {"area": "x"}], {"area": {"a": 10}})


def test_a_margin_cell_without_respondents_is_refused_by_name():
    with pytest.raises(ValueError, match=r"area='b' has a population but no respondents"):
        rake([{"area": "a"}], {"area": {"a": 10, "b": 5}})


def test_a_zero_margin_without_respondents_is_ignored():
    assert rake([{"area": "a"}], {"area": {"a": 10, "b": 0}}).weights == [1.0]


@pytest.mark.parametrize("kwargs", [{"trim": (2.0, 3.0)}, {"tol": 0}, {"max_iter": 0},
                                    {"base_weights": [1.0, -1.0]}])
def test_bad_parameters_are_refused(kwargs):
    with pytest.raises(ValueError):
        rake([{"g": "x"}, {"g": "y"}], {"g": {"x": 1, "y": 1}}, **kwargs)


def test_no_respondents_is_refused():
    with pytest.raises(ValueError, match="no respondents"):
        rake([], {"g": {"x": 1}})


def test_the_docstring_examples_hold():
    failures, tried = doctest.testmod(weighting)
    assert tried > 0 and failures == 0


@settings(max_examples=40, deadline=None)
@given(samples(), st.lists(st.booleans(), min_size=60, max_size=60))
def test_not_stated_respondents_are_left_out_of_their_dimension(sample, blanks):
    rows, margins = sample
    rows = [dict(r, lang=None) if i >= 6 and blanks[i] else r for i, r in enumerate(rows)]
    result = rake(rows, margins, trim=None, max_iter=500, tol=1e-9)
    assert result.converged and all(w > 0 for w in result.weights)
    stated = [(r, w) for r, w in zip(rows, result.weights, strict=True) if r["lang"] is not None]
    got = _margins([r for r, _ in stated], [w for _, w in stated], ["lang"])["lang"]
    total = sum(margins["lang"].values())
    for cat, pop in margins["lang"].items():
        assert got[cat] / sum(got.values()) == pytest.approx(pop / total, abs=1e-8)
    got_area = _margins(rows, result.weights, ["area"])["area"]
    for cat, pop in margins["area"].items():
        assert got_area[cat] / len(rows) == pytest.approx(pop / sum(margins["area"].values()), abs=1e-8)


def test_a_dimension_nobody_stated_is_refused():
    with pytest.raises(ValueError, match="no respondent has a category in dimension 'lang'"):
        rake([{"lang": None}], {"lang": {"fi": 1}})
