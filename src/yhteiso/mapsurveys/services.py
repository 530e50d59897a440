"""Writes for map surveys: create and publish, store anonymous map answers, moderate comments."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.mapsurveys import geo
from yhteiso.mapsurveys.models import (
    AgeBand,
    Category,
    MapAnswer,
    MapRelease,
    MapSurvey,
    MapSurveyStatus,
    Moderation,
)
from yhteiso.respondents import profiles, releases
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.submissions import SubmissionError, check_submission, stored_submission
from yhteiso.respondents.texts import text_in

MAX_COMMENT = 1000
MAX_ADDRESS = 200
MAX_VERTICES = 200


MAX_TITLE = 200
MAX_INTRO = 2000
MAX_CATEGORIES = 12
MAX_CATEGORY_LABEL = 80
MAX_PIN_QUESTIONS = 5
MAX_PIN_QUESTION_TEXT = 300
MAX_PIN_OPTIONS = 12
MAX_PIN_ANSWER = 500
PIN_QUESTION_TYPES = ("text", "choice")
BUILDER_FIELDS = ("title", "intro", "languages", "categories", "areas", "background_fields", "pin_questions",
                  "ask_age_band", "opens_at", "closes_at")


def _languages_clean(languages) -> list[str]:
    languages = [str(c) for c in (languages or [])]
    unknown = [c for c in languages if c not in RESPONDENT_LANGUAGES]
    if unknown or "fi" not in languages:
        raise ValidationError({"languages": _("Choose supported languages, Finnish included (unsupported: "
                                              "%(codes)s).") % {"codes": ", ".join(unknown)[:200] or "–"}})
    return list(dict.fromkeys(languages))


def _texts_clean(texts, field: str, limit: int) -> dict:
    texts = {str(k): str(v).strip() for k, v in (texts or {}).items() if str(v or "").strip()}
    unknown = [k for k in texts if k not in RESPONDENT_LANGUAGES]
    if unknown:
        raise ValidationError({field: _("Unsupported language: %(codes)s.") % {"codes": ", ".join(unknown)[:200]}})
    too_long = [k for k, v in texts.items() if len(v) > limit]
    if too_long:
        raise ValidationError({field: _("At most %(max)s characters (%(codes)s).") % {
            "max": limit, "codes": ", ".join(too_long)}})
    return texts


def _categories_clean(categories) -> list[dict]:
    """The place categories: built-in ones by value only, the staff's own with a Finnish label."""
    if not categories:
        raise ValidationError({"categories": _("Choose at least one place category.")})
    if len(categories) > MAX_CATEGORIES:
        raise ValidationError({"categories": _("At most %(max)s place categories.") % {"max": MAX_CATEGORIES}})
    clean, seen = [], set()
    for c in categories:
        value = str(c.get("value", "")) if isinstance(c, dict) else ""
        if not value or len(value) > 20 or value in seen:
            raise ValidationError({"categories": _("Each place category needs a value of its own.")})
        seen.add(value)
        if value in Category.values:
            clean.append({"value": value})
            continue
        label = _texts_clean(c.get("label"), "categories", MAX_CATEGORY_LABEL)
        if not label.get("fi"):
            raise ValidationError({"categories": _("Each place category of your own needs a Finnish name.")})
        clean.append({"value": value, "label": label})
    return clean


def _areas_clean(areas) -> list[str]:
    codes = [str(o["value"]) for o in home_area_options()]
    areas = [str(a) for a in (areas or [])]
    unknown = [a for a in areas if a not in codes]
    if unknown:
        raise ValidationError({"areas": _("Unknown area: %(codes)s.") % {"codes": ", ".join(unknown)[:200]}})
    chosen = set(areas)
    return [] if chosen == set(codes) else [c for c in codes if c in chosen]


def _background_clean(fields) -> list[str]:
    fields = [str(f) for f in (fields or [])]
    unknown = [f for f in fields if f not in profiles.FIELDS]
    if unknown:
        raise ValidationError({"background_fields": _("Unknown background question: %(codes)s.") % {
            "codes": ", ".join(unknown)[:200]}})
    return [f for f in profiles.FIELDS if f in fields]


