"""Survey results: means, shares and NPS by area, age group and population group with 95 % confidence intervals,
and the answer distributions — computed only from the latest frozen release, and always passed through
``analytics.suppression`` (one pattern for every table of the release) before any output.

:func:`survey_results` is the only source of result figures for pages, the API, CSV, XLSX and charts.
"""

from __future__ import annotations

import math

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from yhteiso.analytics.suppression import Policy, suppress_linked, suppress_partition
from yhteiso.analytics.survey_scoring import mean_ci, nps, participation_scores, share
from yhteiso.analytics.weighting import design_effect, effective_n, rake, weighted_mean
from yhteiso.knowledge.selectors import population_margins
from yhteiso.respondents import releases
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.texts import text_in
from yhteiso.surveys import services, validation
from yhteiso.surveys.models import Release, Response, Survey, SurveyStatus

NOT_STATED = "not_stated"

METRICS = [
    {"key": "participation", "kind": "mean", "unit": "0–100",
     "label": gettext_lazy("Experience of participation (THL participation indicator, 0–100)")},
    {"key": "safety_area", "kind": "share", "question": "safety_area", "yes": ("very_safe", "fairly_safe"),
     "exclude": ("dont_know",), "unit": "%", "label": gettext_lazy("Feel their own residential area is safe")},
    {"key": "safety_centre", "kind": "share", "question": "safety_centre", "yes": ("safe", "fairly_safe"),
     "exclude": ("not_there", "dont_know"), "unit": "%",
     "label": gettext_lazy("Feel the centre of their area is safe in the evening")},
    {"key": "racism_met", "kind": "share", "question": "racism_met", "yes": ("once", "several"),
     "exclude": ("dont_know",), "unit": "%", "label": gettext_lazy("Encountered racism in their own area")},
    {"key": "racism_self", "kind": "share", "question": "racism_target", "yes": ("self", "both"),
     "exclude": ("prefer_not",), "unit": "%", "base_question": "racism_met", "base": ("once", "several"),
     "label": gettext_lazy("Of those who met racism: it was aimed at themselves")},
    {"key": "nps", "kind": "nps", "question": "nps", "unit": "NPS",
     "label": gettext_lazy("Recommending Espoo as a place to live (NPS, −100…100)")},
]

BREAKDOWNS = [
    ("all", gettext_lazy("All respondents")),
    ("bg_area", gettext_lazy("Home area")),
    ("bg_age", gettext_lazy("Age group")),
    ("bg_language", gettext_lazy("First language")),
    ("bg_minority", gettext_lazy("Belongs to a minority")),
    ("bg_disability", gettext_lazy("Disability or long-term illness")),
]


def policy_of(survey: Survey) -> Policy:
    return Policy(min_count=survey.min_count, min_n=max(survey.min_n, survey.min_count))


def _thl_scores(survey: Survey, answers: list[dict]) -> list[float | None] | None:
    items = [f"thl_{i}" for i in range(1, 11)]
    questions = {q["key"]: q for q in survey.questions}
    if not all(k in questions for k in items):
        return None
    min_answered = 10
    for item in survey.items.select_related("instrument"):
        if item.instrument_id and item.instrument.key == "thl_participation":
            min_answered = item.instrument.definition.get("scoring", {}).get("min_answered", 10)
    if not answers:
        return []
    rows = [[a.get(k) for k in items] for a in answers]
    scores = participation_scores(rows, min_answered=min_answered)
    return [None if math.isnan(s) else float(s) for s in scores]


def _metric_values(survey: Survey, metric: dict, answers: list[dict]) -> list | None:
    """Per respondent: the value entering the metric (score, True/False, 0–10) or None when not applicable."""
    questions = {q["key"]: q for q in survey.questions}
    if metric["kind"] == "mean" and metric["key"] == "participation":
        return _thl_scores(survey, answers)
    if metric["kind"] == "mean":
        return [a.get(metric["question"]) for a in answers] if metric["question"] in questions else None
    if metric["question"] not in questions:
        return None
    if metric["kind"] == "share":
        out = []
        for a in answers:
            v = a.get(metric["question"])
            outside_base = "base_question" in metric and a.get(metric["base_question"]) not in metric["base"]
            out.append(None if v is None or v in metric["exclude"] or outside_base else v in metric["yes"])
        return out
    return [a.get(metric["question"]) for a in answers]


