"""Rules for the questions staff build, shared by the builder's forms, its services, publishing and answering.

A survey is a sequence of items (``SurveyItem``): a locked instrument, a question of the staff's own, or a section
heading (an own item whose ``type`` is ``"section"``; its heading is shown before the next question). An own
question may carry a condition ``show_if = {"question": KEY, "values": [VALUE, ...]}``: it is shown only when the
answer to the earlier single-choice question KEY is one of the values.

Conditions on the respondent page (no JavaScript needed): every question is on the one page, a conditional one
with a note saying when to answer it; on submit, answers to questions whose condition is not met are **dropped**
(not stored, not an error), and such a question is never required. The API behaves the same and lists the dropped
keys (``ignored``). See :func:`visible_keys`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yhteiso.respondents.wording import kept_translations, options_from_lines

MAX_QUESTIONS = 100
"""Most questions one survey may have (instrument questions included)."""
MAX_OPTIONS = 30
MAX_SCALE_STEPS = 20
MAX_QUESTION_TEXT = 500
MAX_OPTION_TEXT = 200
MAX_KEY = 40
OWN_TYPES = ("choice", "multi", "scale", "number", "text", "place")
"""Question types staff may build: single choice, multiple choice ("select all that apply", with an optional least
and most number of selections), numeric scale, a number (with optional least and greatest value and a whole-number
rule), free text and a place in Espoo (a point on the map; without JavaScript a district from the list or a street
address or postal area)."""
OPTION_TYPES = ("choice", "multi")
SECTION = "section"
NUMBER_LIMIT = 10**9
"""A number question's bounds (and answers) lie within ±this."""


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def key_check(key: str) -> str:
    key = str(key or "").strip()
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.replace("_", "").isalnum() \
            or not key[0].isalpha():
        raise _error("key", _("Use 1–%(max)s letters a–z, digits and underscores, starting with a "
                              "letter.") % {"max": MAX_KEY})
    return key


def question_clean(question: dict) -> dict:
    """One question of the staff's own, checked on its own; returns a cleaned copy or raises ValidationError whose
    key names the field (``text``, ``type``, ``options``, ``min``, ``max``, ``key``)."""
    q = copy.deepcopy(question)
    q["key"] = key_check(q.get("key", ""))
    if q.get("type") not in OWN_TYPES:
        raise _error("type", _("Choose single choice, multiple choice, scale, number, free text or place on the "
                               "map."))
    text = q.get("text") or {}
    if not isinstance(text, dict) or not str(text.get("fi", "")).strip():
        raise _error("text", _("Write the question in Finnish."))
    if any(len(str(v)) > MAX_QUESTION_TEXT for v in text.values()):
        raise _error("text", _("At most %(max)s characters.") % {"max": MAX_QUESTION_TEXT})
    if q["type"] in OPTION_TYPES:
        options = q.get("options") or []
        values = [str(o.get("value", "")) for o in options]
        labels = [str((o.get("label") or {}).get("fi", "")).strip().casefold() for o in options]
        if len(options) < 2:
            raise _error("options", _("Give at least two options, one per line."))
        if len(options) > MAX_OPTIONS:
            raise _error("options", _("Give at most %(max)s options.") % {"max": MAX_OPTIONS})
        if not all(values) or len(set(values)) != len(values) or not all(labels):
            raise _error("options", _("Every option needs a Finnish label and a value of its own."))
        if len(set(labels)) != len(labels):
            repeated = next(label for i, label in enumerate(labels) if label in labels[:i])
            raise _error("options", _("Each option must be different (repeated: %(option)s).")
                         % {"option": repeated})
        if any(len(str(v)) > MAX_OPTION_TEXT for o in options for v in o["label"].values()):
            raise _error("options", _("An option may be at most %(max)s characters long.")
                         % {"max": MAX_OPTION_TEXT})
    else:
        q.pop("options", None)
    if q["type"] == "multi":
        _choices_clean(q)
    else:
        q.pop("min_choices", None)
        q.pop("max_choices", None)
    if q["type"] == "number":
        _number_rules_clean(q)
    else:
        q.pop("integer", None)
    if q["type"] == "scale":
        lo, hi = q.get("min"), q.get("max")
        if not isinstance(lo, int) or isinstance(lo, bool):
            raise _error("min", _("Give a whole number."))
        if not isinstance(hi, int) or isinstance(hi, bool):
            raise _error("max", _("Give a whole number."))
        if hi <= lo:
            raise _error("max", _("Must be greater than the lower end."))
        if hi - lo > MAX_SCALE_STEPS:
            raise _error("max", _("A scale may have at most %(max)s steps.")
                         % {"max": MAX_SCALE_STEPS})
    else:
        for name in ("min_label", "max_label") if q["type"] == "number" else ("min", "max", "min_label",
                                                                                  "max_label"):
            q.pop(name, None)
    q["required"] = bool(q.get("required", False))
    show_if = q.get("show_if")
    if show_if:
        wanted = show_if.get("values") if isinstance(show_if, dict) else None
        if not isinstance(show_if.get("question") if isinstance(show_if, dict) else None, str) \
                or not isinstance(wanted, list) or not wanted:
            raise _error("show_if", _("Choose an earlier single-choice question and an answer."))
        q["show_if"] = {"question": show_if["question"], "values": [str(v) for v in wanted]}
    else:
        q.pop("show_if", None)
    return q


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choices_clean(q: dict) -> None:
    """The least and most selections of a multiple-choice question (both optional): whole numbers, 1 ≤ least ≤
    most ≤ the number of options."""
    count = len(q["options"])
    lo, hi = q.get("min_choices"), q.get("max_choices")
    for name, value in (("min_choices", lo), ("max_choices", hi)):
        if value is None:
            q.pop(name, None)
        elif not _whole(value) or not 1 <= value <= count:
            raise _error(name, _("Give a whole number from 1 to %(max)s (the number of options).") % {"max": count})
    if lo is not None and hi is not None and hi < lo:
        raise _error("max_choices", _("The most selections must be at least the least selections."))


