"""Writes for surveys: syncing the locked instruments, composing and publishing surveys, invitation codes, storing
anonymous responses, turning a result into a programme measurement."""

from __future__ import annotations

import copy
import math
import re
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteiso.areas.models import Area
from yhteiso.core import rows
from yhteiso.core.audit import audit_record, snapshot
from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.respondents import citymap, releases
from yhteiso.respondents.anonymity import keyed_hash
from yhteiso.respondents.areas import home_area_options
from yhteiso.respondents.submissions import SubmissionError, check_submission, stored_submission
from yhteiso.surveys import instruments as shipped
from yhteiso.surveys import validation
from yhteiso.surveys.models import (
    Instrument,
    Invitation,
    Release,
    Response,
    ResultMeasurement,
    Survey,
    SurveyItem,
    SurveyStatus,
    definition_hash,
)

MAX_TEXT = 2000
"""Longest free-text answer (characters)."""

QUESTION_TYPES = ("choice", "multi", "scale", "number", "text", "place", "area")
MAX_ADDRESS = 200
"""Longest street address or postal area of a place answer (characters)."""
MAX_NUMBER_TEXT = 30
"""Longest typed number accepted (characters)."""
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


# --- instruments ---------------------------------------------------------------------------------------------------
@transaction.atomic
def instrument_sync(*, actor=None) -> list[Instrument]:
    """Store every shipped instrument version that is not stored yet (idempotent). A stored version whose content
    differs from the shipped one is refused: versions are locked, change the version number instead."""
    stored = []
    for definition in shipped.ALL:
        existing = Instrument.objects.filter(key=definition["key"], version=definition["version"]).first()
        if existing:
            if existing.content_hash != definition_hash(definition):
                raise ValidationError(
                    _("Instrument %(key)s version %(version)s is locked and differs from the shipped definition; "
                      "give the changed definition a new version number.")
                    % {"key": definition["key"], "version": definition["version"]}
                )
            stored.append(existing)
            continue
        instrument = Instrument(key=definition["key"], version=definition["version"], definition=definition)
        instrument.full_clean(exclude=["content_hash"])
        instrument.save()
        audit_record(actor=actor, action="instrument.create", instance=instrument,
                     after={"key": instrument.key, "version": instrument.version, "hash": instrument.content_hash})
        stored.append(instrument)
    return stored


# --- composing and publishing ----------------------------------------------------------------------------------------
def _check_languages(languages) -> list[str]:
    unknown = [code for code in languages if code not in RESPONDENT_LANGUAGES]
    if unknown:
        raise ValidationError({"languages": _("Unsupported language code: %(codes)s") % {"codes": ", ".join(unknown)}})
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    if "fi" not in languages:
        raise ValidationError({"languages": _("Finnish is the original language and must be included.")})
    return list(dict.fromkeys(languages))


def own_question_check(question: dict) -> dict:
    """Validate a question of the staff's own; returns a cleaned copy or raises ValidationError naming the field."""
    q = copy.deepcopy(question)
    key = str(q.get("key", "")).strip()
    if not key or not key.replace("_", "").isalnum() or not key.isascii():
        raise ValidationError({"key": _("A question key may contain only letters, digits and underscores.")})
    q["key"] = key
    if q.get("type") not in ("choice", "scale", "text"):
        raise ValidationError({"type": _("Unknown question type.")})
    if not (q.get("text") or {}).get("fi"):
        raise ValidationError({"text": _("The question needs a Finnish text.")})
    if q["type"] == "choice":
        options = q.get("options") or []
        values = [o.get("value") for o in options]
        if len(options) < 2 or len(values) != len(set(values)) or not all(values):
            raise ValidationError({"options": _("A choice question needs at least two options with unique values.")})
    if q["type"] == "scale":
        lo, hi = q.get("min"), q.get("max")
        if not isinstance(lo, int) or not isinstance(hi, int) or hi <= lo or hi - lo > 20:
            raise ValidationError({"min": _("A scale needs whole-number ends, the upper above the lower (at most 20 "
                                            "steps).")})
    q["required"] = bool(q.get("required", False))
    return q