def pin_questions_clean(questions) -> list[dict]:
    """The questions asked with each place: a stable key, a type (free text or one choice), required or not, the
    question in Finnish (translations optional until publishing) and, for a choice, 2–12 options with Finnish
    labels."""
    questions = list(questions or [])
    if len(questions) > MAX_PIN_QUESTIONS:
        raise ValidationError({"pin_questions": _("At most %(max)s questions with each place.") % {
            "max": MAX_PIN_QUESTIONS}})
    clean, seen = [], set()
    for q in questions:
        key = str(q.get("key", "")) if isinstance(q, dict) else ""
        if not key or len(key) > 20 or not key.isascii() or not key.isalnum() or key in seen:
            raise ValidationError({"pin_questions": _("Each question with a place needs a key of its own.")})
        seen.add(key)
        kind = q.get("type")
        if kind not in PIN_QUESTION_TYPES:
            raise ValidationError({"pin_questions": _("Choose free text or one choice as the type of a question.")})
        text = _texts_clean(q.get("text"), "pin_questions", MAX_PIN_QUESTION_TEXT)
        if not text.get("fi"):
            raise ValidationError({"pin_questions": _("Each question with a place needs a Finnish text.")})
        item = {"key": key, "type": kind, "required": bool(q.get("required")), "text": text}
        if kind == "choice":
            options = list(q.get("options") or [])
            if not 2 <= len(options) <= MAX_PIN_OPTIONS:
                raise ValidationError({"pin_questions": _(
                    "The question “%(name)s” needs 2–%(max)s options.") % {"name": text["fi"], "max": MAX_PIN_OPTIONS}})
            values, clean_options = set(), []
            for o in options:
                value = str(o.get("value", "")) if isinstance(o, dict) else ""
                label = _texts_clean(o.get("label") if isinstance(o, dict) else None, "pin_questions",
                                     MAX_CATEGORY_LABEL)
                if not value or len(value) > 20 or value in values or not label.get("fi"):
                    raise ValidationError({"pin_questions": _(
                        "Each option of the question “%(name)s” needs a Finnish name of its own.") % {
                        "name": text["fi"]}})
                values.add(value)
                clean_options.append({"value": value, "label": label})
            item["options"] = clean_options
        clean.append(item)
    return clean


def _only_added_texts(old: dict, new: dict) -> bool:
    """Whether ``new`` keeps every text of ``old`` as it was (adding a text in a new language is allowed)."""
    return all(new.get(lang) == text for lang, text in old.items())


def _pin_question_unchanged(old: dict, new: dict | None) -> bool:
    if new is None or new["type"] != old["type"] or new["required"] != old["required"]:
        return False
    if not _only_added_texts(old["text"], new["text"]):
        return False
    old_options, new_options = old.get("options", []), new.get("options", [])
    return [o["value"] for o in old_options] == [o["value"] for o in new_options] and all(
        _only_added_texts(a["label"], b["label"]) for a, b in zip(old_options, new_options, strict=True))


def _pin_questions_with_answers_kept(survey: MapSurvey, questions: list[dict]) -> None:
    """Refuse changing or removing a question with a place once it has answers (translations may be added)."""
    new = {q["key"]: q for q in questions}
    answers = MapAnswer.objects.filter(survey=survey)
    changed = [old["text"].get("fi", old["key"]) for old in survey.pin_questions
               if not _pin_question_unchanged(old, new.get(old["key"]))
               and answers.filter(extra__has_key=old["key"]).exists()]
    if changed:
        raise ValidationError({"pin_questions": _(
            "Questions with answers cannot be changed or removed (translations can be added): %(names)s.") % {
            "names": ", ".join(f"“{name}”" for name in changed)}})


@transaction.atomic
def mapsurvey_create(*, actor, title: dict, languages: list[str], intro: dict | None = None, opens_at=None,
                     closes_at=None, categories: list[dict] | None = None, areas: list[str] | None = None,
                     background_fields: list[str] | None = None, pin_questions: list[dict] | None = None,
                     ask_age_band: bool = False, min_count: int = 5, is_demo: bool = False) -> MapSurvey:
    """A new map survey (a draft). ``categories`` None: the four built-in place categories; ``areas`` empty: the
    whole city; ``background_fields`` None: all three background questions."""
    survey = MapSurvey(
        title=_texts_clean(title, "title", MAX_TITLE), intro=_texts_clean(intro, "intro", MAX_INTRO),
        languages=_languages_clean(languages), opens_at=opens_at, closes_at=closes_at,
        categories=[] if categories is None else _categories_clean(categories), areas=_areas_clean(areas),
        background_fields=list(profiles.FIELDS) if background_fields is None else _background_clean(
            background_fields),
        pin_questions=pin_questions_clean(pin_questions), ask_age_band=bool(ask_age_band),
        min_count=min_count, is_demo=is_demo)
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="mapsurvey.create", instance=survey, after=snapshot(survey))
    return survey


