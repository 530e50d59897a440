"""Reads for segregation impact assessments: the knowledge base's figures for the areas an assessment names (read
through :mod:`yhteiso.knowledge.selectors` only), the areas and catchment areas that can be named, and the link to
the effect follow-up.

The figures are plain JSON-friendly data with every label in Finnish, Swedish and English, so that the copy frozen
into a submitted assessment reads the same in every language and never changes when the data or the code's labels
change later."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language

from yhteiso.areas.models import Area, AreaLevel
from yhteiso.core.permissions import is_programme_staff, is_steering_member
from yhteiso.governance.models import AssessmentStatus, ImpactAssessment, MeetingStatus
from yhteiso.knowledge import selectors as knowledge
from yhteiso.schools.models import CatchmentArea

LANGUAGES = ("fi", "sv", "en")
# The levels an assessment can name, in the order of the area hierarchy, then the other geographies.
ASSESSMENT_LEVELS = (AreaLevel.CITY, AreaLevel.MAJOR_DISTRICT, AreaLevel.CITY_CENTRE, AreaLevel.STATISTICAL_AREA,
                     AreaLevel.SMALL_AREA, AreaLevel.POSTAL_AREA)
# Share of a small area's land inside a catchment for the catchment to count as touched by the small area.
CATCHMENT_MIN_SHARE = 0.05


def _in_languages(value) -> dict[str, str]:
    """A (lazy) label rendered in each UI language."""
    out = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            out[lang] = str(value)
    return out


def label(value) -> str:
    """The current language's text of a frozen label (``{"fi": …, "sv": …, "en": …}``), Finnish as fallback."""
    if isinstance(value, dict):
        lang = (get_language() or "fi")[:2]
        return value.get(lang) or value.get("fi") or ""
    return "" if value is None else str(value)


# --- who sees what ------------------------------------------------------------------------------------------------

def can_read(user) -> bool:
    return is_steering_member(user)


def can_prepare(user) -> bool:
    return is_programme_staff(user)


def can_review(user, assessment: ImpactAssessment) -> bool:
    """Steering-group members (or staff recording the group's review) — but never the person who prepared it."""
    return (is_steering_member(user) and assessment.status == AssessmentStatus.SUBMITTED
            and assessment.prepared_by_id != user.pk)


# --- lists --------------------------------------------------------------------------------------------------------

def assessments() -> QuerySet[ImpactAssessment]:
    return (ImpactAssessment.objects.select_related("agenda_item__meeting", "project", "prepared_by")
            .prefetch_related("areas", "reviews").order_by("-created_at", "-id"))


def assessment_detail(pk: int) -> ImpactAssessment:
    """Raises ``ImpactAssessment.DoesNotExist``."""
    return (ImpactAssessment.objects.select_related("agenda_item__meeting", "project", "prepared_by")
            .prefetch_related("areas", "catchments__school", "reviews__reviewed_by", "reviews__meeting")
            .get(pk=pk))


def assessments_by_item(items) -> dict[int, list[ImpactAssessment]]:
    """The assessments attached to each of the agenda items (for the meeting page)."""
    out: dict[int, list[ImpactAssessment]] = {}
    for a in ImpactAssessment.objects.filter(agenda_item__in=list(items)).order_by("created_at", "id"):
        if a.agenda_item_id is not None:
            out.setdefault(a.agenda_item_id, []).append(a)
    return out


def area_choices() -> list[tuple[str, list[Area]]]:
    """The current areas an assessment can name, grouped by level (hierarchy first)."""
    labels = dict(AreaLevel.choices)
    areas = Area.objects.filter(level__in=ASSESSMENT_LEVELS, division="").order_by("code")
    by_level: dict[str, list[Area]] = {}
    for area in areas:
        by_level.setdefault(area.level, []).append(area)
    return [(str(labels[lvl]), by_level[lvl]) for lvl in ASSESSMENT_LEVELS if lvl in by_level]


def catchment_choices(today: dt.date | None = None) -> QuerySet[CatchmentArea]:
    today = today or timezone.localdate()
    return (CatchmentArea.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .select_related("school", "source").order_by("language", "code", "valid_from"))


# --- the figures --------------------------------------------------------------------------------------------------

def _small_area_codes(area: Area) -> set[str]:
    if area.level == AreaLevel.SMALL_AREA:
        return {area.code}
    if area.level in (AreaLevel.CITY, AreaLevel.MAJOR_DISTRICT, AreaLevel.STATISTICAL_AREA):
        return {a.code for a in area.descendants() if a.level == AreaLevel.SMALL_AREA and not a.division}
    return set()