@transaction.atomic
def survey_create(*, actor, title: dict, languages: list[str], instruments: list[Instrument] = (),
                  own_questions: list[dict] = (), intro: dict | None = None, opens_at=None, closes_at=None,
                  min_count: int = 5, min_n: int = 10, invitation_only: bool = False, is_demo: bool = False,
                  auto_release: bool = False) -> Survey:
    """Compose a draft survey from locked instruments and the staff's own questions."""
    survey = Survey(title=title, intro=intro or {}, languages=_check_languages(languages), opens_at=opens_at,
                    closes_at=closes_at, min_count=min_count, min_n=min_n, invitation_only=invitation_only,
                    auto_release=auto_release,
                    is_demo=is_demo, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    if not survey.title.get("fi"):
        raise ValidationError({"title": _("The survey needs a Finnish title.")})
    survey.full_clean()
    survey.save()
    position = 0
    seen: set[str] = set()
    for instrument in instruments:
        for q in instrument.definition["questions"]:
            seen.add(q["key"])
        SurveyItem.objects.create(survey=survey, position=position, instrument=instrument)
        position += 1
    for question in own_questions:
        q = own_question_check(question)
        if q["key"] in seen:
            raise ValidationError({"key": _("Question key %(key)s is used twice.") % {"key": q["key"]}})
        seen.add(q["key"])
        SurveyItem.objects.create(survey=survey, position=position, question=q)
        position += 1
    audit_record(actor=actor, action="survey.create", instance=survey, after=snapshot(survey))
    return survey


def flatten(entries) -> tuple[list[dict], list[str]]:
    """The questions of a sequence of items — ``(instrument definition or None, own question or section)`` — as
    one flat list, and the keys of the sections. Instrument questions carry their instrument, version and which
    languages are official; a section's heading goes with the next question (it replaces an instrument's own
    name there); the home-area options are resolved."""
    questions: list[dict] = []
    section_keys: list[str] = []
    pending = None
    for definition, own in entries:
        if definition is not None:
            for i, q in enumerate(definition["questions"]):
                q = copy.deepcopy(q)
                q["instrument"] = definition["key"]
                q["instrument_version"] = definition["version"]
                q["official_languages"] = definition.get("official_languages", ["fi"])
                if i == 0:
                    q["section"] = pending or {"name": definition.get("name", {}),
                                               "instructions": definition.get("instructions", {})}
                    pending = None
                if q["type"] == "area":
                    q["options"] = [{"value": o["value"], "label": o["label"]} for o in home_area_options()]
                    q["options"] += q.pop("extra_options", [])
                questions.append(q)
        elif own.get("type") == validation.SECTION:
            section_keys.append(own["key"])
            pending = {"key": own["key"], "name": own["name"], "instructions": own.get("instructions", {})}
        else:
            q = copy.deepcopy(own)
            q.setdefault("official_languages", ["fi"])
            if pending:
                q["section"] = pending
                pending = None
            questions.append(q)
    return questions, section_keys


def _entries(survey: Survey) -> list[tuple]:
    return [(item.instrument.definition if item.instrument_id else None, item.question)
            for item in survey.items.select_related("instrument")]


def build_questions(survey: Survey) -> list[dict]:
    """The survey's questions as one flat list (see :func:`flatten`)."""
    return flatten(_entries(survey))[0]


def _texts_of(question: dict):
    yield question.get("text", {})
    for key in ("min_label", "max_label"):
        if key in question:
            yield question[key]
    for option in question.get("options", []):
        yield option.get("label", {})
    section = question.get("section")
    if section:
        yield section.get("name", {})
        if section.get("instructions"):
            yield section["instructions"]


def missing_translations(survey: Survey, questions: list[dict] | None = None) -> list[str]:
    """Human-readable list of the texts that lack a translation in one of the survey's languages."""
    questions = build_questions(survey) if questions is None else questions
    missing = []
    for lang in survey.languages:
        if not survey.title.get(lang):
            missing.append(_("title: %(lang)s") % {"lang": lang})
        for q in questions:
            gaps = [1 for texts in _texts_of(q) if texts and not texts.get(lang)]
            # Home-area names are place names: Finnish serves every language but Swedish.
            if q.get("type") == "area":
                gaps = [1 for o in q["options"][:-2] if lang == "sv" and not o["label"].get("sv")]
                gaps += [1 for texts in (q.get("text", {}),) if not texts.get(lang)]
            if gaps:
                missing.append(_("question %(key)s: %(lang)s (%(count)s texts)")
                               % {"key": q["key"], "lang": lang, "count": len(gaps)})
    return missing


@transaction.atomic
def survey_publish(*, survey: Survey, actor, opens_at=None, closes_at=None) -> Survey:
    """Freeze the questions and open the survey for the period. Refused (with the list) while any chosen language
    lacks a translation."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be published."))
    before = snapshot(survey)
    entries = _entries(survey)
    questions, section_keys = flatten(entries)
    if not questions:
        raise ValidationError(_("The survey has no questions."))
    validation.sequence_check(questions, section_keys=section_keys)
    _empty_sections_check(entries)
    missing = missing_translations(survey, questions)
    if missing:
        raise ValidationError(_("Missing translations: %(list)s") % {"list": "; ".join(missing)},
                              code="missing_translations", params={"missing": missing})
    survey.questions = questions
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = timezone.now()
    survey.opens_at = opens_at or survey.opens_at or survey.published_at
    if closes_at:
        survey.closes_at = closes_at
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="survey.publish", instance=survey, before=before, after=snapshot(survey))
    return survey


def survey_close(*, survey: Survey, actor) -> Survey:
    """Close the survey and make its final result release."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        before = snapshot(survey)
        survey.status = SurveyStatus.CLOSED
        survey.closes_at = survey.closes_at if survey.closes_at and survey.closes_at < timezone.now() \
            else timezone.now()
        survey.save()
        audit_record(actor=actor, action="survey.close", instance=survey, before=before, after=snapshot(survey))
    release_final(survey=survey, actor=actor)
    return survey


@transaction.atomic
def survey_translate(*, survey: Survey, actor, title: dict[str, str], texts: dict[str, str]) -> Survey:
    """Add translations to a draft survey: ``title`` maps language → title; ``texts`` maps a translation slot
    name (see :func:`own_text_slots`) plus ``_<lang>`` to the text. Empty values leave a text as it is; instrument
    texts are locked and cannot be translated here."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft survey can be translated."))
    before = {"title": dict(survey.title), "questions": [copy.deepcopy(i.question) for i in
                                                          survey.items.filter(instrument__isnull=True)]}
    for lang in survey.languages:
        value = str(title.get(lang, "")).strip()[:200]
        if value:
            survey.title[lang] = value
    survey.full_clean()
    survey.save(update_fields=["title"])
    after_questions = []
    for item in survey.items.filter(instrument__isnull=True):
        for slot in own_text_slots(item.question):
            for lang in survey.languages:
                value = str(texts.get(f"{slot['name']}_{lang}", "")).strip()[:500]
                if value:
                    slot["texts"][lang] = value
        item.save(update_fields=["question"])
        after_questions.append(item.question)
    audit_record(actor=actor, action="survey.translate", instance=survey, before=before,
                 after={"title": survey.title, "questions": after_questions})
    return survey


def own_text_slots(question: dict) -> list[dict]:
    """The translatable texts of one of the staff's own questions: the question, each option label and the scale's
    end labels. ``texts`` is the question's own language → text dict (edited in place when translating)."""
    key = question["key"]
    if question.get("type") == validation.SECTION:
        question.setdefault("instructions", {})
        slots = [{"name": f"q_{key}", "label": _("Section heading %(key)s") % {"key": key},
                  "texts": question["name"]}]
        if question["instructions"].get("fi"):
            slots.append({"name": f"q_{key}_instructions", "texts": question["instructions"],
                          "label": _("Section %(key)s, instructions") % {"key": key}})
        return slots
    slots = [{"name": f"q_{key}", "label": _("Question %(key)s") % {"key": key}, "texts": question["text"]}]
    for number, option in enumerate(question.get("options", []), start=1):
        slots.append({"name": f"q_{key}_option{number}", "texts": option["label"],
                      "label": _("Question %(key)s, option %(number)s") % {"key": key, "number": number}})
    for end, label in (("min_label", _("Question %(key)s, label of the lower end")),
                       ("max_label", _("Question %(key)s, label of the upper end"))):
        if end in question:
            slots.append({"name": f"q_{key}_{end}", "label": label % {"key": key}, "texts": question[end]})
    return slots


def _empty_sections_check(entries) -> None:
    """A section heading must be followed by at least one question before the next heading or the end."""
    pending = None
    for definition, own in [*entries, (None, {"type": validation.SECTION, "key": "", "name": {}})]:
        if definition is None and own.get("type") == validation.SECTION:
            if pending is not None:
                raise ValidationError({"name": _("Section %(name)s has no questions: add questions after it or "
                                                 "remove it.") % {"name": pending["name"].get("fi", "")}})
            pending = own
        else:
            pending = None


# --- the survey builder ---------------------------------------------------------------------------------------------
PUBLISHED_LOCKED = "published_locked"


def _draft(survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("The survey has been published: its questions can no longer be changed. Make a new "
                                "survey for changed questions."), code=PUBLISHED_LOCKED)
    return survey


def _sequence_save(survey: Survey, items: list[SurveyItem]) -> None:
    """Check the whole sequence as it would be and only then write it (positions 0, 1, ...)."""
    questions, section_keys = flatten([(i.instrument.definition if i.instrument_id else None, i.question)
                                       for i in items])
    validation.sequence_check(questions, section_keys=section_keys)
    for position, item in enumerate(items):
        if item.pk is None or item.position != position:
            item.position = position
            item.full_clean(exclude=["survey"])
            item.save()


def _next_key(items: list[SurveyItem], prefix: str) -> str:
    numbers = [0]
    for item in items:
        key = (item.question or {}).get("key", "")
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            numbers.append(int(key[len(prefix):]))
    return f"{prefix}{max(numbers) + 1}"


def _item_summary(item: SurveyItem) -> dict:
    return {"position": item.position, "instrument": str(item.instrument) if item.instrument_id else None,
            "question": item.question}


@transaction.atomic
def survey_item_add(*, survey: Survey, actor, question: dict | None = None, section: dict | None = None,
                    instrument: Instrument | None = None) -> SurveyItem:
    """Add one own question, one section heading or one locked instrument (from the question bank) at the end of a
    draft survey. Refused, with nothing saved, when the survey is published or the result breaks a rule (see
    :mod:`yhteiso.surveys.validation`)."""
    survey = _draft(survey)
    items = list(survey.items.select_related("instrument"))
    if instrument is not None:
        item = SurveyItem(survey=survey, instrument=instrument)
    elif section is not None:
        item = SurveyItem(survey=survey, question=validation.section_clean(
            {**section, "key": section.get("key") or _next_key(items, "section_")}))
    elif question is not None:
        item = SurveyItem(survey=survey, question=validation.question_clean(
            {**question, "key": question.get("key") or _next_key(items, "own_")}))
    else:
        raise ValidationError(_("Nothing to add."))
    _sequence_save(survey, [*items, item])
    audit_record(actor=actor, action="survey.item_add", instance=survey, after=_item_summary(item))
    return item


@transaction.atomic
def survey_item_edit(*, item: SurveyItem, actor, question: dict | None = None,
                     section: dict | None = None) -> SurveyItem:
    """Change one own question or section heading of a draft survey. Instruments are locked: their wording is what
    makes the programme's indicators comparable, so they can be added or removed but never edited. A changed
    short name is changed in the conditions that point to it as well."""
    survey = _draft(item.survey)
    items = list(survey.items.select_related("instrument"))
    target = next((i for i in items if i.pk == item.pk), None)
    if target is None:
        raise ValidationError(_("The question is not in this survey."))
    if target.instrument_id:
        raise ValidationError({"instrument": _("Questions from the question bank are locked: their wording cannot "
                                               "be edited. Remove the instrument if it is not needed.")})
    before = _item_summary(target)
    old_key = target.question["key"]
    if target.question.get("type") == validation.SECTION:
        if section is None:
            raise ValidationError(_("A section heading is edited as a section."))
        target.question = validation.section_clean({**section, "key": section.get("key") or old_key})
    else:
        if question is None:
            raise ValidationError(_("A question is edited as a question."))
        target.question = validation.question_clean({**question, "key": question.get("key") or old_key})
    new_key = target.question["key"]
    changed = [target]
    if new_key != old_key:
        for other in items:
            condition = (other.question or {}).get("show_if")
            if condition and condition["question"] == old_key and other is not target:
                other.question["show_if"]["question"] = new_key
                changed.append(other)
    _sequence_save(survey, items)
    for other in changed:
        other.full_clean(exclude=["survey"])
        other.save(update_fields=["question"])
    audit_record(actor=actor, action="survey.item_edit", instance=survey, before=before,
                 after=_item_summary(target))
    return target


@transaction.atomic
def survey_item_move(*, item: SurveyItem, actor, offset: int) -> SurveyItem:
    """Move an item up (``offset`` −1) or down (+1). Refused when a condition would then point to a later
    question."""
    survey = _draft(item.survey)
    items = list(survey.items.select_related("instrument"))
    index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("The question is not in this survey."))
    to = index + offset
    if not 0 <= to < len(items):
        return items[index]
    items.insert(to, items.pop(index))
    _sequence_save(survey, items)
    audit_record(actor=actor, action="survey.item_move", instance=survey,
                 after={"item": item.pk, "from": index, "to": to})
    return items[to]


