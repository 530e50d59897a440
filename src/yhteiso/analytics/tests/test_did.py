import pytest

from yhteiso.analytics.did import Verdict, did, verdict


def _areas(prefix, n, before, after, noise=0.0):
    return {f"{prefix}{i}": {2018: before + i * noise, 2023: after + i * noise * 1.5} for i in range(n)}


def test_the_estimate_is_the_difference_of_the_mean_changes():
    treated = {"a": {2018: 10, 2023: 15}, "b": {2018: 20, 2023: 23}}
    control = {"c": {2018: 10, 2023: 11}, "d": {2018: 30, 2023: 33}}
    r = did(treated, control, before=[2018], after=[2023])
    assert r.estimate == pytest.approx(4.0 - 2.0)
    assert r.treated_change == 4.0 and r.control_change == 2.0


def test_the_interval_uses_welch_t_and_covers_the_estimate():
    treated = {f"t{i}": {2018: 10.0, 2023: 13.0 + (i % 3) * 0.5} for i in range(8)}
    control = {f"c{i}": {2018: 10.0, 2023: 11.0 + (i % 4) * 0.4} for i in range(12)}
    r = did(treated, control, before=[2018], after=[2023])
    assert r.ci_low < r.estimate < r.ci_high
    assert r.ci_low > 0 and r.caveat == "none"
    from scipy import stats

    welch = stats.ttest_ind([13.0 + (i % 3) * 0.5 - 10 for i in range(8)],
                            [11.0 + (i % 4) * 0.4 - 10 for i in range(12)], equal_var=False)
    assert r.estimate / r.se == pytest.approx(welch.statistic)


def test_too_few_areas_gets_the_plain_language_caveat():
    r = did(_areas("t", 3, 10, 14, 1), _areas("c", 10, 10, 11, 1), before=[2018], after=[2023])
    assert r.caveat == "too_few"


def test_a_single_targeted_area_cannot_be_estimated():
    r = did({"t": {2018: 1, 2023: 3}}, _areas("c", 6, 1, 2, 0.3), before=[2018], after=[2023])
    assert r.caveat == "cannot_estimate" and r.ci_low is None and r.estimate == pytest.approx(1.0, abs=0.5)


def test_an_interval_covering_zero_is_not_distinguishable():
    treated = {f"t{i}": {2018: 10, 2023: 10 + (-1) ** i * 2} for i in range(6)}
    control = {f"c{i}": {2018: 10, 2023: 10 + (-1) ** i * 2} for i in range(6)}
    assert did(treated, control, before=[2018], after=[2023]).caveat == "not_distinguishable"


def test_areas_without_both_periods_are_left_out_and_pre_trends_are_reported():
    treated = {f"t{i}": {2016: 8, 2018: 10, 2023: 14} for i in range(5)}
    treated["t_missing"] = {2023: 99}
    control = {f"c{i}": {2016: 9, 2018: 10, 2023: 11} for i in range(5)}
    r = did(treated, control, before=[2016, 2018], after=[2023])
    assert r.n_treated == 5
    assert r.pre_trend_gap == pytest.approx(1.0 - 0.5)


def test_bad_periods_and_overlapping_groups_are_refused():
    with pytest.raises(ValueError, match="precede"):
        did({}, {}, before=[2020], after=[2019])
    with pytest.raises(ValueError, match="both targeted and a comparison"):
        did({"a": {}}, {"a": {}}, before=[2019], after=[2020])


def _two_years(changes):
    return {a: {2019: 10.0, 2022: 10.0 + c} for a, c in changes.items()}


def test_the_verdict_names_the_cases_a_page_puts_in_words():
    many = {f"t{i}": -3.0 + 0.1 * i for i in range(5)}
    rest = {f"c{i}": 0.1 * (i - 2) for i in range(5)}
    assert verdict(did(_two_years(many), _two_years(rest), before=[2019], after=[2022]), tolerance=0.05) == \
        Verdict("fall", "no_change", "different")
    few = did(_two_years({"a": 1.5}), _two_years({"c": 0.5, "d": 0.4}), before=[2019], after=[2022])
    assert (verdict(few, tolerance=0.05).change, verdict(few, tolerance=0.05).relative) == ("rise", "uncertain")
    flat = did(_two_years({"a": 0.01, "b": -0.01}), _two_years({"c": 0.0, "d": 0.02}), before=[2019], after=[2022])
    assert verdict(flat, tolerance=0.05).change == "no_change" and verdict(flat, tolerance=0.05).relative == "same"
    none = did({"a": {2019: 1.0}}, _two_years({"c": 1.0, "d": 2.0}), before=[2019], after=[2022])
    assert verdict(none, tolerance=0.05) == Verdict("too_few", "rise", "unknown")
    with pytest.raises(ValueError, match="tolerance"):
        verdict(none, tolerance=-1)