def _catchments_touched(areas: list[Area]) -> list[dict]:
    codes: set[str] = set()
    for area in areas:
        if area.level != AreaLevel.CITY:  # the whole city touches every catchment: not worth listing
            codes |= _small_area_codes(area)
    if not codes:
        return []
    out = []
    for c in catchment_choices():
        weights = c.small_area_weights or {}
        if any((weights.get(code) or 0) >= CATCHMENT_MIN_SHARE for code in codes):
            out.append({"id": c.pk, "code": c.code, "school_fi": c.school.name_fi,
                        "school_sv": c.school.name_sv or c.school.name_fi, "example": c.source.is_example})
    return out


SOURCE_PREFIXES = ("lähde:", "källa:", "source:")


def _source(text: str) -> str:
    """An attribution without its own "Lähde:" prefix (the page writes "Source:" in the reader's language)."""
    text = (text or "").strip()
    for prefix in SOURCE_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix):].strip()
    return text


def _population(area: Area, populations: dict[str, dict]) -> dict | None:
    """The area's latest population; ``populations`` keeps each level's, read once (one query a level)."""
    if area.level not in populations:
        populations[area.level] = knowledge.latest_populations(area.level)
    best = populations[area.level].get(area.pk)
    if best is None:
        return None
    return {"value": best["value"], "year": best["year"], "source": _source(best["source"]),
            "licence": best["licence"]}


def _level_sources(level: str) -> str:
    return "; ".join(sorted({_source(d.attribution or d.title) for d in knowledge.attributions_for(level)}))


def _computation(c) -> dict:
    return {"id": c.pk, "kind": c.kind, "engine_version": c.engine_version, "input_hash": c.input_hash}


def _rank(area: Area, index: str, year: int) -> dict | None:
    """The area's place among the areas of its level by need (1 = most need), as the targeting page ranks them:
    a higher sum index, or a lower status index, is more need."""
    values = {code: v["value"] for code, v in knowledge.indicator_values(area.level, f"idx:{index}", year).items()
              if v["value"] is not None}
    if area.code not in values:
        return None
    sign = 1 if index == "sum_index" else -1
    ranked = sorted(values, key=lambda code: (-sign * values[code], code))
    return {"index": index, "year": year, "rank": ranked.index(area.code) + 1, "of": len(ranked)}


def _notes(computation, group: str = "") -> dict[str, str]:
    """The stand-in note of a figure of the plan (its D, status or sum index) in each UI language ("" when the
    figure follows the plan's definition)."""
    out = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            out[lang] = knowledge.recipe_note(computation, group)
    return out


def _segregation_within(area: Area, source: str) -> list[dict]:
    """The area's own D over its small areas (a statistical area, major district, city centre or the city), latest
    year per group, with the city's D of that year, how many of its small areas had figures and the stand-in note."""
    by_lang = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            by_lang[lang] = knowledge.area_segregation_within(area)
    out = []
    for i, d in enumerate(by_lang["fi"]):
        out.append({"group": d["group"], "label": {lang: by_lang[lang][i]["label"] for lang in LANGUAGES},
                    "value": d["value"], "year": d["year"], "city": d["city"], "parts_used": d["parts_used"],
                    "parts_total": d["parts_total"],
                    "note": {lang: by_lang[lang][i]["note"] for lang in LANGUAGES},
                    "source": source, "computation": _computation(d["computation"])})
    return out


def _area_figures(area: Area, sources: dict[str, str], populations: dict[str, dict],
                  within_levels: set[str] | None = None) -> dict:
    if area.level not in sources:
        sources[area.level] = _level_sources(area.level)
    computed_from = sources[area.level]
    row: dict = {"id": area.pk, "code": area.code, "level": area.level,
                 "level_label": _in_languages(dict(AreaLevel.choices)[area.level]),
                 "name_fi": area.name_fi, "name_sv": area.name_sv or area.name_fi,
                 "population": _population(area, populations), "indices": [], "weakest_decile": None, "rank": None}
    entries = knowledge.area_indices(area)
    labels = {e["index"]: e["label"] for e in entries}
    for entry in entries:
        computation = entry["computation"]
        if entry["index"] == "weakest_decile":
            row["weakest_decile"] = {"value": bool(entry["latest"]), "year": entry["year"],
                                     "by": computation.kind,
                                     "by_label": _in_languages(labels.get(computation.kind, computation.kind)),
                                     "source": computed_from, "computation": _computation(computation)}
            continue
        row["indices"].append({"key": entry["index"], "label": _in_languages(entry["label"]),
                               "value": entry["latest"], "year": entry["year"], "source": computed_from,
                               "computation": _computation(computation), "note": _notes(computation)})
    row["segregation_within"] = (_segregation_within(area, computed_from)
                                 if within_levels is None or area.level in within_levels else [])
    by_key = {i["key"]: i for i in row["indices"]}
    for key in ("sum_index", "status_index"):
        if key in by_key:
            row["rank"] = _rank(area, key, by_key[key]["year"])
            if row["rank"]:
                row["rank"]["label"] = by_key[key]["label"]
            break
    return row