@transaction.atomic
def mapsurvey_create_published(*, actor, **fields) -> MapSurvey:
    """Create and publish at once; all or nothing (a survey refused at publishing is not left as a draft)."""
    return mapsurvey_publish(survey=mapsurvey_create(actor=actor, **fields), actor=actor)


def _removed_with_answers(survey: MapSurvey, *, categories: list[dict], areas: list[str],
                          languages: list[str]) -> None:
    """Refuse an edit that would orphan answers: a removed place category, area or language that has answers."""
    answers = MapAnswer.objects.filter(survey=survey)
    kept = {c["value"] for c in categories}
    labels = survey.category_labels("fi")
    used = set(answers.values_list("category", flat=True).distinct())
    gone = [labels.get(v, v) for v in survey.category_values() if v in used and v not in kept]
    if gone:
        raise ValidationError({"categories": _(
            "Place categories with answers cannot be removed or renamed: %(names)s.") % {"names": ", ".join(gone)}})
    if areas:
        names = {str(o["value"]): text_in(o["label"], "fi") for o in home_area_options()}
        used_areas = set(answers.exclude(area_code="").values_list("area_code", flat=True).distinct())
        gone = sorted(names.get(a, a) for a in used_areas if a not in areas)
        if gone:
            raise ValidationError({"areas": _("Areas with answers cannot be left out: %(names)s.") % {
                "names": ", ".join(gone)}})
    used_languages = set(answers.values_list("language", flat=True).distinct())
    gone = sorted(c for c in used_languages if c not in languages)
    if gone:
        raise ValidationError({"languages": _("Languages with answers cannot be removed: %(codes)s.") % {
            "codes": ", ".join(gone)}})


@transaction.atomic
def mapsurvey_edit(*, survey: MapSurvey, actor, title: dict, languages: list[str], intro: dict | None,
                   opens_at, closes_at, categories: list[dict], areas: list[str],
                   background_fields: list[str], pin_questions: list[dict] | None = None,
                   ask_age_band: bool | None = None) -> MapSurvey:
    """Change a draft or open map survey from the builder; all or nothing. A closed survey is not changed; once
    answers exist no category, area or language with answers may go, and no question with a place that has
    answers may change. ``pin_questions`` / ``ask_age_band`` None: kept as they are."""
    survey = MapSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == MapSurveyStatus.CLOSED:
        raise ValidationError({"status": _("A closed map survey cannot be changed.")})
    before = snapshot(survey)
    new = {"title": _texts_clean(title, "title", MAX_TITLE), "intro": _texts_clean(intro, "intro", MAX_INTRO),
           "languages": _languages_clean(languages), "categories": _categories_clean(categories),
           "areas": _areas_clean(areas), "background_fields": _background_clean(background_fields),
           "pin_questions": survey.pin_questions if pin_questions is None else pin_questions_clean(pin_questions),
           "ask_age_band": survey.ask_age_band if ask_age_band is None else bool(ask_age_band),
           "opens_at": opens_at, "closes_at": closes_at}
    _removed_with_answers(survey, categories=new["categories"], areas=new["areas"], languages=new["languages"])
    _pin_questions_with_answers_kept(survey, new["pin_questions"])
    for field, value in new.items():
        setattr(survey, field, value)
    survey.full_clean()
    if survey.status == MapSurveyStatus.PUBLISHED:
        _translations_check(survey)
    survey.save()
    audit_record(actor=actor, action="mapsurvey.edit", instance=survey, before=before, after=snapshot(survey))
    return survey


def missing_translations(survey: MapSurvey) -> list[str]:
    """The texts a respondent would see in Finnish instead of their language (the title, own place categories)."""
    missing = [_("title: %(lang)s") % {"lang": lang} for lang in survey.languages if not survey.title.get(lang)]
    for c in survey.category_list():
        if not c["builtin"]:
            missing += [_("place category %(name)s: %(lang)s") % {"name": c["label"].get("fi", ""), "lang": lang}
                        for lang in survey.languages if not c["label"].get(lang)]
    for q in survey.pin_questions:
        name = q["text"].get("fi", "")
        missing += [_("question %(name)s: %(lang)s") % {"name": name, "lang": lang}
                    for lang in survey.languages if not q["text"].get(lang)]
        for o in q.get("options", []):
            missing += [_("option %(option)s of the question %(name)s: %(lang)s") % {
                "option": o["label"].get("fi", ""), "name": name, "lang": lang}
                for lang in survey.languages if not o["label"].get(lang)]
    return missing


