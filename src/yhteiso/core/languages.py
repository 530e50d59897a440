"""Languages. The UI (staff and public pages) is complete in Finnish, Swedish and English. Respondent pages
(surveys, participatory budgeting) additionally offer plain-language Finnish and the languages of Espoo's largest
language groups."""

from __future__ import annotations

UI_LANGUAGES = ("fi", "sv", "en")

# code -> (name in the language itself, text direction)
RESPONDENT_LANGUAGES: dict[str, tuple[str, str]] = {
    "fi": ("suomi", "ltr"),
    "fi-x-selko": ("selkosuomi", "ltr"),
    "sv": ("svenska", "ltr"),
    "en": ("English", "ltr"),
    "ru": ("русский", "ltr"),
    "et": ("eesti", "ltr"),
    "ar": ("العربية", "rtl"),
    "so": ("Soomaali", "ltr"),
}


def direction(code: str) -> str:
    return RESPONDENT_LANGUAGES.get(code, ("", "ltr"))[1]


def ui_language_for(code: str) -> str:
    """The UI language used for navigation chrome when a respondent language has no full UI translation."""
    if code.startswith("fi"):
        return "fi"
    return code if code in UI_LANGUAGES else "en"