@transaction.atomic
def survey_item_delete(*, item: SurveyItem, actor) -> None:
    """Remove one item of a draft survey. Refused while another question's condition depends on it."""
    survey = _draft(item.survey)
    items = list(survey.items.select_related("instrument"))
    target = next((i for i in items if i.pk == item.pk), None)
    if target is None:
        raise ValidationError(_("The question is not in this survey."))
    rest = [i for i in items if i is not target]
    removed = {q["key"] for q in flatten([(target.instrument.definition if target.instrument_id else None,
                                           target.question)])[0]}
    for other in rest:
        condition = (other.question or {}).get("show_if")
        if condition and condition["question"] in removed:
            raise ValidationError({"show_if": _(
                "Question %(source)s cannot be removed: the condition of question %(key)s depends on its answer. "
                "Change that condition first.") % {"source": condition["question"], "key": other.question["key"]}})
    before = _item_summary(target)
    target.delete()
    _sequence_save(survey, rest)
    audit_record(actor=actor, action="survey.item_delete", instance=survey, before=before)


# --- result releases ------------------------------------------------------------------------------------------------
def release_minimum(survey: Survey) -> int:
    """New answers a release needs since the previous one: the smallest group for means and shares."""
    return max(survey.min_n, survey.min_count)


def survey_release(*, survey: Survey, actor, automatic: bool = False) -> Release | None:
    """Publish the answers received since the previous release as a new frozen release (staff, or automatic)."""
    return releases.release_interim(survey=survey, answer_model=Response, release_model=Release,
                                    minimum=release_minimum(survey), actor=actor, automatic=automatic,
                                    action="survey.release")