def _translations_check(survey: MapSurvey) -> None:
    missing = missing_translations(survey)
    if missing:
        raise ValidationError(_("Missing translations: %(list)s") % {"list": "; ".join(missing)})


@transaction.atomic
def mapsurvey_publish(*, survey: MapSurvey, actor, opens_at=None) -> MapSurvey:
    if survey.status != MapSurveyStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft map survey can be published.")})
    _translations_check(survey)
    before = snapshot(survey)
    survey.status = MapSurveyStatus.PUBLISHED
    survey.opens_at = opens_at or survey.opens_at or timezone.now()
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="mapsurvey.publish", instance=survey, before=before, after=snapshot(survey))
    return survey


def mapsurvey_close(*, survey: MapSurvey, actor) -> MapSurvey:
    """Close the map survey and make its final result release."""
    with transaction.atomic():
        survey = MapSurvey.objects.select_for_update().get(pk=survey.pk)
        before = snapshot(survey)
        survey.status = MapSurveyStatus.CLOSED
        survey.closes_at = timezone.now()
        survey.save()
        audit_record(actor=actor, action="mapsurvey.close", instance=survey, before=before, after=snapshot(survey))
    mapsurvey_release_final(survey=survey, actor=actor)
    return survey


def release_minimum(survey: MapSurvey) -> int:
    """New answers a release needs since the previous one."""
    return max(survey.min_count, 10)


def mapsurvey_release(*, survey: MapSurvey, actor, automatic: bool = False) -> MapRelease | None:
    """Publish the answers received since the previous release as a new frozen release."""
    return releases.release_interim(survey=survey, answer_model=MapAnswer, release_model=MapRelease,
                                    minimum=release_minimum(survey), actor=actor, automatic=automatic,
                                    action="mapsurvey.release")