def _estimate(kind: str, values: list) -> dict:
    values = [v for v in values if v is not None]
    if kind == "share":
        e = share(values)
    elif kind == "nps":
        e = nps(values)
    else:
        e = mean_ci(values)
    return {"n": e.n, "value": e.value, "ci_low": e.ci_low, "ci_high": e.ci_high}


WEIGHTED_KEYS = ("w_value", "w_ci_low", "w_ci_high", "n_eff", "deff")
Z95 = 1.959963984540054
LANGUAGE_GROUPS = {"fi": "domestic", "sv": "domestic", "other": "other"}


def _weighted(kind: str, pairs: list[tuple]) -> dict:
    """Weighted value with a 95 % interval from the effective n (``docs/methods/survey-weighting.md``)."""
    pairs = [(v, w) for v, w in pairs if v is not None]
    if not pairs or pairs[0][1] is None:
        return dict.fromkeys(WEIGHTED_KEYS)
    values, weights = zip(*pairs, strict=True)
    if kind == "share":
        values, bounds = [100.0 * bool(v) for v in values], (0.0, 100.0)
    elif kind == "nps":  # NPS is the mean of a +100 / 0 / −100 score per respondent
        values, bounds = [100.0 if v >= 9 else (-100.0 if v <= 6 else 0.0) for v in values], (-100.0, 100.0)
    else:
        bounds = (-math.inf, math.inf)
    e = weighted_mean(values, weights)
    low = high = None
    if e.se is not None:
        low, high = max(bounds[0], e.value - Z95 * e.se), min(bounds[1], e.value + Z95 * e.se)
    return {"w_value": e.value, "w_ci_low": low, "w_ci_high": high, "n_eff": e.n_eff, "deff": e.deff}


def survey_weights(survey: Survey, answers: list[dict]) -> tuple[list[float] | None, dict]:
    """Raking weights of the released answers to the population margins of the knowledge base (newest year).

    Home area: the major-district code when the knowledge base has a population for it, otherwise (outside
    Espoo, prefer not to say, no answer) left out of the area dimension. Language: Finnish and Swedish count as
    "domestic" (the knowledge base does not split them), another language as "other"; prefer not to say is left
    out of the language dimension. Age is not used: the knowledge base has no population by the survey's age
    groups. Returns ``(weights or None, info)``; ``info["reason"]`` says in the user's language why not.
    """
    info = {"applied": False, "year": None, "dimensions": [], "reason": None, "deff": None, "n_eff": None,
            "max_error": None, "converged": None}
    margins = population_margins()
    if margins is None or not answers:
        info["reason"] = _("The knowledge base has no population figures to weight with.")
        return None, info
    info["year"] = margins["year"]
    keys = {q["key"] for q in survey.questions}
    dims, rows = {}, [{} for _a in answers]
    if "bg_area" in keys and margins["area"]:
        dims["area"] = margins["area"]
        for row, a in zip(rows, answers, strict=True):
            row["area"] = str(a["bg_area"]) if str(a.get("bg_area")) in margins["area"] else None
    if "bg_language" in keys and margins["language"]:
        dims["language"] = margins["language"]
        for row, a in zip(rows, answers, strict=True):
            row["language"] = LANGUAGE_GROUPS.get(a.get("bg_language"))
    dims = {d: m for d, m in dims.items() if any(r[d] is not None for r in rows)}
    if not dims:
        info["reason"] = _("No respondent stated a home area or language that the population figures cover.")
        return None, info
    names = {str(o["value"]): text_in(o["label"]) for q in survey.questions if q["key"] == "bg_area"
             for o in q.get("options", [])}
    for dim, margin in dims.items():
        empty = [c for c, pop in margin.items() if pop > 0 and not any(r[dim] == c for r in rows)]
        if empty:
            label = names.get(empty[0], empty[0]) if dim == "area" else {
                "domestic": _("Finnish or Swedish"), "other": _("another language")}[empty[0]]
            info["reason"] = _("Weighting is not possible: no respondent in the group “%(group)s”, "
                               "which has residents.") % {"group": label}
            return None, info
    try:
        result = rake(rows, dims)
    except ValueError:
        info["reason"] = _("Weighting is not possible with these answers and population figures.")
        return None, info
    info.update(applied=True, dimensions=list(dims), deff=design_effect(result.weights),
                n_eff=effective_n(result.weights), max_error=100 * result.max_error,
                converged=result.converged)
    return result.weights, info


