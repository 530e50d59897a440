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
from yhteiso.respondents import releases
from yhteiso.respondents.texts import text_in
from yhteiso.surveys import services
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


def _groups(survey: Survey, breakdown: str, language: str) -> list[tuple[str, str]] | None:
    q = next((q for q in survey.questions if q["key"] == breakdown), None)
    if q is None:
        return None
    groups = [(str(o["value"]), text_in(o["label"], language)) for o in q["options"] if o["value"] != "prefer_not"]
    return [*groups, (NOT_STATED, _("Not stated or prefer not to say"))]


def _metrics_of(survey: Survey) -> list[dict]:
    metrics = list(METRICS)
    for q in survey.questions:
        if not q.get("instrument") and q["type"] == "scale":
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
    return [(o["value"], text_in(o["label"], language)) for o in q["options"]]


def survey_results(survey: Survey, *, language: str | None = None) -> dict:
    """Every result of the survey's latest release, suppressed with one pattern for the whole release. Structure::

        {"n": int | None, "release": {number, made_on, total, final} | None, "withheld": int,
         "policy": {...}, "metrics": [{key, label, kind, unit, tables: [{breakdown, label, total: row,
         rows: [row, ...]}]}], "distributions": [{key, text, total, rows: [{value, label, count}]}]}

    where a row is ``{group, label_text, n, value, ci_low, ci_high, suppressed}``. Nothing is computed from
    answers that are not in a release (see ``docs/methods/surveys.md``).
    """
    language = language or get_language() or "fi"
    policy = policy_of(survey)
    release = current_release(survey)
    result = {"n": None, "policy": {"min_count": policy.min_count, "min_n": policy.min_n},
              "release": None, "withheld": 0, "metrics": [], "distributions": []}
    if release is None:
        return result
    result["release"] = {"number": release.number, "made_on": release.made_on, "total": release.total_responses,
                         "final": release.final}
    if release.final:
        result["withheld"] = releases.unreleased(Response, survey).count()
    answers = list(releases.released_answers(Response, survey).values_list("answers", flat=True))

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
        total = _estimate(metric["kind"], values)
        cells[("n", metric["key"])] = total["n"]
        for breakdown, breakdown_label, groups in breakdowns:
            if breakdown == "all":
                tables.append((metric, breakdown, breakdown_label, total, []))
                continue
            known = {code for code, _label in groups}
            members: dict[str, list] = {code: [] for code, _label in groups}
            for a, v in zip(answers, values, strict=True):
                members[_group_of(a, breakdown, known)].append(v)
            rows = [(code, label, _estimate(metric["kind"], members[code])) for code, label in groups]
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
    for q in survey.questions:
        if q["type"] == "text":
            continue  # free text is never published as such
        options = _options_of(q, language)
        counts = [sum(1 for a in answers if a.get(q["key"]) == value) for value, _label in options]
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

    # 3. Statistics, table by table, on top of that pattern.
    by_metric: dict[str, list] = {}
    for metric, breakdown, breakdown_label, total, rows in tables:
        total_row = dict(total, group="all",
                         label_text=str(breakdown_label) if breakdown == "all" else _("All"))
        row_dicts = [dict(estimate, group=code, label_text=label) for code, label, estimate in rows]
        hidden_rows = {i for i, (code, *_r) in enumerate(rows) if ("n", metric["key"], breakdown, code) in hidden}
        rows_out, total_out = suppress_partition(row_dicts, policy=policy, total=total_row, hidden_counts=hidden_rows,
                                                 total_count_hidden=("n", metric["key"]) in hidden)
        by_metric.setdefault(metric["key"], []).append({"breakdown": breakdown, "label": str(breakdown_label),
                                                        "total": total_out, "rows": rows_out})
    for metric in metrics:
        result["metrics"].append({"key": metric["key"], "label": str(metric["label"]), "kind": metric["kind"],
                                  "unit": metric["unit"], "tables": by_metric.get(metric["key"], [])})

    for q, options, counts, keys in distributions:
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
                    "suppressed": row["suppressed"] or "",
                })
    return rows