def _number_rules_clean(q: dict) -> None:
    """The rules of a number question: optional least and greatest value (within ±10⁹, greatest above least; whole
    numbers when only whole numbers are accepted) and ``integer``."""
    q["integer"] = bool(q.get("integer", False))
    lo, hi = q.get("min"), q.get("max")
    for name, value in (("min", lo), ("max", hi)):
        if value is None:
            q.pop(name, None)
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                or abs(value) > NUMBER_LIMIT:
            raise _error(f"number_{name}", _("Give a number between −1 000 000 000 and 1 000 000 000."))
        if q["integer"] and value != int(value):
            raise _error(f"number_{name}", _("Only whole numbers are accepted: give this limit as a whole "
                                             "number."))
        q[name] = int(value) if value == int(value) else float(value)
    if lo is not None and hi is not None and hi <= lo:
        raise _error("number_max", _("Must be greater than the lower end."))


def section_clean(section: dict) -> dict:
    """A section heading (``name`` and optional ``instructions``, language → text)."""
    s = copy.deepcopy(section)
    s["type"] = SECTION
    s["key"] = key_check(s.get("key", ""))
    if not str((s.get("name") or {}).get("fi", "")).strip():
        raise _error("name", _("Write the heading in Finnish."))
    if any(len(str(v)) > MAX_QUESTION_TEXT for d in (s["name"], s.get("instructions") or {}) for v in d.values()):
        raise _error("name", _("At most %(max)s characters.") % {"max": MAX_QUESTION_TEXT})
    s["instructions"] = {k: v for k, v in (s.get("instructions") or {}).items() if v}
    return s