def _groups(survey: Survey, breakdown: str, language: str) -> list[tuple[str, str]] | None:
    q = next((q for q in survey.questions if q["key"] == breakdown), None)
    if q is None:
        return None
    groups = [(str(o["value"]), text_in(o["label"], language)) for o in q["options"] if o["value"] != "prefer_not"]
    return [*groups, (NOT_STATED, _("Not stated or prefer not to say"))]


def _metrics_of(survey: Survey) -> list[dict]:
    metrics = list(METRICS)
    for q in survey.questions:
        if not q.get("instrument") and q["type"] in ("scale", "number"):
            metrics.append({"key": f"own_{q['key']}", "kind": "mean", "question": q["key"], "unit": "",
                            "label": text_in(q["text"])})
    return metrics


def _ended(survey: Survey) -> bool:
    return survey.status == SurveyStatus.CLOSED or (
        survey.status == SurveyStatus.PUBLISHED and survey.closes_at is not None and timezone.now() >= survey.closes_at)


def current_release(survey: Survey) -> Release | None:
    """The latest release; an ended survey gets its final release here if it has none yet."""
    latest = releases.latest_release(Release, survey)
    if _ended(survey) and (latest is None or not latest.final):
        latest = services.release_final(survey=survey) or releases.latest_release(Release, survey)
    return latest


def _group_of(answer: dict, breakdown: str, known: set[str]) -> str:
    g = answer.get(breakdown)
    return NOT_STATED if g is None or str(g) not in known or g == "prefer_not" else str(g)


def _options_of(q: dict, language: str) -> list[tuple]:
    if q["type"] == "scale":
        return [(v, str(v)) for v in range(q["min"], q["max"] + 1)]
    if q["type"] == "place":  # published only as counts per district: never the points or the addresses
        return [*((str(o["value"]), text_in(o["label"], language)) for o in home_area_options()),
                (ADDRESS_ONLY, _("Given only as a street address or postal area"))]
    return [(o["value"], text_in(o["label"], language)) for o in q["options"]]


ADDRESS_ONLY = "address"


def _answer_value(q: dict, answer: dict):
    """The answer as the distribution counts it: a place by its district (or as given only as an address)."""
    value = answer.get(q["key"])
    if q["type"] == "place" and isinstance(value, dict):
        return str(value["area"]) if value.get("area") else ADDRESS_ONLY
    return value


