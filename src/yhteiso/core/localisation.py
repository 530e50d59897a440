"""Content in several languages: one fallback rule for every ``*_fi`` / ``*_sv`` / ``*_en`` field and every
``{"fi": ..., "sv": ...}`` text.

The rule: the requested language (default: the active one) → Finnish → the first non-empty text in the order the
texts are given. Staff-edited content is written in Finnish first, so Finnish is the fallback everyone can read;
the last step makes sure a text that exists only in, say, Swedish is still shown.

>>> pick({"fi": "Leppävaara", "sv": "Alberga"}, "sv")
('sv', 'Alberga')
>>> pick({"fi": "Matinkylä", "sv": ""}, "sv")
('fi', 'Matinkylä')
>>> pick({"fi": "", "sv": "", "en": "Only English"}, "sv")
('en', 'Only English')
>>> pick({}, "fi")
('fi', '')
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language

#: the languages of staff-edited content fields (``<field>_fi``, ``<field>_sv``, ``<field>_en``)
CONTENT_LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"


def active_language() -> str:
    """The active UI language as a two-letter code (``fi`` when none is active)."""
    return (get_language() or DEFAULT_LANGUAGE)[:2]


def pick(texts: Mapping[str, str | None], language: str | None = None) -> tuple[str, str]:
    """``(language, text)`` chosen from ``texts`` (language code → text) by the one fallback rule: the language
    asked for (or the active one; a regional or plain-language variant such as ``fi-x-selko`` first as itself, then
    as its two-letter language), then Finnish, then the first non-empty text.

    >>> pick({"fi": "Kyllä", "fi-x-selko": "Joo"}, "fi-x-selko"), pick({"fi": "Kyllä"}, "fi-x-selko")
    (('fi-x-selko', 'Joo'), ('fi', 'Kyllä'))
    """
    lang = language or get_language() or DEFAULT_LANGUAGE
    for candidate in dict.fromkeys((lang, lang[:2], DEFAULT_LANGUAGE)):
        if texts.get(candidate):
            return candidate, str(texts[candidate])
    for candidate, text in texts.items():
        if text:
            return candidate, str(text)
    return DEFAULT_LANGUAGE, ""


def localized_text(texts: Mapping[str, str | None] | None, language: str | None = None) -> str:
    """The text of ``texts`` (e.g. a JSON ``{"fi": ..., "sv": ...}`` field) by the fallback rule; ``""`` if none.

    >>> localized_text({"fi": "Kysely", "en": "Survey"}, "en"), localized_text(None)
    ('Survey', '')
    """
    return pick(texts or {}, language)[1]


def field_texts(obj: object, field: str) -> dict[str, str]:
    """``{"fi": obj.<field>_fi, "sv": ..., "en": ...}`` for the content languages the object has fields for."""
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in CONTENT_LANGUAGES
            if hasattr(obj, f"{field}_{lang}")}


class Localized:
    """Mixin for models with ``<field>_fi`` / ``<field>_sv`` / ``<field>_en`` content fields.

    ``obj.localized("name")`` reads the field by the fallback rule; ``obj.localized_language("name")`` says which
    language that text is in (for the HTML ``lang`` attribute, WCAG 3.1.2).
    """

    def localized(self, field: str, language: str | None = None) -> str:
        return pick(field_texts(self, field), language)[1]

    def localized_language(self, field: str, language: str | None = None) -> str:
        return pick(field_texts(self, field), language)[0]