def _dissimilarity(levels: list[str], sources: dict[str, str]) -> list[dict]:
    """The latest D of each group on each of the levels (a city-wide figure: how unevenly the group lives across
    the areas of that level)."""
    series_by_lang = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            series_by_lang[lang] = knowledge.dissimilarity_series()
    out = []
    for i, series in enumerate(series_by_lang["fi"]):
        if series["level"] not in levels or not series["points"]:
            continue
        if series["level"] not in sources:
            sources[series["level"]] = _level_sources(series["level"])
        year, value = series["points"][-1]
        out.append({"level": series["level"], "group": series["group"], "year": year, "value": value,
                    "label": {lang: series_by_lang[lang][i]["label"] for lang in LANGUAGES},
                    "source": sources[series["level"]]})
    return out


def assessment_figures(areas: list[Area]) -> dict:
    """The knowledge base's figures for the named areas, each with its year and source: population, the status
    and sum index with the area's rank by need, whether it is in the weakest decile (the knowledge base's own flag,
    the one the targeting page uses), a larger area's own D over its small areas, and the latest dissimilarity
    index D of each group on the areas' levels; a figure of the plan computed from a stand-in carries its note.
    Also the school catchment areas the areas overlap."""
    areas = sorted(areas, key=lambda a: (ASSESSMENT_LEVELS.index(a.level) if a.level in ASSESSMENT_LEVELS else 99,
                                         a.code))
    sources: dict[str, str] = {}
    populations: dict[str, dict] = {}
    within_levels = knowledge.levels_with_segregation_within()  # not asked area by area (40 postal areas: 240 reads)
    rows = [_area_figures(a, sources, populations, within_levels) for a in areas]
    levels = sorted({a.level for a in areas})
    return {
        "as_of": timezone.now().isoformat(timespec="seconds"),
        "areas": rows,
        "dissimilarity": _dissimilarity(levels, sources),
        "in_weakest_decile": [r["code"] for r in rows if r["weakest_decile"] and r["weakest_decile"]["value"]],
        "catchments": _catchments_touched(areas),
    }


def shown_figures(assessment: ImpactAssessment) -> tuple[dict, bool]:
    """``(figures, frozen)``: the copy frozen at submission, or (for a draft) today's figures as a preview."""
    if assessment.figures is not None and assessment.status != AssessmentStatus.DRAFT:
        return assessment.figures, True
    return assessment_figures(list(assessment.areas.all())), False


def localized_figures(figures: dict) -> dict:
    """The figures with every label in the current language (for templates)."""
    lang = (get_language() or "fi")[:2]
    sv = lang == "sv"

    def loc(d: dict) -> dict:
        return {k: (label(v) if k in ("label", "level_label", "by_label", "note") else v) for k, v in d.items()}

    areas = []
    for row in figures.get("areas", []):
        r = loc(row)
        r["name"] = row["name_sv"] if sv else row["name_fi"]
        r["indices"] = [loc(i) for i in row.get("indices", [])]
        r["segregation_within"] = [loc(d) for d in row.get("segregation_within", [])]
        r["weakest_decile"] = loc(row["weakest_decile"]) if row.get("weakest_decile") else None
        r["rank"] = loc(row["rank"]) if row.get("rank") else None
        areas.append(r)
    return {"as_of": dt.datetime.fromisoformat(figures["as_of"]) if figures.get("as_of") else None,
            "areas": areas, "dissimilarity": [loc(d) for d in figures.get("dissimilarity", [])],
            "d_sources": sorted({d["source"] for d in figures.get("dissimilarity", []) if d.get("source")}),
            "in_weakest_decile": figures.get("in_weakest_decile", []),
            "catchments": [dict(c, school=c["school_sv"] if sv else c["school_fi"])
                           for c in figures.get("catchments", [])]}


# --- the effect follow-up -----------------------------------------------------------------------------------------

