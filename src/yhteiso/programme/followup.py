"""Effect follow-up: a project's target areas against the rest of the city, before and after its start.

Reads only (knowledge and programme). :func:`defaults` picks a combination that can give a result — the geography
where the project reaches areas with figures, the indicator with the longest series for those areas and the years
around the project's start — and :func:`verdict_sentences` reads a difference-in-differences result in plain
language (docs/methods/knowledge-base.md, "Follow-up of effects")."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yhteiso.analytics.did import MIN_AREAS, DidResult, verdict
from yhteiso.areas.models import Area
from yhteiso.core.charts import line_chart
from yhteiso.knowledge import selectors as knowledge_selectors
from yhteiso.programme import targeting

# The measures a follow-up opens with when several have equally long series: shares people understand first.
PREFERRED_INDICATORS = ("var:unemployment_rate_pct", "var:tertiary_educated_share_pct", "idx:sum_index",
                        "idx:status_index", "var:median_income_eur")
PERIOD_YEARS = 3  # years on each side of the start a follow-up opens with
DECIMALS = {"%": 1, "€": 0, "index": 1, "persons": 0, "households": 0}


def start_year(project) -> int | None:
    """The year the project starts: its start date's, else its programme year."""
    if project.start_date:
        return project.start_date.year
    return project.year


def treated_areas(project, level: str) -> list[Area]:
    """The project's target areas on ``level``: themselves, their descendants, or areas of this geography lying
    inside them (see :func:`targeting.areas_reached`)."""
    reached = targeting.areas_reached(list(project.target_areas.all()), level)
    return list(Area.objects.filter(pk__in=reached).order_by("code"))


def _preference(key: str, unit: str) -> tuple[int, int]:
    if key in PREFERRED_INDICATORS:
        return 0, PREFERRED_INDICATORS.index(key)
    return 1, 0 if unit == "%" else 1