def sequence_check(questions: list[dict], *, section_keys: Sequence[str] = ()) -> None:
    """Rules over the whole flattened question list: unique keys (instrument questions included), not too many
    questions, and every condition pointing to an earlier single-choice question and one of its options."""
    if len(questions) > MAX_QUESTIONS:
        raise _error("questions", _("Questions: a survey may have at most %(max)s questions (now %(count)s).")
                     % {"max": MAX_QUESTIONS, "count": len(questions)})
    seen: dict[str, dict] = {}
    for key in section_keys:
        seen[key] = {"type": SECTION}
    for q in questions:
        if q["key"] in seen:
            raise _error("key", _("%(key)s is used twice in this survey; each question needs a name "
                                  "of its own.") % {"key": q["key"]})
        condition = q.get("show_if")
        if condition:
            source = seen.get(condition["question"])
            if source is None:
                later = any(other["key"] == condition["question"] for other in questions)
                raise _error("show_if", (
                    _("Condition of question %(key)s: it points to %(source)s, which comes later; a condition may "
                      "only depend on an earlier question.") if later else
                    _("Condition of question %(key)s: the question it depends on (%(source)s) is not in the "
                      "survey.")) % {"key": q["key"], "source": condition["question"]})
            if source.get("type") != "choice":
                raise _error("show_if", _("Condition of question %(key)s: it may depend only on a single-choice "
                                          "question.") % {"key": q["key"]})
            values = {str(o["value"]) for o in source.get("options", [])}
            unknown = [v for v in condition["values"] if v not in values]
            if unknown:
                raise _error("show_if", _("Condition of question %(key)s: %(source)s has no option %(value)s.")
                             % {"key": q["key"], "source": condition["question"], "value": unknown[0]})
        seen[q["key"]] = q


def visible_keys(questions: list[dict], answers: dict) -> set[str]:
    """Keys of the questions shown to a respondent with these (clean) answers, in question order: a question with a
    condition is shown when the question it depends on is shown and was answered with one of the values."""
    shown: set[str] = set()
    for q in questions:
        condition = q.get("show_if")
        if condition and not (condition["question"] in shown
                              and str(answers.get(condition["question"])) in condition["values"]):
            continue
        shown.add(q["key"])
    return shown


def question_from_finnish(fields: dict, previous: dict | None = None) -> dict:
    """An own question from the builder form's Finnish fields (``key``, ``type``, ``text``, ``options`` as lines,
    ``min``, ``max``, ``min_label``, ``max_label``, ``min_choices``, ``max_choices``, ``number_min``,
    ``number_max``, ``integer``, ``required``, ``show_if``), keeping the translations of every
    text whose Finnish wording is unchanged. Not yet checked: pass it to :func:`question_clean`."""
    previous = previous or {}
    kind = fields.get("type")
    q: dict = {"key": fields.get("key") or previous.get("key", ""), "type": kind,
               "text": kept_translations(previous.get("text"), fields.get("text", "").strip()),
               "required": bool(fields.get("required"))}
    if kind in OPTION_TYPES:
        lines = [line.strip() for line in fields.get("options", "").splitlines() if line.strip()]
        q["options"] = options_from_lines(lines, previous.get("options") if previous.get("type") in OPTION_TYPES
                                          else None)
    if kind == "multi":
        q["min_choices"], q["max_choices"] = fields.get("min_choices"), fields.get("max_choices")
    if kind == "number":
        q["min"], q["max"] = (_plain_number(fields.get(name)) for name in ("number_min", "number_max"))
        q["integer"] = bool(fields.get("integer"))
    if kind == "scale":
        q["min"], q["max"] = fields.get("min"), fields.get("max")
        for name in ("min_label", "max_label"):
            value = (fields.get(name) or "").strip()
            if value:
                q[name] = kept_translations(previous.get(name), value)
    if fields.get("show_if"):
        q["show_if"] = fields["show_if"]
    return q


def _plain_number(value):
    """A form's Decimal as a JSON number (int when whole); anything else as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def section_from_finnish(fields: dict, previous: dict | None = None) -> dict:
    """A section heading from the builder form's Finnish ``name`` and ``instructions``, keeping translations of
    unchanged texts. Not yet checked: pass it to :func:`section_clean`."""
    previous = previous or {}
    return {"key": previous.get("key", ""), "type": SECTION,
            "name": kept_translations(previous.get("name"), fields.get("name", "").strip()),
            "instructions": kept_translations(previous.get("instructions"), fields.get("instructions", "").strip())}
