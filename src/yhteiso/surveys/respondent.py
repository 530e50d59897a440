"""Preparing survey questions for the respondent page in one respondent language (shared with map surveys)."""

from __future__ import annotations

from yhteiso.core.languages import RESPONDENT_LANGUAGES, direction
from yhteiso.surveys.respondent_texts import phrase


def language_from(request, languages: list[str], default: str = "fi") -> tuple[str, bool]:
    """The respondent language asked for (``?kieli=`` or the form's ``language``); (code, supported)."""
    code = request.POST.get("language") or request.GET.get("kieli") or default
    return (code, True) if code in languages else (default, False)


def page_context(language: str, languages: list[str]) -> dict:
    """Context every respondent page needs: language, direction, the language choices, phrases."""
    return {
        "lang": language,
        "dir": direction(language),
        "language_choices": [(code, RESPONDENT_LANGUAGES[code][0]) for code in languages if code in
                             RESPONDENT_LANGUAGES],
        "t": {key: phrase(key, language) for key in (
            "language", "change", "skip", "submit", "anonymous", "original", "unofficial", "errors_title",
            "invitation_code", "no_answer", "choose", "accessibility", "demo", "answer", "surveys_open",
            "thanks_title", "thanks_body", "already", "closed")},
    }


def _text(texts: dict, language: str) -> str:
    return texts.get(language) or texts.get("fi", "")


ERROR_PHRASES = {"choice": "err_choice", "range": "err_range", "area": "err_area", "unknown": "err_unknown",
                 "too_long": "err_too_long", "required": "err_required", "empty": "err_empty",
                 "invitation": "err_invitation", "language": "err_language", "closed": "closed",
                 "submission_id": "err_empty", "rate": "err_rate"}


def error_message(code: str, params: dict, language: str) -> str:
    return phrase(ERROR_PHRASES.get(code, "err_choice"), language, **params)


def render_questions(questions: list[dict], language: str, *, values: dict | None = None,
                     errors: dict | None = None) -> list[dict]:
    """Questions with texts in ``language``; the Finnish original beside any other wording, and unofficial
    translations of instruments marked."""
    values = values or {}
    errors = errors or {}
    rendered = []
    for number, q in enumerate(questions, start=1):
        text = _text(q["text"], language)
        original = q["text"].get("fi", "")
        official = language in q.get("official_languages", ["fi"])
        item = {
            "key": q["key"], "field": f"q_{q['key']}", "type": q["type"], "number": number,
            "text": text, "original": original if original != text else "",
            "unofficial": bool(q.get("instrument")) and not official,
            "required": q.get("required", False), "value": "" if values.get(q["key"]) is None
            else str(values.get(q["key"])),
            "options": [{"value": str(o["value"]), "label": _text(o["label"], language),
                         "original": o["label"].get("fi", "") if _text(o["label"], language) != o["label"].get(
                             "fi", "") else ""} for o in q.get("options", [])],
            "min": q.get("min"), "max": q.get("max"),
            "min_label": _text(q.get("min_label", {}), language), "max_label": _text(q.get("max_label", {}), language),
        }
        if item["type"] == "scale":
            item["options"] = [{"value": str(v), "label": str(v), "original": ""}
                               for v in range(q["min"], q["max"] + 1)]
        if q.get("section"):
            section = q["section"]
            item["section"] = {"name": _text(section.get("name", {}), language),
                               "instructions": _text(section.get("instructions", {}), language)}
        if q["key"] in errors:
            code, params = errors[q["key"]]
            item["error"] = error_message(code, params, language)
        rendered.append(item)
    return rendered