def periods(years: list[int], start: int | None) -> tuple[list[int], list[int]]:
    """The years with figures just before and from the start (at most :data:`PERIOD_YEARS` each). Without a start,
    the newest years are "after" and the ones before them "before"."""
    if start is None:  # the newer half at most, so that "before" keeps at least one year
        after = years[-min(PERIOD_YEARS, len(years) // 2):] if len(years) > 1 else []
        before = [y for y in years if not after or y < after[0]][-PERIOD_YEARS:]
        return before, after
    before = [y for y in years if y < start][-PERIOD_YEARS:]
    after = [y for y in years if y >= start][:PERIOD_YEARS]
    return before, after


def defaults(project, levels: list[tuple[str, Any]]) -> dict | None:
    """The follow-up a project opens with: ``{"level", "indicator", "before", "after", "start", "years"}``, or None
    when the project reaches no area with a series of at least two years. The geography and indicator with the
    longest series for the reached areas win; ties go to :data:`PREFERRED_INDICATORS`, then to shares (%)."""
    best: tuple | None = None
    for rank, (level, _label) in enumerate(levels):
        codes = [a.code for a in treated_areas(project, level)]
        if not codes:
            continue
        for key, years in knowledge_selectors.indicator_years_for_areas(level, codes).items():
            if len(years) < 2:
                continue
            score = (-len(years), *_preference(key, knowledge_selectors.indicator_unit(key)
                                               if key not in PREFERRED_INDICATORS else ""), rank, key)
            if best is None or score < best[0]:
                best = (score, level, key, years)
    if best is None:
        return None
    _score, level, key, years = best
    start = start_year(project)
    before, after = periods(years, start)
    return {"level": level, "indicator": key, "before": before, "after": after, "start": start, "years": years}


def yearly_means(level: str, key: str, years: list[int], treated_codes: set[str]
                 ) -> tuple[dict[str, dict[int, float | None]], dict[str, dict[int, float | None]]]:
    """The indicator's values per area and year, split into the targeted areas and the rest."""
    series: dict[str, dict[int, float | None]] = {}
    for y in years:
        for code, v in knowledge_selectors.indicator_values(level, key, y).items():
            series.setdefault(code, {})[y] = v["value"]
    treated = {c: s for c, s in series.items() if c in treated_codes}
    control = {c: s for c, s in series.items() if c not in treated_codes}
    return treated, control


def mean_by_year(series: dict[str, dict[int, float | None]], years: list[int]) -> list[tuple[int, float | None]]:
    out: list[tuple[int, float | None]] = []
    for y in years:
        values = [v for s in series.values() if (v := s.get(y)) is not None]
        out.append((y, sum(values) / len(values) if values else None))
    return out


def chart(*, treated: dict, control: dict, years: list[int], start: int | None, label: str, unit: str,
          narrow: bool = False) -> str:
    """Before/after chart: the mean of the targeted areas and of the rest of the city per year, the start marked.
    ``narrow``: drawn 380 units wide for a phone (the wide one shrank its text to a few pixels there)."""
    markers = [(start, _("Start %(year)s") % {"year": start})] if start else []
    unit_text = {"%": "%", "€": "€", "index": _("Espoo = 100")}.get(unit, "")
    return line_chart(
        [{"name": _("Targeted areas (mean)"), "points": mean_by_year(treated, years)},
         {"name": _("Rest of the city (mean of the areas)"), "points": mean_by_year(control, years)}],
        title=label, x_label=_("Year"), y_label=f"{label} ({unit_text})" if unit_text else label,
        x_markers=markers, width=380 if narrow else 860, height=300 if narrow else 320,
        id_prefix="followup-narrow" if narrow else "followup")


def _number(value: float, decimals: int, *, signed: bool = False) -> str:
    text = formats.number_format(abs(value) if not signed else value, decimals, use_l10n=True, force_grouping=True)
    text = text.replace("-", "−")
    if signed and round(value, decimals) > 0:
        text = "+" + text
    return text


def _unit_words(unit: str) -> str:
    return {"%": _("percentage points"), "€": _("euros"), "index": _("index points"),
            "persons": _("persons"), "households": _("households")}.get(unit, "")


def _years(years: list[int]) -> str:
    if not years:
        return "–"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def baseline_changes(treated: dict, control: dict, before: list[int]) -> tuple[float, float] | None:
    """How the means of the targeted areas and of the rest changed across the "before" years (last − first), for a
    page that has no "after" years yet; None with fewer than two years or a missing mean."""
    if len(before) < 2:
        return None
    t, c = mean_by_year(treated, [before[0], before[-1]]), mean_by_year(control, [before[0], before[-1]])
    if any(v is None for _y, v in (*t, *c)):
        return None
    return t[1][1] - t[0][1], c[1][1] - c[0][1]  # type: ignore[operator]


def verdict_sentences(result: DidResult | None, *, unit: str, before: list[int], after: list[int],
                      start: int | None, latest_year: int | None,
                      baseline: tuple[float, float] | None = None) -> list[str]:
    """The verdict in plain language, in the active language: what happened in the targeted areas, how that
    compares with the rest of the city, and how sure that is. ``result`` None = no "after" period chosen; then
    ``baseline`` (:func:`baseline_changes`) tells how the areas developed before the start."""
    decimals = DECIMALS.get(unit, 2)
    words = _unit_words(unit)
    if not after:
        if start is not None and latest_year is not None and latest_year < start:
            out = [_("There are no figures from after the start yet: the project starts in %(start)s and the newest "
                     "figures are from %(latest)s. The comparison can be made when figures from %(start)s on are "
                     "published.") % {"start": start, "latest": latest_year}]
        else:
            out = [_("Choose the years after the start to compare; the chart shows the whole series.")]
        if baseline is not None:
            out.append(_("Before the start, from %(first)s to %(last)s, the figure changed by %(treated)s in the "
                         "targeted areas and by %(other)s in the rest of the city.") % {
                "first": before[0], "last": before[-1],
                "treated": f"{_number(baseline[0], decimals, signed=True)} {words}".strip(),
                "other": f"{_number(baseline[1], decimals, signed=True)} {words}".strip()})
        return out
    assert result is not None
    tolerance = 0.5 * 10 ** -decimals
    v = verdict(result, tolerance=tolerance)
    spans = {"before": _years(before), "after": _years(after)}
    if v.change == "too_few":
        return [_("Too few figures to say anything: no targeted area has figures both in %(before)s and in "
                  "%(after)s.") % spans]
    assert result.treated_change is not None
    amount = f"{_number(result.treated_change, decimals)} {words}".strip()
    if v.change == "rise":
        first = _("In the targeted areas the figure rose by %(amount)s from %(before)s to %(after)s.")
    elif v.change == "fall":
        first = _("In the targeted areas the figure fell by %(amount)s from %(before)s to %(after)s.")
    else:
        first = _("In the targeted areas the figure stayed about the same from %(before)s to %(after)s "
                  "(a change of less than %(tolerance)s).")
    sentences = [first % {**spans, "amount": amount,
                          "tolerance": f"{_number(tolerance, decimals + 1)} {words}".strip()}]
    if result.control_change is None:
        sentences.append(_("There are no comparison areas with figures for both periods, so the change cannot be "
                           "compared with the rest of the city."))
        return sentences
    other = f"{_number(result.control_change, decimals, signed=True)} {words}".strip()
    n = result.n_treated
    if v.relative == "same":
        sentences.append(_("That is about as much as in the rest of the city (%(other)s): the difference cannot be "
                           "told apart from chance.") % {"other": other})
    elif v.relative == "different":
        assert result.estimate is not None and result.ci_low is not None and result.ci_high is not None
        sentences.append(_("In the rest of the city the change was %(other)s. The difference, %(diff)s, is larger "
                           "than chance alone would explain (95 %% interval %(low)s … %(high)s), but it does not "
                           "prove that the project caused it.") % {
            "other": other, "diff": f"{_number(result.estimate, decimals, signed=True)} {words}".strip(),
            "low": _number(result.ci_low, decimals, signed=True), "high": _number(result.ci_high, decimals,
                                                                                   signed=True)})
    else:
        if n >= MIN_AREAS:
            sentences.append(_("In the rest of the city the change was %(other)s. With so few comparison areas or "
                               "years, the difference cannot be told apart from ordinary variation between areas.")
                             % {"other": other})
            return sentences
        sentences.append(ngettext(
            "In the rest of the city the change was %(other)s. With only %(n)s targeted area, the difference cannot "
            "be told apart from ordinary variation between areas.",
            "In the rest of the city the change was %(other)s. With only %(n)s targeted areas, the difference cannot "
            "be told apart from ordinary variation between areas.", n) % {"other": other, "n": n})
    return sentences
