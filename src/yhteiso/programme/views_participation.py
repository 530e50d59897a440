"""Who took part: the staff page comparing a subject's participants with the population, its CSV export, and the
public summary (``programme_participation`` template tag) on the round and map-survey results pages. Texts come
from the respondent phrases (``respondents.texts_profile``), so the staff page and the public summary say the
same in every language."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from yhteiso.core.formatting import number
from yhteiso.core.permissions import staff_required
from yhteiso.programme.participation import who_took_part
from yhteiso.respondents.models import SubjectKind
from yhteiso.respondents.subjects import subjects
from yhteiso.respondents.texts import text_in
from yhteiso.respondents.texts_profile import pphrase

PHRASES = ("who_title", "who_group", "who_participants", "who_population", "who_gap", "who_hidden", "who_under",
           "who_too_few", "prof_age", "prof_language", "prof_area", "who_csv", "who_whole_city", "who_subjects")


def _label(dimension: str, code: str, language: str) -> str:
    return pphrase(f"age_{code}" if dimension == "age_group" else f"lang_{code}", language)


def _text(value, language: str, *, decimals: int = 0, signed: bool = False, hidden: str = "") -> str:
    if value is None:
        return hidden
    text = number(round(value, decimals), decimals=decimals, language=language[:2])
    return f"+{text}" if signed and value > 0 else text


def _present_table(table: dict, language: str, hidden: str) -> dict:
    rows = [{**row, "label": _label(table["dimension"], row["code"], language),
             "count_text": _text(row["count"], language, hidden=hidden),
             "share_text": _text(row["share"], language, decimals=1, hidden="–"),
             "population_text": _text(row["population_share"], language, decimals=1, hidden="–"),
             "gap_text": _text(row["gap_pp"], language, decimals=1, signed=True, hidden="–")} for row in table["rows"]]
    return {**table, "rows": rows, "heading": pphrase("prof_age" if table["dimension"] == "age_group"
                                                      else "prof_language", language),
            "note": pphrase("who_unsaid_none", language, unsaid=_text(table["unsaid"], language, hidden=hidden),
                            none=_text(table["none"], language, hidden=hidden))}


def present(result: dict, language: str) -> dict:
    """The comparison with labels and numbers written for people in ``language``."""
    hidden = pphrase("who_hidden", language)
    return {**result, "city": [_present_table(t, language, hidden) for t in result["city"].values()],
            "areas": [{**a, "n_text": _text(a["n"], language, hidden=hidden),
                       "share_text": _text(a["share"], language, decimals=1, hidden="–"),
                       "population_text": _text(a["population_share"], language, decimals=1, hidden="–"),
                       "gap_text": _text(a["gap_pp"], language, decimals=1, signed=True, hidden="–"),
                       "tables": [_present_table(a[dim], language, hidden) for dim in ("age_group", "language")]}
                      for a in result["areas"]],
            "intro": pphrase("who_intro", language, n=_text(result["n"], language, hidden=hidden)),
            "outside_text": pphrase("who_outside", language, n=_text(result["outside"], language, hidden=hidden)),
            "source": pphrase("who_source", language, language_year=result["language_year"] or "–",
                              age_year=result["age_year"] or "–"),
            "waiting_text": pphrase("who_waiting", language, n=result["waiting"]),
            "p": {key: pphrase(key, language) for key in PHRASES}}


def _result_or_404(kind: str, pk: int) -> dict:
    result = who_took_part(kind, pk) if kind in SubjectKind.values else None
    if result is None:
        raise Http404
    return result


@staff_required
@require_GET
def participation_index(request):
    language = get_language() or "fi"
    return render(request, "programme/participation_index.html", {
        "subjects": [{"kind": s.kind, "pk": s.pk, "title": s.title_in(language),
                      "kind_label": SubjectKind(s.kind).label}
                     for s in subjects() if s.kind in (SubjectKind.ROUND, SubjectKind.MAP_SURVEY)],
        "p": {key: pphrase(key, language) for key in PHRASES}})


@staff_required
@require_GET
def participation_detail(request, kind: str, pk: int):
    language = get_language() or "fi"
    result = present(_result_or_404(kind, pk), language)
    title = text_in(result["title"], language) or f"#{pk}"
    return render(request, "programme/participation.html", {"w": result, "title": title})


def csv_rows(result: dict) -> list[list]:
    """One row per published cell: area ("" the whole city), dimension, group, participants, share among those
    who answered (%), population share (%), gap (percentage points), target group, under-represented. Hidden
    cells are empty."""
    rows: list[list] = [["area", "dimension", "group", "participants", "share_pct", "population_share_pct",
                         "gap_pp", "target_group", "under_represented"]]

    def fmt(value):
        return "" if value is None else (round(value, 2) if isinstance(value, float) else value)

    scopes = [("", result["city"])] + [(a["code"], {"age_group": a["age_group"], "language": a["language"]})
                                       for a in result["areas"]]
    for area, tables in scopes:
        for dim, table in tables.items():
            for row in table["rows"]:
                rows.append([area, dim, row["code"], fmt(row["count"]), fmt(row["share"]),
                             fmt(row["population_share"]), fmt(row["gap_pp"]), int(row["target"]),
                             int(row["under"])])
            rows.append([area, dim, "prefer_not_to_say", fmt(table["unsaid"]), "", "", "", 0, 0])
            rows.append([area, dim, "not_answered", fmt(table["none"]), "", "", "", 0, 0])
    for a in result["areas"]:
        rows.append([a["code"], "home_area", a["code"], fmt(a["n"]), fmt(a["share"]), fmt(a["population_share"]),
                     fmt(a["gap_pp"]), 0, 0])
    rows.append(["", "home_area", "outside", fmt(result["outside"]), "", "", "", 0, 0])
    rows.append(["", "home_area", "prefer_not_to_say", fmt(result["area_unsaid"]), "", "", "", 0, 0])
    rows.append(["", "home_area", "not_answered", fmt(result["area_none"]), "", "", "", 0, 0])
    rows.append(["", "all", "participants", fmt(result["n"]), "", "", "", 0, 0])
    return rows


@staff_required
@require_GET
def participation_csv(request, kind: str, pk: int):
    result = _result_or_404(kind, pk)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(result))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="osallistujat-{kind}-{pk}.csv"'
    return response