def followup_link(assessment: ImpactAssessment, figures: dict) -> str | None:
    """The effect follow-up page for the assessment's areas: its project (whose target areas are compared with the
    other areas), the geography of its first area with index figures, the sum index (or the status index), the
    year of the figures the group saw as "before" and the follow-up year as "after" once it has figures (until
    then the page offers the years it has)."""
    base = reverse("programme:followup")
    rows = [r for r in figures.get("areas", []) if r.get("indices")]
    if not rows:
        return None
    row = rows[0]
    index = next((i for i in row["indices"] if i["key"] == "sum_index"), row["indices"][0])
    before = index["year"]
    after = max(assessment.followup_date.year, before + 1) if assessment.followup_date else before + 1
    params = {"level": row["level"], "indicator": f"idx:{index['key']}"}
    # the years are given once the knowledge base has figures for the follow-up year (the page refuses other
    # years); until then the page chooses the years with figures around the project's start itself
    if after in knowledge.indicator_years(row["level"], f"idx:{index['key']}"):
        params.update(before=str(before), after=str(after))
    if assessment.project_id:
        params = {"project": str(assessment.project_id), **params}
    return f"{base}?{urlencode(params)}"


def followups_due(today: dt.date | None = None) -> QuerySet[ImpactAssessment]:
    """Accepted assessments whose follow-up date has come."""
    today = today or timezone.localdate()
    return assessments().filter(status=AssessmentStatus.ACCEPTED, followup_date__lte=today)


# --- the API ------------------------------------------------------------------------------------------------------

def visible_assessments(user) -> QuerySet[ImpactAssessment]:
    """What the viewer may see: steering-group members and staff every assessment (as on the pages); anyone else
    only the accepted ones attached to an agenda item of a meeting whose minutes are published (the decision they
    were made for is public then)."""
    qs = assessments().prefetch_related("reviews__meeting", "agenda_item__decision")
    if can_read(user):
        return qs
    return qs.filter(status=AssessmentStatus.ACCEPTED, agenda_item__meeting__status=MeetingStatus.PUBLISHED)


def assessment_document(assessment: ImpactAssessment, *, full: bool) -> dict:
    """One assessment for the API: the assessment, the figures the steering group saw (frozen at submission; a
    draft's are today's preview) and, for members and staff (``full``), the group's reviews."""
    figures, frozen = shown_figures(assessment)
    item = assessment.agenda_item
    decision = getattr(item, "decision", None) if item else None
    areas = []
    for row in figures.get("areas", []):
        population = row.get("population") or {}
        decile = row.get("weakest_decile")
        areas.append({"code": row["code"], "level": row["level"], "name_fi": row["name_fi"], "name_sv": row["name_sv"],
                      "population": population.get("value"), "population_year": population.get("year"),
                      "indices": [{"key": i["key"], "label": label(i["label"]), "value": i["value"], "year": i["year"],
                                   "note": label(i.get("note"))}
                                  for i in row.get("indices", [])],
                      "segregation_within": [
                          {"group": d["group"], "label": label(d["label"]), "value": d["value"], "year": d["year"],
                           "city": d.get("city"), "parts_used": d.get("parts_used"),
                           "parts_total": d.get("parts_total"), "note": label(d.get("note"))}
                          for d in row.get("segregation_within", [])],
                      "in_weakest_decile": decile["value"] if decile else None})
    return {
        "id": assessment.pk, "title": assessment.title, "description": assessment.description,
        "status": assessment.status, "status_label": str(assessment.get_status_display()),
        "is_example": assessment.is_example,
        "agenda_item": ({"meeting_id": item.meeting_id, "number": item.number, "title": item.title}
                        if item else None),
        "decision": (decision.text if item is not None and decision is not None
                     and (full or item.meeting.is_published) else None),
        "project_id": assessment.project_id,
        "population_groups": list(assessment.population_groups or []),
        "population_group_labels": assessment.population_group_labels(),
        "mixing_effect": assessment.mixing_effect, "mixing_effect_label": str(assessment.get_mixing_effect_display()),
        "mixing_reasons": assessment.mixing_reasons,
        "services_effect": assessment.services_effect,
        "services_effect_label": str(assessment.get_services_effect_display()),
        "services_reasons": assessment.services_reasons,
        "catchment_effect": assessment.catchment_effect,
        "catchment_effect_label": str(assessment.get_catchment_effect_display()),
        "catchment_reasons": assessment.catchment_reasons,
        "mitigations": assessment.mitigations, "prepared_by_name": assessment.prepared_by_name,
        "followup_date": assessment.followup_date, "submitted_at": assessment.submitted_at,
        "figures_frozen": frozen,
        "figures_as_of": dt.datetime.fromisoformat(figures["as_of"]) if figures.get("as_of") else None,
        "areas": areas,
        "dissimilarity": [{"group": d["group"], "level": d["level"], "year": d["year"], "value": d["value"],
                           "label": label(d["label"])} for d in figures.get("dissimilarity", [])],
        "reviews": [{"outcome": r.outcome, "outcome_label": str(r.get_outcome_display()), "note": r.note,
                     "meeting_id": r.meeting_id, "reviewed_at": r.reviewed_at}
                    for r in assessment.reviews.all()] if full else [],
    }
