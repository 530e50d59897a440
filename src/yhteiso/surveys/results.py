"""Survey results: means, shares and NPS by area, age group and population group with 95 % confidence intervals,
and the answer distributions — always passed through ``analytics.suppression`` before any output.

:func:`survey_results` is the only source of result figures for pages, the API, CSV, XLSX and charts.
"""

from __future__ import annotations

import math

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from yhteiso.analytics.suppression import Policy, suppress_counts, suppress_partition
from yhteiso.analytics.survey_scoring import mean_ci, nps, participation_scores, share
from yhteiso.surveys.models import Survey

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
     "exclude": ("prefer_not",), "unit": "%",
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


def text_in(texts: dict, language: str | None = None) -> str:
    language = language or get_language() or "fi"
    language = "fi" if language.startswith("fi") else language
    return texts.get(language) or texts.get("en") or texts.get("fi") or ""


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
            out.append(None if v is None or v in metric["exclude"] else v in metric["yes"])
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


def survey_results(survey: Survey, *, language: str | None = None) -> dict:
    """Every result of the survey, suppressed. Structure::

        {"n": int | None, "policy": {...}, "metrics": [{key, label, kind, unit, tables: [{breakdown, label,
         total: row, rows: [row, ...]}]}], "distributions": [{key, text, total, rows: [{value, label, count}]}]}

    where a row is ``{group, label_text, n, value, ci_low, ci_high, suppressed}``.
    """
    language = language or get_language() or "fi"
    policy = policy_of(survey)
    answers = list(survey.responses.values_list("answers", flat=True))
    total_n = len(answers)
    shown_total = suppress_counts([total_n], policy=policy, total_shown=False)[0]
    result = {"n": shown_total, "policy": {"min_count": policy.min_count, "min_n": policy.min_n},
              "metrics": [], "distributions": []}

    for metric in _metrics_of(survey):
        values = _metric_values(survey, metric, answers)
        if values is None:
            continue
        tables = []
        for breakdown, breakdown_label in BREAKDOWNS:
            total = dict(_estimate(metric["kind"], values), group="all", label_text=str(breakdown_label)
                         if breakdown == "all" else _("All"))
            if breakdown == "all":
                _rows, total_out = suppress_partition([], policy=policy, total=total)
                tables.append({"breakdown": "all", "label": str(breakdown_label), "total": total_out, "rows": []})
                continue
            groups = _groups(survey, breakdown, language)
            if groups is None:
                continue
            rows = []
            known = {code for code, _label in groups}
            for code, label in groups:
                members = []
                for a, v in zip(answers, values, strict=True):
                    g = a.get(breakdown)
                    g = NOT_STATED if g is None or str(g) not in known or g == "prefer_not" else str(g)
                    if g == code:
                        members.append(v)
                rows.append(dict(_estimate(metric["kind"], members), group=code, label_text=label))
            rows_out, total_out = suppress_partition(rows, policy=policy, total=total)
            tables.append({"breakdown": breakdown, "label": str(breakdown_label), "total": total_out,
                           "rows": rows_out})
        result["metrics"].append({"key": metric["key"], "label": str(metric["label"]), "kind": metric["kind"],
                                  "unit": metric["unit"], "tables": tables})

    for q in survey.questions:
        if q["type"] == "text":
            continue  # free text is never published as such
        if q["type"] == "scale":
            options = [(v, str(v)) for v in range(q["min"], q["max"] + 1)]
        else:
            options = [(o["value"], text_in(o["label"], language)) for o in q["options"]]
        counts = [sum(1 for a in answers if a.get(q["key"]) == value) for value, _label in options]
        answered = sum(counts)
        shown = suppress_counts(counts, policy=policy)
        # Shares (per cent of those who answered) only where the answerers are at least the smallest group for
        # shares, and only beside a count that is itself shown.
        shares_shown = answered >= policy.min_n
        result["distributions"].append({
            "key": q["key"], "text": text_in(q["text"], language),
            "total": suppress_counts([answered], policy=policy, total_shown=False)[0],
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