def mapsurvey_release_final(*, survey: MapSurvey, actor=None) -> MapRelease | None:
    """The final release of an ended map survey (idempotent)."""
    return releases.release_make(survey=survey, answer_model=MapAnswer, release_model=MapRelease,
                                 minimum=release_minimum(survey), actor=actor, final=True,
                                 action="mapsurvey.release")


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _point(value) -> tuple[float, float] | str | None:
    """(lon, lat) from [lon, lat] or {"lon": .., "lat": ..}; None when absent; "bad" when malformed."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, dict):
        lon, lat = _number(value.get("lon")), _number(value.get("lat"))
    elif isinstance(value, list | tuple) and len(value) == 2:
        lon, lat = _number(value[0]), _number(value[1])
    else:
        return "bad"
    return "bad" if lon is None or lat is None else (lon, lat)


def _geometry(value) -> dict | str | None:
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict) or value.get("type") not in ("LineString", "Polygon"):
        return "bad"
    coords = value.get("coordinates")
    ring = coords[0] if value["type"] == "Polygon" and isinstance(coords, list) and coords else coords
    if not isinstance(ring, list) or not 2 <= len(ring) <= MAX_VERTICES:
        return "bad"
    clean = []
    for pair in ring:
        p = _point(pair)
        if p in (None, "bad") or not geo.within_espoo(*p):
            return "bad"
        clean.append([round(p[0], 6), round(p[1], 6)])
    if value["type"] == "Polygon":
        if len(clean) < 4 or clean[0] != clean[-1]:
            return "bad"
        return {"type": "Polygon", "coordinates": [clean]}
    return {"type": "LineString", "coordinates": clean}


def clean_map_answer(answers: dict, survey: MapSurvey | None = None) -> tuple[dict, dict]:
    """Validate a map answer: category (one of the survey's); a point (inside the areas the survey covers), a drawn
    area/route, a district (one the survey covers) or an address; a comment."""
    categories = survey.category_values() if survey is not None else list(Category.values)
    covered = set(survey.areas or ()) if survey is not None else set()
    errors: dict = {}
    if not isinstance(answers, dict):
        return {}, {"answers": ("where", {})}
    known = {"category", "point", "geometry", "area", "address", "comment", "questions", "age_band"}
    for key in answers:
        if key not in known:
            errors[str(key)[:80]] = ("unknown", {})
    clean: dict = {}
    category = answers.get("category")
    if category not in categories:
        errors["category"] = ("category", {})
    else:
        clean["category"] = category
    point = _point(answers.get("point"))
    if point == "bad" or (point and not geo.within_espoo(*point)):
        errors["point"] = ("outside", {})
    elif point and covered and (geo.area_of(*point) or "") not in covered:
        errors["point"] = ("outside_area", {})
    elif point:
        clean["lon"], clean["lat"] = round(point[0], 6), round(point[1], 6)
        clean["area_code"] = geo.area_of(*point) or ""
    geometry = _geometry(answers.get("geometry"))
    if geometry == "bad":
        errors["geometry"] = ("geometry", {})
    elif geometry:
        clean["geometry"] = geometry
    area = answers.get("area")
    if area not in (None, ""):
        codes = {str(o["value"]) for o in home_area_options() if not covered or str(o["value"]) in covered}
        if str(area) not in codes:
            errors["area"] = ("area", {})
        else:
            clean["area_code"] = clean.get("area_code") or str(area)
    address = answers.get("address")
    if address not in (None, ""):
        if not isinstance(address, str) or len(address) > MAX_ADDRESS:
            errors["address"] = ("too_long", {"max": MAX_ADDRESS})
        else:
            clean["address"] = address.strip()
    comment = answers.get("comment")
    if comment not in (None, ""):
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
            errors["comment"] = ("too_long", {"max": MAX_COMMENT})
        else:
            clean["comment"] = comment.strip()
    extra = _pin_answers(answers.get("questions"), survey.pin_questions if survey is not None else [], errors)
    if extra:
        clean["extra"] = extra
    band = answers.get("age_band")
    if band not in (None, "", UNSAID_BAND):
        if survey is None or not survey.ask_age_band or band not in AgeBand.values:
            errors["age_band"] = ("choice", {})
        else:
            clean["age_band"] = band
    if not errors and not any(k in clean for k in ("lon", "geometry", "area_code", "address")):
        errors["point"] = ("where", {})
    return clean, errors


UNSAID_BAND = "unsaid"
"""The age band "prefer not to say" as a form sends it (stored as "")."""


def _pin_answers(given, questions: list[dict], errors: dict) -> dict:
    """The answers to the questions asked with the place: {key: text or option value}; errors under
    ``question_<key>``."""
    if given in (None, ""):
        given = {}
    if not isinstance(given, dict):
        errors["questions"] = ("unknown", {})
        return {}
    by_key = {q["key"]: q for q in questions}
    for key in given:
        if key not in by_key:
            errors[f"question_{str(key)[:40]}"] = ("unknown", {})
    clean = {}
    for q in questions:
        value = given.get(q["key"])
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if q["required"]:
                errors[f"question_{q['key']}"] = ("required", {})
            continue
        if q["type"] == "choice":
            if value not in [o["value"] for o in q["options"]]:
                errors[f"question_{q['key']}"] = ("choice", {})
                continue
        elif not isinstance(value, str) or len(value) > MAX_PIN_ANSWER:
            errors[f"question_{q['key']}"] = ("too_long", {"max": MAX_PIN_ANSWER})
            continue
        clean[q["key"]] = value
    return clean


def answer_submit(*, survey: MapSurvey, submission_id, language: str, answers: dict) -> tuple[MapAnswer, bool]:
    """Store one anonymous map answer; (answer, created). Raises SubmissionError with error codes per key."""
    submission, existing = check_submission(MapAnswer, survey=survey, submission_id=submission_id,
                                            language=language)
    if existing is not None:
        return existing, False
    clean, errors = clean_map_answer(answers, survey)
    if errors:
        raise SubmissionError(errors)
    try:
        with transaction.atomic():
            moderation = Moderation.PENDING if clean.get("comment") else Moderation.APPROVED  # nothing to check
            answer = MapAnswer.objects.create(survey=survey, submission_id=submission, language=language,
                                              moderation=moderation, **clean)
    except IntegrityError:
        existing = stored_submission(MapAnswer, submission)
        if existing is None or existing.survey_id != survey.pk:
            raise SubmissionError({"submission_id": ("submission_id", {})}) from None
        return existing, False
    if survey.auto_release:
        mapsurvey_release(survey=survey, actor=None, automatic=True)
    return answer, True


@transaction.atomic
def answer_moderate(*, answer: MapAnswer, decision: str, actor) -> MapAnswer:
    if decision not in (Moderation.APPROVED, Moderation.REJECTED):
        raise ValidationError({"decision": _("Choose approve or reject.")})
    before = snapshot(answer, fields=["moderation"])
    answer.moderation = decision
    answer.moderated_by = actor
    answer.moderated_at = timezone.now()
    answer.save(update_fields=["moderation", "moderated_by", "moderated_at"])
    audit_record(actor=actor, action=f"mapanswer.{decision}", instance=answer, before=before,
                 after=snapshot(answer, fields=["moderation"]))
    return answer
