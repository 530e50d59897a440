"""Preparing survey questions for the respondent page in one respondent language."""

from __future__ import annotations

from yhteiso.respondents.pages import error_message
from yhteiso.respondents.texts import text_in as _text


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
