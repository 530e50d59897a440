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
from yhteiso.mapsurveys.models import Category, MapAnswer, MapRelease, MapSurvey, MapSurveyStatus, Moderation
from yhteiso.respondents import releases
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.submissions import SubmissionError, check_submission

MAX_COMMENT = 1000
MAX_ADDRESS = 200
MAX_VERTICES = 200


@transaction.atomic
def mapsurvey_create(*, actor, title: dict, languages: list[str], intro: dict | None = None, closes_at=None,
                     min_count: int = 5, is_demo: bool = False) -> MapSurvey:
    unknown = [c for c in languages if c not in RESPONDENT_LANGUAGES]
    if unknown or "fi" not in languages:
        raise ValidationError({"languages": _("Choose supported languages, Finnish included (unsupported: "
                                              "%(codes)s).") % {"codes": ", ".join(unknown) or "–"}})
    survey = MapSurvey(title=title, intro=intro or {}, languages=list(dict.fromkeys(languages)), closes_at=closes_at,
                       min_count=min_count, is_demo=is_demo)
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="mapsurvey.create", instance=survey, after=snapshot(survey))
    return survey


def missing_translations(survey: MapSurvey) -> list[str]:
    return [_("title: %(lang)s") % {"lang": lang} for lang in survey.languages if not survey.title.get(lang)]


@transaction.atomic
def mapsurvey_publish(*, survey: MapSurvey, actor, opens_at=None) -> MapSurvey:
    missing = missing_translations(survey)
    if missing:
        raise ValidationError(_("Missing translations: %(list)s") % {"list": "; ".join(missing)})
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


def clean_map_answer(answers: dict) -> tuple[dict, dict]:
    """Validate a map answer: category; a point, a drawn area/route, a district or an address; a comment."""
    errors: dict = {}
    if not isinstance(answers, dict):
        return {}, {"answers": ("where", {})}
    known = {"category", "point", "geometry", "area", "address", "comment"}
    for key in answers:
        if key not in known:
            errors[str(key)[:80]] = ("unknown", {})
    clean: dict = {}
    category = answers.get("category")
    if category not in Category.values:
        errors["category"] = ("category", {})
    else:
        clean["category"] = category
    point = _point(answers.get("point"))
    if point == "bad" or (point and not geo.within_espoo(*point)):
        errors["point"] = ("outside", {})
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
        codes = {str(o["value"]) for o in home_area_options()}
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
    if not errors and not any(k in clean for k in ("lon", "geometry", "area_code", "address")):
        errors["point"] = ("where", {})
    return clean, errors


def answer_submit(*, survey: MapSurvey, submission_id, language: str, answers: dict) -> tuple[MapAnswer, bool]:
    """Store one anonymous map answer; (answer, created). Raises SubmissionError with error codes per key."""
    submission, existing = check_submission(MapAnswer, survey=survey, submission_id=submission_id,
                                            language=language)
    if existing is not None:
        return existing, False
    clean, errors = clean_map_answer(answers)
    if errors:
        raise SubmissionError(errors)
    try:
        with transaction.atomic():
            moderation = Moderation.PENDING if clean.get("comment") else Moderation.APPROVED  # nothing to check
            answer = MapAnswer.objects.create(survey=survey, submission_id=submission, language=language,
                                              moderation=moderation, **clean)
    except IntegrityError:
        existing = MapAnswer.objects.filter(submission_id=submission, survey=survey).first()
        if existing is None:
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
