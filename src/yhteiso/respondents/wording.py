"""Wording that staff build for respondent pages, shared by the survey builder and the map-survey builder: option
lists written one Finnish label per line, and translations kept only while the Finnish wording is unchanged."""

from __future__ import annotations


def kept_translations(previous: dict | None, new_fi: str) -> dict:
    """A text dict with the new Finnish text; the other languages are kept only when the Finnish is unchanged
    (a translation of an old wording would be wrong)."""
    if previous and previous.get("fi", "") == new_fi:
        return dict(previous)
    return {"fi": new_fi} if new_fi else {}


def options_from_lines(lines: list[str], previous: list[dict] | None = None) -> list[dict]:
    """Options from the Finnish labels, one per line. An option whose Finnish label is unchanged keeps its value and
    its translations (so conditions and answers keep pointing at it); new ones get new values."""
    previous = previous or []
    by_label = {o["label"].get("fi", "").casefold(): o for o in previous}
    used = {str(o["value"]) for o in previous}
    next_value = max([int(v) for v in used if v.isdigit()] + [0]) + 1
    options = []
    for line in lines:
        old = by_label.get(line.casefold())
        if old is not None:
            options.append({"value": old["value"], "label": {**old["label"], "fi": line}})
            continue
        options.append({"value": str(next_value), "label": {"fi": line}})
        next_value += 1
    return options
