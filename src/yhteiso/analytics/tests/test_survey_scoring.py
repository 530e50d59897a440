import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from yhteiso.analytics.survey_scoring import (
    mean_ci,
    nps,
    participation_score,
    participation_scores,
    share,
    wilson_ci,
)


def test_wilson_interval_matches_the_textbook_value_for_8_of_10():
    # Wilson 95 % for 8/10: 0.490 … 0.943 (e.g. Newcombe 1998, table I method 3).
    lo, hi = wilson_ci(8, 10)
    assert round(lo, 3) == 0.490
    assert round(hi, 3) == 0.943


def test_wilson_interval_matches_scipy_binomtest():
    result = stats.binomtest(37, 120).proportion_ci(confidence_level=0.95, method="wilson")
    lo, hi = wilson_ci(37, 120)
    assert lo == pytest.approx(result.low)
    assert hi == pytest.approx(result.high)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_wilson_interval_always_contains_the_observed_share_and_stays_in_0_1(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    lo, hi = wilson_ci(k, n)
    assert 0 <= lo <= k / n <= hi <= 1


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError, match="successes"):
        wilson_ci(11, 10)
    with pytest.raises(ValueError, match="n must be positive"):
        wilson_ci(0, 0)


def test_share_is_in_per_cent_and_ignores_missing_answers():
    est = share([True, False, False, None, True])
    assert est.n == 4
    assert est.value == 50.0
    assert est.ci_low < 50 < est.ci_high


def test_mean_interval_matches_scipy_t_interval():
    x = [3.0, 4.5, 2.0, 5.0, 4.0, 3.5]
    est = mean_ci(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=np.mean(x), scale=stats.sem(x))
    assert est.value == pytest.approx(np.mean(x))
    assert est.ci_low == pytest.approx(lo)
    assert est.ci_high == pytest.approx(hi)


def test_mean_of_one_value_has_no_interval_and_of_none_has_no_value():
    assert mean_ci([7]).ci_low is None
    assert mean_ci([None, float("nan")]).value is None


def test_nps_is_promoters_minus_detractors_in_per_cent():
    result = nps([10, 10, 9, 8, 7, 6, 0, 5, 10, 9])
    assert (result.promoters, result.passives, result.detractors) == (5, 2, 3)
    assert result.value == pytest.approx(20.0)
    assert result.ci_low < 20 < result.ci_high


def test_nps_interval_equals_the_trinomial_normal_approximation():
    answers = [10] * 40 + [8] * 30 + [3] * 30
    r = nps(answers)
    p9, p0 = 0.4, 0.3
    se = math.sqrt((p9 + p0 - (p9 - p0) ** 2) / 100)
    assert r.ci_high - r.value == pytest.approx(100 * 1.959964 * se, rel=1e-5)


def test_nps_refuses_answers_outside_0_to_10():
    with pytest.raises(ValueError, match="0–10"):
        nps([11])
    with pytest.raises(ValueError, match="0–10"):
        nps([4.5])


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=200))
def test_nps_stays_between_minus_100_and_100(answers):
    r = nps(answers)
    assert -100 <= r.ci_low <= r.value <= r.ci_high <= 100


def test_participation_score_maps_the_scale_ends_to_0_and_100():
    assert participation_score([1] * 10) == 0.0
    assert participation_score([5] * 10) == 100.0
    assert participation_score([3] * 10) == 50.0


def test_participation_score_follows_the_missing_answer_rule_of_the_instrument_version():
    nine = [4] * 9 + [None]
    assert participation_score(nine) is None  # complete cases only (min_answered=10)
    assert participation_score(nine, min_answered=8) == 75.0
    assert participation_score([4] * 7 + [None] * 3, min_answered=8) is None


def test_participation_scores_name_the_respondent_and_statement_that_is_off_the_scale():
    with pytest.raises(ValueError, match=r"respondent #1, statement 3"):
        participation_scores([[3] * 10, [3, 3, 6, 3, 3, 3, 3, 3, 3, 3]])


@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=10, max_size=10), min_size=1, max_size=30))
def test_participation_scores_lie_between_0_and_100_or_are_missing(rows):
    scores = participation_scores(rows, min_answered=5)
    for row, s in zip(rows, scores, strict=True):
        answered = sum(v is not None for v in row)
        assert (answered < 5 and math.isnan(s)) or 0 <= s <= 100