def release_final(*, survey: Survey, actor=None) -> Release | None:
    """The final release of an ended survey (idempotent)."""
    return releases.release_make(survey=survey, answer_model=Response, release_model=Release,
                                 minimum=release_minimum(survey), actor=actor, final=True, action="survey.release")


# --- invitation codes -----------------------------------------------------------------------------------------------
def invitation_hash(survey_id: int, code: str) -> str:
    """Keyed hash (HMAC-SHA-256 with ``YHTEISO_VOTER_KEY``) of an invitation code; the code itself is never stored."""
    return keyed_hash("survey", f"{survey_id}:{code.strip().upper().replace('-', '')}")


def invitations_known(*, survey: Survey, codes: list[str]) -> list[str]:
    """The given codes that are valid unused codes of the survey (for the staff's CSV download)."""
    if len(codes) > 10000:
        return []
    by_hash = {invitation_hash(survey.pk, c): c for c in codes if 0 < len(c) <= 20}
    known = set(Invitation.objects.filter(survey=survey, code_hash__in=list(by_hash)).values_list("code_hash",
                                                                                                  flat=True))
    return [c for h, c in by_hash.items() if h in known]


@transaction.atomic
def invitations_create(*, survey: Survey, count: int, actor) -> list[str]:
    """Create ``count`` one-time codes; returns them once (they cannot be recovered later)."""
    if not 1 <= count <= 10000:
        raise ValidationError({"count": _("Create between 1 and 10 000 codes at a time.")})
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = []
    for _i in range(count):
        raw = "".join(secrets.choice(alphabet) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    Invitation.objects.bulk_create([Invitation(survey=survey, code_hash=invitation_hash(survey.pk, c)) for c in codes])
    audit_record(actor=actor, action="survey.invitations", instance=survey, after={"count": count})
    return codes


# --- responses ------------------------------------------------------------------------------------------------------
def clean_answers(questions: list[dict], answers: dict) -> tuple[dict, dict]:
    """Validate raw answers against the questions. Returns (clean answers, errors).

    Branching: an answer to a question whose condition is not met (the earlier single-choice answer it depends on
    was something else, or nothing) is **dropped** — not stored and not an error — and such a question is never
    required (:func:`yhteiso.surveys.validation.visible_keys`). Unknown keys are still refused."""
    by_key = {q["key"]: q for q in questions}
    clean, errors = {}, {}
    if not isinstance(answers, dict):
        return {}, {"answers": ("empty", {})}
    for key, value in answers.items():
        q = by_key.get(key)
        if q is None:
            errors[str(key)[:80]] = ("unknown", {})
            continue
        if value is None or value == "" or value == []:
            continue
        kind = q["type"]
        if kind in ("choice", "area"):
            allowed = {str(o["value"]): o["value"] for o in q.get("options", [])}
            if isinstance(value, bool) or str(value) not in allowed:
                errors[key] = ("area" if kind == "area" else "choice", {})
            else:
                clean[key] = allowed[str(value)]
        elif kind == "scale":
            try:
                number = int(value) if not isinstance(value, bool) and str(value).strip().lstrip("-").isdigit() \
                    else None
            except (TypeError, ValueError):
                number = None
            if number is None or not q["min"] <= number <= q["max"]:
                errors[key] = ("range", {"min": q["min"], "max": q["max"]})
            else:
                clean[key] = number
        elif kind == "multi":
            problem, chosen = _multi_answer(q, value)
            if problem:
                errors[key] = problem
            elif chosen:
                clean[key] = chosen
        elif kind == "number":
            problem, number = _number_answer(q, value)
            if problem:
                errors[key] = problem
            else:
                clean[key] = number
        elif kind == "place":
            problem, place = _place_answer(value)
            if problem:
                errors[key] = problem
            elif place:
                clean[key] = place
        elif kind == "text":
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                errors[key] = ("too_long", {"max": MAX_TEXT})
            elif value.strip():
                clean[key] = value.strip()
    shown = validation.visible_keys(questions, clean)
    clean = {k: v for k, v in clean.items() if k in shown}
    errors = {k: v for k, v in errors.items() if k in shown or k not in by_key}
    for q in questions:
        if q.get("required") and q["key"] in shown and q["key"] not in clean and q["key"] not in errors:
            errors[q["key"]] = ("required", {})
    if not clean and not errors:
        errors["answers"] = ("empty", {})
    return clean, errors


def _multi_answer(q: dict, value) -> tuple[tuple | None, list]:
    """The chosen options of a multiple-choice answer (a list of option values, or one value), in the question's
    option order without repeats; or an error ``(code, params)``: an unknown option, more than ``max_choices``
    (or than there are options), fewer than ``min_choices``."""
    given = value if isinstance(value, list) else [value]
    options = q.get("options", [])
    if len(given) > 2 * len(options) + 1:  # bounded work: a long list is refused before it is read
        return ("too_many", {"max": q.get("max_choices") or len(options)}), []
    allowed = {str(o["value"]) for o in options}
    if any(isinstance(v, bool | dict | list) or v is None or str(v) not in allowed for v in given):
        return ("choice", {}), []
    wanted = {str(v) for v in given}
    chosen = [o["value"] for o in options if str(o["value"]) in wanted]
    most = q.get("max_choices") or len(options)
    if len(chosen) > most:
        return ("too_many", {"max": most}), []
    if chosen and q.get("min_choices") and len(chosen) < q["min_choices"]:
        return ("too_few", {"min": q["min_choices"]}), []
    return None, chosen


def number_from(value) -> float | None:
    """A number from an answer: a JSON number (not true/false) or a text such as ``12``, ``-3``, ``12,5`` or
    ``1 200`` (spaces between digits and a decimal comma are accepted); None when it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str) or len(value) > MAX_NUMBER_TEXT:
        return None
    text = "".join(value.split()).replace("\u2212", "-").replace(",", ".")
    return float(text) if _NUMBER.fullmatch(text) else None


def _number_answer(q: dict, value) -> tuple[tuple | None, int | float | None]:
    """A number answer within the question's rules, or an error ``(code, params)``: not a number, not whole where
    only whole numbers are accepted, below ``min`` or above ``max``."""
    number = number_from(value)
    lo, hi = q.get("min"), q.get("max")
    if number is None or abs(number) > validation.NUMBER_LIMIT:
        return ("number", {}), None
    if q.get("integer") and number != int(number):
        return ("whole", {}), None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        if lo is not None and hi is not None:
            return ("number_range", {"min": lo, "max": hi}), None
        return (("number_min", {"min": lo}) if lo is not None else ("number_max", {"max": hi})), None
    return None, (int(number) if number == int(number) else number)


def _place_answer(value) -> tuple[tuple | None, dict]:
    """A place in Espoo: ``{"lon", "lat"}`` (a point on the map, WGS 84), ``{"area"}`` (a district from the list) or
    ``{"address"}`` (a street address or postal area as typed), any of them together. A point outside Espoo, an
    unknown district or too long an address is refused. Stored: the point rounded to 6 decimals (about 0.1 m) and
    its district, else the chosen district, and the address as typed; results publish only counts per district."""
    if not isinstance(value, dict) or set(value) - {"lon", "lat", "area", "address"}:
        return ("place", {}), {}
    place: dict = {}
    lon, lat = value.get("lon"), value.get("lat")
    if lon not in (None, "") or lat not in (None, ""):
        x, y = number_from(lon), number_from(lat)
        if x is None or y is None or not citymap.within_espoo(x, y):
            return ("place_outside", {}), {}
        place.update(lon=round(x, 6), lat=round(y, 6), area=citymap.area_of(x, y))
    area = value.get("area")
    if area not in (None, "") and "area" not in place:
        codes = {str(o["value"]) for o in home_area_options()}
        if not isinstance(area, str | int) or isinstance(area, bool) or str(area) not in codes:
            return ("area", {}), {}
        place["area"] = str(area)
    address = value.get("address")
    if address not in (None, ""):
        if not isinstance(address, str) or len(address) > MAX_ADDRESS:
            return ("too_long", {"max": MAX_ADDRESS}), {}
        if address.strip():
            place["address"] = " ".join(address.split())
    return None, place


RESPONSE_FIELDS = ("id", "survey", "submission_id", "language", "answers", "release")


def response_submit(*, survey: Survey, submission_id, language: str, answers: dict,
                    invitation_code: str = "") -> tuple[Response, bool]:
    """Store one anonymous response; returns ``(response, created)``. The same ``submission_id`` again returns the
    stored response with ``created=False`` (nothing is stored twice). Raises :class:`SubmissionError`."""
    submission, existing = check_submission(Response, survey=survey, submission_id=submission_id,
                                            language=language)
    if existing is not None:
        return existing, False
    clean, errors = clean_answers(survey.questions, answers)
    if errors:
        raise SubmissionError(errors)
    if survey.invitation_only:
        # Step 1, a transaction of its own: the code is used up by deleting its row. Nothing is written that
        # could link the code to the response stored in step 2 (no foreign key, no shared transaction).
        code = (invitation_code or "").strip()
        with transaction.atomic():
            used = Invitation.objects.filter(survey=survey, code_hash=invitation_hash(survey.pk, code)).delete()[0] \
                if code and len(code) <= 40 else 0
        if not used:
            raise SubmissionError({"invitation": ("invitation", {})})
    try:
        with transaction.atomic():
            response = Response(survey=survey, submission_id=submission, language=language, answers=clean)
            rows.insert(response, RESPONSE_FIELDS)  # no signals listen to Response; one plain statement (issue 12)
    except IntegrityError:
        existing = stored_submission(Response, submission)
        if existing is not None and existing.survey_id == survey.pk:
            return existing, False
        raise SubmissionError({"submission_id": ("submission_id", {})}) from None
    if survey.auto_release:
        survey_release(survey=survey, actor=None, automatic=True)
    return response, True


# --- results into programme indicators -----------------------------------------------------------------------------
def _metric_unit(survey: Survey, key: str) -> str:
    """The programme indicator unit a survey metric is measured in ("" when the metric does not say)."""
    from yhteiso.surveys.results import _metrics_of

    metric = next((m for m in _metrics_of(survey) if m["key"] == key), None)
    if metric is None:
        return ""
    if metric["kind"] == "share":
        return "percent"
    if metric["kind"] == "nps":
        return "nps"
    if metric["kind"] == "mean" and metric["unit"] == "0–100":
        return "score_100"
    return ""


@transaction.atomic
def result_to_measurement(*, survey: Survey, metric: str, breakdown: str, group: str, cell, measured_on,
                          actor, source_url: str = "") -> ResultMeasurement:
    """Record a (suppressed, publishable) survey result as a measurement of a programme indicator cell."""
    from yhteiso.programme.services import measurement_create
    from yhteiso.surveys.results import find_result

    row = find_result(survey, metric=metric, breakdown=breakdown, group=group)
    if row is None or row.get("value") is None:
        raise ValidationError(_("This result is hidden by small-cell suppression or does not exist, so it cannot "
                                "be used as a measurement."))
    value = Decimal(f"{float(row['value']):.4f}")
    try:
        URLValidator()(source_url)
    except ValidationError:
        source_url = ""  # e.g. a host name without a domain on a development machine; the note names the survey
    note = _("From survey #%(id)s “%(title)s”: %(metric)s, %(group)s, n = %(n)s, 95 %% CI %(lo)s–%(hi)s.") % {
        "id": survey.pk, "title": survey.title_in("fi"), "metric": metric, "group": row.get("label_text", group),
        "n": row["n"],
        "lo": "–" if row.get("ci_low") is None else f"{row['ci_low']:.1f}",
        "hi": "–" if row.get("ci_high") is None else f"{row['ci_high']:.1f}",
    }
    area = None  # every breakdown but the home area describes all of Espoo
    if breakdown == "bg_area":
        area = Area.objects.filter(level="suuralue", code=group).first()
    measurement = measurement_create(cell=cell, value=value, measured_on=measured_on,
                                     source=(_("Yhteisö survey: %(title)s") % {"title": survey.title_in("fi")})[:300],
                                     actor=actor, source_url=source_url, note=note,
                                     unit=_metric_unit(survey, metric), area=area)
    link = ResultMeasurement(survey=survey, metric=metric, breakdown=breakdown, group=group, value=float(value),
                             n=row["n"] or 0, measurement=measurement,
                             created_by=actor if getattr(actor, "is_authenticated", False) else None)
    link.full_clean()
    link.save()
    audit_record(actor=actor, action="survey.result_to_measurement", instance=link, after=snapshot(link))
    return link