def survey_results(survey: Survey, *, language: str | None = None) -> dict:
    """Every result of the survey's latest release, suppressed with one pattern for the whole release. Structure::

        {"n": int | None, "release": {number, made_on, total, final} | None, "withheld": int,
         "policy": {...}, "metrics": [{key, label, kind, unit, tables: [{breakdown, label, total: row,
         rows: [row, ...]}]}], "distributions": [{key, text, total, rows: [{value, label, count}]}]}

    where a row is ``{group, label_text, n, value, ci_low, ci_high, w_value, w_ci_low, w_ci_high, n_eff, deff,
    suppressed}`` (the ``w_`` figures weighted to the population, see :func:`survey_weights`; None where not
    weighted or where the unweighted value is suppressed) and ``weighting`` describes the weights. Nothing is
    computed from answers that are not in a release (see ``docs/methods/surveys.md``).
    """
    language = language or get_language() or "fi"
    policy = policy_of(survey)
    release = current_release(survey)
    result = {"n": None, "policy": {"min_count": policy.min_count, "min_n": policy.min_n}, "weighting": None,
              "release": None, "withheld": 0, "metrics": [], "distributions": []}
    if release is None:
        return result
    result["release"] = {"number": release.number, "made_on": release.made_on, "total": release.total_responses,
                         "final": release.final}
    if release.final:
        result["withheld"] = releases.unreleased(Response, survey).count()
    answers = list(releases.released_answers(Response, survey).values_list("answers", flat=True))
    weights, weighting = survey_weights(survey, answers)
    result["weighting"] = weighting
    w_of = weights if weights is not None else [None] * len(answers)

    # 1. Every figure of the release, unsuppressed.
    cells: dict = {("respondents",): len(answers)}
    relations: list[list] = []
    links: dict = {}
    tables = []  # (metric, breakdown, label, total estimate, [(code, label, estimate)])
    metric_values = {m["key"]: _metric_values(survey, m, answers) for m in _metrics_of(survey)}
    metrics = [m for m in _metrics_of(survey) if metric_values[m["key"]] is not None]
    breakdowns = []
    for breakdown, breakdown_label in BREAKDOWNS:
        groups = [("all", "")] if breakdown == "all" else _groups(survey, breakdown, language)
        if groups is not None:
            breakdowns.append((breakdown, breakdown_label, groups))
    for metric in metrics:
        values = metric_values[metric["key"]]
        total = _estimate(metric["kind"], values) | _weighted(metric["kind"], list(zip(values, w_of, strict=True)))
        cells[("n", metric["key"])] = total["n"]
        for breakdown, breakdown_label, groups in breakdowns:
            if breakdown == "all":
                tables.append((metric, breakdown, breakdown_label, total, []))
                continue
            known = {code for code, _label in groups}
            members: dict[str, list] = {code: [] for code, _label in groups}
            for a, v, w in zip(answers, values, w_of, strict=True):
                members[_group_of(a, breakdown, known)].append((v, w))
            rows = [(code, label, _estimate(metric["kind"], [v for v, _w in members[code]])
                     | _weighted(metric["kind"], members[code])) for code, label in groups]
            for code, _label, estimate in rows:
                cells[("n", metric["key"], breakdown, code)] = estimate["n"]
                links.setdefault((breakdown, code), []).append(("n", metric["key"], breakdown, code))
            relations.append([("n", metric["key"]), *[("n", metric["key"], breakdown, code) for code, *_r in rows]])
            tables.append((metric, breakdown, breakdown_label, total, rows))

    metric_questions = {m["question"] for m in metrics if m.get("question")}
    metric_questions |= {m.get("base_question") for m in metrics if m.get("base_question")}
    if any(m["key"] == "participation" for m in metrics):
        metric_questions |= {f"thl_{i}" for i in range(1, 11)}
    breakdown_keys = {b for b, _l, _g in breakdowns}
    distributions = []
    shown_to = [validation.visible_keys(survey.questions, a) for a in answers] \
        if any(q["type"] == "multi" for q in survey.questions) else []
    for q in survey.questions:
        if q["type"] == "text":
            continue  # free text is never published as such
        if q["type"] in ("multi", "number"):
            distributions.append(_multi_or_number_cells(q, answers, shown_to, language, cells, relations, links))
            continue
        options = _options_of(q, language)
        given = [_answer_value(q, a) for a in answers]
        counts = [sum(1 for v in given if v == value) for value, _label in options]
        keys = [("d", q["key"], str(value)) for value, _label in options]
        cells.update(zip(keys, counts, strict=True))
        cells[("d", q["key"])] = sum(counts)
        relations.append([("d", q["key"]), *keys])
        if q["key"] in breakdown_keys:
            # The same group in the distribution and in every result table of this breakdown: hidden together.
            for (value, _label), key in zip(options, keys, strict=True):
                group = NOT_STATED if value == "prefer_not" else str(value)
                links.setdefault((q["key"], group), []).append(key)
        if q["key"] in metric_questions:
            # A published mean, share or NPS (with its interval) fixes sums of these counts: hide all or none.
            links[("metric", q["key"])] = [("d", q["key"]), *keys]
        distributions.append((q, options, counts, keys))

    # 2. One count-suppression pattern for the whole release.
    hidden = suppress_linked(cells, relations=relations, links=list(links.values()), policy=policy)
    result["n"] = None if ("respondents",) in hidden else len(answers)
    if result["n"] is None:  # the release's total is the number of respondents: hidden with it
        result["release"]["total"] = None
    if result["n"] is None or len(answers) < policy.min_n:
        weighting.update(deff=None, n_eff=None)

    # 3. Statistics, table by table, on top of that pattern.
    by_metric: dict[str, list] = {}
    unsafe_totals: set[str] = set()
    for metric, breakdown, breakdown_label, total, rows in tables:
        total_row = dict(total, group="all",
                         label_text=str(breakdown_label) if breakdown == "all" else _("All"))
        row_dicts = [dict(estimate, group=code, label_text=label) for code, label, estimate in rows]
        hidden_rows = {i for i, (code, *_r) in enumerate(rows) if ("n", metric["key"], breakdown, code) in hidden}
        rows_out, total_out = suppress_partition(row_dicts, policy=policy, total=total_row, hidden_counts=hidden_rows,
                                                 total_count_hidden=("n", metric["key"]) in hidden)
        for row in [*rows_out, total_out]:
            if row["value"] is None:  # weighted figures only where the unweighted ones pass suppression
                row.update(dict.fromkeys(WEIGHTED_KEYS))
        # The weighted total is a second weighted sum over the same groups as the unweighted total: with exactly
        # two groups' statistics hidden, the two totals would give two equations for the two hidden values.
        hidden_stats = sum(1 for (_c, _l, est), out in zip(rows, rows_out, strict=True)
                           if est["n"] and out["value"] is None)
        if hidden_stats in (1, 2):
            unsafe_totals.add(metric["key"])
        by_metric.setdefault(metric["key"], []).append({"breakdown": breakdown, "label": str(breakdown_label),
                                                        "total": total_out, "rows": rows_out})
    for key in unsafe_totals:
        for table in by_metric[key]:
            table["total"].update(dict.fromkeys(WEIGHTED_KEYS))
    for metric in metrics:
        result["metrics"].append({"key": metric["key"], "label": str(metric["label"]), "kind": metric["kind"],
                                  "unit": metric["unit"], "tables": by_metric.get(metric["key"], [])})

    for q, options, counts, keys in distributions:
        if q["type"] in ("multi", "number"):
            result["distributions"].append(_multi_or_number_out(q, options, counts, keys, hidden, policy, language))
            continue
        answered = sum(counts)
        total_hidden = ("d", q["key"]) in hidden
        shown = [None if key in hidden else c for key, c in zip(keys, counts, strict=True)]
        # Shares (per cent of those who answered) only where the answerers are shown and at least the smallest
        # group for shares, and only beside a count that is itself shown.
        shares_shown = not total_hidden and answered >= policy.min_n
        result["distributions"].append({
            "key": q["key"], "text": text_in(q["text"], language),
            "total": None if total_hidden else answered,
            "rows": [{"value": value, "label": label, "count": c,
                      "share": 100 * c / answered if c is not None and shares_shown else None}
                     for (value, label), c in zip(options, shown, strict=True)],
        })
    return result


def _multi_or_number_cells(q: dict, answers: list[dict], shown_to: list[set], language: str, cells: dict,
                           relations: list, links: dict) -> tuple:
    """The published counts of a multiple-choice or number question, added to the release's cells.

    Multiple choice: the base is every respondent who was shown the question (its condition met), whether they
    ticked anything or not; per option, those who ticked it (``d``) and — never published, but a reader can work it
    out as base − ticked — those who did not (``dn``): each option is a partition of the base into the two, so a
    small "did not tick" hides the option's count as well. Number: the count of answers (its statistics are
    published only for at least ``min_n`` answers)."""
    key = q["key"]
    if q["type"] == "number":
        values = [a[key] for a in answers if isinstance(a.get(key), int | float) and not isinstance(a.get(key), bool)]
        cells[("d", key)] = len(values)
        return q, values, [len(values)], [("d", key)]
    options = _options_of(q, language)
    base = sum(1 for shown in shown_to if key in shown)
    counts = [sum(1 for a in answers if value in (a.get(key) or [])) for value, _label in options]
    keys = [("d", key, str(value)) for value, _label in options]
    cells[("d", key)] = base
    for (value, _label), count, cell in zip(options, counts, keys, strict=True):
        cells[cell] = count
        cells[("dn", key, str(value))] = base - count
        relations.append([("d", key), cell, ("dn", key, str(value))])
    return q, (options, base), counts, keys


def _quartiles(values: list) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile (linear interpolation between order statistics, NumPy's default
    and Hyndman & Fan's type 7)."""
    ordered = sorted(float(v) for v in values)
    last = len(ordered) - 1

    def at(p: float) -> float:
        position = p * last
        low = math.floor(position)
        high = min(low + 1, last)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.5), at(0.75)


def _multi_or_number_out(q: dict, options, counts: list[int], keys: list, hidden: set, policy: Policy,
                         language: str) -> dict:
    """A multiple-choice or number question's published figures, after the release's suppression pattern.
    ``options`` is the number question's values, or the multiple-choice question's ``(options, base)``."""
    key = q["key"]
    out = {"key": key, "text": text_in(q["text"], language), "type": q["type"]}
    total_hidden = ("d", key) in hidden
    if q["type"] == "number":
        values = options
        n = len(values)
        stats = not total_hidden and n >= policy.min_n
        q1, median, q3 = _quartiles(values) if stats else (None, None, None)
        summary = {"n": None if total_hidden else n, "mean": sum(values) / n if stats else None,
                   "median": median, "q1": q1, "q3": q3}
        out.update(total=None if total_hidden else n, rows=[], summary=summary,
                   summary_rows=[(str(label), summary[stat]) for stat, label in NUMBER_STATS])
        return out
    options, answered_base = options
    base = None if total_hidden else answered_base
    shown = [None if cell in hidden else c for cell, c in zip(keys, counts, strict=True)]
    shares_shown = base is not None and base >= policy.min_n
    out.update(total=base, rows=[{"value": value, "label": label, "count": c,
                                  "share": 100 * c / base if c is not None and shares_shown else None}
                                 for (value, label), c in zip(options, shown, strict=True)])
    return out


def find_result(survey: Survey, *, metric: str, breakdown: str, group: str) -> dict | None:
    """One suppressed result row (``group`` "all" = the table's total)."""
    for m in survey_results(survey)["metrics"]:
        if m["key"] != metric:
            continue
        for table in m["tables"]:
            if table["breakdown"] != breakdown:
                continue
            if group == "all":
                return table["total"]
            return next((r for r in table["rows"] if r["group"] == group), None)
    return None


def flat_rows(results: dict) -> list[dict]:
    """The suppressed results as flat rows (for CSV/XLSX exports)."""
    rows = []
    for m in results["metrics"]:
        for table in m["tables"]:
            for row in [table["total"], *table["rows"]]:
                rows.append({
                    "metric": m["key"], "metric_label": m["label"], "breakdown": table["breakdown"],
                    "group": row["group"], "group_label": row["label_text"], "n": row["n"],
                    "value": row["value"], "ci_low": row["ci_low"], "ci_high": row["ci_high"],
                    **{k: row.get(k) for k in WEIGHTED_KEYS},
                    "suppressed": row["suppressed"] or "",
                })
    return rows


NUMBER_STATS = (("mean", gettext_lazy("Mean")), ("q1", gettext_lazy("Lower quartile")),
                ("median", gettext_lazy("Median")), ("q3", gettext_lazy("Upper quartile")))


def answer_rows(results: dict) -> list[dict]:
    """The suppressed answer distributions (every question but free text: instrument and builder-made ones alike)
    as flat rows in the export columns: ``breakdown`` "answers", ``metric`` the question's short name, ``group``
    the option's value ("all" = everyone who answered; for a multiple-choice question everyone who was shown it,
    and the shares of the options add up to more than 100), ``n`` the count, ``value`` the share (%). A number
    question has the rows ``mean``, ``q1``, ``median`` and ``q3`` instead of options (``value`` the figure,
    empty below the smallest group for means)."""
    rows = []
    for d in results["distributions"]:
        base = {"metric": d["key"], "metric_label": d["text"], "breakdown": "answers", "ci_low": None,
                "ci_high": None, **dict.fromkeys(WEIGHTED_KEYS)}
        rows.append({**base, "group": "all", "group_label": _("All"), "n": d["total"], "value": None,
                     "suppressed": "" if d["total"] is not None else "hidden"})
        for stat, label in (NUMBER_STATS if d.get("type") == "number" else ()):
            value = d["summary"][stat]
            rows.append({**base, "group": stat, "group_label": str(label), "n": d["total"], "value": value,
                         "suppressed": "" if value is not None else "hidden"})
        for r in d["rows"]:
            rows.append({**base, "group": str(r["value"]), "group_label": r["label"], "n": r["count"],
                         "value": r["share"], "suppressed": "" if r["count"] is not None else "hidden"})
    return rows
